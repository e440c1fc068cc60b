"""``/enterprises/…``: each part of the register keeps its own routes (``views/<part>.py``)."""

from gongye.enterprises.views import appeals, computed, figures, libraries, register

app_name = "enterprises"

urlpatterns = (
    register.urlpatterns + figures.urlpatterns + libraries.urlpatterns + appeals.urlpatterns
) + computed.urlpatterns
