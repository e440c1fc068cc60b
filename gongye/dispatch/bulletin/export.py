"""Every download of the bulletin is audited: who took which month in which format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.http import DOCX, XLSX

from .docx import bulletin_docx
from .figures import BulletinData
from .xlsx import bulletin_xlsx

if TYPE_CHECKING:
    from gongye.accounts.models import User

CONTENT_TYPES = {"docx": DOCX, "xlsx": XLSX}
WRITERS: dict[str, Callable[[BulletinData], bytes]] = {
    "docx": bulletin_docx,
    "xlsx": bulletin_xlsx,
}


def bulletin_export(*, actor: User, data: BulletinData, fmt: str) -> bytes:
    """The bulletin file, with an audit entry of who took which month in which format."""
    if fmt not in WRITERS:
        raise KeyError(fmt)
    content = WRITERS[fmt](data)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.EXPORT,
            target_type="plans.plan",
            target_id=str(data.plan_id),
            target_repr=data.plan_title,
            after={
                "document": "月度调度通报",
                "year": data.year,
                "month": data.month,
                "as_of": data.as_of,
                "format": fmt,
                "bytes": len(content),
            },
            region_code=data.region_code,
        )
    return content
