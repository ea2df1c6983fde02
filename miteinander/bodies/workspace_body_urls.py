"""Workspace pages of bodies, memberships, papers, documents, places and electoral terms."""

from django.urls import path

from .views import bodies, papers

urlpatterns = [
    path("", bodies.body_list, name="list"),
    path("new/", bodies.body_create, name="body-add"),
    path("<int:pk>/", bodies.body_detail, name="body"),
    path("<int:pk>/edit/", bodies.body_edit, name="body-edit"),
    path("<int:pk>/delete/", bodies.body_delete, name="body-delete"),
    path("<int:pk>/members/new/", bodies.membership_create, name="membership-add"),
    path("members/<int:pk>/edit/", bodies.membership_edit, name="membership-edit"),
    path("members/<int:pk>/delete/", bodies.membership_delete, name="membership-delete"),
    path("papers/", papers.paper_list, name="papers"),
    path("papers/new/", papers.paper_create, name="paper-add"),
    path("papers/<int:pk>/", papers.paper_detail, name="paper"),
    path("papers/<int:pk>/edit/", papers.paper_edit, name="paper-edit"),
    path("papers/<int:pk>/delete/", papers.paper_delete, name="paper-delete"),
    path(
        "papers/<int:pk>/consultations/new/",
        papers.consultation_create,
        name="consultation-add",
    ),
    path("consultations/<int:pk>/edit/", papers.consultation_edit, name="consultation-edit"),
    path(
        "consultations/<int:pk>/delete/",
        papers.consultation_delete,
        name="consultation-delete",
    ),
    path(
        "papers/<int:pk>/documents/new/",
        papers.paper_document_create,
        name="paper-document-add",
    ),
    path(
        "meetings/<int:pk>/documents/new/",
        papers.meeting_document_create,
        name="meeting-document-add",
    ),
    path(
        "agenda-items/<int:pk>/documents/new/",
        papers.agenda_item_document_create,
        name="agenda-item-document-add",
    ),
    path("documents/<int:pk>/edit/", papers.document_edit, name="document-edit"),
    path("documents/<int:pk>/delete/", papers.document_delete, name="document-delete"),
    path("settings/", bodies.settings_page, name="settings"),
    path("settings/places/new/", bodies.location_create, name="location-add"),
    path("settings/places/<int:pk>/edit/", bodies.location_edit, name="location-edit"),
    path("settings/terms/new/", bodies.term_create, name="term-add"),
    path("settings/terms/<int:pk>/edit/", bodies.term_edit, name="term-edit"),
]
