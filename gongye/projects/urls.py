"""The project register's pages under /projects/ (each part keeps its own routes)."""

from __future__ import annotations

from gongye.projects.views import board, page_actions, pages, problems, ranking, returns_sheet

app_name = "projects"
urlpatterns: list = []
# the register's own pages: list, project page, forms, moves, files, the 月30 return form
urlpatterns += pages.urlpatterns + page_actions.urlpatterns
# 问题清单交办: the list, a problem's page and its steps, raising one on a project
urlpatterns += problems.urlpatterns
# 三库看板, the 月30调度表 and its files, the month's return sheet (download, upload)
urlpatterns += board.urlpatterns + returns_sheet.urlpatterns
# 投资赛马: the counties (city, province) or townships (county) ranked, and its .xlsx
urlpatterns += ranking.urlpatterns
