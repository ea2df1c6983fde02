"""The town's action plan: guidelines, fields of action, goals, measures and their indicators.

Every write goes through services.py, which records it in the audit log; a measure's history
(who changed what, when) is read from there.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miteinander.core.models import MunicipalityScopedModel
from miteinander.core.tenancy import MunicipalityScopedManager, MunicipalityScopedQuerySet


class Reachability(models.TextChoices):
    """How well a target group is reached (seed 001's three levels)."""

    GOOD = "good", _("Well reachable")
    MEDIUM = "medium", _("Moderately reachable")
    LOW = "low", _("Hardly or not reachable")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("In preparation")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Implemented")
    ESTABLISHED = "established", _("Permanently established")
    POSTPONED = "postponed", _("Postponed")
    DROPPED = "dropped", _("Dropped")


class FundingSource(models.TextChoices):
    WIR = "wir", "WIR"
    KISI_AMIF = "kisi_amif", "KISI / AMIF"
    KOMM_IN = "komm_in", "KOMM-IN"
    TOWN_BUDGET = "town_budget", _("Town budget")
    OTHER = "other", _("Other")


class Guideline(MunicipalityScopedModel):
    """A guideline (Leitlinie) of the town's strategy; text in Markdown."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown: **bold**, lists with -."))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class FieldOfAction(MunicipalityScopedModel):
    """A field of action (Handlungsfeld), e.g. "Bildung und Erziehung"."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("short code"),
        max_length=10,
        blank=True,
        help_text=_("Prefix of measure numbers, e.g. B."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_field_of_action")
        ]

    def __str__(self):
        return self.name


class Goal(MunicipalityScopedModel):
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("field of action"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["field_of_action__position", "position", "id"]

    def __str__(self):
        return self.title


class Recommendation(MunicipalityScopedModel):
    """A recommendation (Handlungsempfehlung), e.g. by an external institute."""

    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Who recommends it, e.g. an external institute.")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("field of action"),
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["title"]

    def __str__(self):
        return self.title


class MeasureQuerySet(MunicipalityScopedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def report_due(self, today=None):
        """Measures whose progress report is due (reporting date reached, not yet reported)."""
        today = today or timezone.localdate()
        return self.filter(report_due_on__isnull=False, report_due_on__lte=today).exclude(
            status__in=[MeasureStatus.DROPPED]
        )


class Measure(MunicipalityScopedModel):
    """A measure (Maßnahme) with responsibility, time frame, funding, status and progress."""

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="measures", verbose_name=_("goal")
    )
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("E.g. B-07."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for_measures",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = models.ForeignKey(
        "network.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for_measures",
        verbose_name=_("responsible person"),
    )
    partners = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="partner_in_measures",
        verbose_name=_("partner organisations"),
    )
    target_groups = models.ManyToManyField(
        "network.TargetGroup", blank=True, related_name="measures", verbose_name=_("target groups")
    )
    reachability_focus = models.CharField(
        _("reachability focus"), max_length=10, choices=Reachability.choices, blank=True
    )
    working_group = models.CharField(_("working group it came from"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    funding_source = models.CharField(
        _("funding"), max_length=20, choices=FundingSource.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress in percent"), default=0, validators=[MaxValueValidator(100)]
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="measures",
        verbose_name=_("recommendations it implements"),
    )
    is_published = models.BooleanField(_("shown on the public progress page"), default=False)
    report_due_on = models.DateField(
        _("next progress report due"), null=True, blank=True,
        help_text=_("The responsible organisation is asked to report by this date."),
    )  # fmt: skip
    last_reported_on = models.DateField(_("last progress report"), null=True, blank=True)

    objects = MunicipalityScopedManager.from_queryset(MeasureQuerySet)()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal__field_of_action__position", "goal__position", "number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="measure_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="measure_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end cannot be before the start.")
        if self.goal_id and self.goal.municipality_id != self.municipality_id:
            errors["goal"] = _("Choose a goal of this town.")
        if self.responsible_organisation_id:
            if self.responsible_organisation.municipality_id != self.municipality_id:
                errors["responsible_organisation"] = _("Choose an organisation of this town.")
        if self.responsible_person_id:
            person = self.responsible_person
            if person.organisation_id != self.responsible_organisation_id:
                errors["responsible_person"] = _(
                    "%(person)s is not (or no longer) a contact person of the responsible "
                    "organisation. Choose someone of that organisation or update its contact "
                    "persons first."
                ) % {"person": person.name}
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse(
            "actionplan:measure",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )


class Indicator(MunicipalityScopedModel):
    """A key figure (Kennzahl) of a measure: baseline, target and the values measured over time."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("measure")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("E.g. participants, %.")
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]

    def __str__(self):
        return self.name


class IndicatorValue(MunicipalityScopedModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["measured_on", "id"]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class ProgressReport(MunicipalityScopedModel):
    """What the responsible organisation reported: status, progress and a short note."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="reports", verbose_name=_("measure")
    )
    reported_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress in percent"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.measure} – {self.created_at:%Y-%m-%d}"


# The measure import keeps its model next to its code; Django finds it through this import.
from .catalogue.models import MeasureImport  # noqa: E402, F401
