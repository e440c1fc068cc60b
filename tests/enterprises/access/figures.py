"""Access-matrix entries of the register's figures part: the bureau's import pages (the
statistics bureau and the plan office), an enterprise's monthly entry form (the enterprise
itself and the bureau; whoever cannot see the enterprise gets a 404)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PERSONAS
from tests.enterprises import figures_fixtures as fx
from tests.test_access_matrix import Entry


def _sheet(_persona: str) -> dict:
    return {"file": SimpleUploadedFile("2022年6月.xlsx", fx.simple([[fx.code(1), "甲", 1, 1]]))}


KEEPERS = {"plan_office", "statistics"}
# who sees the 衡山镇 enterprise at all: the keepers, 衡山镇's liaison, its own user
SEES_OWN = KEEPERS | {"coop_liaison", "enterprise"}
ADMINS = {"auditor", "sys_admin", "sec_admin"}

ENTRIES: list = [
    Entry("enterprises:figures_import", "get", lambda c: "/enterprises/figures/import/", KEEPERS),
    Entry(
        "enterprises:figures_import_confirm",
        "post",
        lambda c: "/enterprises/figures/import/confirm/",
        KEEPERS,
        ok=302,  # nothing staged: back to the upload page
    ),
    Entry("enterprises:figure_imports", "get", lambda c: "/enterprises/figures/imports/", KEEPERS),
    Entry(
        "enterprises:figures_mine",
        "get",
        lambda c: "/enterprises/figures/mine/",
        {"enterprise"},
        ok=302,
    ),
    Entry(
        "enterprises:figures_entry",
        "get",
        lambda c: f"/enterprises/{c['own'].pk}/figures/entry/",
        {"enterprise", "statistics"},
        set(PERSONAS) - SEES_OWN,
    ),
    Entry(
        "api:enterprise_figures_series",
        "get",
        lambda c: f"/api/v1/enterprises/{c['own'].pk}/figures/series",
        SEES_OWN,
        # the administrators read no enterprise at all (403); the others do not see this one
        set(PERSONAS) - SEES_OWN - ADMINS,
    ),
    Entry(
        "api:enterprise_figures_import_preview",
        "post",
        lambda c: "/api/v1/enterprises/imports",
        KEEPERS,
        data=_sheet,
    ),
]


def context(request, persona, unit) -> dict:
    return {"own": request.getfixturevalue("own_enterprise")}
