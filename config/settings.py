"""Gongye settings: one module, every deployment difference read from the environment.

Profiles (``GONGYE_ENV``):
- ``demo`` (default, what ``make run`` uses): SQLite under ``var/``, demo accounts allowed,
  plain HTTP on 127.0.0.1, first-login password change not forced for demo accounts.
- ``production``: secure cookies, HSTS, SSL redirect, a real ``SECRET_KEY`` required.
- ``test``: what the test suite uses (fast password hashing is NOT used: argon2 is what we ship).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGYE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


GONGYE_ENV = os.environ.get("GONGYE_ENV", "demo")
PRODUCTION = GONGYE_ENV == "production"
# Demo mode seeds demo accounts and prints their passwords; never in production.
DEMO_MODE = env_bool("GONGYE_DEMO", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("生产环境必须设置 SECRET_KEY 环境变量。")
    SECRET_KEY = "gongye-demo-only-not-secret-" + "x" * 40

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_q",
    "axes",
    # the second factor (issue 10, item 2): TOTP apps and single-use recovery codes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # layers, bottom up (docs/architecture.md): core ← audit ← orgs ← accounts ← domain apps
    # ← front (the shell). Contributions are collected in this order.
    "gongye.core",
    "gongye.audit",
    "gongye.orgs",
    "gongye.accounts",
    "gongye.plans",
    "gongye.notifications",
    "gongye.supervision",
    "gongye.dispatch",
    "gongye.indicators",
    "gongye.enterprises",
    "gongye.projects",
    "gongye.evaluation",
    "gongye.front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongye.core.middleware.RequestContextMiddleware",
    "gongye.core.middleware.SecurityHeadersMiddleware",  # CSP, no-store (issue 10, item 11)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongye.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "gongye.audit.middleware.AccessDeniedAuditMiddleware",
    "gongye.accounts.middleware.IdleTimeoutMiddleware",
    "gongye.accounts.middleware.ActingAssignmentMiddleware",
    "gongye.accounts.middleware.SecondFactorMiddleware",
    "gongye.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# keeps the reason of a CSRF refusal for its audit entry (``access.denied``)
CSRF_FAILURE_VIEW = "gongye.audit.middleware.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongye.front.context_processors.acting",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongye.sqlite3'}"),
        # connections are kept between requests (one per gunicorn thread): opening one, with
        # SQLite's pragmas, on every request cost a few milliseconds of each (issue 10, load)
        conn_max_age=env_int("DB_CONN_MAX_AGE", 300),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # PostgreSQL's JIT compiles a query whose estimated cost is high (a city's sums over its
    # counties' projects): tens of milliseconds of compiling for a query that runs in fewer.
    # Off for this application's short queries (issue 13: the city's board, 117 → 88 ms);
    # GONGYE_PG_JIT=1 turns it back on.
    if not env_bool("GONGYE_PG_JIT", False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (str(options.get("options", "")) + " -c jit=off").strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongye.accounts.passwords.CharacterClassValidator"},
]

# The county a fresh installation starts with (the embedded default plan's region).
GONGYE_DEFAULT_REGION = os.environ.get("GONGYE_DEFAULT_REGION", "341525")
GONGYE_SEED_PLAN = BASE_DIR / "data" / "seed" / "huoshan-2022-industry-work-plan.txt"

# 督办 rules (issue 4): yellow when the deadline is this close; reminders this many days before.
GONGYE_WARN_DAYS = env_int("GONGYE_WARN_DAYS", 7)
GONGYE_REMIND_DAYS_BEFORE = env_int("GONGYE_REMIND_DAYS_BEFORE", 3)
# Group robots post only over https to these hosts (comma-separated to add others); their
# addresses must be public (gongye.notifications.delivery).
GONGYE_WEBHOOK_HOSTS = [
    h.strip()
    for h in os.environ.get("GONGYE_WEBHOOK_HOSTS", "oapi.dingtalk.com,qyapi.weixin.qq.com").split(
        ","
    )
    if h.strip()
]
# Test-only: loopback http origins a test's local robot server listens on. Never read from
# the environment; only loopback origins are honoured.
GONGYE_WEBHOOK_TEST_ORIGINS: tuple[str, ...] = ()
GONGYE_EVIDENCE_MAX_BYTES = env_int("GONGYE_EVIDENCE_MAX_MB", 20) * 1024 * 1024
# Uploads stream in (issue 10, item 9): a file above GONGYE_UPLOAD_MAX_BYTES is refused while
# it arrives (gongye.core.uploads.LimitedUploadHandler), below 1 MB it stays in memory, above
# it goes to a temporary file in FILE_UPLOAD_TEMP_DIR, which cleanup_uploads sweeps.
GONGYE_UPLOAD_MAX_BYTES = max(GONGYE_EVIDENCE_MAX_BYTES, 20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "gongye.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "upload-tmp")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # the form fields, files excluded
DATA_UPLOAD_MAX_NUMBER_FILES = 20

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 expectations: the idle timeout and lock-out thresholds are defaults; the security
# administrator can change them at run time (SecurityPolicy), these are the fall-backs.
GONGYE_IDLE_TIMEOUT_MINUTES = env_int("GONGYE_IDLE_TIMEOUT_MINUTES", 30)
GONGYE_LOCKOUT_FAILURES = env_int("GONGYE_LOCKOUT_FAILURES", 5)
GONGYE_LOCKOUT_MINUTES = env_int("GONGYE_LOCKOUT_MINUTES", 15)
# API tokens end this many days after issue (and earlier when idle, by the policy's timeout)
GONGYE_TOKEN_DAYS = env_int("GONGYE_TOKEN_DAYS", 30)
# a temporary password (new account, reset) opens only the forced change, and only this long
GONGYE_TEMP_PASSWORD_HOURS = env_int("GONGYE_TEMP_PASSWORD_HOURS", 72)

# The second factor (动态口令, 等保2.0 三级: 两种或以上组合的鉴别技术): required of the three
# administrators, offered to everyone; the recovery codes are shown once, each used once.
GONGYE_OTP_FOR_ADMINS = env_bool("GONGYE_OTP_FOR_ADMINS", True)
GONGYE_OTP_RECOVERY_CODES = env_int("GONGYE_OTP_RECOVERY_CODES", 10)
OTP_TOTP_ISSUER = os.environ.get("GONGYE_OTP_ISSUER", "Gongye")
# Throttling in the cache (shared by every worker): failed sign-ins (password or second factor,
# web or API) per client address, and wrong current passwords on the change-password form per
# account. Past the limit, the rest of the window is refused with HTTP 429.
GONGYE_LOGIN_THROTTLE_FAILURES = env_int("GONGYE_LOGIN_THROTTLE_FAILURES", 20)
GONGYE_LOGIN_THROTTLE_MINUTES = env_int("GONGYE_LOGIN_THROTTLE_MINUTES", 10)
GONGYE_PASSWORD_GUESS_FAILURES = env_int("GONGYE_PASSWORD_GUESS_FAILURES", 5)
GONGYE_PASSWORD_GUESS_MINUTES = env_int("GONGYE_PASSWORD_GUESS_MINUTES", 15)

AXES_FAILURE_LIMIT = "gongye.accounts.policy.failure_limit"
AXES_COOLOFF_TIME = "gongye.accounts.policy.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# A lock lasts its 15 minutes from the moment it was set; knocking on a locked door does not
# restart the clock (the policy says "locked for 15 minutes").
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "gongye.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("GONGYE_PROXY_COUNT", 0) or None

SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = not PRODUCTION

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongye_cache",
        }
    )
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongye@localhost")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # a hanging SMTP server must not stall the reminders

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token class first, so that an anonymous call is answered 401 with
        # WWW-Authenticate: Bearer rather than 403.
        "gongye.accounts.api.auth.BearerTokenAuthentication",
        "gongye.accounts.api.auth.ActingSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "gongye.core.api.AutoSchema",
    "EXCEPTION_HANDLER": "gongye.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("GONGYE_ANON_RATE", "30/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gongye 工业 API",
    "DESCRIPTION": "县域工业及民营经济工作计划平台接口（v1）。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # request bodies get their own components, so a field that refuses "" says minLength 1
    "COMPONENT_SPLIT_REQUEST": True,
    # ``<id:pk>`` (gongye.core.params.IdConverter): an id in range, as the database holds it
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "gongye.orgs.choices.UnitKind",
        "TargetKindEnum": "gongye.plans.choices.TargetKind",
        "RoleEnum": "gongye.core.roles.Role",
        "RegionLevelEnum": "gongye.orgs.choices.RegionLevel",
        "DisposalMethodEnum": "gongye.enterprises.library_choices.DisposalMethod",
    },
}

# `manage.py serve` (make run): gunicorn's gthread workers, one process per core and a few
# threads each, so requests waiting on the database do not queue behind each other (issue 10,
# item 15: two sync workers on two cores held 50 requests/s at p95 4.35 s).
GONGYE_WEB_WORKERS = env_int("GONGYE_WEB_WORKERS", os.cpu_count() or 1)
GONGYE_WEB_THREADS = env_int("GONGYE_WEB_THREADS", 4)

# Background worker: django-q2. The embedded default keeps the queue in the database
# (ORM broker); a larger deployment points it at Redis with GONGYE_QUEUE_REDIS.
Q_CLUSTER = {
    "name": "gongye",
    "workers": env_int("GONGYE_WORKERS", 1),
    "timeout": 300,
    "retry": 360,
    "queue_limit": 50,
    "catch_up": False,
    "label": "后台任务",
}
if os.environ.get("GONGYE_QUEUE_REDIS"):
    Q_CLUSTER["redis"] = os.environ["GONGYE_QUEUE_REDIS"]
else:
    Q_CLUSTER["orm"] = "default"

# The worker's heartbeat (core.heartbeat: every minute by its schedule, and every 15 s queued by
# `serve`'s supervisor): `serve` restarts a cluster whose beat is older than
# GONGYE_WORKER_STALE_SECONDS; /healthz answers 503 once it is older than
# GONGYE_HEALTHZ_WORKER_MAX_AGE (a minute), or when no worker was ever seen and the web process
# has been up that long. A worker run without `serve` beats once a minute: set it to 120 there.
GONGYE_WORKER_STALE_SECONDS = env_int("GONGYE_WORKER_STALE_SECONDS", 180)
GONGYE_HEALTHZ_WORKER_MAX_AGE = env_int("GONGYE_HEALTHZ_WORKER_MAX_AGE", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "django_q": {"level": "WARNING"}},
}

# We lock the account itself (等保: lock-out per account), not an IP pair; anonymous API
# calls are rate-limited per IP by DRF throttling instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
