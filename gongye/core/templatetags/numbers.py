from django import template

from gongye.core.numbers import plain as plain_number

register = template.Library()


@register.filter
def plain(value):
    """``{{ target.value|plain }}`` → 200, not 2E+2 (see ``gongye.core.numbers.plain``)."""
    return plain_number(value)
