"""Downloads of documents (papers, invitations, minutes), for the public and for members.

Files are never served from MEDIA_URL: each download checks who may read the document.
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from . import selectors
from .models import Document


@require_GET
def document(request, pk: int):
    try:
        doc = selectors.documents_for(user=request.user, municipality=request.municipality).get(
            pk=pk
        )
    except Document.DoesNotExist:
        raise Http404 from None
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Never forced as a download (OParl's accessUrl must open in the browser, which offers
    # to save what it cannot show); `nosniff` keeps it from guessing anything else.
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=doc.file_name,
        content_type=doc.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not doc.is_public:
        response["Cache-Control"] = "private, no-store"
    return response
