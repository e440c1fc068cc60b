"""English everywhere (issue 11, item 16): every page a demo persona can open with GET, in
English, shows no Chinese but data — unit, region, task, plan and target names and texts,
people's names, what units wrote. The demo is loaded once for the module (``load_demo``, as
``make run`` does) with a few everyday things the demo lacks (a group robot, a day's
reminders, a postponed task, a plan document waiting in the import preview); every URL pattern
is opened with real ids from it, as each demo account, in English, and the Chinese left once
the database's data texts are taken out is reported by page. Chinese pages are read too: a
Chinese label ends in a full-width colon (关键字：), never an ASCII one."""

from __future__ import annotations

import collections
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from gongye.accounts.demo import DEMO_ACCOUNTS
from gongye.accounts.models import User
from gongye.orgs.models import Region, Unit
from gongye.plans.models import Plan, Target, Task
from tests.english import CHINESE, chinese_left, data_texts, page_pieces

pytestmark = pytest.mark.django_db

HUOSHAN = "341525"
DEMO_USERS = list(dict.fromkeys(username for username, *_ in DEMO_ACCOUNTS))

# what is not a page to read: POST-only actions, file downloads, the API (JSON), the language
# switch, signing out, and the admin's own machinery
NOT_PAGES: dict[str, str] = {
    "set_language": "POST: the language switch",
    "accounts:logout": "POST: signing out",
    "accounts:switch_acting": "POST",
    "accounts:user_reset_password": "POST",
    "accounts:user_unlock": "POST",
    "accounts:assignment_revoke": "POST",
    "accounts:otp_reset": "POST",
    "accounts:token_revoke": "POST",
    "audit:entry_export": "download (.xlsx)",
    "plans:plan_export": "download (.xlsx / .docx)",
    "plans:import_resolve": "POST",
    "plans:import_apply": "POST",
    "plans:import_discard": "POST",
    "indicators:observation_review": "POST",
    "indicators:statistics_template": "download (.xlsx)",
    "indicators:owner_set": "POST",
    "indicators:parts_set": "POST",
    "indicators:link_confirm": "POST",
    "notifications:webhook_deactivate": "POST",
    "notifications:webhook_test": "POST",
    "notifications:notification_read": "POST",
    "notifications:notification_read_all": "POST",
    "dispatch:board_xlsx": "download (.xlsx)",
    "dispatch:calendar_xlsx": "download (.xlsx)",
    "dispatch:list_xlsx": "download (.xlsx)",
    "dispatch:timeline_xlsx": "download (.xlsx)",
    "dispatch:bulletin_export": "download (.docx / .xlsx)",
    "supervision:task_postpone": "POST",
    "supervision:task_reassign": "POST",
    "supervision:report_review": "POST",
    "supervision:evidence_download": "download (the unit's file)",
    "supervision:progress_sheet_download": "download (.xlsx)",
    "front:cockpit_xlsx": "download (.xlsx)",
    "front:cockpit_docx": "download (.docx)",
    "gongye_admin:login": "the platform's login page (accounts:login)",
    "gongye_admin:logout": "POST: signing out",
    "gongye_admin:jsi18n": "JavaScript catalogue",
    "gongye_admin:autocomplete": "JSON",
    "gongye_admin:view_on_site": "a redirect",
    "gongye_admin:password_change": "the platform's password page (accounts:password_change)",
    "gongye_admin:password_change_done": "the platform's password page",
}


@dataclass(frozen=True)
class Demo:
    """The ids every URL is opened with."""

    plan: Plan
    tasks: list[Task]
    targets: list[Target]
    units: list[Unit]
    users: list[User]
    robot_id: int
    upload_id: int


def _demo_extras() -> Demo:
    """What everyday use adds to the demo, through the services, so the pages that show it
    have something to show."""
    from gongye.notifications.engine import notifications_run
    from gongye.notifications.services import webhook_create
    from gongye.plans.services.imports import plan_import_upload
    from gongye.supervision.models import TaskState
    from gongye.supervision.services import task_postpone

    huoshan = Region.objects.get(code=HUOSHAN)
    plan = Plan.objects.filter(region=huoshan).order_by("year").first()
    assert plan is not None
    duban = User.objects.get(username="duban")
    kfq = Unit.objects.get(region=huoshan, name="开发区")
    robot = webhook_create(
        actor=duban,
        unit=kfq,
        kind="wecom",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo",
        secret="",
    )
    open_states = TaskState.objects.filter(task__plan=plan, closed_at__isnull=True)
    postponed = open_states.order_by("task__position").first()
    assert postponed is not None and postponed.due is not None
    task_postpone(
        actor=duban,
        task=postponed.task,
        new_due=postponed.due + dt.timedelta(days=30),
        reason="企业设备到货推迟。",
    )
    # a day's reminders: due soon, due today, overdue (the demo year's July)
    for day in (dt.date(2022, 7, 5), dt.date(2022, 12, 31)):
        notifications_run(today=day)
    upload = plan_import_upload(
        actor=duban,
        region=huoshan,
        filename=settings.GONGYE_SEED_PLAN.name,
        data=settings.GONGYE_SEED_PLAN.read_bytes(),
    )
    # tasks of every kind: each unit persona's own open task, a late one, a closed one
    tasks: dict[int, Task] = {}
    for unit_name in ("开发区", "衡山镇", "佛子岭镇", "农业农村局", "统计局", "科技经信局"):
        unit = Unit.objects.get(region=huoshan, name=unit_name)
        mine = plan.tasks.filter(task_units__unit=unit).order_by("position")
        for task in (mine.filter(supervision__closed_at__isnull=True).first(), mine.first()):
            if task is not None:
                tasks[task.pk] = task
    for state in ("late", "done"):
        task = plan.tasks.filter(supervision__state=state).order_by("position").first()
        if task is not None:
            tasks[task.pk] = task
    tasks[postponed.task_id] = postponed.task
    targets = {t.kind: t for t in plan.targets.order_by("-pk")}
    return Demo(
        plan=plan,
        tasks=list(tasks.values()),
        targets=list(targets.values()),
        units=[kfq, Unit.objects.get(region=huoshan, name="相关乡镇")],
        users=[User.objects.get(username=n) for n in ("kfq_liaison", "nyncj_liaison")],
        robot_id=robot.pk,
        upload_id=upload.pk,
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Demo]:
    """The demo, loaded once inside a transaction that is rolled back after the module."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
            yield _demo_extras()
            transaction.set_rollback(True)


def _task_urls(demo: Demo, suffix: str) -> list[str]:
    return [f"/supervision/tasks/{t.pk}/{suffix}" for t in demo.tasks]


PLAN = "/indicators/data/plan/{plan}/"

PAGES: dict[str, Callable[[Demo], list[str]]] = {
    "healthz": lambda d: [],  # JSON, read in tests/core/test_healthz.py
    "accounts:login": lambda d: ["/accounts/login/"],
    "accounts:password_change": lambda d: ["/accounts/password/change/"],
    "accounts:otp_setup": lambda d: ["/accounts/otp/setup/"],
    "accounts:otp_verify": lambda d: ["/accounts/otp/verify/"],
    "accounts:user_list": lambda d: ["/accounts/users/"],
    "accounts:user_create": lambda d: ["/accounts/users/new/"],
    "accounts:user_detail": lambda d: [f"/accounts/users/{u.pk}/" for u in d.users],
    "accounts:assignment_list": lambda d: ["/accounts/roles/"],
    "accounts:policy": lambda d: ["/accounts/policy/"],
    "accounts:token_list": lambda d: ["/accounts/tokens/"],
    "orgs:region_list": lambda d: ["/orgs/regions/"],
    "orgs:region_detail": lambda d: [f"/orgs/regions/{c}/" for c in (HUOSHAN, "341500", "340000")],
    "orgs:unit_list": lambda d: ["/orgs/units/", "/orgs/units/?kind=group"],
    "orgs:unit_create": lambda d: ["/orgs/units/new/"],
    "orgs:unit_detail": lambda d: [f"/orgs/units/{u.pk}/" for u in d.units],
    "orgs:unit_edit": lambda d: [f"/orgs/units/{u.pk}/edit/" for u in d.units],
    "audit:entry_list": lambda d: ["/audit/", "/audit/?verb=task.postpone"],
    "plans:plan_list": lambda d: ["/plans/"],
    "plans:plan_detail": lambda d: [f"/plans/{d.plan.pk}/", f"/plans/{d.plan.pk}/?month=7"],
    "plans:import_upload": lambda d: ["/plans/import/"],
    "plans:import_preview": lambda d: [f"/plans/import/{d.upload_id}/"],
    "indicators:target_list": lambda d: ["/indicators/targets/"],
    "indicators:figures": lambda d: ["/indicators/data/"],
    "indicators:target_detail": lambda d: [f"/indicators/targets/{t.pk}/" for t in d.targets],
    "indicators:observation_enter": lambda d: [f"{PLAN.format(plan=d.plan.pk)}enter/"],
    "indicators:review_list": lambda d: [f"{PLAN.format(plan=d.plan.pk)}review/"],
    "indicators:statistics_upload": lambda d: [f"{PLAN.format(plan=d.plan.pk)}statistics/"],
    "indicators:target_setup": lambda d: [f"{PLAN.format(plan=d.plan.pk)}targets/"],
    "notifications:webhook_list": lambda d: ["/supervision/robots/"],
    "notifications:webhook_create": lambda d: ["/supervision/robots/new/"],
    "notifications:webhook_edit": lambda d: [f"/supervision/robots/{d.robot_id}/edit/"],
    "notifications:notification_list": lambda d: ["/supervision/robots/notifications/"],
    "dispatch:board": lambda d: [
        "/supervision/board/",
        "/supervision/board/?year=2022&month=7",
        "/supervision/board/?year=2022&mode=quarter&quarter=3",
    ],
    "dispatch:calendar": lambda d: ["/supervision/board/calendar/?year=2022&month=7"],
    "dispatch:list": lambda d: [
        "/supervision/board/list/?year=2022&month=all",
        "/supervision/board/list/?year=2022&month=7&colour=red",
    ],
    "dispatch:timeline": lambda d: ["/supervision/board/timeline/?year=2022"],
    "dispatch:bulletin": lambda d: [
        "/supervision/bulletin/",
        f"/supervision/bulletin/?region={HUOSHAN}&year=2022&month=6",
    ],
    "supervision:inbox": lambda d: ["/supervision/"],
    "supervision:task_detail": lambda d: _task_urls(d, ""),
    "supervision:report_create": lambda d: _task_urls(d, "report/"),
    "supervision:task_split": lambda d: _task_urls(d, "split/")[:2],
    "supervision:progress_sheet": lambda d: ["/supervision/sheet/"],
    "front:home": lambda d: ["/"],
    "front:cockpit": lambda d: [
        "/indicators/cockpit/",
        "/indicators/cockpit/?region=341500",
        "/indicators/cockpit/?year=2022&month=6",
    ],
    "gongye_admin:index": lambda d: ["/admin/"],
    "gongye_admin:app_list": lambda d: ["/admin/orgs/"],
    "gongye_admin:orgs_unit_changelist": lambda d: ["/admin/orgs/unit/"],
    "gongye_admin:orgs_unit_add": lambda d: ["/admin/orgs/unit/add/"],
    "gongye_admin:orgs_unit_change": lambda d: [f"/admin/orgs/unit/{d.units[0].pk}/change/"],
    "gongye_admin:orgs_unit_history": lambda d: [f"/admin/orgs/unit/{d.units[0].pk}/history/"],
    "gongye_admin:orgs_unit_delete": lambda d: [f"/admin/orgs/unit/{d.units[0].pk}/delete/"],
    "gongye_admin:orgs_region_changelist": lambda d: ["/admin/orgs/region/"],
    "gongye_admin:orgs_region_add": lambda d: ["/admin/orgs/region/add/"],
    "gongye_admin:orgs_region_change": lambda d: [
        f"/admin/orgs/region/{Region.objects.get(code=HUOSHAN).pk}/change/"
    ],
    "gongye_admin:orgs_region_history": lambda d: [
        f"/admin/orgs/region/{Region.objects.get(code=HUOSHAN).pk}/history/"
    ],
    "gongye_admin:orgs_region_delete": lambda d: [
        f"/admin/orgs/region/{Region.objects.get(code=HUOSHAN).pk}/delete/"
    ],
}


def _enterprises(suffix: str = "", count: int = 2) -> list[str]:
    """The first ``count`` demo enterprises' pages (issue 12), ``suffix`` under each."""
    from gongye.enterprises.models import Enterprise

    pks = Enterprise.objects.filter(is_demo=True).order_by("pk").values_list("pk", flat=True)
    return [f"/enterprises/{pk}/{suffix}" for pk in pks[:count]]


# the register's appeals (issue 12): the demo's appeals, one demo enterprise to log one for
def _demo_appeals() -> list[str]:
    from gongye.enterprises.models import Appeal

    pks = Appeal.objects.filter(is_demo=True).order_by("pk").values_list("pk", flat=True)
    return [f"/enterprises/appeals/{pk}/" for pk in pks]


NOT_PAGES.update(
    {
        "enterprises:appeal_act": "POST",
        "enterprises:appeal_monthly_export": "download (.xlsx)",
    }
)
PAGES.update(
    {
        "enterprises:appeal_list": lambda d: [
            "/enterprises/appeals/",
            "/enterprises/appeals/?status=answered",
        ],
        "enterprises:appeal_create": lambda d: ["/enterprises/appeals/new/"],
        "enterprises:appeal_monthly": lambda d: ["/enterprises/appeals/monthly/"],
        "enterprises:appeal_detail": lambda d: _demo_appeals(),
        "enterprises:appeal_log": lambda d: _enterprises("appeals/new/", 1),
    }
)


# the register's cultivation libraries (issue 12): the county's libraries and the demo's entries
def _libraries(suffix: str = "") -> list[str]:
    from gongye.enterprises.models import Library

    pks = Library.objects.filter(region__code=HUOSHAN).order_by("pk").values_list("pk", flat=True)
    return [f"/enterprises/libraries/{pk}/{suffix}" for pk in pks]


def _library_entries() -> list[str]:
    from gongye.enterprises.models import LibraryEntry

    pks = (
        LibraryEntry.objects.filter(enterprise__is_demo=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [f"/enterprises/libraries/entries/{pk}/" for pk in pks[:12]]


NOT_PAGES.update(
    {
        "enterprises:library_recompute": "POST",
        "enterprises:library_entry_step": "POST",
    }
)
PAGES.update(
    {
        "enterprises:library_list": lambda d: ["/enterprises/libraries/"],
        "enterprises:library_detail": lambda d: _libraries(),
        "enterprises:library_edit": lambda d: _libraries("edit/")[:2],
        "enterprises:library_suggestions": lambda d: ["/enterprises/libraries/suggestions/"],
        "enterprises:library_entry_create": lambda d: ["/enterprises/libraries/entries/new/"],
        "enterprises:library_entry_detail": lambda d: _library_entries(),
    }
)


# the register's list and enterprise pages (issue 12): the demo's enterprises and chains
def _chains() -> list[str]:
    from gongye.enterprises.models import IndustryChain

    pks = IndustryChain.objects.filter(region__code=HUOSHAN).order_by("pk")
    return [f"/enterprises/chains/{pk}/edit/" for pk in pks.values_list("pk", flat=True)[:1]]


NOT_PAGES.update({"enterprises:enterprise_account_unlink": "POST"})
PAGES.update(
    {
        "enterprises:enterprise_list": lambda d: [
            "/enterprises/",
            "/enterprises/?scale=above&hightech_valid=1",
        ],
        "enterprises:enterprise_summary": lambda d: ["/enterprises/summary/"],
        "enterprises:enterprise_create": lambda d: ["/enterprises/new/"],
        "enterprises:enterprise_detail": lambda d: [
            *_enterprises(),
            *_enterprises("?measure=employees", 1),
        ],
        "enterprises:enterprise_edit": lambda d: _enterprises("edit/", 1),
        "enterprises:enterprise_pair": lambda d: _enterprises("pair/", 1),
        "enterprises:enterprise_accounts": lambda d: _enterprises("accounts/", 1),
        "enterprises:enterprise_chain_list": lambda d: ["/enterprises/chains/"],
        "enterprises:enterprise_chain_edit": lambda d: _chains(),
    }
)


# the register's monthly figures and computed targets (issue 12)
def _computed_targets() -> list[str]:
    from gongye.enterprises.models import ComputedTarget

    pks = ComputedTarget.objects.order_by("pk").values_list("target_id", flat=True)
    return [f"/enterprises/computed/target/{pk}/" for pk in pks[:3]]


NOT_PAGES.update({"enterprises:figures_import_confirm": "POST"})
PAGES.update(
    {
        "enterprises:figures_import": lambda d: ["/enterprises/figures/import/"],
        "enterprises:figure_imports": lambda d: ["/enterprises/figures/imports/"],
        "enterprises:figures_mine": lambda d: ["/enterprises/figures/mine/"],
        "enterprises:figures_entry": lambda d: _enterprises("figures/entry/"),
        "enterprises:computed_target": lambda d: _computed_targets(),
    }
)


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace == "api":
                continue  # JSON, with its own contract tests (tests/test_api_contract.py)
            yield from _routes(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_pattern_is_read_or_said_why_not():
    routes = set(_routes())
    unknown = sorted(routes - set(PAGES) - set(NOT_PAGES))
    assert not unknown, f"URL patterns the English test does not open: {unknown}"
    assert not (set(PAGES) | set(NOT_PAGES)) - routes, "entries for URL patterns that are gone"


def _client(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _read(
    client: Client, urls: list[str], check: Callable[[str, str], list[str]]
) -> dict[str, set]:
    found: dict[str, set] = collections.defaultdict(set)
    for url in urls:
        response = client.get(url)
        if response.status_code in {301, 302}:
            continue
        assert response.status_code in {200, 403, 404}, f"{url}: {response.status_code}"
        assert "text/html" in response["Content-Type"], f"{url}: {response['Content-Type']}"
        for run in check(url, response.content.decode()):
            found[f"{url} ({response.status_code})"].add(run)
    return found


class Data:
    """The data texts a page may show: the database's, read again for the audit log (it
    shows the refusals this very test has just met, kept in Chinese as the log keeps them),
    with the document's own texts for the import preview (what it read from the file)."""

    def __init__(self, demo: Demo):
        self.demo = demo
        self.texts = data_texts()

    def __call__(self, url: str) -> list[str]:
        if url.startswith("/audit/"):
            return data_texts()
        if url.startswith("/plans/import/") and url != "/plans/import/":
            return sorted({*self.texts, *_preview_texts(self.demo)}, key=len, reverse=True)
        return self.texts


def _preview_texts(demo: Demo) -> set[str]:
    """What the import preview read from the document: its title, tasks, unit names and
    target sentences."""
    from gongye.plans.models import PlanImport
    from gongye.plans.selectors import import_preview_for

    preview = import_preview_for(
        User.objects.get(username="duban"), PlanImport.objects.get(pk=demo.upload_id)
    )
    texts = {preview.title, *preview.unknown_names}
    for task in preview.tasks:
        texts.update((task.text, *task.lead_units, *task.cooperating_units, *task.unresolved))
    for target in preview.targets:
        texts.update((target.name, target.unit, target.sentence))
    return {" ".join(t.split()) for t in texts if t and CHINESE.search(t)}


def _report(found: dict[str, set]) -> str:
    return "\n".join(f"{url}: {' | '.join(sorted(runs))}" for url, runs in sorted(found.items()))


def _all_urls(demo: Demo) -> list[str]:
    return [url for build in PAGES.values() for url in build(demo)]


@pytest.mark.parametrize("username", DEMO_USERS)
def test_english_pages_show_no_chinese_but_data(demo, username):
    data = Data(demo)
    client = _client("en")
    client.force_login(User.objects.get(username=username))
    found = _read(
        client, _all_urls(demo), lambda url, html: chinese_left(page_pieces(html), data(url))
    )
    assert not found, f"Chinese left on English pages for {username}:\n{_report(found)}"


def test_english_pages_signed_out(demo):
    data = data_texts()
    urls = ["/accounts/login/", "/no-such-page/"]
    found = _read(_client("en"), urls, lambda url, html: chinese_left(page_pieces(html), data))
    assert not found, _report(found)


# a Chinese word followed by an ASCII colon (not a time, not an address)
ASCII_COLON = re.compile(r"[\u4e00-\u9fff）][:](?![/\d])")


@pytest.mark.parametrize("username", ["duban", "kfq_liaison", "auditadmin", "secadmin"])
def test_chinese_labels_end_in_full_width_colons(demo, username):
    client = _client("zh-hans")
    client.force_login(User.objects.get(username=username))

    def ascii_colons(url: str, html: str) -> list[str]:
        return [
            piece[max(0, m.start() - 8) : m.end() + 4]
            for piece in page_pieces(html)
            for m in ASCII_COLON.finditer(piece)
        ]

    found = _read(client, _all_urls(demo), ascii_colons)
    assert not found, _report(found)


def test_the_data_check_finds_what_is_not_data(demo):
    """The check itself: a label the page adds is found, a unit's name is not."""
    data = data_texts()
    assert CHINESE.search("开发区")
    assert chinese_left(["Lead unit: 开发区"], data) == []
    assert chinese_left(["牵头单位: 开发区"], data) == ["牵头单位"]
    assert chinese_left(["Due 2022年7月15日"], data) == ["年7月15日"]
    assert chinese_left(["Signed: 霍山县科技经信局"], data) == []


# the project register's pages (issue 13): the demo's projects, the largest first
def _projects(suffix: str = "", count: int = 2) -> list[str]:
    from gongye.projects.models import Project

    pks = Project.objects.filter(is_demo=True).order_by("-total_investment", "pk")
    return [f"/projects/{pk}/{suffix}" for pk in pks.values_list("pk", flat=True)[:count]]


NOT_PAGES.update(
    {
        "projects:project_move": "POST",
        "projects:document_add": "POST",
        "projects:document_download": "download (a project's file)",
    }
)
PAGES.update(
    {
        "projects:project_list": lambda d: ["/projects/", "/projects/?stage=building&size=large"],
        "projects:project_create": lambda d: ["/projects/new/"],
        "projects:project_detail": lambda d: _projects(),
        "projects:project_edit": lambda d: _projects("edit/", 1),
        "projects:project_pair": lambda d: _projects("pair/", 1),
        "projects:return_file": lambda d: _projects("returns/new/", 1),
    }
)


# the project register's problem lists (issue 13): the list, the demo's problems, raising one
def _problems(count: int = 6) -> list[str]:
    from gongye.projects.models import ProjectProblem

    pks = ProjectProblem.objects.filter(is_demo=True).order_by("status", "pk")
    return [f"/projects/problems/{pk}/" for pk in pks.values_list("pk", flat=True)[:count]]


NOT_PAGES.update({"projects:problem_act": "POST"})
PAGES.update(
    {
        "projects:problem_list": lambda d: [
            "/projects/problems/",
            "/projects/problems/?status=assigned&overdue=on",
        ],
        "projects:problem_detail": lambda d: _problems(),
        "projects:problem_raise": lambda d: _projects("problems/new/", 1),
    }
)


# the project register's 投资赛马 (issue 13): a county's townships (its own accounts), a city's and
# a province's counties (their leaders), each measure, the demo's year
NOT_PAGES.update({"projects:ranking_xlsx": "download (.xlsx)"})
PAGES.update(
    {
        "projects:ranking": lambda d: [
            "/projects/ranking/",
            f"/projects/ranking/?month={d.plan.year}-06&measure=upgrade_investment",
            f"/projects/ranking/?month={d.plan.year}-12&measure=scaled",
            "/projects/ranking/?month=2022-13",
        ],
    }
)


# the project register's 三库看板, 月30调度表 and return sheet (issue 13): the demo's year
NOT_PAGES.update(
    {
        "projects:schedule_xlsx": "download (.xlsx)",
        "projects:schedule_docx": "download (.docx)",
        "projects:returns_sheet": "download (.xlsx)",
    }
)
PAGES.update(
    {
        "projects:board": lambda d: ["/projects/board/", "/projects/board/?size=large"],
        "projects:schedule": lambda d: [
            "/projects/schedule/",
            f"/projects/schedule/?month={d.plan.year}-06",
        ],
        "projects:returns_upload": lambda d: [
            "/projects/returns/upload/",
            f"/projects/returns/upload/?month={d.plan.year}-06",
        ],
    }
)


# 亩均论英雄 (issue 14): the demo's scheme, its two published runs, results, the demo appeal
def _evaluation(kind: str, count: int = 2) -> list[str]:
    from gongye.evaluation.models import EvaluationAppeal, EvaluationResult, EvaluationRun

    if kind == "runs":
        pks = EvaluationRun.objects.filter(is_demo=True).order_by("-year", "pk")
        return [f"/evaluation/runs/{pk}/" for pk in pks.values_list("pk", flat=True)[:count]]
    if kind == "results":
        rows = EvaluationResult.objects.filter(run__is_demo=True).exclude(klass="")
        pks = rows.order_by("-run__year", "group", "rank", "pk").values_list("pk", flat=True)
        return [f"/evaluation/results/{pk}/" for pk in pks[:count]]
    if kind == "compare":
        runs = list(
            EvaluationRun.objects.filter(is_demo=True)
            .order_by("-year")
            .values_list("pk", flat=True)
        )
        return [f"/evaluation/runs/{runs[0]}/compare/{runs[1]}/"] if len(runs) > 1 else []
    pks = EvaluationAppeal.objects.order_by("pk").values_list("pk", flat=True)
    return [f"/evaluation/appeals/{pk}/" for pk in pks[:count]]


def _scheme_pages() -> list[str]:
    from gongye.evaluation.models import EvaluationScheme

    return [
        f"/evaluation/schemes/{pk}/"
        for pk in EvaluationScheme.objects.values_list("pk", flat=True)[:1]
    ]


NOT_PAGES.update(
    {
        "evaluation:run_new": "POST",
        "evaluation:run_step": "POST",
        "evaluation:appeal_new": "POST",
        "evaluation:appeal_step": "POST",
        "evaluation:publicity_xlsx": "download (.xlsx)",
        "evaluation:appeal_evidence": "download (the enterprise's file)",
        "evaluation:publicity_docx": "download (.docx)",
        "evaluation:score_sheet": "download (.docx)",
    }
)
PAGES.update(
    {
        "evaluation:home": lambda d: ["/evaluation/"],
        "evaluation:scheme_new": lambda d: ["/evaluation/schemes/new/"],
        "evaluation:scheme_detail": lambda d: _scheme_pages(),
        "evaluation:run_detail": lambda d: [
            *_evaluation("runs"),
            *[u + "?klass=A" for u in _evaluation("runs", 1)],
        ],
        "evaluation:run_compare": lambda d: _evaluation("compare"),
        "evaluation:result_detail": lambda d: _evaluation("results", 3),
        "evaluation:appeal_list": lambda d: [
            "/evaluation/appeals/",
            "/evaluation/appeals/?status=filed",
        ],
        "evaluation:appeal_detail": lambda d: _evaluation("appeals"),
    }
)
