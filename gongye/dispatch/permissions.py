"""Every decision about 调度's pages: the board, calendar, list and timeline follow 督办's
reading rule; the monthly bulletin is published to every unit. Each answers a ``Decision``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import Decision, require_role_in
from gongye.supervision.permissions import REGION_WIDE, UNIT_SCOPED, can_supervise_view

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

# the bulletin's readers: the plan office, leaders, statistics, and the units' liaisons and heads
BULLETIN_READERS = REGION_WIDE | UNIT_SCOPED


def can_view_board(user: User | AnonymousUser) -> Decision:
    """The board pages show the tasks 督办 shows this person (its selectors scope them)."""
    return can_supervise_view(user)


def can_read_bulletin(user: User | AnonymousUser) -> Decision:
    """The bulletin is published to every unit: the plan office, leaders, statistics, and the
    liaisons and heads of the region's units read it; enterprises and administrators do not.
    The region itself is checked by the caller (out of scope → 404)."""
    return require_role_in(user, BULLETIN_READERS, _("查看月度调度通报"))
