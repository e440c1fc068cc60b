from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from gongye.core.http import AuthedRequest
from gongye.front.selectors import home_page_for


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "front/home.html", {"page": home_page_for(request.user)})
