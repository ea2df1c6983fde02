"""Operational endpoints: health and version."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import miteinander

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """`{"status": "ok"}` only when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def version(request):
    return JsonResponse({"name": "miteinander", "version": miteinander.__version__})
