"""An uploaded measure catalogue, held as its parsed plan between preview and confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from miteinander.core.models import MunicipalityScopedModel


class MeasureImport(MunicipalityScopedModel):
    """One upload of a measure catalogue; applied once, after a person checked the preview."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        APPLIED = "applied", _("Imported")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # What the file says, as plan.Plan.to_json() wrote it; compared with the town's plan and
    # registry again on every preview and at confirmation.
    plan = models.JSONField(_("parsed plan"), default=dict)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        app_label = "actionplan"
        verbose_name = _("measure import")
        verbose_name_plural = _("measure imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename
