"""Suite-wide test settings. Personas live in tests/conftest.py."""

import pytest

# the browser kit (fixtures and helpers of every browser test)
pytest_plugins = ["tests.browser_kit"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is what production uses (tests/test_auth.py checks it); hashing a dozen personas
    # per test with it would only make the suite slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # each test starts with an empty in-memory cache (production: Redis or the database table
    # that `make run` creates); the live server of browser tests shares it (same process)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
