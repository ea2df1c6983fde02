"""The upload form of the measure import."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from miteinander.network.stocktake.reading import MAX_FILE_SIZE


class MeasureImportForm(forms.Form):
    file = forms.FileField(
        label=_("Measure catalogue"),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("An Excel workbook (.xlsx), at most %(limit)s.") % {
            "limit": filesizeformat(MAX_FILE_SIZE)
        }
