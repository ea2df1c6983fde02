"""The OParl 1.1 read API: /oparl/v1.1/...

    /oparl/v1.1/                                     System
    /oparl/v1.1/bodies/                              list of Bodies (one per active town)
    /oparl/v1.1/bodies/<town>/                       Body (the town)
    /oparl/v1.1/bodies/<town>/<list>/                its lists (organizations, persons, ...)
    /oparl/v1.1/bodies/<town>/<list>/<pk>/           one object of a list
    /oparl/v1.1/bodies/<town>/organizations/<pk>/meetings/   the meetings of one organization
    /oparl/v1.1/bodies/<town>/institutions/<pk>/     a network organisation sitting in a body
    /oparl/v1.1/bodies/<town>/files/<pk>/download/   a file as a download (attachment)

The towns sit below a fixed "bodies/" segment so that no town's short name can collide with a
path of the API. Every path and query has one canonical spelling (trailing slash, no leading
zeros); anything else is a JSON 404 through the root URLconf's handler404.
"""

from django.urls import path

from . import views

app_name = "oparl"

TOWN = "bodies/<slug:municipality_slug>/"

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.body_list, name="bodies"),
    path(TOWN, views.body, name="body"),
    path(
        TOWN + "organizations/<int:pk>/meetings/",
        views.organization_meetings,
        name="organization-meetings",
    ),
    path(TOWN + "institutions/<int:pk>/", views.institution, name="institution"),
    path(TOWN + "files/<int:pk>/download/", views.file_download, name="file-download"),
]

for kind in views.KINDS.values():
    urlpatterns += [
        path(f"{TOWN}{kind.segment}/", views.object_list, {"kind": kind}, name=kind.segment),
        path(f"{TOWN}{kind.segment}/<int:pk>/", views.detail, {"kind": kind}, name=kind.url_name),
    ]
