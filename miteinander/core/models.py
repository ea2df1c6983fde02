"""Shared model pieces: timestamps, tenant ownership and the audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import MunicipalityScopedManager, allow_unscoped_queries


class TimeStampedModel(models.Model):
    """Creation and modification times for every row."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class MunicipalityScopedModel(TimeStampedModel):
    """A row owned by exactly one municipality (tenant); see `core.tenancy`."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )

    objects = MunicipalityScopedManager()

    class Meta:
        abstract = True
        # Django's base manager stays plain: following a foreign key or cascading a delete
        # starts from a row that was already read through a scoped query.
        default_manager_name = "objects"

    # Uniqueness checks may legitimately look across towns (a globally unique token, say).
    def validate_unique(self, exclude=None):
        with allow_unscoped_queries():
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with allow_unscoped_queries():
            super().validate_constraints(exclude=exclude)


class AuditEntry(models.Model):
    """One write by a person (or the system) that someone may later need to account for."""

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("municipality"),
    )
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-occurred_at"])]

    def __str__(self):
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )


class PendingImport(MunicipalityScopedModel):
    """An uploaded file, held as its parsed plan between the preview and the confirmation.

    Imports show a preview first and change nothing until a person confirms; then they apply
    the plan once, in one transaction, and compare it with the database again at that moment.
    """

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
    # What the file says, as the importer's Plan.to_json() wrote it.
    plan = models.JSONField(_("parsed plan"), default=dict)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename
