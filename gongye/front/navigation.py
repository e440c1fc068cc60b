"""The navigation a person sees: every app's contributed entries that its permission allows
for the acting role, in their declared order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

from gongye.core.contrib import NavEntry, collect_sorted, resolve

if TYPE_CHECKING:
    from gongye.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    active: bool


def navigation_for(user: User, path: str) -> list[NavItem]:
    entries: list[tuple[str, str, str]] = []
    for entry in collect_sorted("navigation"):
        assert isinstance(entry, NavEntry)
        if resolve(entry.permission)(user):
            entries.append((str(entry.label), reverse(entry.url_name), entry.icon))
    home = reverse("front:home")
    # the longest matching prefix is the active one (/supervision/robots/ is not /supervision/)
    matches = [url for _label, url, _icon in entries if url != home and path.startswith(url)]
    active = max(matches, key=len) if matches else (home if path == home else None)
    return [NavItem(label, url, icon, url == active) for label, url, icon in entries]
