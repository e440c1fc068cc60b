"""``/api/v1/projects…``, collected into the ``api`` namespace (``config/api_urls.py`` finds
this module); each part keeps its own routes; route names start with ``project``."""

from gongye.projects.api import problems, projects, returns

# the problem list before ``projects/<id>``: both are unambiguous (ids are digits), but the
# document lists the paths in this order
urlpatterns = problems.urlpatterns + projects.urlpatterns + returns.urlpatterns
