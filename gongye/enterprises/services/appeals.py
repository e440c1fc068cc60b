"""Every change to an appeal (诉求, 绿色通道; issue 12 item 4): raising or logging one, and
each step of its workflow (``appeal_workflow.APPEAL_WORKFLOW``), audited as ``appeal.*`` in
the same transaction. The unit an appeal is assigned (or reopened) to is told at once through
the notifications app; the enterprise, which has no unit to address, finds the answer waiting
on its appeals page and 工作台 (``selectors.appeals.appeals_home_for``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.dates import date_zh
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.enterprises.appeal_choices import (
    AppealAction,
    AppealCategory,
    AppealRating,
    AppealSource,
    AppealVerb,
)
from gongye.enterprises.appeal_permissions import (
    can_log_appeal,
    can_raise_appeal,
    enterprise_of,
)
from gongye.enterprises.appeal_workflow import APPEAL_WORKFLOW
from gongye.enterprises.models import Appeal, Enterprise
from gongye.orgs.assign import assignable_unit, work_deadline
from gongye.orgs.models import Unit

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.core.workflow import Edge
    from gongye.notifications.rules import Message

TITLE_MAX = 100
TEXT_MAX = 4000
RECORDED = [
    "unit",
    "deadline",
    "return_comment",
    "title",
    "content",
    "category",
    "answer",
    "rating",
    "rating_comment",
    "reopen_count",
]


def reopen_days() -> int:
    """The fresh time an unsatisfied rating gives the unit (``GONGYE_APPEAL_REOPEN_DAYS``)."""
    return int(getattr(settings, "GONGYE_APPEAL_REOPEN_DAYS", 7))


def _text(value: Any, field: str, label: Any, limit: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": limit}}
        )
    return text


def _category(value: Any) -> str:
    value = str(value or AppealCategory.OTHER)
    if value not in AppealCategory.values:
        raise ValidationError({"category": _("诉求类别不在可选范围内。")})
    return value


def _create(
    *, actor: User, enterprise: Enterprise, source: str, unit: Unit | None, verb: str, **fields: Any
) -> Appeal:
    title = _text(fields.get("title"), "title", _("诉求标题"), TITLE_MAX)
    content = _text(fields.get("content"), "content", _("诉求内容"), TEXT_MAX)
    category = _category(fields.get("category"))
    appeal = Appeal.objects.create(
        region=enterprise.region,
        enterprise=enterprise,
        title=title,
        content=content,
        category=category,
        source=source,
        raised_by=actor,
        raised_unit=unit,
        status=APPEAL_WORKFLOW.initial,
        is_demo=bool(fields.get("is_demo")),
    )
    audit_record(
        actor=actor,
        verb=verb,
        target=appeal,
        parent=enterprise,
        after={
            "status": appeal.status,
            "title": title,
            "category": category,
            "source": source,
            "enterprise": enterprise.pk,
        },
    )
    return appeal


@transaction.atomic
def appeal_raise(
    *, actor: User, title: str, content: str, category: str = "", is_demo: bool = False
) -> Appeal:
    """An enterprise user raises an appeal for its own enterprise (绿色通道): it waits for the
    plan office to assign it."""
    can_raise_appeal(actor).require()
    enterprise_id = enterprise_of(actor)
    assert enterprise_id is not None  # can_raise_appeal: the account exists
    enterprise = Enterprise.objects.select_related("region").get(pk=enterprise_id)
    return _create(
        actor=actor,
        enterprise=enterprise,
        source=AppealSource.ENTERPRISE,
        unit=None,
        verb=AppealVerb.RAISE,
        title=title,
        content=content,
        category=category,
        is_demo=is_demo,
    )


@transaction.atomic
def appeal_log(
    *,
    actor: User,
    enterprise: Enterprise,
    title: str,
    content: str,
    category: str = "",
    is_demo: bool = False,
) -> Appeal:
    """A unit's liaison logs an appeal heard on a visit (四送一服) for an enterprise it sees
    (the caller found ``enterprise`` through ``enterprises_visible_to``)."""
    can_log_appeal(actor, enterprise).require()
    return _create(
        actor=actor,
        enterprise=enterprise,
        source=AppealSource.VISIT,
        unit=require_acting(actor).unit,
        verb=AppealVerb.LOG,
        title=title,
        content=content,
        category=category,
        is_demo=is_demo,
    )


@transaction.atomic
def appeal_act(
    *,
    actor: User,
    appeal: Appeal,
    action: str,
    unit: Unit | int | None = None,
    deadline: dt.date | None = None,
    answer: str = "",
    rating: str = "",
    comment: str = "",
    title: str | None = None,
    content: str | None = None,
    category: str | None = None,
) -> Appeal:
    """One step of an appeal's workflow, by the one the step belongs to (the edges of
    ``APPEAL_WORKFLOW``): a step that does not fit the appeal's stage is wrong input (400), a
    step that belongs to someone else is refused (403). What each step needs:
    assign / reassign a unit and a deadline; return a comment (what to add); resubmit may edit
    the title, content and category; answer the answer; accept a rating of 满意 or 基本满意
    (and a comment if any); reopen a comment (why the answer does not satisfy); close nothing.
    An unsatisfied rating gives the unit ``reopen_days()`` more days at least."""
    now = timezone.now()
    today = timezone.localdate()
    comment = str(comment or "").strip()[:TEXT_MAX]
    if action not in AppealAction.values:
        raise ValidationError({"action": _("未知的办理操作。")})

    def apply(obj: Appeal, edge: Edge[User, Appeal]) -> None:
        if edge.action in (AppealAction.ASSIGN, AppealAction.REASSIGN):
            obj.unit = assignable_unit(obj.region_id, unit)
            obj.deadline = work_deadline(deadline, today)
            obj.assigned_by, obj.assigned_at = actor, now
        elif edge.action == AppealAction.RETURN:
            if not comment:
                raise ValidationError({"comment": _("退回时须说明需要补充什么。")})
            obj.return_comment = comment
        elif edge.action == AppealAction.RESUBMIT:
            if title is not None:
                obj.title = _text(title, "title", _("诉求标题"), TITLE_MAX)
            if content is not None:
                obj.content = _text(content, "content", _("诉求内容"), TEXT_MAX)
            if category is not None:
                obj.category = _category(category)
            obj.return_comment = ""
        elif edge.action == AppealAction.ANSWER:
            obj.answer = _text(answer, "answer", _("答复内容"), TEXT_MAX)
            obj.answered_by, obj.answered_at = actor, now
        elif edge.action == AppealAction.ACCEPT:
            if rating not in (AppealRating.SATISFIED, AppealRating.BASIC):
                raise ValidationError(
                    {"rating": _("请选择“满意”或“基本满意”；不满意请选择重新办理。")}
                )
            obj.rating, obj.rating_comment = rating, comment
            obj.rated_by, obj.rated_at, obj.closed_at = actor, now, now
        elif edge.action == AppealAction.REOPEN:
            if not comment:
                raise ValidationError(
                    {"comment": _("评价不满意时请说明原因，以便承办单位重新办理。")}
                )
            obj.rating, obj.rating_comment = AppealRating.UNSATISFIED, comment
            obj.rated_by, obj.rated_at = actor, now
            obj.reopen_count += 1
            fresh = today + dt.timedelta(days=reopen_days())
            obj.deadline = max(obj.deadline or fresh, fresh)
        elif edge.action == AppealAction.CLOSE:
            obj.closed_at = now

    step = APPEAL_WORKFLOW.transition(
        actor=actor,
        obj=appeal,
        action=action,
        apply=apply,
        fields=RECORDED,
        extra={"comment": comment} if comment else None,
        parent=appeal.enterprise,
        queryset=Appeal.objects.select_related("enterprise", "region", "unit"),
    )
    appeal = step.obj
    if action in (AppealAction.ASSIGN, AppealAction.REASSIGN, AppealAction.REOPEN):
        _tell_unit(appeal, action)
    if action in TOLD_TO_ENTERPRISE and (
        action != AppealAction.RETURN or appeal.source == AppealSource.ENTERPRISE
    ):
        _tell_enterprise(appeal, action)
    return appeal


@transaction.atomic
def appeal_rate(*, actor: User, appeal: Appeal, rating: str, comment: str = "") -> Appeal:
    """The enterprise's rating, as the page asks it (one choice of three): 不满意 reopens the
    appeal, the others close it."""
    if rating not in AppealRating.values:
        raise ValidationError({"rating": _("请选择满意度。")})
    action = AppealAction.REOPEN if rating == AppealRating.UNSATISFIED else AppealAction.ACCEPT
    return appeal_act(actor=actor, appeal=appeal, action=action, rating=rating, comment=comment)


# the steps the enterprise's users are told of in person (我的提醒 and e-mail): who handles
# it, that it came back for more (when the enterprise raised it), the answer to rate, the end
TOLD_TO_ENTERPRISE = {
    AppealAction.ASSIGN,
    AppealAction.REASSIGN,
    AppealAction.RETURN,
    AppealAction.ANSWER,
    AppealAction.CLOSE,
}


def _message(
    appeal: Appeal,
    rule: str,
    label: Any,
    audience: Role,
    title: Any,
    body: Any,
    *,
    unit: Unit | None = None,
    user: User | None = None,
) -> Message:
    """One notification about an appeal, to a unit's people or to one enterprise user."""
    from gongye.notifications.rules import Message

    return Message(
        subject_type=appeal._meta.label_lower,
        subject_id=str(appeal.pk),
        link=reverse("enterprises:appeal_detail", args=[appeal.pk]),
        region_code=appeal.region.code,
        rule=rule,
        rule_label=str(label)[:50],
        audience=audience,
        unit=unit,
        user=user,
        title=str(title)[:200],
        body=str(body),
    )


def _enterprise_body(appeal: Appeal, action: str) -> str:
    values = {
        "title": appeal.title,
        "unit": appeal.unit.name if appeal.unit is not None else "",
        "due": date_zh(appeal.deadline) if appeal.deadline else "",
        "comment": appeal.return_comment,
    }
    if action in (AppealAction.ASSIGN, AppealAction.REASSIGN):
        text = _("您的诉求“%(title)s”已交%(unit)s办理，办理时限%(due)s。")
    elif action == AppealAction.RETURN:
        text = _("您的诉求“%(title)s”被退回补充，意见：%(comment)s。请补充后重新提交。")
    elif action == AppealAction.ANSWER:
        text = _("%(unit)s已答复您的诉求“%(title)s”，请查看答复并评价。")
    else:
        text = _("您的诉求“%(title)s”已办结。")
    return str(text % values)


def _tell_enterprise(appeal: Appeal, action: str) -> None:
    """Each user of the enterprise learns at once what happened to its appeal: in 我的提醒
    (an enterprise has no unit to address, so the message is each person's own) and by
    e-mail when they gave one."""
    from gongye.notifications.engine import notify

    users = [account.user for account in appeal.enterprise.accounts.select_related("user")]
    with translation.override(settings.LANGUAGE_CODE):
        label = str(AppealAction(action).label)
        title = str(_("【企业诉求】%(title)s：%(step)s") % {"title": appeal.title, "step": label})
        body = _enterprise_body(appeal, action)
    for user in users:
        if user.is_active:
            notify(
                _message(appeal, f"appeal_{action}", label, Role.ENTERPRISE, title, body, user=user)
            )


def _tell_unit(appeal: Appeal, action: str) -> None:
    """The unit's liaisons learn at once of an appeal assigned or reopened to it (我的提醒,
    e-mail, the unit's group robots), in Chinese like the daily reminders."""
    from gongye.notifications.engine import notify

    assert appeal.unit is not None and appeal.deadline is not None
    with translation.override(settings.LANGUAGE_CODE):
        reopened = action == AppealAction.REOPEN
        label = _("企业诉求重新办理") if reopened else _("企业诉求交办")
        title = _("【%(label)s】%(enterprise)s：%(title)s（办理时限%(due)s）") % {
            "label": label,
            "enterprise": appeal.enterprise.name,
            "title": appeal.title,
            "due": date_zh(appeal.deadline),
        }
        if reopened:
            body = _(
                "%(unit)s：企业对你单位的答复评价为不满意，意见：%(comment)s。"
                "请在%(due)s前重新办理并答复。"
            ) % {
                "unit": appeal.unit.name,
                "comment": appeal.rating_comment,
                "due": date_zh(appeal.deadline),
            }
        else:
            body = _(
                "%(unit)s：督办（计划办）将%(enterprise)s的诉求“%(title)s”交你单位办理，"
                "请在%(due)s前答复企业。"
            ) % {
                "unit": appeal.unit.name,
                "enterprise": appeal.enterprise.name,
                "title": appeal.title,
                "due": date_zh(appeal.deadline),
            }
        message = _message(
            appeal,
            "appeal_reopened" if reopened else "appeal_assigned",
            label,
            Role.LIAISON,
            title,
            body,
            unit=appeal.unit,
        )
    notify(message)
