"""Events and participation: the public calendar, registration, diversity in aggregate, feedback
and the ideas wall.

An event (Veranstaltung) is organised by an organisation of the network, or by the town itself
when no organiser is given, with co-organisers. German title and description live on the event,
other languages in `EventTranslation`. A repeating event stores its first date and an RFC 5545
rule (see `recurrence`); `series_ends_at` is the end of its last date, so a calendar window
finds it with one indexed comparison.

Registration covers the whole event (every date of a series). Personal data of participants is
kept to what the organiser needs (name or pseudonym, a way to reach them, their needs) and
erased after `EVENT_REGISTRATION_RETENTION_DAYS`. The optional diversity self-description is
never stored with a person: it only increments counters (`DiversityCount`), which have no
timestamps, so nobody can link a count to a registration.
"""

import datetime
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from miteinander.core.fields import WebAddressField
from miteinander.core.models import MunicipalityScopedModel
from miteinander.core.tenancy import MunicipalityScopedManager, MunicipalityScopedQuerySet
from miteinander.network.models import TownVocabulary, validate_languages

from . import recurrence


class EventKind(TownVocabulary):
    """What an event is (Fest, Konferenz, Workshop, ...); each town keeps its own list."""

    DEFAULTS = [
        "Fest", "Konferenz", "Workshop", "Beteiligungsveranstaltung", "Netzwerktreffen",
        "Kurs", "Vortrag", "Ausstellung", "Sonstiges",
    ]  # fmt: skip

    class Meta(TownVocabulary.Meta):
        verbose_name = _("kind of event")
        verbose_name_plural = _("kinds of event")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class EventQuerySet(MunicipalityScopedQuerySet):
    def public(self):
        """What the public calendar shows: published events and cancelled ones (marked so)."""
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])

    def overlapping(self, start, end):
        """Events with a date in [start, end); expand them with `recurrence.occurrences`."""
        return self.filter(starts_at__lt=end, series_ends_at__gt=start)

    def upcoming(self, *, now=None):
        return self.filter(series_ends_at__gt=now or timezone.now())

    def past(self, *, now=None):
        return self.filter(series_ends_at__lte=now or timezone.now())


class Event(MunicipalityScopedModel):
    """A festival, conference, workshop, participation event, course, ..."""

    uuid = models.UUIDField(_("public identifier"), default=uuid4, unique=True, editable=False)
    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("kind")
    )
    title = models.CharField(_("title (German)"), max_length=200)
    description = models.TextField(_("description (German)"), blank=True)
    organiser = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
        help_text=_("Leave empty when the town itself organises the event."),
    )
    co_organisers = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("co-organisers"),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where participants' questions go; also told about new registrations."),
    )

    # Where: a meeting place of the directory, an address, or online (or online as well).
    meeting_place = models.ForeignKey(
        "offerings.Offering",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("meeting place"),
    )
    place_name = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("E.g. “Bürgerhaus, großer Saal”.")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_online = models.BooleanField(_("online"), default=False)
    online_url = WebAddressField(
        _("online link"), blank=True, help_text=_("Sent to registered participants.")
    )

    # When (stored in UTC, entered and shown in Europe/Berlin)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    recurrence_rule = models.CharField(
        _("repetition"),
        max_length=300,
        blank=True,
        help_text=_("An RFC 5545 rule such as FREQ=WEEKLY;BYDAY=TU;COUNT=10."),
    )
    recurrence_exceptions = models.JSONField(
        _("dates left out"), default=list, blank=True, help_text=_("Local dates (YYYY-MM-DD).")
    )
    # Maintained by services.event_save: the end of the last date of the series, and the
    # calendar SEQUENCE that grows when the time, the place or the status changes.
    series_ends_at = models.DateTimeField(editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    # Whom it is for and how to take part
    target_groups = models.ManyToManyField(
        "network.TargetGroup", blank=True, related_name="events", verbose_name=_("target groups")
    )
    languages = models.JSONField(
        _("spoken at the event"), default=list, blank=True, validators=[validate_languages]
    )
    interpreted_languages = models.JSONField(
        _("interpreted into"), default=list, blank=True, validators=[validate_languages]
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    childcare = models.BooleanField(_("childcare offered"), default=False)
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)

    # Where it belongs in the strategy
    measure = models.ForeignKey(
        "actionplan.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("measure"),
    )
    format = models.ForeignKey(
        "EventFormat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("created from format"),
    )

    # Registration
    registration_enabled = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the event is full, people join a waiting list and move up by e-mail."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take registrations until the event starts."),
    )
    ask_diversity = models.BooleanField(
        _("offer the anonymous self-description"),
        default=True,
        help_text=_(
            "Participants may describe themselves anonymously (age, gender, migration "
            "experience, nationality); you only see totals."
        ),
    )

    # After the event
    feedback_enabled = models.BooleanField(_("ask participants for feedback"), default=True)
    feedback_token = models.UUIDField(default=uuid4, unique=True, editable=False)
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Ideas wall (Bedarfe und Wünsche)
    ideas_enabled = models.BooleanField(_("ideas wall"), default=False)
    ideas_question = models.CharField(
        _("question on the ideas wall"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “What do you wish for in our town?”"),
    )
    ideas_open = models.BooleanField(_("accepting ideas"), default=True)
    ideas_token = models.UUIDField(default=uuid4, unique=True, editable=False)

    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    cancellation_note = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    objects = MunicipalityScopedManager.from_queryset(EventQuerySet)()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["municipality", "status", "series_ends_at"]),
            models.Index(fields=["municipality", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(series_ends_at__gte=models.F("ends_at")),
                name="event_series_ends_after_first",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "events:event", kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk}
        )

    def get_public_url(self):
        return reverse(
            "events-public:event",
            kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk},
        )

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end lies before the start. Check the date and time.")
        elif self.starts_at and self.recurrence_rule:
            try:
                recurrence.validate_rule(self.recurrence_rule, self.starts_at)
            except ValidationError as error:
                errors["recurrence_rule"] = error
        for value in self.recurrence_exceptions or []:
            if not _is_iso_date(value):
                errors["recurrence_exceptions"] = _("Give left-out dates as YYYY-MM-DD.")
        if not (self.is_online or self.meeting_place_id or self.street or self.place_name):
            errors["place_name"] = _(
                "Give a meeting place, a place with its address, or mark the event as online."
            )
        if self.meeting_place_id and (
            self.meeting_place.municipality_id != self.municipality_id
            or not self.meeting_place.kind.is_meeting_place
        ):
            errors["meeting_place"] = _("Choose one of the town's meeting places.")
        if self.capacity and not self.registration_enabled:
            errors["capacity"] = _("A limit of places needs registration. Turn registration on.")
        if (
            self.registration_closes_at
            and self.starts_at
            and self.registration_closes_at > self.series_end_estimate
        ):
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if errors:
            raise ValidationError(errors)

    @property
    def series_end_estimate(self):
        """The stored end of the series, or the first date's end before the first save."""
        return self.series_ends_at or self.ends_at

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence_rule)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_public(self) -> bool:
        return self.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)

    @property
    def address_line(self) -> str:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def registration_is_open(self, *, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.registration_enabled
            and self.status == EventStatus.PUBLISHED
            and now < self.registration_deadline
        )

    def occurrences(self, start=None, end=None) -> list[recurrence.Occurrence]:
        """The event's dates overlapping [start, end), or all of them."""
        return recurrence.occurrences(
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            rule=self.recurrence_rule,
            exdates=self.recurrence_exceptions,
            window_start=start,
            window_end=end,
        )


def _is_iso_date(value) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


class EventTranslation(models.Model):
    """Title and description of an event in a platform language other than German."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="translations", verbose_name=_("event")
    )
    language = models.CharField(_("language"), max_length=7)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="unique_event_translation")
        ]

    def __str__(self):
        return f"{self.event} ({self.language})"


class EventFormat(MunicipalityScopedModel):
    """A reusable event (a festival planned by young people, say) to create new events from.

    `data` holds the event's reusable fields as `services.FORMAT_FIELDS` lists them, with its
    translations and the event's length; dates, registrations and ideas are never copied.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("what makes this format"),
        blank=True,
        help_text=_("E.g. “Planned and run by young people; works for about 60 guests.”"),
    )
    data = models.JSONField(default=dict, editable=False)
    created_from = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved from"),
    )

    class Meta:
        verbose_name = _("event format")
        verbose_name_plural = _("event formats")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(MunicipalityScopedQuerySet):
    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waiting list in the order people joined it."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "id")

    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)


class Registration(MunicipalityScopedModel):
    """One person's registration for an event (or a walk-in recorded at check-in).

    The token in the confirmation e-mail's links lets the person see and cancel it without an
    account.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    token = models.UUIDField(default=uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("A first name or a pseudonym is enough.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(
        _("language for messages"), max_length=7, default="de", choices=settings.LANGUAGES
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    is_walk_in = models.BooleanField(_("came without registration"), default=False)

    # Needs
    interpreting_into = models.CharField(
        _("interpreting into"),
        max_length=7,
        blank=True,
        help_text=_("The language someone should interpret into for you."),
    )
    needs_step_free_access = models.BooleanField(_("needs step-free access"), default=False)
    childcare_children = models.PositiveSmallIntegerField(
        _("children for childcare"), default=0, validators=[MaxValueValidator(10)]
    )
    other_needs = models.CharField(_("other needs"), max_length=500, blank=True)

    # What happened
    moved_up_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # Whether the person already gave the anonymous self-description (never what they said).
    described_diversity = models.BooleanField(default=False, editable=False)
    feedback_given = models.BooleanField(default=False, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = MunicipalityScopedManager.from_queryset(RegistrationQuerySet)()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="unique_active_registration_per_email",
                violation_error_message=_(
                    "This e-mail address is already registered for this event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_walk_in=True) | ~Q(email="") | Q(erased_at__isnull=False),
                name="registration_has_email_unless_walk_in",
            ),
        ]

    def __str__(self):
        return self.name or str(_("Participant %(number)s") % {"number": self.pk})

    def get_public_url(self):
        return reverse(
            "events-public:registration",
            kwargs={"municipality_slug": self.municipality.slug, "token": self.token},
        )


class DiversityDimension(models.TextChoices):
    AGE_BAND = "age_band", _("Age")
    GENDER = "gender", _("Gender")
    MIGRATION = "migration", _("Migration experience")
    NATIONALITY = "nationality", _("Nationality")


# The answers of each dimension, in the order they are shown. "Prefer not to say" is no answer.
DIVERSITY_VALUES: dict[str, list[tuple[str, str]]] = {
    DiversityDimension.AGE_BAND: [
        ("under_18", _("under 18")),
        ("18_26", _("18 to 26")),
        ("27_44", _("27 to 44")),
        ("45_64", _("45 to 64")),
        ("65_plus", _("65 or older")),
    ],
    DiversityDimension.GENDER: [
        ("female", _("female")),
        ("male", _("male")),
        ("diverse", _("diverse")),
    ],
    DiversityDimension.MIGRATION: [
        ("own", _("I came to Germany myself")),
        ("parents", _("My parents (or one of them) came to Germany")),
        ("none", _("No migration experience")),
    ],
    DiversityDimension.NATIONALITY: [
        ("german", pgettext_lazy("nationality", "German")),
        ("eu", _("Another EU country")),
        ("third_country", _("A country outside the EU")),
    ],
}


class DiversityCount(models.Model):
    """How many participants of an event described themselves with one answer of a dimension.

    Deliberately no timestamps and no link to a person: the self-description only ever
    increments these counters (see services.diversity_record).
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="diversity_counts")
    dimension = models.CharField(max_length=20, choices=DiversityDimension.choices)
    value = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    objects = MunicipalityScopedManager()

    class Meta:
        verbose_name = _("diversity count")
        verbose_name_plural = _("diversity counts")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "dimension", "value"], name="unique_diversity_count"
            )
        ]

    def __str__(self):
        return f"{self.dimension}={self.value}: {self.count}"


class ComeAgain(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class Feedback(MunicipalityScopedModel):
    """One participant's anonymous evaluation of an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("event")
    )
    rating = models.PositiveSmallIntegerField(
        _("overall"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    liked = models.TextField(_("what was good"), max_length=2000, blank=True)
    improve = models.TextField(_("what could be better"), max_length=2000, blank=True)
    come_again = models.CharField(
        _("would come again"), max_length=5, choices=ComeAgain.choices, blank=True
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            )
        ]

    def __str__(self):
        return str(_("Feedback on %(event)s") % {"event": self.event})


class IdeaCluster(MunicipalityScopedModel):
    """A group of ideas on an event's wall, which staff can turn into a measure."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="idea_clusters", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    measure = models.ForeignKey(
        "actionplan.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_clusters",
        verbose_name=_("became measure"),
    )

    class Meta:
        verbose_name = _("group of ideas")
        verbose_name_plural = _("groups of ideas")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class IdeaSource(models.TextChoices):
    ONLINE = "online", _("Posted by a participant")
    PAPER = "paper", _("From a paper card")


class Idea(MunicipalityScopedModel):
    """A card on the ideas wall: a need or wish, anonymous."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("event")
    )
    text = models.TextField(_("idea"), max_length=500)
    cluster = models.ForeignKey(
        IdeaCluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("group"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.CharField(
        _("source"), max_length=8, choices=IdeaSource.choices, default=IdeaSource.ONLINE
    )
    is_hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden cards stay out of the projector view.")
    )

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:60]
