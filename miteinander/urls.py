"""Addresses. Pages for people carry the language first: /<lang>/<municipality_slug>/..."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views import defaults

from miteinander.accounts import views as account_views
from miteinander.bodies.oparl import views as oparl_views
from miteinander.core import views as core_views
from miteinander.municipalities import views as municipality_views
from miteinander.offerings.hsds import views as hsds_views

from .api import api

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("version", core_views.version, name="version"),
    path("api/v1/", api.urls),
    path("hsds/<slug:municipality_slug>/", include("miteinander.offerings.hsds.urls")),
    path("oparl/v1.1/", include("miteinander.bodies.oparl.urls")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", municipality_views.platform_home, name="platform-home"),
    path("accounts/", include("allauth.urls")),
    path("accounts/tokens/", account_views.token_list, name="account-tokens"),
    path(
        "accounts/tokens/<int:pk>/revoke/",
        account_views.token_revoke,
        name="account-token-revoke",
    ),
    path("workspace/", municipality_views.workspace_overview, name="workspace-overview"),
    path(
        "workspace/programmes/<slug:slug>/",
        municipality_views.programme_detail,
        name="programme-detail",
    ),
    path(
        "<slug:municipality_slug>/workspace/network/",
        include("miteinander.network.urls"),
    ),
    path(
        "<slug:municipality_slug>/workspace/action-plan/",
        include("miteinander.actionplan.urls"),
    ),
    path(
        "<slug:municipality_slug>/workspace/offerings/coordination/",
        include("miteinander.offerings.coordination_urls"),
    ),
    path(
        "<slug:municipality_slug>/workspace/offerings/hsds/",
        include("miteinander.offerings.hsds.workspace_urls"),
    ),
    path(
        "<slug:municipality_slug>/workspace/offerings/",
        include("miteinander.offerings.urls"),
    ),
    path(
        "<slug:municipality_slug>/workspace/bodies/",
        include("miteinander.bodies.urls"),
    ),
    path(
        "<slug:municipality_slug>/workspace/events/",
        include("miteinander.events.urls"),
    ),
    path(
        "<slug:municipality_slug>/workspace/",
        include("miteinander.municipalities.workspace_urls"),
    ),
    path(
        "<slug:municipality_slug>/action-plan/",
        include("miteinander.actionplan.public_urls"),
    ),
    path(
        "<slug:municipality_slug>/angebote/",
        include("miteinander.offerings.public_urls"),
    ),
    path(
        "<slug:municipality_slug>/gremien/",
        include("miteinander.bodies.public_urls"),
    ),
    path(
        "<slug:municipality_slug>/veranstaltungen/",
        include("miteinander.events.public_urls"),
    ),
    path(
        "<slug:municipality_slug>/organisations/",
        include("miteinander.network.public_urls"),
    ),
    path("<slug:municipality_slug>/", include("miteinander.municipalities.urls")),
)


def handler404(request, exception):
    """Machine-readable APIs answer 404 in JSON; pages for people get the HTML page."""
    if request.path.startswith("/hsds/"):
        return hsds_views.not_found(request, exception)
    if request.path.startswith("/oparl/"):
        return oparl_views.not_found(request, exception)
    return defaults.page_not_found(request, exception)
