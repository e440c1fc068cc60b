"""The project register's pages under /projects/ (each part keeps its own routes)."""

from __future__ import annotations

from gongye.projects.views import page_actions, pages

app_name = "projects"
urlpatterns: list = []
# the register's own pages: list, project page, forms, moves, files, the 月30 return form
urlpatterns += pages.urlpatterns + page_actions.urlpatterns
