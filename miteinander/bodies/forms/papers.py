"""Forms of papers (Vorlagen), their consultations and the documents of papers and meetings."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan.models import Measure
from miteinander.network.models import Organisation

from ..models import AgendaItem, Body, Consultation, Document, Meeting, Paper
from .bodies import DATE, TownModelForm


class PaperForm(TownModelForm):
    town_scoped = {
        "originator_body": Body,
        "originator_organisation": Organisation,
        "measures": Measure,
    }

    class Meta:
        model = Paper
        fields = [
            "reference", "title", "paper_type", "date", "summary", "is_public",
            "originator_body", "originator_organisation", "measures",
        ]  # fmt: skip
        widgets = {
            "date": DATE,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "measures": forms.CheckboxSelectMultiple,
        }
        labels = {"measures": _("Measures of the action plan")}
        help_texts = {"measures": _("The measures this paper reports on or proposes.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        measures = self.fields["measures"]
        measures.queryset = measures.queryset.order_by("number", "title")
        measures.label_from_instance = lambda m: f"{m.number} {m.title}".strip()


def meeting_label(meeting: Meeting) -> str:
    day = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return f"{meeting.body.name} – {meeting.name} – {day}"


def agenda_item_label(item: AgendaItem) -> str:
    return f"{meeting_label(item.meeting)} – {item.number or item.position}. {item.title}"


class ConsultationForm(TownModelForm):
    """One station of a paper's way.

    Without JavaScript the meeting and agenda item selects list all of the town's; the model
    refuses a meeting of another body and an item of another meeting with a message.
    """

    town_scoped = {"body": Body, "meeting": Meeting, "agenda_item": AgendaItem}

    position = forms.IntegerField(
        label=_("Position on the paper's way"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to add the station at the end."),
    )

    class Meta:
        model = Consultation
        fields = ["body", "meeting", "agenda_item", "role", "authoritative", "result", "position"]
        help_texts = {
            "meeting": _("A meeting of the chosen body."),
            "agenda_item": _("The item of that meeting under which the body treats the paper."),
            "result": _("Filled in from the decision on the agenda item once it is recorded."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        meeting.queryset = meeting.queryset.select_related("body").order_by("-starts_at")
        meeting.label_from_instance = meeting_label
        item = self.fields["agenda_item"]
        item.queryset = item.queryset.select_related("meeting__body").order_by(
            "-meeting__starts_at", "position"
        )
        item.label_from_instance = agenda_item_label
        if not self.instance.pk:
            self.initial["position"] = None

    def clean(self):
        cleaned = super().clean()
        # Choosing the agenda item is enough: its meeting follows from it.
        item = cleaned.get("agenda_item")
        if item is not None and cleaned.get("meeting") is None:
            cleaned["meeting"] = item.meeting
        return cleaned

    def clean_position(self):
        # The service puts a new station at the end; a stored one keeps its place.
        position = self.cleaned_data.get("position")
        if position is None:
            return self.instance.position if self.instance.pk else 0
        return position


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={"required": _("Choose a file to upload.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=Document._meta.get_field("is_public").help_text,
    )

    def __init__(self, *args, for_paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, office documents, text or images, up to %(size)s MB."
        ) % {"size": Document.MAX_SIZE // (1024 * 1024)}
        if for_paper:
            self.fields["is_main_file"] = forms.BooleanField(
                label=_("Main document of the paper"), required=False
            )


class DocumentForm(forms.ModelForm):
    """Title and visibility of a stored document; the file is replaced by a new upload."""

    class Meta:
        model = Document
        fields = ["title", "is_public", "is_main_file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.paper_id:
            del self.fields["is_main_file"]
