"""An uploaded stock-take file between preview and confirmation."""

from django.utils.translation import gettext_lazy as _

from miteinander.core.models import PendingImport


class StocktakeImport(PendingImport):
    """One upload of a stock-take spreadsheet; applied once, after a person checked the preview."""

    class Meta(PendingImport.Meta):
        app_label = "network"
        verbose_name = _("stock-take import")
        verbose_name_plural = _("stock-take imports")
