"""Pieces shared by the read-only open-data APIs (HSDS, OParl)."""

from django.http import HttpResponse

READ_ONLY_METHODS = "GET, HEAD, OPTIONS"


def cors_preflight(*, allow_headers: str = "Accept, Content-Type") -> HttpResponse:
    """The answer to a browser's CORS preflight: anyone may read, nobody may write."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = READ_ONLY_METHODS
    response["Access-Control-Allow-Headers"] = allow_headers
    response["Allow"] = READ_ONLY_METHODS
    return response
