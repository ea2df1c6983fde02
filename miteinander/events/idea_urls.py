"""Workspace addresses of an event's ideas wall: /<lang>/<town>/workspace/events/<pk>/ideas/..."""

from django.urls import path

from .views import ideas as views

urlpatterns = [
    path("", views.board, name="ideas"),
    path("projector/", views.projector, name="ideas_projector"),
    path("poster/", views.poster, name="ideas_poster"),
    path("export.xlsx", views.export_xlsx, name="ideas_export"),
    path("export.csv", views.export_csv, name="ideas_export_csv"),
    path("open/", views.wall_open, name="ideas_open"),
    path("settings/", views.wall_settings, name="ideas_settings"),
    path("paper/", views.paper_cards, name="ideas_paper"),
    path("cards/<int:idea_pk>/move/", views.idea_move, name="ideas_move"),
    path("cards/<int:idea_pk>/edit/", views.idea_edit, name="ideas_edit"),
    path("cards/<int:idea_pk>/hide/", views.idea_hide, name="ideas_hide"),
    path("cards/<int:idea_pk>/unhide/", views.idea_unhide, name="ideas_unhide"),
    path("groups/add/", views.cluster_add, name="ideas_cluster_add"),
    path("groups/<int:cluster_pk>/rename/", views.cluster_rename, name="ideas_cluster_rename"),
    path("groups/<int:cluster_pk>/move/", views.cluster_move, name="ideas_cluster_move"),
    path("groups/<int:cluster_pk>/delete/", views.cluster_delete, name="ideas_cluster_delete"),
    path("groups/<int:cluster_pk>/measure/", views.cluster_measure, name="ideas_cluster_measure"),
]
