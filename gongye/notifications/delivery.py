"""Posting a text message to a group robot: DingTalk (钉钉自定义机器人) and WeCom (企业微信群机器人).

Standard library only (``urllib.request``), a 5-second timeout, http(s) URLs only and no
redirects followed, so a mistyped or hostile address can neither read a local file nor bounce
the request elsewhere. Both functions answer ``(ok, detail)`` and never raise: a robot that is
down must not stop the day's reminders — the caller records the failure.

DingTalk "加签" signing (open.dingtalk.com, 自定义机器人安全设置): ``sign`` is the URL-encoded
base64 of HMAC-SHA256 over ``timestamp + "\\n" + secret`` keyed with the secret, where
``timestamp`` is the current time in milliseconds; both go on the query string.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
MAX_ANSWER_BYTES = 64 * 1024
# WeCom refuses text content over 2048 bytes; DingTalk allows far more, but a reminder is short.
WECOM_MAX_BYTES = 2048
DINGTALK_MAX_BYTES = 18000


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx answer then surfaces as an HTTPError


_opener = urllib.request.build_opener(_NoRedirect)


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` query parameter DingTalk expects (already URL-encoded)."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def check_webhook_url(url: str) -> str | None:
    """Why the URL cannot be used for a robot, or None when it can."""
    try:
        parts = urllib.parse.urlsplit(url or "")
    except ValueError:
        return "Webhook 地址格式不正确。"
    if parts.scheme not in {"http", "https"}:
        return "Webhook 地址须以 http:// 或 https:// 开头。"
    if not parts.hostname:
        return "Webhook 地址缺少主机名。"
    return None


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


def _post_json(url: str, body: bytes) -> tuple[bool, str]:
    problem = check_webhook_url(url)
    if problem:
        return False, problem
    request = urllib.request.Request(  # noqa: S310 (scheme checked above: http or https only)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as error:
        return False, f"HTTP {error.code} {error.reason}"
    except urllib.error.URLError as error:
        return False, f"无法连接：{error.reason}"
    except TimeoutError:
        return False, f"超时（{TIMEOUT_SECONDS} 秒无应答）"
    except Exception as error:  # a robot must never stop the run
        logger.warning("webhook post failed: %s", error)
        return False, f"发送失败：{error.__class__.__name__}: {error}"
    try:
        answer: Any = json.loads(raw.decode("utf-8", errors="replace"))
    except ValueError:
        return False, "应答不是 JSON：" + raw[:200].decode("utf-8", errors="replace")
    if not isinstance(answer, dict):
        return False, "应答格式不正确。"
    errcode = answer.get("errcode")
    errmsg = str(answer.get("errmsg", ""))
    if errcode == 0:
        return True, errmsg or "ok"
    return False, f"errcode={errcode} {errmsg}".strip()


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
