"""Time-elapsed pace (序时进度): how much of the year's work should be done by a date — pure
maths, no ORM, no other app.

One rule for everything paced against the calendar: a plan's targets (``indicators.pace``
judges them) and its key tasks (the bulletin's 时间过半、任务过六) read the pace from here, so
the two can never disagree about what "on pace in June" means.

- **Month granularity.** A month counts once it has ended; it has ended on its last day, so a
  report dated 6月30日 already stands at 时间过半. The statistics bureau publishes month totals,
  never part-months, so a finer pace would compare a month's figures to a pace they cannot meet.
- **Checkpoints never pull the pace down.** A checkpoint (month → share of the year, e.g. the
  plan's 6月"时间过半、任务过六" = 60%) raises the pace once its month has ended; the pace is the
  higher of the linear m/12 and every checkpoint already passed, so July stays at 60% (not
  7/12 = 58.3%) and August resumes at 8/12.
- **Checkpoints are a parameter.** They belong to the plan; ``DEFAULT_CHECKPOINTS`` is the
  Huoshan 2022 plan's, used where no plan says otherwise. A plan that quantifies the first
  quarter's "开门红" passes ``{3: Fraction(3, 10), 6: Fraction(3, 5)}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongye.core.dates import month_name
from gongye.core.numbers import percent
from gongye.core.periods import months_elapsed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Checkpoints = Mapping[int, Fraction]

# 6月"时间过半、任务过六" (Huoshan 2022 plan, chapter on 调度).
HALF_YEAR_MONTH = 6
DEFAULT_CHECKPOINTS: Checkpoints = {HALF_YEAR_MONTH: Fraction(3, 5)}
CHECKPOINT_NAMES: Mapping[int, StrOrPromise] = {
    3: _("一季度“开门红”"),
    6: _("“时间过半、任务过六”"),
}


def checkpoint_share(month: int, checkpoints: Checkpoints = DEFAULT_CHECKPOINTS) -> Fraction:
    """The highest checkpoint share already due by the end of ``month`` (0 if none)."""
    due = [share for m, share in checkpoints.items() if m <= month]
    return max(due, default=Fraction(0))


def pace_for_months(months: int, checkpoints: Checkpoints = DEFAULT_CHECKPOINTS) -> Fraction:
    """序时进度 once ``months`` months have ended: months / 12, raised to any checkpoint due."""
    if not 0 <= months <= 12:
        raise ValueError(f"months must be 0–12, not {months}")
    return max(Fraction(months, 12), checkpoint_share(months, checkpoints))


def time_elapsed_share(
    year: int, as_of: date, checkpoints: Checkpoints = DEFAULT_CHECKPOINTS
) -> Fraction:
    """序时进度 at ``as_of``: months ended / 12, raised to any plan checkpoint already due."""
    return pace_for_months(months_elapsed(year, as_of), checkpoints)


def checkpoint_in_force(months: int, checkpoints: Checkpoints = DEFAULT_CHECKPOINTS) -> int | None:
    """The month of the checkpoint that sets the pace after ``months`` months (the latest one
    of the highest share), or None when the linear pace is at least as high."""
    pace = pace_for_months(months, checkpoints)
    if pace <= Fraction(months, 12):
        return None
    return max(m for m, share in checkpoints.items() if m <= months and share == pace)


def checkpoint_name(month: int) -> str:
    return str(CHECKPOINT_NAMES.get(month, _("计划节点")))


def pace_text(months: int, checkpoints: Checkpoints = DEFAULT_CHECKPOINTS) -> str:
    """The pace in words, as the rule texts of every status give it: "截至6月末序时进度按月计为
    6/12 = 50%，取6月“时间过半、任务过六”节点60%"."""
    if months == 0:
        return gettext("年内尚无月份结束，序时进度0%")
    linear = Fraction(months, 12)
    text = gettext("截至%(month)s末序时进度按月计为%(months)s/12 = %(pace)s") % {
        "month": month_name(months),
        "months": months,
        "pace": percent(linear, trim=True),
    }
    month = checkpoint_in_force(months, checkpoints)
    if month is not None:
        pace = pace_for_months(months, checkpoints)
        text += gettext("，取%(month)s%(name)s节点%(pace)s") % {
            "month": month_name(month),
            "name": checkpoint_name(month),
            "pace": percent(pace, trim=True),
        }
    return text
