"""Saving a scheme (评价方案): the plan office uploads or edits the document; it is checked
whole (every fault with its line) and kept as a new version only when it is valid and differs
from the current one. A version is never edited: a run names the exact text it applied."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record
from gongye.evaluation.choices import EvaluationVerb
from gongye.evaluation.engine.scheme import Scheme, SchemeErrors, line_message, parse_scheme
from gongye.evaluation.models import EvaluationScheme, SchemeVersion
from gongye.evaluation.permissions import can_manage_evaluation

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Region


def check_document(document: str) -> Scheme:
    """The scheme, or a ValidationError listing every fault by line (the form shows them)."""
    try:
        return parse_scheme(document)
    except SchemeErrors as errors:
        raise ValidationError(
            {"document": [line_message(line, message) for line, message in errors.errors]}
        ) from None


@transaction.atomic
def scheme_save(
    *,
    actor: User,
    region: Region,
    document: str,
    year: int | None = None,
    note: str = "",
    scheme: EvaluationScheme | None = None,
    is_demo: bool = False,
) -> SchemeVersion:
    """A new version of ``scheme`` (or a new scheme, named and dated by the document) — or the
    current version when the document is unchanged."""
    can_manage_evaluation(actor).require()
    parsed = check_document(document)
    year = year or parsed.year or (scheme.year if scheme else None)
    if not year:
        raise ValidationError({"year": _("请填写评价年度（或在方案中写 year: 2022）。")})
    if scheme is None:
        scheme, _created = EvaluationScheme.objects.get_or_create(
            region=region, year=year, name=parsed.name[:120], defaults={"is_demo": is_demo}
        )
    elif scheme.region_id != region.pk:
        raise ValidationError(_("方案不属于本区划。"))
    digest = hashlib.sha256(document.encode("utf-8")).hexdigest()
    current = scheme.versions.select_for_update().order_by("-number").first()
    if current is not None and current.sha256 == digest:
        return current
    version = SchemeVersion.objects.create(
        scheme=scheme,
        number=(current.number + 1) if current else 1,
        document=document,
        sha256=digest,
        note=note.strip()[:200],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        verb=EvaluationVerb.SCHEME_SAVE,
        target=version,
        parent=scheme,
        after={
            "scheme": scheme.name,
            "year": scheme.year,
            "number": version.number,
            "sha256": digest,
        },
    )
    return version
