"""Staff workspace of one town: /<lang>/<municipality_slug>/workspace/..."""

from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.workspace_home, name="home"),
    path("team/", views.team_list, name="team"),
    path("team/add/", views.team_add, name="team-add"),
    path("team/<int:pk>/", views.team_change, name="team-change"),
    path("team/<int:pk>/remove/", views.team_remove, name="team-remove"),
]
