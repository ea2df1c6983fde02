"""An uploaded measure file between preview and confirmation."""

from django.utils.translation import gettext_lazy as _

from miteinander.core.models import PendingImport


class MeasureImport(PendingImport):
    """One upload of a measure catalogue; applied once, after a person checked the preview."""

    class Meta(PendingImport.Meta):
        app_label = "actionplan"
        verbose_name = _("measure import")
        verbose_name_plural = _("measure imports")
