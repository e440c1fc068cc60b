"""月30 returns through ``services.returns.return_file`` and ``check_return``: the due day,
on time by a controlled clock, every refusal (negative, falling or excessive cumulative, a month
still to come, this month not the difference of the cumulatives, a photo that is not one, text
limits, a project given up) changing nothing; a month corrected and recorded; and the colours
and the owing list of ``selectors.returns`` against hand-computed cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongye.audit.models import AuditEntry
from gongye.projects.choices import ProjectStage, ProjectVerb, ReturnColour
from gongye.projects.models import Project, ProjectDocument, ProjectReturn
from gongye.projects.selectors.returns import owing, return_colour
from gongye.projects.services.returns import check_return, return_due, return_file
from tests.conftest import PERSONAS
from tests.projects.factories import ProjectFactory, ProjectReturnFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
TEXT = "这是一个文本文件，不是照片。\n".encode()
ENTRIES = AuditEntry.objects.filter(verb=ProjectVerb.RETURN_FILE)
FILERS = {"plan_office", "lead_liaison", "unit_head"}  # 开发区 answers for the project
TZ = timezone.get_default_timezone()


def at(*when: int) -> dt.datetime:
    """A local moment: (year, month, day, hour, minute)."""
    return dt.datetime(*when, tzinfo=TZ)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def building(kfq_project):
    """The 开发区 project (8,000万元), started 10 March 2022."""
    kfq_project.stage = ProjectStage.BUILDING
    kfq_project.started_on = dt.date(2022, 3, 10)
    kfq_project.save()
    return kfq_project


def file(actor, project, month, this, total, *, year=2022, **more) -> ProjectReturn:
    return return_file(
        actor=actor,
        project=project,
        year=year,
        month=month,
        investment_month=this,
        investment_total=total,
        progress=more.pop("progress", "主体结构施工"),
        **more,
    )


def _nothing_written(entries: int = 0, rows: int = 0) -> None:
    assert ProjectReturn.objects.count() == rows
    assert ENTRIES.count() == entries
    assert not ProjectDocument.objects.exists()


# ----- the due day and on time


@pytest.mark.parametrize(
    ("year", "month", "due"),
    [
        (2022, 1, dt.date(2022, 1, 30)),
        (2022, 2, dt.date(2022, 2, 28)),
        (2024, 2, dt.date(2024, 2, 29)),
        (2022, 4, dt.date(2022, 4, 30)),
        (2022, 5, dt.date(2022, 5, 30)),
        (2022, 12, dt.date(2022, 12, 30)),
    ],
)
def test_the_return_is_due_on_the_30th_or_the_last_day_of_february(year, month, due):
    assert return_due(year, month) == due


@pytest.mark.parametrize(
    ("month", "moment", "on_time"),
    [
        (5, at(2022, 5, 12, 9, 0), True),
        (5, at(2022, 5, 30, 23, 59), True),  # Beijing time, the due day's last minute
        (5, at(2022, 5, 31, 0, 1), False),
        (5, at(2022, 6, 2, 10, 0), False),
        (2, at(2022, 2, 28, 18, 0), True),
        (2, at(2022, 3, 1, 8, 0), False),
    ],
)
def test_on_time_is_by_the_due_day_in_local_time(lead_liaison, building, month, moment, on_time):
    building.started_on = dt.date(2022, 1, 5)
    building.save()
    with time_machine.travel(moment, tick=False):
        filed = file(lead_liaison, building, month, "300", "300")
    assert filed.on_time is on_time
    assert filed.filed_at == moment
    assert filed.unit == building.unit and filed.filed_by == lead_liaison


def test_a_return_is_filed_and_recorded(lead_liaison, building):
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        filed = file(
            lead_liaison,
            building,
            5,
            "1,200.5",
            "1200.50",
            progress="  厂房封顶  ",
            problems=" 用电增容 ",
            photos=[SimpleUploadedFile("进度.png", PNG)],
        )
    filed.refresh_from_db()
    assert (filed.investment_month, filed.investment_year, filed.investment_total) == (
        Decimal("1200.50"),
        Decimal("1200.50"),
        Decimal("1200.50"),
    )
    assert (filed.progress, filed.problems, filed.region_id) == (
        "厂房封顶",
        "用电增容",
        building.region_id,
    )
    photo = filed.photos.get()
    assert (photo.name, photo.kind, photo.project_id) == ("进度.png", "photo", building.pk)
    entry = ENTRIES.get()
    assert entry.actor == lead_liaison and entry.target_id == str(filed.pk)
    assert entry.parent_id == str(building.pk)
    assert entry.before == {}
    assert entry.after["investment_total"] == "1200.50" and entry.after["month"] == 5
    assert entry.after["on_time"] is True and entry.after["photos"] == ["进度.png"]


@pytest.mark.parametrize("name", sorted(set(PERSONAS) - FILERS))
def test_only_the_responsible_unit_or_the_office_files(name, persona, building):
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        with pytest.raises(PermissionDenied):
            file(persona(name), building, 5, "100", "100")
    _nothing_written()


def test_the_office_files_for_the_unit(plan_office, building):
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        filed = file(plan_office, building, 5, "100", "100")
    assert filed.unit == building.unit and filed.filed_by == plan_office


# ----- the figures: each refusal says why and changes nothing


@pytest.fixture
def march_and_april(lead_liaison, building):
    """March 100 (cumulative 100), April 150 (cumulative 250), filed on time."""
    with time_machine.travel(at(2022, 3, 25, 10, 0), tick=False):
        file(lead_liaison, building, 3, "100", "100")
    with time_machine.travel(at(2022, 4, 25, 10, 0), tick=False):
        file(lead_liaison, building, 4, "150", "250")
    return building


@pytest.mark.parametrize(
    ("month", "this", "total", "field", "message"),
    [
        (5, "-5", "245", "investment_month", "投资额不能为负数。"),
        (5, "0", "-1", "investment_total", "投资额不能为负数。"),
        (5, "abc", "300", "investment_month", "应填写数字（万元）。"),
        (5, "50", "", "investment_total", "应填写数字（万元）。"),
        (5, "50", "NaN", "investment_total", "应填写数字（万元）。"),
        (
            5,
            "0",
            "240",
            "investment_total",
            "累计完成投资 240.00 万元低于2022年4月已报的 250.00 万元，累计数不应下降。",
        ),
        (
            5,
            "7750.01",
            "8000.01",
            "investment_total",
            "累计完成投资 8000.01 万元超过项目总投资 8000.00 万元。",
        ),
        (
            5,
            "100",
            "450",
            "investment_month",
            "本月完成投资 100.00 万元应等于累计完成投资之差 200.00 万元（450.00 − 上月 250.00）。",
        ),
        (7, "50", "300", "month", "2022年7月还没有到，不能报送。"),
        (13, "50", "300", "month", "月份无效。"),
        (0, "50", "300", "month", "月份无效。"),
    ],
)
def test_a_bad_figure_is_refused_and_nothing_changes(
    lead_liaison, march_and_april, month, this, total, field, message
):
    with time_machine.travel(at(2022, 6, 10, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, march_and_april, month, this, total)
    assert refused.value.message_dict[field] == [message]
    _nothing_written(entries=2, rows=2)
    assert not ProjectReturn.objects.filter(month=month).exists()


def test_the_full_total_and_this_month_are_taken(lead_liaison, march_and_april):
    with time_machine.travel(at(2022, 6, 10, 10, 0), tick=False):
        june = file(lead_liaison, march_and_april, 6, "7750", "8000")  # the current month
    june.refresh_from_db()
    assert (june.investment_total, june.investment_year) == (Decimal("8000.00"), Decimal("8000"))


def test_a_year_still_to_come_is_refused(lead_liaison, building):
    with time_machine.travel(at(2022, 6, 10, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, building, 1, "10", "10", year=2023)
    assert refused.value.message_dict == {"month": ["2023年1月还没有到，不能报送。"]}
    _nothing_written()


def test_after_a_gap_this_month_is_only_bounded_by_the_rise(lead_liaison, march_and_april):
    """May not filed: June's figure cannot be checked against May, only against April's
    cumulative (it cannot exceed the rise since)."""
    with time_machine.travel(at(2022, 6, 10, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, march_and_april, 6, "300.01", "550")
        assert refused.value.message_dict == {
            "investment_month": ["本月完成投资 300.01 万元超过累计完成投资的增加额 300.00 万元。"]
        }
        june = file(lead_liaison, march_and_april, 6, "120", "550")
    june.refresh_from_db()
    # 本年累计: the filed months summed (100 + 150 + 120), not the cumulative since the start
    assert (june.investment_total, june.investment_year) == (Decimal("550.00"), Decimal("370.00"))


def test_a_first_return_cannot_say_more_this_month_than_in_all(lead_liaison, building):
    with time_machine.travel(at(2022, 3, 25, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, building, 3, "500", "300")
    assert refused.value.message_dict == {
        "investment_month": ["本月完成投资 500.00 万元超过累计完成投资的增加额 300.00 万元。"]
    }
    _nothing_written()


def test_the_year_to_date_starts_again_in_january(lead_liaison, building):
    building.started_on = dt.date(2021, 11, 1)
    building.save()
    with time_machine.travel(at(2022, 1, 20, 10, 0), tick=False):
        file(lead_liaison, building, 11, "100", "100", year=2021)
        file(lead_liaison, building, 12, "50", "150", year=2021)
        january = file(lead_liaison, building, 1, "70", "220")
    rows = ProjectReturn.objects.order_by("year", "month")
    assert [(r.year, r.month, r.investment_year) for r in rows] == [
        (2021, 11, Decimal("100.00")),
        (2021, 12, Decimal("150.00")),
        (2022, 1, Decimal("70.00")),
    ]
    assert january.on_time is True
    assert [r.on_time for r in rows] == [False, False, True]  # Nov and Dec filed in January


# ----- texts, photos, a project given up


@pytest.mark.parametrize(
    ("more", "field", "message"),
    [
        ({"progress": "   "}, "progress", "请填写形象进度。"),
        ({"progress": "进" * 2001}, "progress", "形象进度不超过2000字。"),
        ({"problems": "问" * 2001}, "problems", "存在问题不超过2000字。"),
        (
            {"photos": [SimpleUploadedFile(f"{i}.png", PNG) for i in range(10)]},
            "photos",
            "每月最多上传9张照片。",
        ),
    ],
)
def test_text_and_photo_limits(lead_liaison, building, more, field, message):
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, building, 5, "100", "100", **more)
    assert refused.value.message_dict == {field: [message]}
    _nothing_written()


def test_the_longest_texts_and_nine_photos_are_taken(lead_liaison, building):
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        filed = file(
            lead_liaison,
            building,
            5,
            "100",
            "100",
            progress="进" * 2000,
            problems="问" * 2000,
            photos=[SimpleUploadedFile(f"{i}.png", PNG) for i in range(9)],
        )
    assert (len(filed.progress), len(filed.problems), filed.photos.count()) == (2000, 2000, 9)


@pytest.mark.parametrize("good_first", [False, True])
def test_a_photo_that_is_not_an_image_refuses_the_whole_return(lead_liaison, building, good_first):
    photos = [SimpleUploadedFile("现场.jpg", TEXT)]
    if good_first:
        photos.insert(0, SimpleUploadedFile("进度.png", PNG))
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, building, 5, "100", "100", photos=photos)
    assert "照片“现场.jpg”的内容不是图片" in refused.value.messages[0]
    _nothing_written()


def test_a_project_given_up_files_no_more(lead_liaison, building):
    building.stage = ProjectStage.CANCELLED
    building.cancelled_on = dt.date(2022, 5, 1)
    building.save()
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, building, 4, "100", "100")
    assert refused.value.message_dict == {"project": ["项目已终止，不再报送调度数据。"]}
    _nothing_written()


def test_check_return_reports_every_problem_at_once(building):
    building.refresh_from_db()  # the total as stored: 8000.00
    clean, errors = check_return(building, 2022, 7, "-1", "9000", "", today=dt.date(2022, 6, 10))
    assert errors == {
        "month": ["2022年7月还没有到，不能报送。"],
        "investment_month": ["投资额不能为负数。"],
        "progress": ["请填写形象进度。"],
        "investment_total": ["累计完成投资 9000.00 万元超过项目总投资 8000.00 万元。"],
    }
    clean, errors = check_return(
        building, 2022, 5, " 12.3 ", "12.30", " 进度 ", today=dt.date(2022, 6, 10)
    )
    assert errors == {}
    assert clean == {
        "investment_month": Decimal("12.30"),
        "investment_total": Decimal("12.30"),
        "progress": "进度",
    }


# ----- correcting a month


def test_correcting_a_month_refiles_it_with_a_record(lead_liaison, unit_head, march_and_april):
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        may = file(lead_liaison, march_and_april, 5, "200", "450")
    with time_machine.travel(at(2022, 6, 3, 10, 0), tick=False):
        corrected = file(
            unit_head,
            march_and_april,
            5,
            "250",
            "500",
            progress="设备安装",
            photos=[SimpleUploadedFile("补.png", PNG)],
        )
    assert corrected.pk == may.pk and ProjectReturn.objects.filter(month=5).count() == 1
    corrected.refresh_from_db()
    assert (corrected.investment_month, corrected.investment_total) == (
        Decimal("250.00"),
        Decimal("500.00"),
    )
    assert corrected.investment_year == Decimal("500.00")  # 100 + 150 + 250
    # whether it came in time is the first filing's
    assert corrected.on_time is True and corrected.filed_at == at(2022, 5, 20, 10, 0)
    assert corrected.filed_by == unit_head and corrected.progress == "设备安装"
    entry = ENTRIES.latest("pk")
    assert entry.actor == unit_head
    assert entry.before == {
        "investment_month": "200.00",
        "investment_year": "450.00",
        "investment_total": "450.00",
        "progress": "主体结构施工",
        "filed_by_id": lead_liaison.pk,
    }
    assert entry.after == {
        "investment_month": "250.00",
        "investment_year": "500.00",
        "investment_total": "500.00",
        "progress": "设备安装",
        "filed_by_id": unit_head.pk,
        "photos": ["补.png"],
    }
    assert ENTRIES.count() == 4


def test_correcting_an_earlier_month_recomputes_the_later_year_to_date(
    lead_liaison, march_and_april
):
    """March's cumulative corrected 100 → 120: April's month is the difference of the two
    cumulatives again (250 − 120 = 130), and the year to date follows (120, 250, 450)."""
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        file(lead_liaison, march_and_april, 5, "200", "450")
        file(lead_liaison, march_and_april, 3, "120", "120")
    rows = ProjectReturn.objects.order_by("month")
    assert [(r.month, r.investment_month, r.investment_year, r.investment_total) for r in rows] == [
        (3, Decimal("120.00"), Decimal("120.00"), Decimal("120.00")),
        (4, Decimal("130.00"), Decimal("250.00"), Decimal("250.00")),
        (5, Decimal("200.00"), Decimal("450.00"), Decimal("450.00")),
    ]
    # and April may now be corrected in turn: its month is checked against March's new figure
    with time_machine.travel(at(2022, 5, 21, 10, 0), tick=False):
        file(lead_liaison, march_and_april, 4, "140", "260")
    assert ProjectReturn.objects.get(month=5).investment_month == Decimal("190.00")


def test_a_correction_may_not_rise_above_a_later_month(lead_liaison, march_and_april):
    """March corrected to 300 while April says 250: the cumulative would fall in April."""
    before = list(ProjectReturn.objects.order_by("month").values())
    with time_machine.travel(at(2022, 5, 20, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            file(lead_liaison, march_and_april, 3, "300", "300")
    assert refused.value.message_dict == {
        "investment_total": [
            "累计完成投资 300.00 万元高于2022年4月已报的 250.00 万元，累计数不应下降。"
        ]
    }
    assert list(ProjectReturn.objects.order_by("month").values()) == before
    assert ENTRIES.count() == 2


# ----- the colours and who owes


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        (dt.date(2022, 5, 1), ReturnColour.NONE),
        (dt.date(2022, 5, 24), ReturnColour.NONE),  # six days before the 30th
        (dt.date(2022, 5, 25), ReturnColour.YELLOW),  # five days: due soon
        (dt.date(2022, 5, 30), ReturnColour.YELLOW),  # the due day
        (dt.date(2022, 5, 31), ReturnColour.RED),
        (dt.date(2022, 7, 15), ReturnColour.RED),
    ],
)
def test_the_colour_of_a_missing_may_return(today, colour):
    assert return_colour(None, 2022, 5, today) == colour


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        (dt.date(2022, 2, 22), ReturnColour.NONE),
        (dt.date(2022, 2, 23), ReturnColour.YELLOW),
        (dt.date(2022, 2, 28), ReturnColour.YELLOW),
        (dt.date(2022, 3, 1), ReturnColour.RED),
    ],
)
def test_the_colour_of_a_missing_february_return(today, colour):
    assert return_colour(None, 2022, 2, today) == colour


@pytest.mark.parametrize(
    ("filed_at", "colour"),
    [
        (at(2022, 5, 30, 20, 0), ReturnColour.GREEN),
        (at(2022, 5, 31, 9, 0), ReturnColour.YELLOW),
        (at(2022, 7, 2, 9, 0), ReturnColour.YELLOW),  # late stays yellow, never red
    ],
)
def test_the_colour_of_a_filed_return(lead_liaison, building, filed_at, colour):
    with time_machine.travel(filed_at, tick=False):
        filed = file(lead_liaison, building, 5, "100", "100")
    for today in (dt.date(2022, 5, 31), dt.date(2022, 7, 15), dt.date(2023, 1, 1)):
        assert return_colour(filed, 2022, 5, today) == colour


def test_who_owes_the_may_return(lead_liaison):
    def project(name, stage, started=None, produced=None):
        return ProjectFactory(name=name, stage=stage, started_on=started, produced_on=produced)

    project("储备", ProjectStage.RESERVE)
    project("五月末开工", ProjectStage.BUILDING, dt.date(2022, 5, 31))
    project("六月初开工", ProjectStage.BUILDING, dt.date(2022, 6, 1))
    project("五月一日投产", ProjectStage.PRODUCING, dt.date(2021, 3, 1), dt.date(2022, 5, 1))
    project("四月末投产", ProjectStage.PRODUCING, dt.date(2021, 3, 1), dt.date(2022, 4, 30))
    project("六月投产", ProjectStage.SCALED, dt.date(2021, 3, 1), dt.date(2022, 6, 15))
    project("在建已终止", ProjectStage.CANCELLED, dt.date(2022, 1, 10))
    owed = owing(Project.objects.all(), 2022, 5)
    assert sorted(owed.values_list("name", flat=True)) == ["五月一日投产", "五月末开工", "六月投产"]
    # filed or not, owing is the same list: a filed return is green, not off the list
    ProjectReturnFactory(
        project=Project.objects.get(name="五月末开工"), year=2022, month=5, filed_by=lead_liaison
    )
    assert owing(Project.objects.all(), 2022, 5).count() == 3
