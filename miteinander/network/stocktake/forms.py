"""The upload form of the stock-take import."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .reading import MAX_FILE_SIZE


class StocktakeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Stock-take file"),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "An Excel workbook (.xlsx) or a CSV file, at most %(limit)s."
        ) % {"limit": filesizeformat(MAX_FILE_SIZE)}
