"""The upload form of the HSDS import."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .reading import MAX_FILE_SIZE


class HsdsImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS file"),
        widget=forms.FileInput(attrs={"accept": ".json,.zip,application/json,application/zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "HSDS 3.0 services as JSON, or a tabular data package (.zip), at most %(limit)s."
        ) % {"limit": filesizeformat(MAX_FILE_SIZE)}
