from django.urls import path

from gongye.front import cockpit, views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    # the leaders' cockpit, at the paths it has always had
    path("indicators/cockpit/", cockpit.cockpit, name="cockpit"),
    path("indicators/cockpit.xlsx", cockpit.cockpit_xlsx, name="cockpit_xlsx"),
    path("indicators/cockpit.docx", cockpit.cockpit_docx, name="cockpit_docx"),
]
