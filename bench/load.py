"""Load on a running Gongye (issue 10, item 15): N people signed in with the demo accounts, each
walking 督办 inbox → board → list → a task's detail → the cockpit (where their role sees it),
liaisons submitting a progress report on one of their unit's tasks and withdrawing it again
(the task page, then the withdrawal: a unit has one report under review at a time), with a
pause between requests, for a given time. Prints requests/s, errors, p50/p95/p99 overall and per page.

Standard library only (threads and http.client, one keep-alive connection per person);
loopback only; bounded in time (``--duration``) and count (``--max-requests``).

    make run PORT=8765   # or: GONGYE_VAR_DIR=… manage.py load_demo && manage.py serve --port 8765
    .venv/bin/python bench/load.py --base http://127.0.0.1:8765 --users 200 --pause 5 --duration 300
    .venv/bin/python bench/load.py --base http://127.0.0.1:8765 --users 200 --pause 0 --duration 60

Each demo account signs in once (a per-address login limit would refuse 200 sign-ins from one
address); the people acting under one account share its session, as colleagues' tabs would.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

PASSWORD = "Gongye#2022demo"  # noqa: S105  (the published demo password)
ACCOUNTS = [
    "duban",
    "kfq_liaison",
    "kfq_head",
    "hengshan_liaison",
    "fuziling_liaison",
    "leader",
    "nyncj_liaison",
]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WITHDRAW = re.compile(r'formaction="(/supervision/reports/\d+/withdraw/)"')


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    count: int = 0

    def add(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.count += 1
            self.times[page].append(seconds)
            if error:
                self.errors[f"{page}: {error}"] += 1


class Session:
    """One keep-alive connection with a cookie jar of the few cookies Django sets."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                # a keep-alive connection the server closed: reconnect once
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content, dict(response.headers)

    def copy(self) -> Session:
        twin = Session(self.host, self.port, self.timeout)
        twin.cookies = dict(self.cookies)
        return twin


@dataclass
class Walk:
    """What one account walks through: the pages, and a task to report on (liaisons)."""

    username: str
    session: Session
    pages: list[tuple[str, str]]
    report_tasks: list[int]  # the unit's open duties, one per colleague as far as they go


def sign_in(base: Session, username: str) -> Walk:
    session = base.copy()
    status, content, _ = session.request("GET", "/accounts/login/")
    token = CSRF_INPUT.search(content.decode())
    if status != 200 or token is None:
        raise SystemExit(f"{username}: the login page answered {status}")
    status, _, headers = session.request(
        "POST",
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    if status != 302 or "password" in headers.get("Location", ""):
        raise SystemExit(f"{username}: login answered {status} {headers.get('Location', '')}")
    status, content, _ = session.request("GET", "/api/v1/supervision/tasks")
    tasks = json.loads(content) if status == 200 else []
    pages = [
        ("inbox", "/supervision/"),
        ("board", "/supervision/board/"),
        ("list", "/supervision/board/list/"),
    ]
    if tasks:
        pages.append(("task detail", f"/supervision/tasks/{tasks[len(tasks) // 2]['id']}/"))
    if session.request("GET", "/indicators/cockpit/")[0] == 200:
        pages.append(("cockpit", "/indicators/cockpit/"))
    pages = [(name, path) for name, path in pages if session.request("GET", path)[0] == 200]
    # this unit's open duties, tried once on the first: each colleague sharing the account
    # reports on its own task (a unit has one report under review per task)
    duties = [t["id"] for t in tasks if t.get("my_duty") and t["state"] != "done"]
    first = duties[0] if duties else None
    if first is None or not (
        submit_report(session, first, 0) == 302 and withdraw_report(session, first)
    ):
        duties = []
    return Walk(username, session, pages, duties)


OPEN_REPORT = "已有一份报告在审核中"


def submit_report(session: Session, task: int, index: int) -> int:
    """The status of the submission; 409 stands for the page's refusal because a colleague
    sharing the account has a report on the task under review (the form shown again with that
    message: the product's rule, not a failure)."""
    body = {
        "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        "text": f"压力测试：第 {index} 次报送进展。",
        "percent": "50",
        "state": "in_progress",
        "delay_reason": "",
    }
    status, content, _ = session.request("POST", f"/supervision/tasks/{task}/report/", body)
    if status == 200 and OPEN_REPORT in content.decode():
        return 409
    return status


def withdraw_report(session: Session, task: int) -> bool:
    """The liaison takes its report back before its head approves it (a unit has one report
    under review at a time, so the next submission needs this): the task page the submission
    led to names the withdraw button."""
    status, content, _ = session.request("GET", f"/supervision/tasks/{task}/")
    if status != 200:
        raise http.client.HTTPException(f"task page HTTP {status}")
    found = WITHDRAW.search(content.decode())
    if found is None:
        return False
    body = {"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
    status = session.request("POST", found.group(1), body)[0]
    if status != 302:
        raise http.client.HTTPException(f"withdraw HTTP {status}")
    return True


def person(walk: Walk, stats: Stats, args: argparse.Namespace, stop: float, number: int) -> None:
    session = walk.session.copy()
    steps: list[tuple[str, str]] = list(walk.pages)
    task = walk.report_tasks[number % len(walk.report_tasks)] if walk.report_tasks else None
    if task is not None:
        steps.append(("report submit", f"/supervision/tasks/{task}/report/"))
    index = 0
    while time.monotonic() < stop and stats.count < args.max_requests:
        name, path = steps[index % len(steps)]
        index += 1
        started = time.monotonic()
        error = None
        try:
            if name == "report submit" and task is not None:
                status = submit_report(session, task, index)
                if status == 409:  # refused as it should be: counted as its own page
                    name = "submit refused"
                elif status != 302:
                    error = f"HTTP {status}"
                else:  # then, as the next step, the task page and the withdrawal
                    stats.add(name, time.monotonic() - started, None)
                    started, name = time.monotonic(), "report withdraw"
                    # colleagues share an account (and its unit's one open report): the report
                    # may already be withdrawn from another tab, which is not an error
                    withdraw_report(session, task)
            else:
                status, _, _ = session.request("GET", path)
                if status != 200:
                    error = f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
        stats.add(name, time.monotonic() - started, error)
        if args.pause:
            time.sleep(args.pause)


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between requests")
    parser.add_argument("--duration", type=float, default=300.0, help="seconds (at most 3600)")
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.base)
    host = url.hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit("bench/load.py drives loopback addresses only")
    if not 0 < args.duration <= 3600 or not 0 < args.users <= 1000:
        raise SystemExit("--duration 1…3600 s and --users 1…1000")

    base = Session(host, url.port or 80, args.timeout)
    walks = [sign_in(base, name) for name in ACCOUNTS]
    for walk in walks:
        extra = f", reports on {len(walk.report_tasks)} tasks" if walk.report_tasks else ""
        print(f"{walk.username}: {', '.join(n for n, _ in walk.pages)}{extra}")
    stats = Stats()
    started = time.monotonic()
    stop = started + args.duration
    threads = [
        threading.Thread(
            target=person,
            args=(walks[i % len(walks)], stats, args, stop, i // len(walks)),
            daemon=True,
        )
        for i in range(args.users)
    ]
    for thread in threads:
        thread.start()
        if args.pause:  # spread the first requests over one pause
            time.sleep(args.pause / args.users)
    for thread in threads:
        thread.join(timeout=max(0.0, stop - time.monotonic()) + args.timeout + 5)
    elapsed = time.monotonic() - started

    every = [t for times in stats.times.values() for t in times]
    errors = sum(stats.errors.values())
    print(
        f"\n{args.users} users, pause {args.pause:g} s, {elapsed:.0f} s: {stats.count} requests, "
        f"{stats.count / elapsed:.1f} requests/s, {errors} errors"
    )
    print(f"{'page':<14} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, times in [*sorted(stats.times.items()), ("all", every)]:
        p50, p95, p99 = (percentile(times, q) * 1000 for q in (50, 95, 99))
        print(f"{name:<14} {len(times):>7} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f}")
    for reason, n in sorted(stats.errors.items()):
        print(f"  error {reason}: {n}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
