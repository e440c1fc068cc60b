"""Entry pages: access matrix (200 / 403 / 404), writes through the services, and a malformed
statistics sheet refused cell by cell with nothing written."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongye.indicators.models import Observation, TargetOwner, TargetPart, TargetTaskLink
from gongye.indicators.services import observation_record, statistics_template, target_owner_set


def _url(name: str, **kwargs) -> str:
    return reverse(f"indicators:{name}", kwargs=kwargs)


@pytest.fixture
def owned(output_target, plan_office, unit):
    target_owner_set(actor=plan_office, target=output_target, unit=unit("开发区"))
    return output_target


# who → expected status per page (plan pages; the target's owner is 开发区)
MATRIX = {
    "observation_enter": {
        "lead_liaison": 200,
        "statistics": 200,
        "plan_office": 403,
        "county_leader": 403,
        "coop_liaison": 403,
        "outsider": 404,
    },
    "review_list": {"plan_office": 200, "lead_liaison": 403, "statistics": 403, "outsider": 404},
    "target_setup": {
        "plan_office": 200,
        "lead_liaison": 403,
        "county_leader": 403,
        "outsider": 404,
    },
    "statistics_upload": {"statistics": 200, "plan_office": 403, "outsider": 404},
    "statistics_template": {"statistics": 200, "lead_liaison": 403, "outsider": 404},
}
CASES = [(page, who, code) for page, row in MATRIX.items() for who, code in row.items()]


@pytest.mark.parametrize(("page", "who", "code"), CASES)
def test_access_matrix(client, persona, owned, page, who, code):
    client.force_login(persona(who))
    response = client.get(_url(page, plan_pk=owned.plan_id))
    assert response.status_code == code


def test_the_navigation_entry_leads_each_to_its_own_page(client, persona, owned):
    """指标数据 (``indicators:figures``): the entry form of the county's current plan for those
    who enter figures, the approval list for the plan office; 403 for anyone else."""
    expected = {
        "lead_liaison": _url("observation_enter", plan_pk=owned.plan_id),
        "statistics": _url("observation_enter", plan_pk=owned.plan_id),
        "plan_office": _url("review_list", plan_pk=owned.plan_id),
        "outsider": "/",  # 金寨 has no plan here: said, and back to the 工作台
    }
    for who, where in expected.items():
        client.force_login(persona(who))
        response = client.get(reverse("indicators:figures"))
        assert (response.status_code, response["Location"]) == (302, where), who
    for who in ("county_leader", "unit_head", "enterprise"):
        client.force_login(persona(who))
        assert client.get(reverse("indicators:figures")).status_code == 403, who


def test_anonymous_is_sent_to_login(client, owned):
    response = client.get(_url("review_list", plan_pk=owned.plan_id))
    assert response.status_code == 302


def test_owner_enters_a_figure(client, lead_liaison, owned):
    client.force_login(lead_liaison)
    form = {"target": owned.pk, "month": 3, "measure": "cumulative", "value": "50"}
    response = client.post(_url("observation_enter", plan_pk=owned.plan_id), form)
    assert response.status_code == 302
    obs = Observation.objects.get()
    assert (obs.month, obs.value, obs.status) == (3, Decimal("50"), "pending")


def test_entry_errors_shown_in_chinese_and_nothing_written(client, lead_liaison, owned):
    client.force_login(lead_liaison)
    form = {"target": owned.pk, "month": 3, "measure": "growth", "value": "12"}
    response = client.post(_url("observation_enter", plan_pk=owned.plan_id), form)
    assert response.status_code == 200
    assert "不能用" in response.content.decode()
    assert not Observation.objects.exists()


def test_office_approves_and_returns(client, plan_office, lead_liaison, owned):
    first, second = (
        observation_record(
            actor=lead_liaison,
            target=owned,
            year=2022,
            month=m,
            measure="cumulative",
            value=Decimal(v),
        )
        for m, v in ((1, 15), (2, 30))
    )
    client.force_login(plan_office)
    page = client.get(_url("review_list", plan_pk=owned.plan_id)).content.decode()
    assert _url("observation_review", pk=first.pk) in page
    client.post(_url("observation_review", pk=first.pk), {"decision": "approve"})
    client.post(_url("observation_review", pk=second.pk), {"decision": "return"})
    assert dict(Observation.objects.values_list("month", "status")) == {
        1: "approved",
        2: "rejected",
    }


def test_review_by_others_refused(client, persona, lead_liaison, owned):
    obs = observation_record(
        actor=lead_liaison, target=owned, year=2022, month=1, measure="cumulative", value=1
    )
    for who, code in (("lead_liaison", 403), ("outsider", 404)):
        client.force_login(persona(who))
        response = client.post(_url("observation_review", pk=obs.pk), {"decision": "approve"})
        assert response.status_code == code
    assert Observation.objects.get().status == "pending"


def _sheet(plan, cells: dict[int, object]) -> io.BytesIO:
    wb = load_workbook(io.BytesIO(statistics_template(plan)))
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 10) if any(c.value == "1月" for c in ws[r]))
    cols = {c.value: c.column for c in ws[header] if isinstance(c.value, str)}
    for month, value in cells.items():
        ws.cell(row=header + 1, column=cols[f"{month}月"], value=value)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "统计.xlsx"
    return out


def test_statistics_upload_good_sheet(client, statistics, owned):
    client.force_login(statistics)
    response = client.post(
        _url("statistics_upload", plan_pk=owned.plan_id),
        {"file": _sheet(owned.plan, {1: 15, 2: 32})},
    )
    assert response.status_code == 302
    assert list(Observation.objects.values_list("month", "status")) == [
        (1, "approved"),
        (2, "approved"),
    ]


def test_malformed_sheet_refused_cell_by_cell_nothing_written(client, statistics, owned):
    client.force_login(statistics)
    response = client.post(
        _url("statistics_upload", plan_pk=owned.plan_id),
        {"file": _sheet(owned.plan, {1: 15, 2: 12, 3: "很多"})},
    )
    assert response.status_code == 400
    html = response.content.decode()
    errors = html.split('id="cell-errors"')[1].split("</ul>")[0].count("<li>")
    assert errors >= 2  # Feb falls below Jan; Mar is text
    assert "统计.xlsx" in html and "行" in html
    assert not Observation.objects.exists()


def test_statistics_template_download(client, statistics, owned):
    client.force_login(statistics)
    response = client.get(_url("statistics_template", plan_pk=owned.plan_id))
    wb = load_workbook(io.BytesIO(response.content))
    assert any(c.value == owned.name for row in wb.worksheets[0].iter_rows() for c in row)


def test_office_sets_owner_parts_and_links(client, plan_office, output_target, unit):
    client.force_login(plan_office)
    page = client.get(_url("target_setup", plan_pk=output_target.plan_id))
    assert output_target.name in page.content.decode()
    client.post(_url("owner_set", pk=output_target.pk), {"unit": unit("开发区").pk})
    assert TargetOwner.objects.get().unit == unit("开发区")
    kfq, hs = unit("开发区"), unit("衡山镇")
    # wrong sum: refused, message shown, nothing written
    response = client.post(
        _url("parts_set", pk=output_target.pk),
        {f"part-{kfq.pk}": "100", f"part-{hs.pk}": "50"},
        follow=True,
    )
    assert "少50" in response.content.decode()
    assert not TargetPart.objects.exists()
    client.post(
        _url("parts_set", pk=output_target.pk), {f"part-{kfq.pk}": "150", f"part-{hs.pk}": "50"}
    )
    assert TargetPart.objects.count() == 2
    task = output_target.plan.tasks.first()
    client.post(_url("link_confirm", pk=output_target.pk), {"task": task.pk, "confirmed": "1"})
    assert TargetTaskLink.objects.get().confirmed


@pytest.mark.parametrize(("who", "code"), [("lead_liaison", 403), ("outsider", 404)])
def test_setup_writes_refused_to_others(client, persona, output_target, unit, who, code):
    client.force_login(persona(who))
    kfq = unit("开发区")
    task = output_target.plan.tasks.first()
    posts = [
        ("owner_set", {"unit": kfq.pk}),
        ("parts_set", {f"part-{kfq.pk}": "200"}),
        ("link_confirm", {"task": task.pk, "confirmed": "1"}),
    ]
    for name, data in posts:
        assert client.post(_url(name, pk=output_target.pk), data).status_code == code
    assert not TargetOwner.objects.exists()
    assert not TargetPart.objects.exists()
    assert not TargetTaskLink.objects.exists()


def test_setup_and_review_query_budget(
    client, plan_office, seed_plan, django_assert_max_num_queries
):
    from gongye.indicators.demo import demo_observations_load

    demo_observations_load(plan=seed_plan)
    Observation.objects.filter(month__lte=6).update(status="pending")
    # 27 targets, 162 pending figures: the counts below are the pages' fixed cost, not per row
    client.force_login(plan_office)
    with django_assert_max_num_queries(15):
        assert client.get(_url("target_setup", plan_pk=seed_plan.pk)).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(_url("review_list", plan_pk=seed_plan.pk)).status_code == 200


def test_the_target_list_and_the_cockpit_link_each_to_its_figure_pages(client, persona, owned):
    """Issue 11, item 8: figure entry, approval, the sheet import and target set-up are
    reached from the pages where the targets are, each by whoever may use it."""
    expected = {
        "lead_liaison": {"enter"},  # its unit owns a target
        "statistics": {"enter", "import"},
        "plan_office": {"review", "setup"},
        "county_leader": set(),
        "coop_liaison": set(),  # owns nothing
    }
    for who, keys in expected.items():
        client.force_login(persona(who))
        for page in ("/indicators/targets/", "/indicators/cockpit/"):
            html = client.get(page, {"year": owned.plan.year}).content.decode()
            shown = {k for k in ("enter", "import", "review", "setup") if f'id="data-{k}"' in html}
            assert shown == keys, (who, page)
