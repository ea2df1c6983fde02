"""Public pages of one town: /<lang>/<municipality_slug>/..."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.town_home, name="home"),
    path("logo.svg", views.town_logo, name="logo"),
    path("theme.css", views.town_theme, name="theme"),
]
