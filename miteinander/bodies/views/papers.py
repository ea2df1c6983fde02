"""Workspace pages of papers (Vorlagen), their way through the bodies, and documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from miteinander.core.decorators import town_permission_required

from .. import selectors, services
from ..forms.papers import ConsultationForm, DocumentForm, DocumentUploadForm, PaperForm
from ..models import AgendaItem, Consultation, Document, Meeting, Paper
from .bodies import add_service_errors, confirm_delete


def _paper_or_404(request, pk: int) -> Paper:
    papers = selectors.papers_for(user=request.user, municipality=request.municipality)
    try:
        return papers.select_related("originator_body", "originator_organisation").get(pk=pk)
    except Paper.DoesNotExist:
        raise Http404 from None


def _consultation_or_404(request, pk: int) -> Consultation:
    consultations = Consultation.objects.for_municipality(request.municipality)
    try:
        return consultations.select_related("paper", "body").get(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404 from None


# --- Papers -----------------------------------------------------------------------------------
@town_permission_required("bodies.view_bodies")
def paper_list(request):
    town = request.municipality
    papers = (
        selectors.papers_for(user=request.user, municipality=town)
        .select_related("originator_body", "originator_organisation")
        .order_by("-date", "reference")
    )
    return render(
        request,
        "bodies/workspace/paper_list.html",
        {
            "papers": papers,
            "can_manage": request.user.has_perm("bodies.manage_bodies", town),
            "bodies_section": "papers",
        },
    )


@town_permission_required("bodies.view_bodies")
def paper_detail(request, pk: int):
    town, user = request.municipality, request.user
    paper = _paper_or_404(request, pk)
    consultations = (
        selectors.consultations_for(user=user, paper=paper)
        .select_related("meeting__body")
        .order_by("position", "id")
    )
    documents = selectors.documents_for(user=user, municipality=town).filter(paper=paper)
    return render(
        request,
        "bodies/workspace/paper_detail.html",
        {
            "paper": paper,
            "consultations": consultations,
            "documents": documents.order_by("-is_main_file", "title"),
            "measures": paper.measures.order_by("number", "title"),
            "can_manage": user.has_perm("bodies.manage_bodies", town),
            "bodies_section": "papers",
        },
    )


def _paper_form(request, paper: Paper | None):
    town = request.municipality
    heading = str(paper) if paper else ""
    form = PaperForm(
        request.POST or None, instance=paper or Paper(municipality=town), municipality=town
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.paper_save(
                paper=form.save(commit=False),
                measures=form.cleaned_data["measures"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The paper has been saved."))
            return redirect(saved.get_absolute_url())
    cancel = (
        paper.get_absolute_url()
        if paper
        else reverse("bodies:papers", kwargs={"municipality_slug": town.slug})
    )
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "form": form,
            "title": _("Edit “%(name)s”") % {"name": heading} if paper else _("Add a paper"),
            "cancel_url": cancel,
            "bodies_section": "papers",
        },
    )


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def paper_create(request):
    return _paper_form(request, None)


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def paper_edit(request, pk: int):
    return _paper_form(request, _paper_or_404(request, pk))


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def paper_delete(request, pk: int):
    paper = _paper_or_404(request, pk)
    if request.method == "POST":
        services.paper_delete(paper=paper, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": paper})
        return redirect("bodies:papers", municipality_slug=request.municipality.slug)
    return confirm_delete(
        request,
        obj=paper,
        cancel_url=paper.get_absolute_url(),
        warning=_("Its way through the bodies and its documents are deleted with it."),
        section="papers",
    )


# --- Consultations (the paper's way) ---------------------------------------------------------
def _consultation_form(request, paper: Paper, consultation: Consultation | None):
    town = request.municipality
    instance = consultation or Consultation(municipality=town, paper=paper)
    form = ConsultationForm(request.POST or None, instance=instance, municipality=town)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_save(
                consultation=form.save(commit=False), acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The paper's way has been updated."))
            return redirect(paper.get_absolute_url() + "#way")
    return render(
        request,
        "bodies/workspace/consultation_form.html",
        {"form": form, "paper": paper, "consultation": consultation, "bodies_section": "papers"},
    )


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def consultation_create(request, pk: int):
    return _consultation_form(request, _paper_or_404(request, pk), None)


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk: int):
    consultation = _consultation_or_404(request, pk)
    return _consultation_form(request, consultation.paper, consultation)


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def consultation_delete(request, pk: int):
    consultation = _consultation_or_404(request, pk)
    paper = consultation.paper
    if request.method == "POST":
        services.consultation_delete(consultation=consultation, acting_user=request.user)
        messages.success(request, _("The station has been removed from the paper's way."))
        return redirect(paper.get_absolute_url() + "#way")
    return confirm_delete(
        request, obj=consultation, cancel_url=paper.get_absolute_url(), section="papers"
    )


# --- Documents --------------------------------------------------------------------------------
def _upload(request, *, owner: dict, back_url: str, heading: str, section: str):
    """Upload a document of a paper, a meeting or an agenda item (`owner` names which)."""
    posted = request.method == "POST"
    form = DocumentUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        for_paper="paper" in owner,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        document = Document(
            municipality=request.municipality,
            title=data["title"],
            is_public=data["is_public"],
            is_main_file=data.get("is_main_file", False),
            **owner,
        )
        try:
            services.document_upload(
                document=document, uploaded=data["file"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("“%(title)s” has been uploaded.") % {"title": document.title}
            )
            return redirect(back_url)
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "form": form,
            "title": heading,
            "cancel_url": back_url,
            "upload": True,
            "submit_label": _("Upload"),
            "bodies_section": section,
        },
    )


def _run_meetings_or_404(user, body) -> None:
    if not user.has_perm("bodies.run_meetings", body):
        raise Http404


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def paper_document_create(request, pk: int):
    paper = _paper_or_404(request, pk)
    return _upload(
        request,
        owner={"paper": paper},
        back_url=paper.get_absolute_url() + "#documents",
        heading=_("Add a document to “%(name)s”") % {"name": paper},
        section="papers",
    )


@town_permission_required("bodies.view_bodies")
@require_http_methods(["GET", "POST"])
def meeting_document_create(request, pk: int):
    meetings = selectors.meetings_for(user=request.user, municipality=request.municipality)
    try:
        meeting = meetings.get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    _run_meetings_or_404(request.user, meeting.body)
    return _upload(
        request,
        owner={"meeting": meeting},
        back_url=meeting.get_absolute_url(),
        heading=_("Add a document to “%(name)s”") % {"name": meeting},
        section="meetings",
    )


@town_permission_required("bodies.view_bodies")
@require_http_methods(["GET", "POST"])
def agenda_item_document_create(request, pk: int):
    items = AgendaItem.objects.for_municipality(request.municipality)
    try:
        item = items.select_related("meeting__body").get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404 from None
    _run_meetings_or_404(request.user, item.meeting.body)
    return _upload(
        request,
        owner={"agenda_item": item},
        back_url=item.meeting.get_absolute_url(),
        heading=_("Add a document to item %(item)s of “%(meeting)s”")
        % {"item": item, "meeting": item.meeting},
        section="meetings",
    )


def _document_or_404(request, pk: int) -> tuple[Document, str, str]:
    """The document, where to go back to and the subnav section, if the user may change it."""
    documents = selectors.documents_for(user=request.user, municipality=request.municipality)
    try:
        document = documents.select_related(
            "paper", "meeting__body", "agenda_item__meeting__body"
        ).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None
    if document.paper_id:
        if not request.user.has_perm("bodies.manage_bodies", request.municipality):
            raise Http404
        return document, document.paper.get_absolute_url() + "#documents", "papers"
    meeting = document.meeting or document.agenda_item.meeting
    _run_meetings_or_404(request.user, meeting.body)
    return document, meeting.get_absolute_url(), "meetings"


@town_permission_required("bodies.view_bodies")
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    document, back_url, section = _document_or_404(request, pk)
    heading = str(document)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_save(document=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document has been saved."))
            return redirect(back_url)
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "form": form,
            "title": _("Edit “%(name)s”") % {"name": heading},
            "notes": [
                _(
                    "File: %(name)s (%(size)s). To replace the file, delete this document and "
                    "upload the new one."
                )
                % {"name": document.file_name, "size": filesizeformat(document.size)}
            ],
            "cancel_url": back_url,
            "bodies_section": section,
        },
    )


@town_permission_required("bodies.view_bodies")
@require_http_methods(["GET", "POST"])
def document_delete(request, pk: int):
    document, back_url, section = _document_or_404(request, pk)
    if request.method == "POST":
        services.document_delete(document=document, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": document})
        return redirect(back_url)
    return confirm_delete(request, obj=document, cancel_url=back_url, section=section)
