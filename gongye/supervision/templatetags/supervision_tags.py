from django import template

from gongye.supervision.choices import ReportStatus

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """A report status code from the audit log, as people read it (submitted → 待单位审核)."""
    try:
        return str(ReportStatus(value).label)
    except ValueError:
        return value
