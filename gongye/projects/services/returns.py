"""月30项目调度 (issue 13 item 3): each month, by the 30th, the responsible unit files each
project's investment (this month; since the start) and its physical progress (形象进度, with
photos checked by content) and problems. A bad return (negative or falling cumulative
investment, above the project's total, a month still to come, a photo that is not an image)
is refused whole with the reason, and nothing changes.

The 本年累计 is derived (this year's months summed), so it cannot disagree with them. A
return filed again for the same month corrects it (audited before and after); whether it came
in time is decided by the first filing."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record, diff, snapshot
from gongye.core.scope import require_acting
from gongye.projects import totals
from gongye.projects.choices import DocumentKind, ProjectStage, ProjectVerb
from gongye.projects.models import Project, ProjectReturn
from gongye.projects.permissions import can_file_return
from gongye.projects.services.projects import _decimal, _store

if TYPE_CHECKING:
    from gongye.accounts.models import User

DUE_DAY = 30  # 月30: the 30th, or the month's last day when it has fewer
TEXT_MAX = 2000
PHOTOS_MAX = 9


def return_due(year: int, month: int) -> dt.date:
    """The day a month's return is due: the 30th, or the last day of a shorter month."""
    return dt.date(year, month, min(DUE_DAY, calendar.monthrange(year, month)[1]))


def previous_total(
    project: Project, year: int, month: int
) -> tuple[Decimal, tuple[int, int] | None]:
    """The cumulative investment of the latest return before (year, month), and its month."""
    row = (
        ProjectReturn.objects.filter(project=project)
        .filter(Q(year__lt=year) | Q(year=year, month__lt=month))
        .order_by("-year", "-month")
        .values_list("investment_total", "year", "month")
        .first()
    )
    if row is None:
        return Decimal(0), None
    return row[0], (row[1], row[2])


def check_return(
    project: Project,
    year: int,
    month: int,
    investment_month: Any,
    investment_total: Any,
    progress: str,
    today: dt.date,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The return's figures checked (the same rules for the form and the sheet): the cleaned
    values, and the problems by field."""
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        fail("month", _("月份无效。"))
        return {}, errors
    if (year, month) > (today.year, today.month):
        fail("month", _("%(y)s年%(m)s月还没有到，不能报送。") % {"y": year, "m": month})
    if project.stage == ProjectStage.CANCELLED:
        fail("project", _("项目已终止，不再报送调度数据。"))
    figures: dict[str, Decimal] = {}
    for field, raw in (
        ("investment_month", investment_month),
        ("investment_total", investment_total),
    ):
        number = _decimal(raw)
        if number is None:
            fail(field, _("应填写数字（万元）。"))
        elif number < 0:
            fail(field, _("投资额不能为负数。"))
        else:
            figures[field] = number.quantize(Decimal("0.01"))
    progress = (progress or "").strip()
    if not progress:
        fail("progress", _("请填写形象进度。"))
    elif len(progress) > TEXT_MAX:
        fail("progress", _("形象进度不超过%(n)s字。") % {"n": TEXT_MAX})
    total = figures.get("investment_total")
    this = figures.get("investment_month")
    if total is not None:
        if total > project.total_investment:
            fail(
                "investment_total",
                _("累计完成投资 %(v)s 万元超过项目总投资 %(t)s 万元。")
                % {"v": total, "t": project.total_investment},
            )
        before, when = previous_total(project, year, month)
        if total < before:
            assert when is not None
            fail(
                "investment_total",
                _("累计完成投资 %(v)s 万元低于%(y)s年%(m)s月已报的 %(b)s 万元，累计数不应下降。")
                % {"v": total, "b": before, "y": when[0], "m": when[1]},
            )
        elif (
            this is not None
            and when == _month_before(year, month)
            and abs(total - before - this) > Decimal("0.01")
        ):
            fail(
                "investment_month",
                _(
                    "本月完成投资 %(m)s 万元应等于累计完成投资之差 %(d)s 万元（%(t)s − 上月 %(b)s）。"
                )
                % {"m": this, "d": total - before, "t": total, "b": before},
            )
        elif this is not None and this > total - before:
            # the months between (or before the first return) cannot have been negative
            fail(
                "investment_month",
                _("本月完成投资 %(m)s 万元超过累计完成投资的增加额 %(d)s 万元。")
                % {"m": this, "d": total - before},
            )
        after, later = next_total(project, year, month)
        if later is not None and total > after:
            # a month corrected must stay below the months already filed after it
            fail(
                "investment_total",
                _("累计完成投资 %(v)s 万元高于%(y)s年%(m)s月已报的 %(a)s 万元，累计数不应下降。")
                % {"v": total, "a": after, "y": later[0], "m": later[1]},
            )
    return {**figures, "progress": progress}, errors


def next_total(project: Project, year: int, month: int) -> tuple[Decimal, tuple[int, int] | None]:
    """The cumulative investment of the earliest return after (year, month), and its month."""
    row = (
        ProjectReturn.objects.filter(project=project)
        .filter(Q(year__gt=year) | Q(year=year, month__gt=month))
        .order_by("year", "month")
        .values_list("investment_total", "year", "month")
        .first()
    )
    if row is None:
        return Decimal(0), None
    return row[0], (row[1], row[2])


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def year_to_date(project: Project, year: int, month: int, this_month: Decimal) -> Decimal:
    """本年累计: this year's earlier months' returns summed, with this month's."""
    earlier = ProjectReturn.objects.filter(project=project, year=year, month__lt=month).aggregate(
        s=Sum("investment_month")
    )["s"]
    return (earlier or Decimal(0)) + this_month


def later_months(project: Project, year: int, month: int) -> None:
    """A corrected month changes the 本年累计 of the year's later returns: recomputed."""
    running = year_to_date(project, year, month, Decimal(0))
    for row in ProjectReturn.objects.filter(project=project, year=year).order_by("month"):
        if row.month < month:
            continue
        running_after = running + row.investment_month
        if row.investment_year != running_after:
            ProjectReturn.objects.filter(pk=row.pk).update(investment_year=running_after)
        running = running_after


def following_month(project: Project, row: ProjectReturn) -> None:
    """A corrected cumulative changes the next month's 本月完成投资 (the difference of the two
    cumulatives): when the next month is filed, its figure follows, with its 本年累计."""
    year, month = (row.year, row.month + 1) if row.month < 12 else (row.year + 1, 1)
    after = ProjectReturn.objects.filter(project=project, year=year, month=month).first()
    if after is None:
        return
    this_month = after.investment_total - row.investment_total  # never negative: checked
    if this_month != after.investment_month:
        ProjectReturn.objects.filter(pk=after.pk).update(investment_month=this_month)
        totals.changed(after.region_id, year, month)  # ``update()`` sends no signal
        later_months(project, year, month)


@transaction.atomic
def return_file(
    *,
    actor: User,
    project: Project,
    year: int,
    month: int,
    investment_month: Any,
    investment_total: Any,
    progress: str,
    problems: str = "",
    photos: Sequence[File] = (),
    is_demo: bool = False,
) -> ProjectReturn:
    """Files (or corrects) a project's return for a month: the responsible unit, or the plan
    office for it. All checked first; on any problem nothing is written."""
    project = (
        Project.objects.select_for_update().select_related("region", "unit").get(pk=project.pk)
    )
    can_file_return(actor, project).require()
    now = timezone.now()
    today = timezone.localdate(now)
    clean, errors = check_return(
        project, year, month, investment_month, investment_total, progress, today
    )
    problems = (problems or "").strip()
    if len(problems) > TEXT_MAX:
        errors.setdefault("problems", []).append(_("存在问题不超过%(n)s字。") % {"n": TEXT_MAX})
    if len(photos) > PHOTOS_MAX:
        errors.setdefault("photos", []).append(_("每月最多上传%(n)s张照片。") % {"n": PHOTOS_MAX})
    if errors:
        raise ValidationError(errors)
    acting = require_acting(actor)
    unit = project.unit if acting.unit_id != project.unit_id else acting.unit
    assert unit is not None
    existing = (
        ProjectReturn.objects.select_for_update()
        .filter(project=project, year=year, month=month)
        .first()
    )
    values = {
        "investment_month": clean["investment_month"],
        "investment_total": clean["investment_total"],
        "investment_year": year_to_date(project, year, month, clean["investment_month"]),
        "progress": clean["progress"],
        "problems": problems,
        "unit": unit,
        "filed_by": actor,
    }
    if existing is None:
        row = ProjectReturn(
            project=project,
            region=project.region,
            year=year,
            month=month,
            filed_at=now,
            on_time=today <= return_due(year, month),
            is_demo=is_demo,
            **values,
        )
        before: dict[str, Any] = {}
    else:
        row = existing
        before = snapshot(row)
        for name, value in values.items():
            setattr(row, name, value)
    row.save()
    later_months(project, year, month)
    if before:
        following_month(project, row)
    for upload in photos:
        _store(
            actor=actor, project=project, upload=upload, kind=DocumentKind.PHOTO, project_return=row
        )
    after = snapshot(row)
    old, new = diff(before, after) if before else ({}, after)
    if photos:
        new["photos"] = [u.name for u in photos]
    audit_record(
        actor=actor,
        verb=ProjectVerb.RETURN_FILE,
        target=row,
        parent=project,
        before=old,
        after=new,
    )
    return row
