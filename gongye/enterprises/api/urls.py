"""``/api/v1/enterprises/…``, collected into the ``api`` namespace; each part keeps its own
routes (``api/<part>.py``); route names start with ``enterprise``."""

from gongye.enterprises.api import appeals, figures, libraries, register

urlpatterns = (
    register.urlpatterns + figures.urlpatterns + libraries.urlpatterns + appeals.urlpatterns
)
