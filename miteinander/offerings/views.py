"""The offerings directory in the workspace: lists, the editor, review and verification."""

from django.shortcuts import render

from miteinander.core.decorators import town_permission_required

from .models import Offering


@town_permission_required("offerings.view_directory")
def offering_list(request):
    offerings = (
        Offering.objects.for_municipality(request.municipality)
        .current()
        .select_related("provider", "kind")
    )
    return render(request, "offerings/workspace/list.html", {"offerings": offerings})
