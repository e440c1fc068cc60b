from gongye.evaluation.api.views import urlpatterns

__all__ = ["urlpatterns"]
