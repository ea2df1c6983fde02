"""The network picture of a town's workspace: the page and the data its script draws."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from miteinander.core.decorators import town_permission_required

from . import selectors


@town_permission_required("network.view_registry")
def graph(request):
    """The picture (drawn by the script) and the same connections as tables."""
    return render(
        request,
        "network/graph.html",
        {
            "tables": selectors.network_tables(municipality=request.municipality),
            "contributor_tables": selectors.contributor_tables(municipality=request.municipality),
        },
    )


@town_permission_required("network.view_registry")
@cache_control(private=True, no_cache=True)
def graph_data(request):
    """Nodes, edges and legend of the picture as JSON, in the page's language."""
    return JsonResponse(selectors.network_graph(municipality=request.municipality))
