"""Towns (tenants), the funding programmes that group them, and who holds which role where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from miteinander.core.colour import contrast_ratio
from miteinander.core.fields import WebAddressField
from miteinander.core.models import MunicipalityScopedModel, TimeStampedModel

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits, e.g. #004B87.")
)

# Top-level path segments that belong to the platform and so cannot be a town's slug.
RESERVED_SLUGS = frozenset(
    {"accounts", "admin", "api", "healthz", "version", "workspace", "static", "media", "i18n"}
)


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the platform itself; choose another short name."),
            params={"slug": value},
        )


class Role(models.TextChoices):
    """What a person may do in one town."""

    COORDINATION = "coordination", _("Coordination")
    INTEGRATION_GUIDE = "integration_guide", _("Integration guide")
    NETWORK_PARTNER = "network_partner", _("Network partner")
    BODY_MEMBER = "body_member", _("Body member")
    READER = "reader", _("Reader")


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Municipality(TimeStampedModel):
    """A town (Kommune): the tenant every other row belongs to."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=60,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_("Appears in every address of the town, e.g. “bensheim”."),
    )
    state = models.CharField(_("federal state"), max_length=60, blank=True)
    claim = models.CharField(
        _("claim"), max_length=120, blank=True, help_text=_("E.g. “Potentiale der Vielfalt”.")
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#004B87", validators=[hex_colour]
    )
    secondary_colour = models.CharField(
        _("secondary colour"), max_length=7, default="#E8F0F7", validators=[hex_colour]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = WebAddressField(_("website"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive towns have no public pages.")
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        # The primary colour carries white text on buttons and the header (WCAG 1.4.3: 4.5:1).
        if self.primary_colour and hex_colour.regex.match(self.primary_colour):
            if contrast_ratio(self.primary_colour, "#FFFFFF") < 4.5:
                raise ValidationError(
                    {
                        "primary_colour": _(
                            "White text on this colour is hard to read (contrast below 4.5:1). "
                            "Choose a darker colour."
                        )
                    }
                )

    def get_absolute_url(self):
        return reverse("public:home", kwargs={"municipality_slug": self.slug})

    @property
    def initials(self) -> str:
        """Up to two letters for the logo placeholder."""
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha()]
        return "".join(w[0] for w in words[:2]).upper() or self.name[:1].upper()


class Programme(TimeStampedModel):
    """A funding programme (WIR, KISI, KOMM-IN) that groups towns; it sees aggregates only."""

    short_name = models.CharField(_("short name"), max_length=30)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    funder = models.CharField(_("funded by"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        Municipality,
        through="ProgrammeParticipation",
        related_name="programmes",
        verbose_name=_("participating municipalities"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            )
        ]

    def __str__(self):
        return self.short_name


class ProgrammeParticipation(TimeStampedModel):
    """A town taking part in a programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="programme_participations"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="unique_programme_participation"
            )
        ]

    def __str__(self):
        return f"{self.municipality} – {self.programme}"


class Membership(MunicipalityScopedModel):
    """A person's role in one town; a network partner also names the organisation they edit for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    # A lazy reference: the network app owns organisations and builds on this one.
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="editor_memberships",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__last_name", "user__first_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="unique_role_per_person_and_town"
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.NETWORK_PARTNER) & Q(organisation__isnull=False))
                | (~Q(role=Role.NETWORK_PARTNER) & Q(organisation__isnull=True)),
                name="organisation_iff_network_partner",
                violation_error_message=_(
                    "A network partner edits for exactly one organisation; other roles for none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"

    def clean(self):
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            raise ValidationError(
                {"organisation": _("Choose an organisation of this municipality.")}
            )


class ProgrammeRole(models.TextChoices):
    STATE_COORDINATION = "state_coordination", _("State coordination")


class ProgrammeMembership(TimeStampedModel):
    """Programme staff (Landeskoordination): figures across towns, never personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_memberships",
        verbose_name=_("person"),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("programme")
    )
    role = models.CharField(
        _("role"),
        max_length=30,
        choices=ProgrammeRole.choices,
        default=ProgrammeRole.STATE_COORDINATION,
    )

    class Meta:
        verbose_name = _("programme membership")
        verbose_name_plural = _("programme memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="unique_programme_role"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.programme}"
