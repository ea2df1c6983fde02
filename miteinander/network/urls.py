"""The network registry in a town's workspace: /<lang>/<municipality_slug>/workspace/network/..."""

from django.urls import include, path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation-delete"),
    path("organisations/<int:pk>/contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/erase/", views.contact_erase, name="contact-erase"),
    path("organisations/<int:pk>/formats/new/", views.format_create, name="format-create"),
    path("formats/<int:pk>/edit/", views.format_edit, name="format-edit"),
    path("formats/<int:pk>/delete/", views.format_delete, name="format-delete"),
    path("alliances/", views.alliance_list, name="alliances"),
    path("alliances/new/", views.alliance_create, name="alliance-create"),
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance"),
    path("alliances/<int:pk>/edit/", views.alliance_edit, name="alliance-edit"),
    path("alliances/<int:pk>/delete/", views.alliance_delete, name="alliance-delete"),
    path("alliances/<int:pk>/members/add/", views.alliance_member_add, name="alliance-member-add"),
    path(
        "alliance-members/<int:pk>/remove/",
        views.alliance_member_remove,
        name="alliance-member-remove",
    ),
    path("matrix/", views.matrix, name="matrix"),
    path("lists/", views.vocabularies, name="vocabularies"),
    path("export.<str:fmt>", views.export, name="export"),
    path("import/", include("miteinander.network.stocktake.urls")),
    path("graph/", include("miteinander.network.graph.urls")),
]
