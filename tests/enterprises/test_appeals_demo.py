"""The demo appeals: a few in every state on the region's demo enterprises, reproducible and
idempotent; no demo enterprises, nothing."""

from __future__ import annotations

from gongye.audit.models import AuditEntry
from gongye.enterprises.appeal_choices import AppealStatus
from gongye.enterprises.appeal_demo import STORIES, appeals_demo_load
from gongye.enterprises.models import Appeal
from gongye.enterprises.selectors.appeals import appeal_colour
from tests.enterprises.factories import EnterpriseFactory


def test_no_demo_enterprises_no_demo_appeals(persona, own_enterprise):
    assert appeals_demo_load(None) == ""
    assert not Appeal.objects.exists()


def test_every_state_once_and_only_once(unit):
    for n in range(4):
        EnterpriseFactory(is_demo=True, township=unit("衡山镇" if n % 2 else "开发区"))
    assert "11" in appeals_demo_load(None)
    first = list(
        Appeal.objects.order_by("pk").values_list("title", "status", "enterprise_id", "unit_id")
    )
    assert {status for _t, status, _e, _u in first} == set(AppealStatus.values)
    assert len(first) == len(STORIES) and Appeal.objects.filter(is_demo=True).count() == len(
        STORIES
    )
    colours = {appeal_colour(a) for a in Appeal.objects.filter(status=AppealStatus.ASSIGNED)}
    assert colours == {"green", "yellow", "red"}
    entries = AuditEntry.objects.filter(target_type="enterprises.appeal").count()
    assert entries == len(STORIES)
    assert appeals_demo_load(None) == ""  # idempotent
    assert Appeal.objects.count() == len(STORIES)
    # reproducible: the same appeals on the same enterprises and units after a reload
    Appeal.objects.all().delete()
    appeals_demo_load(None)
    again = list(
        Appeal.objects.order_by("pk").values_list("title", "status", "enterprise_id", "unit_id")
    )
    assert again == first


def test_a_demo_enterprise_with_a_user_finds_an_answer_to_rate(persona, unit):
    """The enterprise persona's demo enterprise gets one appeal walked through the services:
    raised by it, assigned by the plan office, answered by the unit — and it is told."""
    from gongye.core.roles import Role
    from gongye.notifications.models import Notification
    from tests.enterprises.factories import EnterpriseAccountFactory

    office, liaison, qiye = persona("plan_office"), persona("lead_liaison"), persona("enterprise")
    mine = EnterpriseFactory(is_demo=True, township=unit("开发区"))
    EnterpriseAccountFactory(enterprise=mine, user=qiye)
    EnterpriseFactory(is_demo=True, township=unit("衡山镇"))
    assert str(len(STORIES) + 1) in appeals_demo_load(None)
    walked = Appeal.objects.get(enterprise=mine, raised_by=qiye)
    assert walked.status == AppealStatus.ANSWERED and walked.is_demo
    assert walked.assigned_by == office and walked.answered_by == liaison
    told = Notification.objects.about(walked).get(rule="appeal_answer")
    assert told.user == qiye and told.audience == Role.ENTERPRISE
    assert appeals_demo_load(None) == ""  # idempotent: no second walk
