"""Who may do what in the cultivation libraries.

- The plan office (科技经信局) decides: it sets libraries up, records an enterprise in a
  library, confirms or dismisses a suggestion, moves an entry between stages, takes it out,
  records a recovery or a zombie enterprise's disposal, and undoes any of these.
- The liaison of the enterprise's township or development zone (乡镇、园区联络员) knows the
  enterprises on the ground, so may *propose* one of them for a library: the proposal becomes
  a suggestion that waits for the plan office, exactly like one computed from the data.
- Everyone who reads the register reads the libraries of the enterprises they may see
  (``enterprises_visible_to``), except an enterprise's own user, who sees its entries on its
  page but neither the office's pending suggestions nor the dismissed ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.orgs.choices import UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.enterprises.models import Enterprise, LibraryEntry

# who opens the library pages (the entries of the enterprises they may see)
LIBRARY_READERS = {
    Role.PLAN_OFFICE,
    Role.STATISTICS,
    Role.LEADER,
    Role.LIAISON,
    Role.UNIT_HEAD,
}


def can_view_libraries(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, LIBRARY_READERS, _("查看培育库"))


def can_manage_libraries(user: User | AnonymousUser) -> Decision:
    """The plan office decides every entry and sets the libraries up."""
    return require_role_in(user, {Role.PLAN_OFFICE}, _("办理培育库入库、调整和出库"))


def can_decide(user: User | AnonymousUser, entry: LibraryEntry) -> Decision:
    """An edge of the entry's workflow: the plan office of the entry's region (or above)."""
    decision = can_manage_libraries(user)
    if not decision:
        return decision
    acting = acting_of(user)
    assert acting is not None
    if not entry.region.path.startswith(acting.region.path):
        return deny(_("该企业不在您的管辖区划内。"))
    return ALLOW


def can_add_entry(user: User | AnonymousUser, enterprise: Enterprise) -> Decision:
    """The plan office records an entry; the liaison of the enterprise's township or
    development zone proposes one (it waits for the plan office)."""
    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if acting.role == Role.PLAN_OFFICE:
        return ALLOW
    if acting.role == Role.LIAISON and acting.unit_id is not None:
        if enterprise.township_id == acting.unit_id:
            return ALLOW
        unit = acting.unit
        if unit is not None and unit.kind == UnitKind.DEV_ZONE and enterprise.in_dev_zone:
            return ALLOW
        return deny(_("只能推荐本乡镇（园区）的企业入库。"))
    return deny(_("只有督办（计划办）或企业所在乡镇（园区）的联络员可以推荐企业入库。"))


def can_propose_any(user: User | AnonymousUser) -> Decision:
    """The form to propose or record an entry (the enterprise is checked when chosen)."""
    return require_role_in(user, {Role.PLAN_OFFICE, Role.LIAISON}, _("推荐企业入库"))


def sees_pending(user: User | AnonymousUser) -> bool:
    """Suggestions and dismissed ones are the office's deliberation, not the enterprise's."""
    acting = acting_of(user)
    return acting is not None and acting.role != Role.ENTERPRISE
