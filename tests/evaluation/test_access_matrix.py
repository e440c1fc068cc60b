"""Every route of the evaluation (pages ``evaluation:…``, API ``api:evaluation…``) against every
persona: out of scope → 404, in scope but not allowed → 403, allowed → 2xx/302; anonymous to
the login page (401 for the API); and no route escapes the matrix.

The world: the small register of ``conftest`` with a published run (the ``enterprise``
persona's own result 丙 in it, and its appeal waiting), a draft run, the scheme."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from gongye.evaluation.services.appeals import appeal_file
from gongye.evaluation.services.runs import run_create, run_publish
from tests.conftest import PERSONAS, TINY_PDF
from tests.evaluation.conftest import SCHEME
from tests.test_access_matrix import (
    Entry,
    _named_routes,
    app_matrix_failures,
    assert_anonymous_refused,
)

ALL = set(PERSONAS)
# the region's readers of the evaluation: the plan office, leaders, the statistics bureau
READERS = {"plan_office", "county_leader", "statistics", "city_leader", "province_leader"}
OWN = READERS | {"enterprise"}  # and an enterprise user for its own result
OFFICE = {"plan_office"}
PREFIXES = ("evaluation:", "api:evaluation")


def _publish(p: str) -> dict:
    return {"action": "publish"}


def _scheme_data(p: str) -> dict:
    return {"document": SCHEME.replace("benchmark: 5}", "benchmark: 6}"), "year": 2022, "save": "1"}


def _appeal_data(p: str) -> dict:
    return {"variable": "tax", "claimed_value": "60", "statement": "税收应为60万元"}


ENTRIES = [
    Entry("evaluation:home", "get", lambda c: "/evaluation/", OWN),
    Entry("evaluation:scheme_new", "get", lambda c: "/evaluation/schemes/new/", OFFICE),
    Entry(
        "evaluation:scheme_detail",
        "get",
        lambda c: f"/evaluation/schemes/{c['scheme'].pk}/",
        READERS,
    ),
    Entry(
        "evaluation:scheme_detail",
        "post",
        lambda c: f"/evaluation/schemes/{c['scheme'].pk}/",
        OFFICE,
        ok=302,
        data=_scheme_data,
    ),
    Entry(
        "evaluation:run_new",
        "post",
        lambda c: f"/evaluation/schemes/{c['scheme'].pk}/run/",
        OFFICE,
        ok=302,
        data=lambda p: {"year": 2022},
    ),
    Entry(
        "evaluation:run_detail", "get", lambda c: f"/evaluation/runs/{c['published'].pk}/", READERS
    ),
    Entry(
        "evaluation:run_step",
        "post",
        lambda c: f"/evaluation/runs/{c['draft'].pk}/step/",
        OFFICE,
        ok=302,
        data=_publish,
    ),
    Entry(
        "evaluation:run_compare",
        "get",
        lambda c: f"/evaluation/runs/{c['draft'].pk}/compare/{c['published'].pk}/",
        READERS,
    ),
    Entry(
        "evaluation:publicity_xlsx",
        "get",
        lambda c: f"/evaluation/runs/{c['published'].pk}/publicity.xlsx",
        READERS,
    ),
    Entry(
        "evaluation:publicity_docx",
        "get",
        lambda c: f"/evaluation/runs/{c['published'].pk}/publicity.docx",
        READERS,
    ),
    Entry("evaluation:result_detail", "get", lambda c: f"/evaluation/results/{c['own'].pk}/", OWN),
    Entry(
        "evaluation:score_sheet",
        "get",
        lambda c: f"/evaluation/results/{c['own'].pk}/score-sheet.docx",
        OWN,
    ),
    # another enterprise's result is out of the enterprise user's sight
    Entry(
        "evaluation:result_detail",
        "get",
        lambda c: f"/evaluation/results/{c['other'].pk}/",
        READERS,
        {"enterprise"},
    ),
    Entry(
        "evaluation:appeal_new",
        "post",
        lambda c: f"/evaluation/results/{c['own'].pk}/appeal/",
        {"enterprise"},
        ok=302,
        data=_appeal_data,
    ),
    Entry("evaluation:appeal_list", "get", lambda c: "/evaluation/appeals/", OWN),
    Entry(
        "evaluation:appeal_evidence",
        "get",
        lambda c: f"/evaluation/appeals/{c['appeal'].pk}/evidence/",
        OWN,
    ),
    Entry(
        "evaluation:appeal_detail", "get", lambda c: f"/evaluation/appeals/{c['appeal'].pk}/", OWN
    ),
    Entry(
        "evaluation:appeal_step",
        "post",
        lambda c: f"/evaluation/appeals/{c['appeal'].pk}/step/",
        {"enterprise"},
        ok=302,
        data=lambda p: {"action": "withdraw"},
    ),
    # the API
    Entry("api:evaluation_schemes", "get", lambda c: "/api/v1/evaluation/schemes", READERS),
    Entry(
        "api:evaluation_schemes",
        "post",
        lambda c: "/api/v1/evaluation/schemes",
        OFFICE,
        ok=201,
        data=lambda p: {"document": SCHEME},
        json=True,
    ),
    Entry(
        "api:evaluation_scheme_runs",
        "post",
        lambda c: f"/api/v1/evaluation/schemes/{c['scheme'].pk}/runs",
        OFFICE,
        ok=201,
        data=lambda p: {},
        json=True,
    ),
    Entry("api:evaluation_runs", "get", lambda c: "/api/v1/evaluation/runs", READERS),
    Entry(
        "api:evaluation_run_detail",
        "get",
        lambda c: f"/api/v1/evaluation/runs/{c['published'].pk}",
        READERS,
    ),
    Entry(
        "api:evaluation_run_actions",
        "post",
        lambda c: f"/api/v1/evaluation/runs/{c['draft'].pk}/actions",
        OFFICE,
        data=lambda p: {"action": "publish"},
        json=True,
    ),
    Entry(
        "api:evaluation_run_results",
        "get",
        lambda c: f"/api/v1/evaluation/runs/{c['published'].pk}/results",
        READERS,
    ),
    Entry(
        "api:evaluation_result_detail",
        "get",
        lambda c: f"/api/v1/evaluation/results/{c['own'].pk}",
        OWN,
    ),
    Entry(
        "api:evaluation_result_detail",
        "get",
        lambda c: f"/api/v1/evaluation/results/{c['other'].pk}",
        READERS,
        {"enterprise"},
    ),
    Entry(
        "api:evaluation_result_appeals",
        "post",
        lambda c: f"/api/v1/evaluation/results/{c['own'].pk}/appeals",
        {"enterprise"},
        ok=201,
        data=lambda p: {"variable": "tax", "claimed_value": "60", "statement": "税收应为60万元"},
        json=True,
    ),
    Entry("api:evaluation_appeals", "get", lambda c: "/api/v1/evaluation/appeals", OWN),
    Entry(
        "api:evaluation_appeal_detail",
        "get",
        lambda c: f"/api/v1/evaluation/appeals/{c['appeal'].pk}",
        OWN,
    ),
    Entry(
        "api:evaluation_appeal_actions",
        "post",
        lambda c: f"/api/v1/evaluation/appeals/{c['appeal'].pk}/actions",
        {"enterprise"},
        data=lambda p: {"action": "withdraw"},
        json=True,
    ),
]


@pytest.fixture
def ctx(persona, version, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = persona("plan_office")
    published = run_publish(actor=office, run=run_create(actor=office, version=version))
    own = published.results.get(name="丙公司")
    appeal = appeal_file(
        actor=persona("enterprise"),
        result=own,
        variable="land_mu",
        claimed_value=5,
        statement="用地5亩",
        evidence=ContentFile(TINY_PDF, name="不动产权证.pdf"),
    )
    return {
        "scheme": version.scheme,
        "published": published,
        "draft": run_create(actor=office, version=version),
        "own": own,
        "other": published.results.get(name="甲公司"),
        "appeal": appeal,
    }


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.method}-{e.route}")
def test_access_matrix(entry: Entry, persona, ctx):
    failures = app_matrix_failures(entry, ctx, persona)
    assert not failures, f"{entry.method.upper()} {entry.route}: " + "; ".join(failures)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.method}-{e.route}")
def test_anonymous_is_sent_to_login_or_gets_401(entry: Entry, ctx):
    assert_anonymous_refused(entry, ctx)


def test_matrix_covers_every_evaluation_route():
    covered = {e.route for e in ENTRIES}
    routes = {r for r in _named_routes() if r.startswith(PREFIXES)}
    assert not routes - covered, (
        f"routes without an access-matrix entry: {sorted(routes - covered)}"
    )
