from django.urls import path

from gongye.front import views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
]
