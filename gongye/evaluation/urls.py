"""The evaluation's pages under /evaluation/ (each part keeps its own routes)."""

from __future__ import annotations

from gongye.evaluation.views import files, pages, results

app_name = "evaluation"
urlpatterns: list = []
# schemes (editor, preview), runs (results, distribution, publishing, changes between runs)
urlpatterns += pages.urlpatterns
# one enterprise's result explained, appeals
urlpatterns += results.urlpatterns
# the 公示 list and the score sheet
urlpatterns += files.urlpatterns
