"""The town's network: actors (organisations), their people, formats and alliances."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from miteinander.core.fields import WebAddressField
from miteinander.core.languages import CODES as LANGUAGE_CODES
from miteinander.core.models import MunicipalityScopedModel
from miteinander.core.tenancy import MunicipalityScopedManager, MunicipalityScopedQuerySet


class ActorGroup(models.TextChoices):
    """The seven actor groups of Weiterstadt's stock-take (seed 004)."""

    ENGAGED_CITIZENS = "engaged_citizens", _("Engaged citizens")
    ADMINISTRATION = "administration", _("Administration")
    POLITICS = "politics", _("Politics")
    CIVIL_SOCIETY_WITH_MANDATE = (
        "civil_society_with_mandate",
        _("Civil-society groups with a political mandate"),
    )
    CIVIL_SOCIETY = "civil_society", _("Civil-society groups")
    LOCAL_PARTNERS = "local_partners", _("Local cooperation partners")
    REGIONAL_PARTNERS = "regional_partners", _("Regional cooperation partners")


class Staffing(models.TextChoices):
    PAID = "paid", _("Paid staff")
    VOLUNTEER = "volunteer", _("Volunteers")
    BOTH = "both", _("Paid staff and volunteers")


class FormatKind(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    REPORT = "report", _("Report")
    PLAN = "plan", _("Plan")
    EVENT = "event", _("Event")
    BODY = "body", _("Body or round table")
    NETWORK = "network", _("Network")
    OTHER = "other", _("Other")


def validate_languages(value) -> None:
    if not isinstance(value, list) or any(code not in LANGUAGE_CODES for code in value):
        raise ValidationError(_("Choose languages from the list."))


class TownVocabulary(MunicipalityScopedModel):
    """An entry of a list each town keeps for itself, seeded with DEFAULTS."""

    DEFAULTS: list[str] = []

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "municipality", Lower("name"), name="unique_%(class)s_name_per_town"
            )
        ]

    def __str__(self):
        return self.name


class FieldOfWork(TownVocabulary):
    """A field an organisation works in (Soziales, Bildung, ...)."""

    DEFAULTS = [
        "Soziales", "Integration", "Bürgerschaftliches Engagement", "Bildung", "Arbeit",
        "Religion", "Jugend", "Senioren", "Kultur", "Sport", "Gesundheit", "Wirtschaft",
    ]  # fmt: skip

    class Meta(TownVocabulary.Meta):
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")


class TargetGroup(TownVocabulary):
    """Whom offerings, measures and amplifiers address (Jugendliche, Senioren, ...)."""

    DEFAULTS = [
        "Kinder", "Jugendliche", "Familien", "Frauen", "Senioren", "Geflüchtete",
        "Drittstaatsangehörige", "Neuzugewanderte", "Menschen mit Behinderung",
        "Arbeitsuchende", "Ehrenamtliche", "Alle Einwohnerinnen und Einwohner",
    ]  # fmt: skip

    class Meta(TownVocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class OrganisationQuerySet(MunicipalityScopedQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def amplifiers(self):
        return self.filter(amplifier_for__isnull=False).distinct()


class Organisation(MunicipalityScopedModel):
    """An actor of the town's network (association, school, administration unit, ...)."""

    name = models.CharField(_("name"), max_length=200)
    actor_group = models.CharField(
        _("actor group"),
        max_length=40,
        choices=ActorGroup.choices,
        default=ActorGroup.CIVIL_SOCIETY,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_units",
        verbose_name=_("part of"),
        help_text=_("For a sub-unit, e.g. a Fachdienst of the administration."),
    )
    fields_of_work = models.ManyToManyField(
        FieldOfWork, blank=True, related_name="organisations", verbose_name=_("fields of work")
    )
    staffing = models.CharField(_("staffing"), max_length=20, choices=Staffing.choices, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    website = WebAddressField(_("website"), blank=True)
    languages = models.JSONField(
        _("languages they work in"), default=list, blank=True, validators=[validate_languages]
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Internal; never shown publicly."))
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_("Public visitors see the organisation, never its contact persons."),
    )
    amplifier_for = models.ManyToManyField(
        TargetGroup,
        blank=True,
        related_name="amplifiers",
        verbose_name=_("amplifier for"),
        help_text=_("Target groups this organisation reaches well and can pass things on to."),
    )

    objects = MunicipalityScopedManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "municipality", Lower("name"), name="unique_organisation_name_per_town"
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="not_its_own_parent"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.parent.municipality_id != self.municipality_id:
                raise ValidationError({"parent": _("Choose an organisation of this town.")})
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("An organisation cannot be part of its own sub-unit.")}
                    )
                ancestor = ancestor.parent

    def get_absolute_url(self):
        return reverse(
            "network:organisation",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )


class ContactPersonQuerySet(MunicipalityScopedQuerySet):
    def with_consent(self):
        return self.filter(consent_given_on__isnull=False)


class ContactPerson(MunicipalityScopedModel):
    """Someone to talk to at an organisation; without consent, only coordination sees them."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contact_persons",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_purpose = models.CharField(
        _("purpose of the consent"),
        max_length=300,
        blank=True,
        help_text=_("What the person agreed to, e.g. “Listed as contact for the network”."),
    )

    objects = MunicipalityScopedManager.from_queryset(ContactPersonQuerySet)()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given_on__isnull=True) | ~Q(consent_purpose=""),
                name="consent_has_a_purpose",
                violation_error_message=_("Record what the person consented to."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def has_consent(self) -> bool:
        return self.consent_given_on is not None


class Format(MunicipalityScopedModel):
    """A recurring format an organisation already runs ("Wirtschaftsforum, zwei Mal/Jahr")."""

    FREQUENCY_SUGGESTIONS = [
        "einmalig", "ein Mal/Jahr", "zwei Mal/Jahr", "vierteljährlich", "monatlich",
        "wöchentlich", "regelmäßig", "nach Bedarf",
    ]  # fmt: skip

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="formats",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=FormatKind.choices)
    frequency = models.CharField(
        _("frequency"), max_length=100, blank=True, help_text=_("E.g. “zwei Mal/Jahr”.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("format")
        verbose_name_plural = _("formats")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="unique_format_name_per_organisation"
            )
        ]

    def __str__(self):
        return self.name


class Alliance(MunicipalityScopedModel):
    """An alliance or network of organisations ("Bündnis für Vielfalt")."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_alliances",
        verbose_name=_("coordinated by"),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    members = models.ManyToManyField(
        Organisation,
        through="AllianceMembership",
        related_name="alliances",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("municipality", Lower("name"), name="unique_alliance_per_town")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.coordinator_id and self.coordinator.municipality_id != self.municipality_id:
            raise ValidationError({"coordinator": _("Choose an organisation of this town.")})


class AllianceMembership(MunicipalityScopedModel):
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("alliance")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
        verbose_name=_("organisation"),
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"], name="unique_alliance_membership"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.alliance}"

    def clean(self):
        if self.organisation_id and self.alliance_id:
            if self.organisation.municipality_id != self.alliance.municipality_id:
                raise ValidationError({"organisation": _("Choose an organisation of this town.")})


# The stock-take import keeps its model next to its code; Django finds it through this import.
from .stocktake.models import StocktakeImport  # noqa: E402, F401
