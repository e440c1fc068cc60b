"""Fixtures for the reminder tests: a REAL local HTTP server standing in for the DingTalk and
WeCom robot endpoints, personas with e-mail addresses, and a plan office of another county."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from gongye.accounts.models import User

EMAILS = {
    "lead_liaison": "kfq-liaison@example.cn",
    "unit_head": "kfq-head@example.cn",
    "plan_office": "kjjx-duban@example.cn",
    "coop_liaison": "hengshan-liaison@example.cn",
}


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass
class RobotServer:
    """Records every POST. The path says how to answer: ``/ok…`` errcode 0, ``/errcode…``
    errcode 310000, ``/500…`` HTTP 500, ``/redirect…`` a 302, ``/slow…`` waits 1.5 s."""

    host: str
    port: int
    received: list[Received] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def bodies(self, prefix: str = "") -> list[Any]:
        return [r.body for r in self.received if r.path.startswith(prefix)]


def _handler(server: RobotServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            parts = urllib.parse.urlsplit(self.path)
            try:
                body = json.loads(raw.decode())
            except ValueError:
                body = raw
            server.received.append(
                Received(parts.path, urllib.parse.parse_qs(parts.query), body, dict(self.headers))
            )
            if parts.path.startswith("/slow"):
                time.sleep(1.5)
            if parts.path.startswith("/500"):
                self._answer(500, b"internal error")
            elif parts.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", server.url("/ok/elsewhere"))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif parts.path.startswith("/errcode"):
                self._answer(200, {"errcode": 310000, "errmsg": "sign not match"})
            else:
                self._answer(200, {"errcode": 0, "errmsg": "ok"})

        def _answer(self, status: int, payload: Any) -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (timeout test)
                pass

    return Handler


@pytest.fixture
def robot_server(settings):
    """A real HTTP server on 127.0.0.1 and a random port, in a thread. Its origin is let
    through by the test-only ``GONGYE_WEBHOOK_TEST_ORIGINS`` (the https / host / public-address
    rule of ``delivery`` stays as it ships for every other address)."""
    state = RobotServer("127.0.0.1", 0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    settings.GONGYE_WEBHOOK_TEST_ORIGINS = (
        *settings.GONGYE_WEBHOOK_TEST_ORIGINS,
        f"http://127.0.0.1:{state.port}",
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def dead_url(settings) -> str:
    """An address on which nothing listens (a test origin, so it is tried)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.GONGYE_WEBHOOK_TEST_ORIGINS = (
        *settings.GONGYE_WEBHOOK_TEST_ORIGINS,
        f"http://127.0.0.1:{port}",
    )
    return f"http://127.0.0.1:{port}/robot/send?access_token=dead"


@pytest.fixture
def people(persona) -> dict[str, User]:
    """The personas who receive reminders, with e-mail addresses."""
    users = {}
    for name, email in EMAILS.items():
        user = persona(name)
        user.email = email
        user.save(update_fields=["email"])
        users[name] = user
    return users


@pytest.fixture
def remind_settings(settings):
    settings.GONGYE_REMIND_DAYS_BEFORE = 3
    return settings
