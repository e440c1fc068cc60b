"""A cascaded target's parts tracked like the whole (issue 5 item 3): a township's liaison
enters its own part's figures, the plan office approves them, and each part has its status
against its own goal at pace — hand-computed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongye.audit.models import AuditEntry
from gongye.indicators.models import Observation
from gongye.indicators.selectors import target_part_status
from gongye.indicators.services import observation_record, observation_review, target_parts_set

pytestmark = pytest.mark.django_db

DEC = dt.date(2022, 12, 31)


@pytest.fixture
def split(output_target, plan_office, unit):
    """规上工业产值 200亿元 split: 开发区 120, 衡山镇 80."""
    target_parts_set(
        actor=plan_office,
        target=output_target,
        parts={unit("开发区"): Decimal("120"), unit("衡山镇"): Decimal("80")},
    )
    return output_target


def _record(actor, target, month, value, part=None):
    return observation_record(
        actor=actor,
        target=target,
        year=2022,
        month=month,
        measure="cumulative",
        value=Decimal(value),
        as_of=DEC,
        part_unit=part,
    )


def test_a_township_enters_its_part_and_each_part_has_its_status(
    split, coop_liaison, plan_office, unit
):
    township = unit("衡山镇")
    figure = _record(coop_liaison, split, 6, "50", township)
    assert (figure.part_unit, figure.status) == (township, "pending")
    entry = AuditEntry.objects.filter(target_type="indicators.observation").latest("id")
    assert entry.after["part_unit"] == "衡山镇" and entry.actor_id == coop_liaison.pk
    # not counted before the plan office approves it
    assert [p.assessment for p in target_part_status(split)] == [None, None]
    observation_review(actor=plan_office, observation=figure, approve=True)

    parts = {p.unit_name: p for p in target_part_status(split)}
    # 衡山镇: goal 80, June pace 60% → 48; 50 ≥ 48: on track. 开发区: no figure yet
    assert parts["衡山镇"].assessment.expected == Decimal("48")
    assert parts["衡山镇"].assessment.status == "on_track"
    assert parts["开发区"].observation is None and parts["开发区"].assessment is None
    # the whole has no figure of its own from a part
    assert not Observation.objects.filter(target=split, part_unit=None).exists()


def test_a_township_enters_only_its_own_part(split, coop_liaison, unit):
    with pytest.raises(PermissionDenied):
        _record(coop_liaison, split, 6, "50", unit("开发区"))
    with pytest.raises(PermissionDenied):
        _record(coop_liaison, split, 6, "50")  # the whole county's figure
    assert not Observation.objects.exists()


def test_a_unit_that_holds_no_part_is_refused(split, statistics, unit):
    with pytest.raises(ValidationError) as error:
        _record(statistics, split, 6, "50", unit("诸佛庵镇"))
    assert "不是“规上工业产值”的分解单位" in str(error.value)
    assert not Observation.objects.exists()


def test_a_parts_cumulative_total_never_falls_but_parts_are_separate(split, statistics, unit):
    _record(statistics, split, 6, "50", unit("衡山镇"))
    _record(statistics, split, 7, "30", unit("开发区"))  # another part: not compared
    _record(statistics, split, 7, "10")  # the whole: not compared with a part
    with pytest.raises(ValidationError) as error:
        _record(statistics, split, 7, "40", unit("衡山镇"))
    assert "累计值不能小于6月的 50" in str(error.value)


def test_the_target_page_shows_each_part(client, split, statistics, unit, county_leader):
    _record(statistics, split, 6, "60", unit("开发区"))  # 120 × 60% = 72: 60/72 = 83% behind
    client.force_login(county_leader)
    html = client.get(reverse("indicators:target_detail", args=[split.pk])).content.decode()
    table = html[html.index('id="parts"') : html.index("</table>", html.index('id="parts"'))]
    assert "开发区" in table and "衡山镇" in table
    start = table.index("<td>开发区</td>")
    row = table[start : table.index("</tr>", start)]
    assert "120亿元" in row and ">60<" in row and ">72<" in row and "落后" in row


def test_the_entry_form_offers_the_part_to_its_township(client, split, coop_liaison, unit):
    client.force_login(coop_liaison)
    url = reverse("indicators:observation_enter", kwargs={"plan_pk": split.plan.pk})
    page = client.get(url)
    assert page.status_code == 200 and 'name="part_unit"' in page.content.decode()
    june = {"target": split.pk, "month": 6, "measure": "cumulative", "value": "50"}
    # not its own part: refused on the form
    response = client.post(url, {**june, "part_unit": unit("开发区").pk})
    assert response.status_code == 200 and not Observation.objects.exists()
    assert "乡镇、开发区只能填报本单位的分解部分" in response.content.decode()
    response = client.post(url, {**june, "part_unit": unit("衡山镇").pk})
    assert response.status_code == 302
    assert Observation.objects.get().part_unit == unit("衡山镇")
