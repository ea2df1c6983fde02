"""Resolve the town named in the address: `/<lang>/<municipality_slug>/...`."""

from django.shortcuts import get_object_or_404

from .models import Municipality


class MunicipalityMiddleware:
    """Set `request.municipality` from the URL, or answer 404 for an unknown or inactive town.

    The `municipality_slug` URL keyword is consumed here, so views take the town from
    `request.municipality` only and never from anything the client sends in the request body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.municipality = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.pop("municipality_slug", None)
        if slug is not None:
            request.municipality = get_object_or_404(Municipality.objects.active(), slug=slug)
        return None
