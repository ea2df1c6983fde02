"""The offerings directory: what the network offers newcomers, where, when and in which language.

An offering (Angebot) belongs to a provider organisation of the network. Meeting places
(Begegnungsräume, Treffpunkte) are offerings whose kind is marked as a meeting place; they carry a
room capacity. German title and description live on the offering itself, other languages in
`OfferingTranslation`. A partner's change to a published offering in a town that reviews changes
is kept as a revision (`revision_of`) until coordination approves it; the published version stays
visible meanwhile.
"""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miteinander.core.fields import WebAddressField
from miteinander.core.models import MunicipalityScopedModel, PendingImport
from miteinander.core.tenancy import MunicipalityScopedManager, MunicipalityScopedQuerySet
from miteinander.network.models import TownVocabulary, validate_languages

# A generous box around Germany: coordinates outside it need an explicit confirmation.
GERMANY_BOUNDS = {"south": 47.2, "north": 55.1, "west": 5.8, "east": 15.1}

# After this long without a confirmation, an offering is flagged as possibly out of date.
VERIFICATION_INTERVAL = datetime.timedelta(days=365)


class OfferingKind(TownVocabulary):
    """What an offering is (Beratung, Sprachkurs, ...); each town keeps its own list."""

    DEFAULTS = [
        "Beratung", "Sprachkurs", "Bildung", "Kinder und Familie", "Arbeit und Ausbildung",
        "Begegnung und Treffpunkt", "Freizeit, Kultur, Sport", "Gesundheit", "Ehrenamt",
        "Sonstiges",
    ]  # fmt: skip
    MEETING_PLACE_DEFAULT = "Begegnung und Treffpunkt"

    is_meeting_place = models.BooleanField(
        _("meeting place"),
        default=False,
        help_text=_("Offerings of this kind are rooms or meeting points with a capacity."),
    )

    class Meta(TownVocabulary.Meta):
        verbose_name = _("kind of offering")
        verbose_name_plural = _("kinds of offering")


class District(TownVocabulary):
    """A part of town (Stadtteil, Ortsteil) to filter and count offerings by."""

    class Meta(TownVocabulary.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class DirectorySettings(MunicipalityScopedModel):
    """How a town runs its directory: review of partners' changes, the map's tiles and centre."""

    DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors"

    review_required = models.BooleanField(
        _("coordination approves partners' offerings"),
        default=True,
        help_text=_(
            "New and changed offerings of network partners are published only after "
            "coordination has approved them."
        ),
    )
    tile_url = models.CharField(
        _("map tiles address"),
        max_length=300,
        default=DEFAULT_TILE_URL,
        blank=True,
        help_text=_("Leave empty to show the list without a map."),
    )
    tile_attribution = models.CharField(
        _("map attribution"), max_length=300, default=DEFAULT_ATTRIBUTION, blank=True
    )
    map_latitude = models.DecimalField(
        _("map centre latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    map_longitude = models.DecimalField(
        _("map centre longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    map_zoom = models.PositiveSmallIntegerField(
        _("map zoom"), default=13, validators=[MinValueValidator(3), MaxValueValidator(18)]
    )

    class Meta:
        verbose_name = _("directory settings")
        verbose_name_plural = _("directory settings")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="unique_directory_settings")
        ]

    def __str__(self):
        return str(_("Directory settings"))

    def clean(self):
        if self.tile_url and not all(part in self.tile_url for part in ("{z}", "{x}", "{y}")):
            raise ValidationError({"tile_url": _("The address must contain {z}, {x} and {y}.")})

    @classmethod
    def for_town(cls, municipality) -> "DirectorySettings":
        settings_, _created = cls.objects.for_municipality(municipality).get_or_create(
            municipality=municipality
        )
        return settings_


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ScheduleKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly opening hours")
    SESSIONS = "sessions", _("Dated sessions")
    ON_REQUEST = "on_request", _("By appointment")


class OfferingQuerySet(MunicipalityScopedQuerySet):
    def current(self):
        """Offerings themselves, not pending revisions of them."""
        return self.filter(revision_of__isnull=True)

    def published(self, *, on: datetime.date | None = None):
        """What the public sees: published (never a proposed change) and valid today."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            status=OfferingStatus.PUBLISHED,
        )

    def unverified(self, *, on: datetime.date | None = None):
        """Published offerings nobody has confirmed for VERIFICATION_INTERVAL."""
        on = on or timezone.localdate()
        return self.current().filter(
            status=OfferingStatus.PUBLISHED, last_verified_on__lt=on - VERIFICATION_INTERVAL
        )


class Offering(MunicipalityScopedModel):
    """One offering of the network: a course, a counselling hour, a meeting place, ..."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="offerings",
        verbose_name=_("provider"),
    )
    kind = models.ForeignKey(
        OfferingKind, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("kind")
    )
    field_of_action = models.ForeignKey(
        "actionplan.FieldOfAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("field of action"),
    )
    target_groups = models.ManyToManyField(
        "network.TargetGroup", blank=True, related_name="offerings", verbose_name=_("target groups")
    )
    title = models.CharField(_("title (German)"), max_length=200)
    description = models.TextField(_("description (German)"), blank=True)
    languages = models.JSONField(
        _("offered in"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("The languages the offering is held in."),
    )

    # Where
    is_online = models.BooleanField(_("online"), default=False)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("district"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    outside_germany_confirmed = models.BooleanField(
        _("the place lies outside Germany"), default=False
    )
    room_capacity = models.PositiveIntegerField(
        _("room capacity"),
        null=True,
        blank=True,
        help_text=_("For meeting places: how many people."),
    )

    # When
    schedule_kind = models.CharField(
        _("schedule"), max_length=12, choices=ScheduleKind.choices, default=ScheduleKind.WEEKLY
    )
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    # Access
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost = models.CharField(
        _("cost"), max_length=200, blank=True, help_text=_("E.g. “5 € per month, reduced 2 €”.")
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    sign_language = models.BooleanField(_("sign language interpreting"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    registration_required = models.BooleanField(_("registration required"), default=False)
    how_to_register = models.TextField(_("how to register"), blank=True)

    # Contact (a role address, not a private person's)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = WebAddressField(_("website"), blank=True)

    # Workflow
    status = models.CharField(
        _("status"), max_length=12, choices=OfferingStatus.choices, default=OfferingStatus.DRAFT
    )
    revision_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_revision",
        verbose_name=_("change of"),
    )
    review_note = models.TextField(
        _("note from coordination"),
        blank=True,
        help_text=_("Why a change was sent back; shown to the provider."),
    )
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    # Maintained by services.offering_index (see search/): normalised text for full-text search.
    search_text_de = models.TextField(editable=False, blank=True, default="")
    search_text_other = models.TextField(editable=False, blank=True, default="")

    objects = MunicipalityScopedManager.from_queryset(OfferingQuerySet)()

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["municipality", "status", "title"]),
            models.Index(fields=["municipality", "last_verified_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="offering_valid_to_after_from",
            ),
            # A proposed change is applied to its original, never published itself; so
            # "published" alone means "current", which keeps the directory's query simple.
            models.CheckConstraint(
                condition=Q(revision_of__isnull=True) | ~Q(status=OfferingStatus.PUBLISHED),
                name="offering_revision_never_published",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "offerings:offering",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    def get_public_url(self):
        return reverse(
            "offerings-public:offering",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date lies before the start date.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        elif self.latitude is not None and not self.outside_germany_confirmed:
            if not self.coordinates_in_germany:
                errors["latitude"] = _(
                    "These coordinates lie outside Germany. Check them, or confirm that the "
                    "place lies outside Germany."
                )
        if not self.is_online and not (self.street or self.latitude is not None):
            errors["street"] = _("Give an address or coordinates, or mark the offering as online.")
        if self.room_capacity is not None and self.kind_id and not self.kind.is_meeting_place:
            errors["room_capacity"] = _("Only meeting places have a room capacity.")
        if errors:
            raise ValidationError(errors)

    @property
    def coordinates_in_germany(self) -> bool:
        b = GERMANY_BOUNDS
        return (
            self.latitude is not None
            and b["south"] <= self.latitude <= b["north"]
            and b["west"] <= self.longitude <= b["east"]
        )

    @property
    def is_published(self) -> bool:
        return self.status == OfferingStatus.PUBLISHED and self.revision_of_id is None

    @property
    def needs_verification(self) -> bool:
        return (
            self.is_published
            and self.last_verified_on is not None
            and self.last_verified_on < timezone.localdate() - VERIFICATION_INTERVAL
        )

    @property
    def address_line(self) -> str:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


class OfferingTranslation(models.Model):
    """Title and description of an offering in a platform language other than German."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="translations", verbose_name=_("offering")
    )
    language = models.CharField(_("language"), max_length=7)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "language"], name="unique_offering_translation"
            )
        ]

    def __str__(self):
        return f"{self.offering} ({self.language})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """A weekly opening: Mondays 09:00–12:00. Several per day are allowed."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("offering")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="opening_hours_close_after_open"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class ScheduleException(models.Model):
    """Days that differ from the weekly hours: closed for the holidays, or other hours."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("offering")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="exception_ends_after_start"
            )
        ]

    def __str__(self):
        return self.note or f"{self.starts_on}–{self.ends_on}"

    @property
    def is_closed(self) -> bool:
        return self.opens is None

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date lies before the start date.")
        if (self.opens is None) != (self.closes is None):
            errors["closes"] = _("Give opening and closing time, or neither for “closed”.")
        elif self.opens and self.closes and self.closes <= self.opens:
            errors["closes"] = _("Closing time must be after opening time.")
        if errors:
            raise ValidationError(errors)


class Session(models.Model):
    """A dated session of an offering without weekly hours (a course's evenings, say)."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("offering")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.offering}: {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end lies before the start.")})


class SearchTerm(MunicipalityScopedModel):
    """A word of a town's offerings as the search index holds it; typo tolerance looks here."""

    term = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "term"], name="unique_search_term")
        ]

    def __str__(self):
        return self.term


class VerificationReminder(MunicipalityScopedModel):
    """That the provider and coordination were told an offering needs checking (sent once)."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("offering")
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_to = models.JSONField(_("sent to"), default=list)

    class Meta:
        verbose_name = _("verification reminder")
        verbose_name_plural = _("verification reminders")
        ordering = ["-sent_at"]


class HsdsImport(PendingImport):
    """An uploaded HSDS 3.0 file (JSON or tabular data package) between preview and import."""

    class Meta(PendingImport.Meta):
        verbose_name = _("HSDS import")
        verbose_name_plural = _("HSDS imports")
