"""The action plan in a town's workspace: /<lang>/<municipality_slug>/workspace/action-plan/..."""

from django.urls import include, path

from . import views

app_name = "actionplan"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("board/", views.board, name="board"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.reports_due, name="reports"),
    path("measures/new/", views.measure_create, name="measure-create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure-delete"),
    path("measures/<int:pk>/report/", views.measure_report, name="measure-report"),
    path("measures/<int:pk>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("structure/", views.structure, name="structure"),
    path("structure/guidelines/new/", views.guideline_edit, name="guideline-create"),
    path("structure/guidelines/<int:pk>/", views.guideline_edit, name="guideline-edit"),
    path("structure/fields/new/", views.field_edit, name="field-create"),
    path("structure/fields/<int:pk>/", views.field_edit, name="field-edit"),
    path("structure/goals/new/", views.goal_edit, name="goal-create"),
    path("structure/goals/<int:pk>/", views.goal_edit, name="goal-edit"),
    path("structure/recommendations/new/", views.recommendation_edit, name="recommendation-create"),
    path(
        "structure/recommendations/<int:pk>/",
        views.recommendation_edit,
        name="recommendation-edit",
    ),
    path("catalogue/", include("miteinander.actionplan.catalogue.urls")),
]
