"""The project register's pages under /projects/ (each part keeps its own routes)."""

from __future__ import annotations

app_name = "projects"
urlpatterns: list = []
