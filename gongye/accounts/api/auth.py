from __future__ import annotations

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """``Authorization: Bearer <token>`` (``Token <token>`` is accepted too).

    ``X-Acting-As: <assignment id>`` picks the role assignment to act under, as the switcher
    does for the pages.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Token "):
            request.META["HTTP_AUTHORIZATION"] = "Bearer " + header[len("Token ") :]
        result = super().authenticate(request)
        if result is not None:
            user, _token = result
            acting = request.META.get("HTTP_X_ACTING_AS", "")
            user.act_as(int(acting) if acting.isdigit() else None)
        return result
