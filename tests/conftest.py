"""Named personas shared by the whole suite (STYLE.md): each is a real account with a real role
assignment in the embedded Huoshan organisation, created through the services."""

from __future__ import annotations

import pytest

from gongye.accounts.models import User
from gongye.accounts.services import assignment_grant, user_create
from gongye.core.roles import Role
from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Region, Unit

PASSWORD = "Persona#Pass2022"

HUOSHAN = "341525"
JINZHAI = "341524"
LUAN = "341500"
ANHUI = "340000"

# persona → (role, region code, unit name or None)
PERSONAS: dict[str, tuple[str, str, str | None]] = {
    "county_leader": (Role.LEADER, HUOSHAN, None),
    "plan_office": (Role.PLAN_OFFICE, HUOSHAN, "科技经信局"),
    "lead_liaison": (Role.LIAISON, HUOSHAN, "开发区"),
    "coop_liaison": (Role.LIAISON, HUOSHAN, "衡山镇"),
    "unit_head": (Role.UNIT_HEAD, HUOSHAN, "开发区"),
    "statistics": (Role.STATISTICS, HUOSHAN, "统计局"),
    "enterprise": (Role.ENTERPRISE, HUOSHAN, None),
    "outsider": (Role.LIAISON, JINZHAI, "经信局"),
    "auditor": (Role.AUDIT_ADMIN, HUOSHAN, None),
    "sys_admin": (Role.SYS_ADMIN, HUOSHAN, None),
    "sec_admin": (Role.SEC_ADMIN, HUOSHAN, None),
    "city_leader": (Role.LEADER, LUAN, None),
    "province_leader": (Role.LEADER, ANHUI, None),
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The embedded organisation is loaded once into the test database; each test then runs
    inside a transaction that is rolled back."""
    with django_db_blocker.unblock():
        load_organisation()


@pytest.fixture(autouse=True)
def _second_factor_not_demanded(settings):
    """The personas sign in with a password alone (``force_login``, the login form): the
    site's pages and rules are tested apart from the second factor, which
    ``tests/accounts/test_second_factor.py`` demands of the administrators as shipped."""
    settings.GONGYE_OTP_FOR_ADMINS = False


@pytest.fixture(autouse=True)
def _fresh_web_process(monkeypatch):
    """Every test meets /healthz as a freshly started server does: a worker never seen is
    "starting" (200), not "not seen" (503) because the test session has run for minutes.
    ``tests/core/test_healthz.py`` sets the start time itself."""
    import time

    from gongye.core import views

    monkeypatch.setattr(views, "PROCESS_STARTED", time.monotonic())


@pytest.fixture
def org(db) -> dict[str, Region]:
    if not Region.objects.exists():  # a transactional (browser) test flushed the database
        load_organisation()
    return {r.code: r for r in Region.objects.all()}


def make_user(
    username: str,
    display_name: str,
    role: str,
    region_code: str,
    unit_name: str | None = None,
    *,
    demo: bool = True,
) -> User:
    """A saved user acting as ``role`` in the region (and unit), through the real services."""
    region = Region.objects.get(code=region_code)
    unit = Unit.objects.get(region=region, name=unit_name) if unit_name else None
    user, _ = user_create(
        actor=None,
        username=username,
        display_name=display_name,
        home_region=region,
        password=PASSWORD,
        is_demo=demo,
    )
    assignment_grant(actor=None, user=user, role=role, region=region, unit=unit)
    return User.objects.get(pk=user.pk)


def make_persona(name: str, *, demo: bool = True) -> User:
    role, region_code, unit_name = PERSONAS[name]
    return make_user(name, f"{name}-姓名", role, region_code, unit_name, demo=demo)


@pytest.fixture
def persona(org):
    """``persona("lead_liaison")`` → a saved user acting in that role."""
    cache: dict[str, User] = {}

    def get(name: str) -> User:
        if name not in cache:
            cache[name] = make_persona(name)
        return cache[name]

    return get


def _fixture(name: str):
    @pytest.fixture(name=name)
    def _make(persona):
        return persona(name)

    return _make


for _name in PERSONAS:
    globals()[_name] = _fixture(_name)


@pytest.fixture
def unit(org):
    def get(name: str, region_code: str = HUOSHAN) -> Unit:
        return Unit.objects.get(region__code=region_code, name=name)

    return get


SMALL_PLAN = (
    "霍山县2022年测试工作意见\n一、总体目标\n力争规上工业产值突破200亿元。\n附件：重点工作明细表\n\n"
    "\t月度\n\t重点工作\n\t牵头单位\n\t配合单位\n\n"
    "\t1月\n\t1.完成测试工作。\n\t科技经信局\n\t开发区\n\n"
    "\t\n\t2.完成第二项。\n\t开发区\n\t相关乡镇\n"
)


@pytest.fixture
def small_plan(org):
    """A two-task plan for Huoshan 2022, imported through the real service."""
    from gongye.plans.services import plan_apply_parsed, plan_document_parse

    region = org[HUOSHAN]
    parsed, resolver = plan_document_parse(
        region=region, data=SMALL_PLAN.encode(), filename="small.txt"
    )
    return plan_apply_parsed(
        actor=None, region=region, parsed=parsed, resolver=resolver, filename="small.txt"
    ).plan


@pytest.fixture
def plan_upload(small_plan, org, settings, tmp_path):
    """A pending upload (preview stage) of the same small plan."""
    from gongye.plans.models import PlanImport

    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    record = PlanImport(region=org[HUOSHAN], filename="small.txt")
    record.file.save(
        "small.txt", ContentFile(SMALL_PLAN.replace("数据", "数据").encode()), save=False
    )
    record.save()
    return record


TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def kfq_task(small_plan):
    """The small plan's task led by 开发区 (cooperating: 相关乡镇)."""
    return small_plan.tasks.get(seq=2)


@pytest.fixture
def kfq_report(kfq_task, persona, settings, tmp_path, django_capture_on_commit_callbacks):
    """A submitted lead report by the 开发区 liaison with a PDF as evidence (written to the
    evidence folder once the report commits, as in production)."""
    from gongye.supervision.services import report_submit

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        return report_submit(
            actor=persona("lead_liaison"),
            task=kfq_task,
            text="已完成第二项。",
            percent=100,
            state="done",
            files=[("佐证.pdf", TINY_PDF)],
        )


@pytest.fixture
def other_plan_office(org) -> User:
    """The plan office of Jinzhai county: the right role, the wrong county."""
    return make_user("jinzhai_plan_office", "金寨督办", Role.PLAN_OFFICE, "341524", "经信局")
