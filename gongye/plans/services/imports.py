"""The import as the plan office does it on the web: upload → preview → map unknown unit names
→ confirm (or discard). Each step is audited as an import stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.sheets import CellError, guard_upload
from gongye.orgs.models import Region, Unit
from gongye.orgs.services import unit_create, unit_update
from gongye.plans.choices import ImportStatus
from gongye.plans.documents import plan_document_parse, plan_import_parse
from gongye.plans.models import PlanImport
from gongye.plans.parsing import ParseError
from gongye.plans.permissions import can_import_plan
from gongye.plans.services.apply import ApplyResult, plan_apply_parsed

if TYPE_CHECKING:
    from gongye.accounts.models import User

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@transaction.atomic
def plan_import_upload(*, actor: User, region: Region, filename: str, data: bytes) -> PlanImport:
    """Stores an uploaded document for preview after checking that it can be read at all."""
    can_import_plan(actor, region).require()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("文件“%(filename)s”超过 20 MB，请压缩图片或拆分后再上传。") % {"filename": filename}
        )
    try:  # the shared upload guard, before any reader opens the document
        guard_upload(data, filename=filename)
    except CellError as refused:
        raise ValidationError(str(refused)) from None
    try:
        plan_document_parse(region=region, data=data, filename=filename)
    except ParseError as error:
        raise ValidationError(str(error)) from error
    record = PlanImport(region=region, uploaded_by=actor, filename=filename[:255])
    # the preview reads the file in the next request, so it is written now; should anything
    # after it fail (this transaction then rolls back), it is removed again — a crash in
    # between leaves an orphan for ``cleanup_uploads``
    record.file.save(filename, ContentFile(data), save=False)
    try:
        record.save()
        audit_record(
            actor=actor,
            verb=Verb.IMPORT,
            target=record,
            after={"filename": filename, "bytes": len(data), "stage": "upload"},
        )
    except BaseException:
        record.file.storage.delete(record.file.name)
        raise
    return record


@transaction.atomic
def plan_import_resolve_name(
    *,
    actor: User,
    record: PlanImport,
    name: str,
    unit: Unit | None = None,
    new_kind: str | None = None,
) -> Unit:
    """An unknown name becomes an alias of an existing unit, or a new unit of the region."""
    can_import_plan(actor, record.region).require()
    name = name.strip()
    if not name:
        raise ValidationError(_("单位名称不能为空。"))
    if unit is not None:
        if unit.region_id != record.region_id:
            raise ValidationError(_("只能对应到本区划的单位。"))
        aliases = [a.name for a in unit.aliases.all()]
        return unit_update(actor=actor, unit=unit, aliases=[*aliases, name])
    if not new_kind:
        raise ValidationError(
            _("请为“%(name)s”选择已有单位，或选择新单位的类型。") % {"name": name}
        )
    return unit_create(actor=actor, region=record.region, name=name, kind=new_kind)


@transaction.atomic
def plan_import_apply(*, actor: User, record: PlanImport) -> ApplyResult:
    can_import_plan(actor, record.region).require()
    record = PlanImport.objects.select_for_update().get(pk=record.pk)
    if record.status != ImportStatus.PREVIEW:
        raise ValidationError(_("这次导入已经处理过了。"))
    try:
        parsed, resolver = plan_import_parse(record)
    except ParseError as error:
        raise ValidationError(str(error)) from error
    result = plan_apply_parsed(
        actor=actor,
        region=record.region,
        parsed=parsed,
        resolver=resolver,
        filename=record.filename,
    )
    record.status = ImportStatus.APPLIED
    record.plan = result.plan
    record.applied_at = timezone.now()
    record.summary = {"tasks": result.tasks, "targets": result.targets, "created": result.created}
    record.save()
    audit_record(
        actor=actor,
        verb=Verb.IMPORT,
        target=record,
        parent=result.plan,
        after={"stage": "apply", **record.summary},
    )
    return result


@transaction.atomic
def plan_import_discard(*, actor: User, record: PlanImport) -> PlanImport:
    can_import_plan(actor, record.region).require()
    if record.status != ImportStatus.PREVIEW:
        raise ValidationError(_("这次导入已经处理过了。"))
    record.status = ImportStatus.DISCARDED
    record.save(update_fields=["status"])
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=record,
        before={"status": ImportStatus.PREVIEW.value},
        after={"status": ImportStatus.DISCARDED.value},
    )
    return record
