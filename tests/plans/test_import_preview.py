"""The import preview as the selector assembles it: typed, frozen values the page renders."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied

from gongye.plans.choices import ImportStatus
from gongye.plans.selectors import ImportPreview, PeriodCount, import_preview_for


def test_preview_of_a_revision_matches_the_plan_in_the_system(plan_office, plan_upload) -> None:
    preview = import_preview_for(plan_office, plan_upload)
    assert isinstance(preview, ImportPreview) and preview.is_open and not preview.error
    assert preview.title == "霍山县2022年测试工作意见" and preview.year == 2022
    assert [t.text for t in preview.tasks] == ["完成测试工作。", "完成第二项。"]
    assert preview.periods == (PeriodCount("1月", 2),)
    assert preview.existing is not None and preview.existing.title == "霍山县2022年测试工作意见"
    assert preview.diff is not None
    assert (len(preview.diff.unchanged), len(preview.diff.changed)) == (2, 0)
    assert preview.diff.added == () and preview.diff.removed == ()
    assert preview.unknown_names == () and preview.can_apply
    assert preview.checkpoints == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        preview.title = "改"  # type: ignore[misc]


def test_a_handled_import_shows_only_its_state(plan_office, plan_upload) -> None:
    plan_upload.status = ImportStatus.DISCARDED
    plan_upload.save()
    preview = import_preview_for(plan_office, plan_upload)
    assert not preview.is_open and not preview.can_apply and preview.tasks == ()


def test_only_the_plan_office_may_preview(lead_liaison, plan_upload) -> None:
    with pytest.raises(PermissionDenied):
        import_preview_for(lead_liaison, plan_upload)
