"""Posting a text message to a group robot: DingTalk (钉钉自定义机器人) and WeCom (企业微信群机器人).

Where a robot may point (issue 10, item 8: the server must not be made to post inside the
network — SSRF): only ``https`` to a configured host (``GONGYE_WEBHOOK_HOSTS``: DingTalk's
``oapi.dingtalk.com`` and WeCom's ``qyapi.weixin.qq.com`` by default), on the default port,
without user info. Checked when a robot is saved (``check_webhook_url``) and again at every
send: the host is resolved, every address must be public (no loopback, private, shared,
link-local, multicast, reserved or unspecified address), and the connection goes to the
address that was checked, with the original name as Host and TLS SNI — so a DNS answer that
changes between the check and the connection (rebinding) cannot redirect it. Redirects are not
followed. The robot's reply is never passed on: the answer is ``(ok, status)``, the status being
the HTTP status and the robot's integer ``errcode`` only, for the delivery record and the page.

Tests post to a local plain-HTTP server: ``GONGYE_WEBHOOK_TEST_ORIGINS`` (never read from the
environment, empty unless a test sets it) lists ``http://127.0.0.1:port`` origins that are let
through; only loopback origins are accepted there.

Standard library only, a 5-second timeout; the functions never raise: a robot that is down
must not stop the day's reminders — the caller records the failure.

DingTalk "加签" signing (open.dingtalk.com, 自定义机器人安全设置): ``sign`` is the URL-encoded
base64 of HMAC-SHA256 over ``timestamp + "\\n" + secret`` keyed with the secret, where
``timestamp`` is the current time in milliseconds; both go on the query string.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import time
import urllib.parse
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
MAX_ANSWER_BYTES = 64 * 1024
# WeCom refuses text content over 2048 bytes; DingTalk allows far more, but a reminder is short.
WECOM_MAX_BYTES = 2048
DINGTALK_MAX_BYTES = 18000


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` query parameter DingTalk expects (already URL-encoded)."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def allowed_hosts() -> set[str]:
    return {h.strip().lower().rstrip(".") for h in settings.GONGYE_WEBHOOK_HOSTS if h.strip()}


def _test_origins() -> set[str]:
    return {o.rstrip("/").lower() for o in getattr(settings, "GONGYE_WEBHOOK_TEST_ORIGINS", ())}


def is_public_address(address: str) -> bool:
    """True only for a globally routable unicast address (an IPv4-mapped IPv6 address is
    judged as the IPv4 address it carries)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def _is_test_origin(parts: urllib.parse.SplitResult) -> bool:
    if not parts.hostname or parts.username or parts.password:
        return False
    try:
        loopback = ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False
    origin = f"{parts.scheme}://{parts.hostname}:{parts.port}".lower()
    return loopback and origin in _test_origins()


def check_webhook_url(url: str) -> str | None:
    """Why the URL cannot be used for a robot, or None when it can (the rule in the module's
    docstring; the address itself is checked again when sending)."""
    try:
        parts = urllib.parse.urlsplit(url or "")
        port = parts.port
    except ValueError:
        return _("Webhook 地址格式不正确。")
    if _is_test_origin(parts):
        return None
    if parts.scheme != "https":
        return _("Webhook 地址须以 https:// 开头。")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return _("Webhook 地址缺少主机名。")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return _("Webhook 地址不能包含用户名或密码。")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        if not is_public_address(host):
            return _("Webhook 地址不能指向本机、内网、链路本地、组播或保留地址。")
        return _("Webhook 地址须使用钉钉或企业微信的域名，不能直接填写 IP 地址。")
    if host not in allowed_hosts():
        names = _("、").join(sorted(allowed_hosts())) or _("（未配置）")
        return _("Webhook 地址的主机须是 %(names)s 之一。") % {"names": names}
    if port not in (None, 443):
        return _("Webhook 地址不能指定其他端口。")
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to play a hostile DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def mask_url(url: str) -> str:
    """The URL with its query values (access_token, key …) cut to their first 4 characters, for
    showing on pages, in delivery records and in the audit log."""
    try:
        parts = urllib.parse.urlsplit(url or "")
    except ValueError:
        return "（地址无效）"
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    masked = "&".join(f"{k}={v[:4]}…" if v else f"{k}=" for k, v in query)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, masked, ""))


def _truncate(text: str, max_bytes: int) -> str:
    data = text.encode()
    if len(data) <= max_bytes:
        return text
    return data[: max_bytes - 3].decode(errors="ignore") + "…"


def _payload(text: str) -> bytes:
    return json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to an address already checked, with the host name as Host and TLS SNI (and
    the certificate checked against that name)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()  # verifies the certificate and the name
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to a checked address: only for a test origin on loopback."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def _checked_address(parts: urllib.parse.SplitResult, port: int) -> tuple[str | None, str]:
    """The address to connect to, or None and why not."""
    host = parts.hostname or ""
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        return None, "无法解析主机名"
    if not addresses:
        return None, "无法解析主机名"
    if _is_test_origin(parts):
        return addresses[0], ""
    if not all(is_public_address(a) for a in addresses):
        logger.warning("webhook refused: %s resolves to %s", host, addresses)
        return None, "拒绝发送：主机解析到本机、内网或保留地址"
    return addresses[0], ""


def _post_json(url: str, body: bytes) -> tuple[bool, str]:
    problem = check_webhook_url(url)
    if problem:
        return False, problem
    parts = urllib.parse.urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    address, refusal = _checked_address(parts, port)
    if address is None:
        return False, refusal
    host = parts.hostname or ""
    connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    connection = connection_class(host, port, address, TIMEOUT_SECONDS)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.request(
            "POST", target, body=body, headers={"Content-Type": "application/json; charset=utf-8"}
        )
        response = connection.getresponse()
        status = response.status
        raw = response.read(MAX_ANSWER_BYTES)
    except TimeoutError:
        return False, f"超时（{TIMEOUT_SECONDS} 秒无应答）"
    except ssl.SSLError:
        return False, "TLS 握手失败"
    except OSError as error:
        logger.warning("webhook post to %s failed: %s", host, error)
        return False, "无法连接"
    except Exception as error:  # a robot must never stop the run
        logger.warning("webhook post to %s failed: %s", host, error)
        return False, "发送失败"
    finally:
        connection.close()
    # Only our own words and two integers leave this function: never the robot's reply text.
    if status != 200:
        return False, f"HTTP {status}"
    try:
        answer: Any = json.loads(raw.decode("utf-8", errors="replace"))
    except ValueError:
        return False, "HTTP 200，应答不是 JSON"
    errcode = answer.get("errcode") if isinstance(answer, dict) else None
    if not isinstance(errcode, int) or isinstance(errcode, bool):
        return False, "HTTP 200，应答缺少 errcode"
    return errcode == 0, f"HTTP 200，errcode {errcode}"


def send_dingtalk(url: str, secret: str, text: str) -> tuple[bool, str]:
    """Posts ``text`` to a DingTalk custom robot; signs the request when a secret is set."""
    if secret:
        timestamp = int(time.time() * 1000)
        sign = dingtalk_sign(secret, timestamp)
        url = f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"
    return _post_json(url, _payload(_truncate(text, DINGTALK_MAX_BYTES)))


def send_wecom(url: str, text: str) -> tuple[bool, str]:
    """Posts ``text`` to a WeCom group robot (its key is part of the URL)."""
    return _post_json(url, _payload(_truncate(text, WECOM_MAX_BYTES)))
