"""The roles page lists every assignment in the security administrator's scope; the top bar's
identity switcher on that page still offers only the administrator's own (issue 11, item 17:
the page's list used to shadow the switcher's)."""

from __future__ import annotations

import re

from gongye.accounts import services
from gongye.core.roles import Role
from tests.conftest import LUAN


def _switcher_options(page: str) -> set[str]:
    start = page.index('id="acting-switcher"')
    form = page[start : page.index("</form>", start)]
    return set(re.findall(r'<option value="(\d+)"', form))


def test_switcher_on_the_roles_page_offers_only_ones_own(org, sec_admin, persona, client):
    others = [persona(name).assignments.get() for name in ("lead_liaison", "coop_liaison")]
    # the same administrator role in a second region: two identities, so the bar shows a switcher
    services.assignment_grant(actor=None, user=sec_admin, role=Role.SEC_ADMIN, region=org[LUAN])
    own = {
        str(pk) for pk in sec_admin.assignments.filter(is_active=True).values_list("pk", flat=True)
    }
    assert len(own) == 2
    client.force_login(sec_admin)
    page = client.get("/accounts/roles/").content.decode()
    assert _switcher_options(page) == own
    # the page's own table still lists the others' assignments
    for assignment in others:
        assert f"/accounts/roles/{assignment.pk}/revoke/" in page
    # and the same switcher elsewhere
    assert _switcher_options(client.get("/").content.decode()) == own
