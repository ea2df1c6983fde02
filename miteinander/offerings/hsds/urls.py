"""The read-only HSDS 3.0 API of one town: /hsds/<municipality_slug>/...

Paths as the HSDS OpenAPI document spells them (no trailing slash); one is accepted as well.
"""

from django.urls import path, re_path

from . import views

app_name = "hsds"

SEGMENT = r"(?P<%s>[^/]+)"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.service_list, name="services"),
    re_path(rf"^services/{SEGMENT % 'service_id'}/?$", views.service_detail, name="service"),
    re_path(r"^organizations/?$", views.organization_list, name="organizations"),
    re_path(
        rf"^organizations/{SEGMENT % 'organization_id'}/?$",
        views.organization_detail,
        name="organization",
    ),
    re_path(
        r"^service_at_locations/?$", views.service_at_location_list, name="service-at-locations"
    ),
    re_path(
        rf"^service_at_locations/{SEGMENT % 'service_at_location_id'}/?$",
        views.service_at_location_detail,
        name="service-at-location",
    ),
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),
]
