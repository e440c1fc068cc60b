"""A small project register whose every statistic is worked out by hand in the tests
(``test_statistics``, ``test_computed_targets``): 霍山县's projects of 2021 and 2022 with their
starts, completions, 纳规 and 月30 returns, and one 金寨县 project (the city's sums).

Hand-computed, for 1–6月 2022 against 1–6月 2021:

- 开工5000万元以上工业项目: A (8000, 3月) and B (5000 exactly, 30 June) → 2, 13000 万元;
  not C (July), D (基础设施), E (4999.99), F (given up). 2021: G (10000, May) → 1, 10000;
  not H (August). Growth (2/1 − 1) = 100%.
- 竣工500万元以上技改项目: U1 (800, Feb) and U2 (500 exactly, June 1) → 2, 1300; not U3
  (499), U4 (新建), U6 (2021 September). 2021: U5 (600, April) → 1, 600. Growth 100%.
- 工业投资 by month 2022: Jan 40 (U1), Feb 60 (U1), Mar 100 (A), Apr 200 (A) + 25 (F, given up
  since: what it reported stays), Jun 300 (A) + 50 (B); July 999 (A) after the month; D's 1000
  (基础设施) never. 1–6月 775. 2021: Mar 30 (U5), May 500 (G), Jun 70 (G) + 20 (U5); July 700
  (G) after. 1–6月 620. Growth 775/620 − 1 = 25%.
- 技改投资 2022: 40 + 60 + 25 = 125; 2021: 30 + 20 = 50. Growth 150%. Share 125/775 = 16.13%.
- 项目纳规企业: 2022 甲 (S1 Feb; S2 May is the same enterprise, once) → 1; 丙 (S3 July) after.
  2021: 乙 (S4 March), 丁 (S5 30 June) → 2. Growth (1/2 − 1) = −50%.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongye.enterprises.choices import Scale
from gongye.orgs.models import Unit
from gongye.projects.choices import ProjectKind, ProjectStage
from tests.enterprises.factories import EnterpriseFactory
from tests.projects.factories import ProjectFactory, ProjectReturnFactory

NEW, EXPANSION = ProjectKind.NEW, ProjectKind.EXPANSION
UPGRADE, INFRA = ProjectKind.UPGRADE, ProjectKind.INFRASTRUCTURE
D = dt.date


def project(name, kind, total, stage=ProjectStage.BUILDING, **dates):
    return ProjectFactory(
        name=name, kind=kind, total_investment=Decimal(total), stage=stage, **dates
    )


def filed(filer, p, year, month, amount):
    return ProjectReturnFactory(
        project=p,
        year=year,
        month=month,
        investment_month=Decimal(amount),
        investment_year=Decimal(amount),
        investment_total=Decimal(amount),
        filed_by=filer,
    )


def small_world(filer) -> dict:
    """Builds the register above; ``filer`` files the returns. Returns the projects by name."""
    p = {
        "A": project("A", NEW, "8000", started_on=D(2022, 3, 10)),
        "B": project("B", EXPANSION, "5000", started_on=D(2022, 6, 30)),
        "C": project("C", NEW, "6000", started_on=D(2022, 7, 1)),
        "D": project("D", INFRA, "9000", started_on=D(2022, 2, 1)),
        "E": project("E", NEW, "4999.99", started_on=D(2022, 4, 1)),
        "F": project(
            "F",
            UPGRADE,
            "7000",
            stage=ProjectStage.CANCELLED,
            started_on=D(2022, 5, 5),
            cancelled_on=D(2022, 6, 1),
        ),
        "G": project("G", NEW, "10000", started_on=D(2021, 5, 20)),
        "H": project("H", UPGRADE, "6000", started_on=D(2021, 8, 1)),
        "U1": project("U1", UPGRADE, "800", ProjectStage.PRODUCING, completed_on=D(2022, 2, 15)),
        "U2": project("U2", UPGRADE, "500", ProjectStage.PRODUCING, completed_on=D(2022, 6, 1)),
        "U3": project("U3", UPGRADE, "499", ProjectStage.PRODUCING, completed_on=D(2022, 3, 1)),
        "U4": project("U4", NEW, "800", ProjectStage.PRODUCING, completed_on=D(2022, 3, 1)),
        "U5": project("U5", UPGRADE, "600", ProjectStage.PRODUCING, completed_on=D(2021, 4, 1)),
        "U6": project("U6", UPGRADE, "900", ProjectStage.PRODUCING, completed_on=D(2021, 9, 1)),
    }
    firms = {
        n: EnterpriseFactory(name=f"{n}企业", scale=Scale.ABOVE) for n in ("甲", "乙", "丙", "丁")
    }
    for name, firm, day in (
        ("S1", "甲", D(2022, 2, 1)),
        ("S2", "甲", D(2022, 5, 1)),
        ("S3", "丙", D(2022, 7, 1)),
        ("S4", "乙", D(2021, 3, 1)),
        ("S5", "丁", D(2021, 6, 30)),
    ):
        p[name] = project(
            name, NEW, "300", ProjectStage.SCALED, enterprise=firms[firm], scaled_on=day
        )
    for name, year, month, amount in (
        ("U1", 2022, 1, "40"),
        ("U1", 2022, 2, "60"),
        ("A", 2022, 3, "100"),
        ("A", 2022, 4, "200"),
        ("F", 2022, 4, "25"),
        ("A", 2022, 6, "300"),
        ("B", 2022, 6, "50"),
        ("A", 2022, 7, "999"),
        ("D", 2022, 3, "1000"),
        ("U5", 2021, 3, "30"),
        ("G", 2021, 5, "500"),
        ("G", 2021, 6, "70"),
        ("U5", 2021, 6, "20"),
        ("G", 2021, 7, "700"),
        ("D", 2021, 4, "400"),
    ):
        filed(filer, p[name], year, month, amount)
    return p


def jinzhai_project(filer):
    """One 金寨县 project: 9000 万元 started in 2022-04, 60 万元 reported in April."""
    bureau = Unit.objects.get(region__code="341524", name="经信局")
    found = ProjectFactory(
        region=bureau.region,
        location=bureau,
        unit=bureau,
        name="金寨项目",
        kind=NEW,
        total_investment=Decimal("9000"),
        stage=ProjectStage.BUILDING,
        started_on=D(2022, 4, 1),
    )
    filed(filer, found, 2022, 4, "60")
    return found
