"""The target's page shows its computed figures as computed, and the plan office reaches the
form from it; the form sets and clears the mark."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongye.enterprises.models import ComputedTarget
from gongye.enterprises.services.computed import computed_target_set
from gongye.indicators.models import Observation
from tests.enterprises.computed_fixture import small_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def output_target(small_plan, org):
    small_register()
    return small_plan.targets.get(name="规上工业产值")


def test_the_target_page_shows_the_figures_as_computed(output_target, plan_office, client):
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    client.force_login(plan_office)
    page = client.get(reverse("indicators:target_detail", args=[output_target.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="computed-from-register"' in html and "由系统计算" in html
    assert html.count("gy-computed") == 2  # March and June, each marked computed
    assert reverse("enterprises:computed_target", args=[output_target.pk]) in html


def test_a_reader_sees_how_it_is_computed_but_no_link(output_target, plan_office, persona, client):
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    client.force_login(persona("county_leader"))
    html = client.get(reverse("indicators:target_detail", args=[output_target.pk])).content.decode()
    assert "规上工业产值" in html and 'id="computed-from-register"' in html
    assert 'id="computed-set-link"' not in html
    # and the list of targets marks the latest figure too
    listing = client.get(reverse("indicators:target_list") + "?region=341525&year=2022")
    assert "gy-computed" in listing.content.decode()


def test_a_target_not_computed_shows_nothing_to_a_reader(output_target, persona, client):
    client.force_login(persona("county_leader"))
    html = client.get(reverse("indicators:target_detail", args=[output_target.pk])).content.decode()
    assert 'id="computed-from-register"' not in html


def test_the_form_lists_only_formulas_that_fit_and_sets_one(output_target, plan_office, client):
    client.force_login(plan_office)
    url = reverse("enterprises:computed_target", args=[output_target.pk])
    html = client.get(url).content.decode()
    assert 'value="above_scale_output"' in html
    assert 'value="new_above_scale"' not in html  # 家 cannot be 亿元
    response = client.post(url, {"action": "set", "formula": "above_scale_output"})
    assert response.status_code == 302
    assert ComputedTarget.objects.get(target=output_target).formula == "above_scale_output"
    assert Observation.objects.filter(target=output_target, source="register").count() == 2


def test_the_form_refuses_junk_in_chinese(output_target, plan_office, client):
    client.force_login(plan_office)
    url = reverse("enterprises:computed_target", args=[output_target.pk])
    response = client.post(url, {"action": "set", "formula": "new_above_scale"})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not ComputedTarget.objects.exists()
    target = output_target.plan.targets.create(
        seq=2, name="亿元以上企业", kind="count", comparator="gte", value=3, unit="家"
    )
    url = reverse("enterprises:computed_target", args=[target.pk])
    response = client.post(url, {"action": "set", "formula": "revenue_over", "param_line": "abc"})
    assert response.status_code == 200 and "应为大于 0 的数" in response.content.decode()
    assert not ComputedTarget.objects.exists()
    assert client.get("/enterprises/computed/target/99999999999999999999/").status_code == 404


def test_the_form_clears_the_mark(output_target, plan_office, client):
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    client.force_login(plan_office)
    url = reverse("enterprises:computed_target", args=[output_target.pk])
    assert client.post(url, {"action": "clear"}).status_code == 302
    assert not ComputedTarget.objects.exists()
    assert not Observation.objects.filter(target=output_target).exists()
