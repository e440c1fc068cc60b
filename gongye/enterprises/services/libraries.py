"""Writes to the cultivation libraries (培育库, issue 12 item 3; the plan's 三库联动, 递次纳规,
雁阵计划, 诊断库/救治库/巩固库 and 僵尸企业处置 articles). Every step of an entry goes through
the workflow kit (``library_workflow.ENTRY_WORKFLOW``), which audits its ``library.*`` verb;
each step also leaves a ``LibraryMove`` (the entry's history on its page).

The register's 专精特新 level and listing stage follow the libraries: when an entry of the
专精特新 or the listing library is confirmed, moved or reinstated, the enterprise's
``srdi_level`` / ``listing_stage`` is set to the entry's stage (audited as ``library.sync``).
Leaving the library does not lower them: the tier an enterprise reached stays a fact of the
register until the office edits it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.workflow import Edge
from gongye.enterprises.library_choices import (
    OPEN_STATUSES,
    DisposalMethod,
    EntryAction,
    EntryStatus,
    LibraryKind,
    LibraryVerb,
)
from gongye.enterprises.library_defaults import DEFAULTS
from gongye.enterprises.library_permissions import (
    can_add_entry,
    can_decide,
    can_manage_libraries,
)
from gongye.enterprises.library_workflow import ENTRY_WORKFLOW, STEP_FIELDS
from gongye.enterprises.models import Enterprise, Library, LibraryEntry, LibraryMove

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Region

# the register's field that follows a library's stage
SYNCED_FIELD = {LibraryKind.SRDI: "srdi_level", LibraryKind.LISTING: "listing_stage"}
REASON_MAX = 2000


def _today(today: dt.date | None = None) -> dt.date:
    return today or timezone.localdate()


# ----- the libraries themselves


def libraries_ensure(*, region: Region, actor: User | None = None) -> list[Library]:
    """The region's libraries, the default ones created when first needed (idempotent: a
    library the office renamed or reconfigured is left as it is). Once a county has them (every
    visit after the first) this is one read: no transaction, no write lock taken."""
    have = {lib.kind: lib for lib in Library.objects.filter(region=region)}
    if all(spec["kind"] in have for spec in DEFAULTS):
        return sorted(have.values(), key=lambda lib: (lib.sort_order, lib.pk))
    return _libraries_create(region=region, actor=actor)


@transaction.atomic
def _libraries_create(*, region: Region, actor: User | None) -> list[Library]:
    """The default libraries the region lacks, created and audited in one transaction."""
    have = {lib.kind: lib for lib in Library.objects.select_for_update().filter(region=region)}
    for order, spec in enumerate(DEFAULTS):
        if spec["kind"] in have:
            continue
        library = Library.objects.create(
            region=region,
            kind=spec["kind"],
            name=spec["name"],
            criteria=spec["criteria"],
            stages=spec["stages"],
            tags=spec.get("tags", []),
            suggests=spec.get("suggests", True),
            settings=spec["settings"],
            sort_order=order,
        )
        audit_record(
            actor=actor,
            verb=Verb.CREATE,
            target=library,
            after={"name": library.name, "kind": library.kind},
        )
        have[library.kind] = library
    return sorted(have.values(), key=lambda lib: (lib.sort_order, lib.pk))


@transaction.atomic
def library_configure(
    *,
    actor: User,
    library: Library,
    name: str,
    criteria: str,
    suggests: bool,
    settings: dict[str, int],
) -> Library:
    """The plan office names a library, writes its entry criteria (shown on its page) and sets
    the thresholds its suggestions use."""
    can_manage_libraries(actor).require()
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写培育库名称。")})
    if len(name) > 60:
        raise ValidationError({"name": _("培育库名称不能超过 60 个字。")})
    for key, value in settings.items():
        if not isinstance(value, int) or value < 0 or value > 10**9:
            raise ValidationError({key: _("请填写 0 到 1000000000 之间的整数。")})
    merged = {**library.settings, **settings}
    if library.kind == LibraryKind.GROWTH and merged.get("lower", 0) >= merged.get("upper", 1):
        raise ValidationError({"lower": _("下限应小于上限。")})
    before = {
        "name": library.name,
        "criteria": library.criteria,
        "suggests": library.suggests,
        "settings": library.settings,
    }
    library.name = name
    library.criteria = (criteria or "").strip()
    library.suggests = suggests
    library.settings = merged
    library.save()
    after = {
        "name": library.name,
        "criteria": library.criteria,
        "suggests": library.suggests,
        "settings": library.settings,
    }
    audit_record(
        actor=actor,
        verb=LibraryVerb.CONFIGURE,
        target=library,
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
    )
    return library


# ----- entries


def _check_stage(library: Library, stage: str, *, required: bool) -> str:
    stage = (stage or "").strip()
    if not library.stages:
        return ""
    if not stage:
        if required:
            raise ValidationError({"stage": _("请选择培育阶段。")})
        return library.stage_codes[0]
    if stage not in library.stage_codes:
        raise ValidationError(
            {
                "stage": _("培育阶段“%(stage)s”不属于%(library)s。")
                % {"stage": stage[:40], "library": library.name}
            }
        )
    return stage


def _check_tags(library: Library, tags: Iterable[str] | None) -> list[str]:
    if not tags:
        return []
    known = [str(code) for code, _name in library.tags]
    wrong = [t for t in tags if t not in known]
    if wrong:
        raise ValidationError(
            {"tags": _("标签“%(tag)s”不属于本库。") % {"tag": str(wrong[0])[:40]}}
        )
    return [t for t in known if t in set(tags)]


def _check_reason(reason: str, *, required: bool, what: str) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("请填写%(what)s。") % {"what": what}})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("原因不能超过 2000 个字。")})
    return reason


def _sync_enterprise(actor: User | None, entry: LibraryEntry) -> None:
    """The register's 专精特新 level / listing stage follows the library's stage."""
    field = SYNCED_FIELD.get(LibraryKind(entry.library.kind))
    if field is None or not entry.stage:
        return
    enterprise = Enterprise.objects.select_for_update().get(pk=entry.enterprise_id)
    before = getattr(enterprise, field)
    if before == entry.stage:
        return
    setattr(enterprise, field, entry.stage)
    enterprise.save(update_fields=[field, "updated_at"])
    audit_record(
        actor=actor,
        verb=LibraryVerb.SYNC,
        target=enterprise,
        parent=entry,
        before={field: before},
        after={field: entry.stage},
    )


def _move(
    entry: LibraryEntry,
    *,
    action: str,
    from_status: str,
    from_stage: str,
    on: dt.date,
    reason: str,
    by: User | None,
) -> None:
    LibraryMove.objects.create(
        entry=entry,
        action=action,
        from_status=from_status,
        to_status=entry.status,
        from_stage=from_stage,
        to_stage=entry.stage,
        on=on,
        reason=reason,
        by=by,
    )


@transaction.atomic
def library_entry_add(
    *,
    actor: User,
    library: Library,
    enterprise: Enterprise,
    stage: str = "",
    tags: Sequence[str] = (),
    reason: str = "",
    on: dt.date | None = None,
) -> LibraryEntry:
    """The plan office records an enterprise in a library (在库 at once); the liaison of its
    township or development zone proposes it (待确认, for the plan office)."""
    can_add_entry(actor, enterprise).require()
    if library.region_id != enterprise.region_id:
        raise ValidationError({"library": _("企业和培育库不在同一区划。")})
    stage = _check_stage(library, stage, required=False)
    tag_list = _check_tags(library, tags)
    day = _today(on)
    records = can_manage_libraries(actor).allowed
    reason = _check_reason(reason, required=not records, what=_("推荐理由"))
    if LibraryEntry.objects.filter(
        library=library, enterprise=enterprise, status__in=OPEN_STATUSES
    ).exists():
        raise ValidationError(
            {
                "enterprise": _("%(name)s在%(library)s中已有待确认或在库的记录。")
                % {"name": enterprise.name, "library": library.name}
            }
        )
    entry = LibraryEntry.objects.create(
        library=library,
        enterprise=enterprise,
        region_id=enterprise.region_id,
        status=EntryStatus.ACTIVE if records else EntryStatus.SUGGESTED,
        stage=stage,
        tags=tag_list,
        rule="" if records else "proposed",
        rule_year=day.year,
        reason=reason,
        suggested_on=None if records else day,
        suggested_by=None if records else actor,
        entered_on=day if records else None,
        decided_by=actor if records else None,
    )
    audit_record(
        actor=actor,
        verb=LibraryVerb.RECORD if records else LibraryVerb.PROPOSE,
        target=entry,
        parent=enterprise,
        after={"library": library.name, "status": entry.status, "stage": stage, "reason": reason},
    )
    _move(
        entry,
        action="record" if records else "propose",
        from_status="",
        from_stage="",
        on=day,
        reason=reason,
        by=actor,
    )
    if records:
        _sync_enterprise(actor, entry)
    return entry


def _entry_rows() -> Any:
    return LibraryEntry.objects.select_related("library", "region", "enterprise")


def library_entry_step(
    *,
    actor: User,
    entry: LibraryEntry,
    action: str,
    stage: str = "",
    tags: Sequence[str] | None = None,
    reason: str = "",
    on: dt.date | None = None,
    method: str = "",
    result: str = "",
) -> LibraryEntry:
    """One step of an entry (``library_workflow``): confirm, dismiss, restore, move, exit,
    recover, dispose, reinstate. Wrong input is a Chinese ``ValidationError`` and writes
    nothing."""
    if action not in EntryAction.values:
        raise ValidationError({"action": _("未知的操作。")})
    day = _today(on)
    library = entry.library
    values: dict[str, Any] = {}
    if action == EntryAction.CONFIRM:
        values["stage"] = _check_stage(library, stage or entry.stage, required=False)
        if tags is not None:
            values["tags"] = _check_tags(library, tags)
        reason = _check_reason(reason, required=False, what=_("原因"))
    elif action == EntryAction.MOVE:
        new_stage = _check_stage(library, stage or entry.stage, required=True)
        new_tags = _check_tags(library, tags) if tags is not None else entry.tags
        if new_stage == entry.stage and new_tags == entry.tags:
            raise ValidationError({"stage": _("请选择与当前不同的培育阶段或标签。")})
        values.update(stage=new_stage, tags=new_tags)
        reason = _check_reason(reason, required=False, what=_("原因"))
    elif action in (EntryAction.DISMISS, EntryAction.EXIT):
        what = _("不予采纳的原因") if action == EntryAction.DISMISS else _("出库原因")
        reason = _check_reason(reason, required=True, what=what)
    elif action == EntryAction.DISPOSE:
        if method not in DisposalMethod.values:
            raise ValidationError({"method": _("请选择处置方式。")})
        result = (result or "").strip()
        if not result:
            raise ValidationError({"result": _("请填写处置结果。")})
        reason = _check_reason(reason, required=False, what=_("原因"))
    else:
        reason = _check_reason(reason, required=False, what=_("原因"))
    if action in (EntryAction.EXIT, EntryAction.RECOVER, EntryAction.DISPOSE):
        if entry.entered_on is not None and day < entry.entered_on:
            raise ValidationError({"on": _("出库日期不能早于入库日期。")})

    def apply(obj: LibraryEntry, edge: Edge[User, LibraryEntry]) -> None:
        for name, value in values.items():
            setattr(obj, name, value)
        if action == EntryAction.CONFIRM:
            obj.entered_on, obj.decided_by = day, actor
        elif action in (EntryAction.DISMISS, EntryAction.EXIT, EntryAction.RECOVER):
            obj.exited_on, obj.exit_reason, obj.exited_by = day, reason, actor
        elif action == EntryAction.DISPOSE:
            obj.exited_on, obj.exit_reason, obj.exited_by = day, reason, actor
            obj.disposal_method, obj.disposal_result = method, result
        elif action in (EntryAction.RESTORE, EntryAction.REINSTATE):
            obj.exited_on, obj.exit_reason, obj.exited_by = None, "", None
            obj.disposal_method, obj.disposal_result = "", ""

    with transaction.atomic():
        from_status, from_stage = entry.status, entry.stage
        step = ENTRY_WORKFLOW.transition(
            actor=actor,
            obj=entry,
            action=action,
            apply=apply,
            fields=STEP_FIELDS,
            extra={"reason": reason} if reason else None,
            parent=entry.enterprise,
            queryset=_entry_rows(),
        )
        done = step.obj
        _move(
            done,
            action=action,
            from_status=from_status,
            from_stage=from_stage,
            on=day,
            reason=reason,
            by=actor,
        )
        if action in (EntryAction.CONFIRM, EntryAction.MOVE, EntryAction.REINSTATE):
            _sync_enterprise(actor, done)
    return done


@transaction.atomic
def library_entries_decide(
    *, actor: User, entries: Sequence[LibraryEntry], action: str, reason: str = ""
) -> int:
    """The suggestions queue's several-at-once: confirm or dismiss each chosen suggestion (all
    or none: one refused step writes nothing)."""
    if action not in (EntryAction.CONFIRM, EntryAction.DISMISS):
        raise ValidationError({"action": _("只能批量确认入库或不予采纳。")})
    if not entries:
        raise ValidationError({"entries": _("请至少选择一条建议。")})
    for entry in entries:
        can_decide(actor, entry).require()
        library_entry_step(actor=actor, entry=entry, action=action, reason=reason)
    return len(entries)
