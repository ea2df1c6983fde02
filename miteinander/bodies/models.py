"""Bodies (Gremien) and their meetings: agenda, attendance, minutes, decisions, papers, tasks.

A body is the Integrationsrat, a steering group, a working group and the like. Members are contact
persons and/or organisations of the network, with a role and a term; a member who also has an
account (`BodyMembership.user`) sees the body's internal meetings and papers. Papers (Vorlagen)
move through bodies as consultations, so a reader can follow one from the steering group to the
Integrationsrat to the town council. The public, and the OParl API, see only what is public: a
public body, its public meetings, their public agenda items and, once released, the minutes and
decisions of those items.
"""

import datetime
import mimetypes
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miteinander.core.fields import WebAddressField
from miteinander.core.models import MunicipalityScopedModel
from miteinander.core.tenancy import MunicipalityScopedManager, MunicipalityScopedQuerySet


class BodyKind(models.TextChoices):
    INTEGRATION_COUNCIL = "integration_council", _("Integration council / foreigners' council")
    STEERING_GROUP = "steering_group", _("Steering group")
    WORKING_GROUP = "working_group", _("Working group")
    COUNCIL_OF_RELIGIONS = "council_of_religions", _("Council of religions")
    YOUTH_BODY = "youth_body", _("Youth body")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    ADVISORY_BOARD = "advisory_board", _("Advisory board")
    TOWN_COUNCIL = "town_council", _("Town council or committee")
    OTHER = "other", _("Other")


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy")
    ADVISORY = "advisory", _("Advisory member")
    MANAGEMENT = "management", _("Management (Geschäftsführung)")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITED = "invited", _("Invitations sent")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class DecisionKind(models.TextChoices):
    NOTED = "noted", _("Taken note of (Kenntnisnahme)")
    RESOLVED = "resolved", _("Resolved (Beschluss)")
    RECOMMENDED = "recommended", _("Recommended (Empfehlung)")
    REJECTED = "rejected", _("Rejected (Ablehnung)")
    POSTPONED = "postponed", _("Postponed (Vertagung)")


class PaperType(models.TextChoices):
    STATUS_REPORT = "status_report", _("Status report")
    DRAFT_RESOLUTION = "draft_resolution", _("Draft resolution")
    NOTICE = "notice", _("Notice")
    MOTION = "motion", _("Motion")
    RECOMMENDATION = "recommendation", _("Recommendation")
    CONCEPT = "concept", _("Concept or draft")
    OTHER = "other", _("Other")


class ConsultationRole(models.TextChoices):
    INFORMATION = "information", _("For information")
    DELIBERATION = "deliberation", _("For deliberation")
    DECISION = "decision", _("For decision")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class LegislativeTerm(MunicipalityScopedModel):
    """An electoral term (Wahlperiode) of the town's elected bodies."""

    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. “Wahlperiode 2021–2026”."))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("electoral term")
        verbose_name_plural = _("electoral terms")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="legislative_term_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self):
        return self.name


class Location(MunicipalityScopedModel):
    """A place where bodies meet (town hall, room 2.14)."""

    description = models.CharField(
        _("name of the place"), max_length=200, help_text=_("E.g. “Rathaus, Großer Sitzungssaal”.")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["description"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_has_both_coordinates_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            )
        ]

    def __str__(self):
        return ", ".join(part for part in (self.description, self.room) if part)

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


class BodyQuerySet(MunicipalityScopedQuerySet):
    def public(self):
        return self.filter(is_public=True)


class Body(MunicipalityScopedModel):
    """A body (Gremium): Integrationsrat, steering group, working group, council of religions."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "The public sees a public body, its public meetings and agenda items and, once "
            "released, their minutes and decisions."
        ),
    )
    field_of_action = models.ForeignKey(
        "actionplan.FieldOfAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("field of action"),
        help_text=_("For a working group: the field of action of the action plan it serves."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_bodies",
        verbose_name=_("part of"),
        help_text=_("E.g. a working group of the integration conference."),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("usual meeting place"),
    )
    website = WebAddressField(_("website"), blank=True)
    starts_on = models.DateField(_("constituted on"), null=True, blank=True)
    ends_on = models.DateField(_("dissolved on"), null=True, blank=True)

    objects = MunicipalityScopedManager.from_queryset(BodyQuerySet)()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_body_per_town"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="body_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="body_not_its_own_parent"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end cannot be before the start.")
        for name in ("field_of_action", "parent", "location"):
            related = getattr(self, name)
            if related is not None and related.municipality_id != self.municipality_id:
                errors[name] = _("Choose an entry of this town.")
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    errors["parent"] = _("A body cannot be part of one of its own sub-bodies.")
                    break
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse(
            "bodies:body", kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk}
        )


class BodyMembershipQuerySet(MunicipalityScopedQuerySet):
    def current(self, on=None):
        """Memberships whose term includes the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        )


class BodyMembership(MunicipalityScopedModel):
    """Who sits in a body: a person, an organisation, or a person for an organisation."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    person = models.ForeignKey(
        "network.ContactPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("organisation"),
        help_text=_("The organisation the member sits in the body for."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("account"),
        help_text=_(
            "With an account, the member reads the body's internal meetings and papers and "
            "gets its invitations."
        ),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    has_voting_right = models.BooleanField(_("voting right"), default=True)
    represents = models.CharField(
        _("represents"),
        max_length=200,
        blank=True,
        help_text=_("The group the member speaks for, e.g. “Jugendliche” or “Moscheevereine”."),
    )
    starts_on = models.DateField(_("term starts"), null=True, blank=True)
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    name_is_public = models.BooleanField(
        _("name shown publicly"),
        default=False,
        help_text=_(
            "Only for persons who consented; the public pages and OParl then list the name "
            "with the membership of a public body."
        ),
    )

    objects = MunicipalityScopedManager.from_queryset(BodyMembershipQuerySet)()

    class Meta:
        verbose_name = _("membership in a body")
        verbose_name_plural = _("memberships in bodies")
        ordering = ["body", "role", "person__name", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="body_membership_names_someone",
                violation_error_message=_("Choose a person, an organisation or both."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="body_membership_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.member_name} – {self.body}"

    @property
    def member_name(self) -> str:
        if self.person_id and self.organisation_id:
            return f"{self.person.name} ({self.organisation.name})"
        if self.person_id:
            return self.person.name
        return self.organisation.name if self.organisation_id else ""

    def overlaps(self, other: "BodyMembership") -> bool:
        """The two terms share at least one day (open ends reach forever)."""
        start = max(self.starts_on or datetime.date.min, other.starts_on or datetime.date.min)
        end = min(self.ends_on or datetime.date.max, other.ends_on or datetime.date.max)
        return start <= end

    def clean(self):
        errors = {}
        if not self.person_id and not self.organisation_id:
            errors["person"] = _("Choose a person, an organisation or both.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The term cannot end before it starts.")
        for name in ("person", "organisation"):
            related = getattr(self, name)
            if related is not None and related.municipality_id != self.municipality_id:
                errors[name] = _("Choose an entry of this town.")
        if self.name_is_public and self.person_id and not self.person.has_consent:
            errors["name_is_public"] = _(
                "%(person)s has not consented to being listed. Record the consent in the "
                "network first, or keep the name internal."
            ) % {"person": self.person.name}
        if self.user_id:
            from miteinander.municipalities.models import Membership

            if (
                not Membership.objects.for_municipality(self.municipality_id)
                .filter(user_id=self.user_id)
                .exists()
            ):
                errors["user"] = _(
                    "This account has no role in this town. Invite the person to the team first."
                )
        if not errors and self.body_id:
            same_member = BodyMembership.objects.for_municipality(self.municipality_id).filter(
                body_id=self.body_id
            )
            if self.person_id:
                same_member = same_member.filter(person_id=self.person_id)
            else:
                same_member = same_member.filter(
                    person__isnull=True, organisation_id=self.organisation_id
                )
            if self.pk:
                same_member = same_member.exclude(pk=self.pk)
            if any(self.overlaps(other) for other in same_member):
                errors["starts_on"] = _(
                    "%(member)s is already a member of this body during this term. End the "
                    "earlier membership first or change the dates."
                ) % {"member": self.member_name}
        if errors:
            raise ValidationError(errors)


class MeetingSeries(MunicipalityScopedModel):
    """Meetings that belong together, e.g. a working group's three session rounds."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="series", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. “Sitzungsrunden 2019”."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("series of meetings")
        verbose_name_plural = _("series of meetings")
        ordering = ["body", "name"]

    def __str__(self):
        return self.name


class MeetingQuerySet(MunicipalityScopedQuerySet):
    def upcoming(self, now=None):
        """Meetings still ahead, cancelled ones included (pages show them as cancelled)."""
        now = now or timezone.now()
        return self.filter(starts_at__gte=now)

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lt=now)

    def public(self):
        return self.filter(is_public=True, body__is_public=True)


class Meeting(MunicipalityScopedModel):
    """A meeting (Sitzung) of a body."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("body")
    )
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    name = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. “12. Sitzung” or “Sitzungsrunde 2”.")
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("place"),
    )
    online_url = WebAddressField(_("online meeting link"), blank=True)
    is_public = models.BooleanField(
        _("public meeting"),
        default=True,
        help_text=_("Only matters for public bodies; internal bodies always meet internally."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    invitation_sequence = models.PositiveIntegerField(default=0, editable=False)
    minutes_released_at = models.DateTimeField(
        _("minutes released"),
        null=True,
        blank=True,
        help_text=_("From then on, the public sees the minutes and decisions of public items."),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = MunicipalityScopedManager.from_queryset(MeetingQuerySet)()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["municipality", "starts_at"])]

    def __str__(self):
        return f"{self.body} – {self.name}"

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    @property
    def minutes_released(self) -> bool:
        return self.minutes_released_at is not None

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        for name in ("body", "series", "location"):
            related = getattr(self, name)
            if related is not None and related.municipality_id != self.municipality_id:
                errors[name] = _("Choose an entry of this town.")
        if self.series_id and self.body_id and self.series.body_id != self.body_id:
            errors["series"] = _("Choose a series of this body.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse(
            "bodies:meeting", kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk}
        )


class Attendance(MunicipalityScopedModel):
    """Whether a member (or a guest) was at a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        BodyMembership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("member"),
    )
    guest_name = models.CharField(
        _("guest"), max_length=200, blank=True, help_text=_("For guests who are not members.")
    )
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "membership__role", "guest_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member_and_meeting"
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=False) | ~Q(guest_name=""),
                name="attendance_names_someone",
                violation_error_message=_("Choose a member or name the guest."),
            ),
        ]

    def __str__(self):
        return self.guest_name or str(self.membership)


class AgendaItem(MunicipalityScopedModel):
    """One item (Tagesordnungspunkt) of a meeting's agenda, with its minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("As printed, e.g. “3” or “3.1”.")
    )
    title = models.CharField(_("title"), max_length=300)
    is_public = models.BooleanField(
        _("public part"),
        default=True,
        help_text=_("Items of the non-public part are seen only by members and coordination."),
    )
    presenter = models.CharField(
        _("presented by"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Institut für soziale Innovation, Solingen”."),
    )
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="unique_agenda_position_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.number or self.position}. {self.title}"


class Decision(MunicipalityScopedModel):
    """What a body decided on an agenda item, with the vote where there was one."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    text = models.TextField(
        _("wording"),
        blank=True,
        help_text=_("E.g. “Die Mitglieder des Integrationsrates nehmen … zur Kenntnis.”"),
    )
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    votes_for__isnull=True, votes_against__isnull=True, abstentions__isnull=True
                )
                | Q(
                    votes_for__isnull=False, votes_against__isnull=False, abstentions__isnull=False
                ),
                name="decision_has_all_vote_counts_or_none",
                violation_error_message=_(
                    "Give the votes for, against and the abstentions, or none of them."
                ),
            )
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def was_voted(self) -> bool:
        return self.votes_for is not None

    def clean(self):
        counts = (self.votes_for, self.votes_against, self.abstentions)
        if any(c is not None for c in counts) and any(c is None for c in counts):
            raise ValidationError(
                _("Give the votes for, against and the abstentions, or none of them.")
            )


class PaperQuerySet(MunicipalityScopedQuerySet):
    def public(self):
        return self.filter(is_public=True)


class Paper(MunicipalityScopedModel):
    """A paper (Vorlage) that one or more bodies consult, e.g. a status report."""

    reference = models.CharField(
        _("reference"), max_length=50, blank=True, help_text=_("E.g. “IR/2019/004”.")
    )
    title = models.CharField(_("title"), max_length=300)
    paper_type = models.CharField(_("kind of paper"), max_length=20, choices=PaperType.choices)
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    originator_body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="originated_papers",
        verbose_name=_("submitted by (body)"),
    )
    originator_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("submitted by (organisation)"),
        help_text=_("E.g. the department or the external institute that wrote it."),
    )
    measures = models.ManyToManyField(
        "actionplan.Measure", blank=True, related_name="papers", verbose_name=_("measures")
    )

    objects = MunicipalityScopedManager.from_queryset(PaperQuerySet)()

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"],
                condition=~Q(reference=""),
                name="unique_paper_reference_per_town",
                violation_error_message=_("Another paper of this town has this reference."),
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    def clean(self):
        errors = {}
        for name in ("originator_body", "originator_organisation"):
            related = getattr(self, name)
            if related is not None and related.municipality_id != self.municipality_id:
                errors[name] = _("Choose an entry of this town.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse(
            "bodies:paper", kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk}
        )


class Consultation(MunicipalityScopedModel):
    """One station of a paper's way: which body treats it, in which meeting, with what result."""

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("paper")
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    role = models.CharField(
        _("purpose"),
        max_length=20,
        choices=ConsultationRole.choices,
        default=ConsultationRole.DELIBERATION,
    )
    authoritative = models.BooleanField(
        _("decides finally"), default=False, help_text=_("This body takes the final decision.")
    )
    result = models.CharField(_("result"), max_length=20, choices=DecisionKind.choices, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["paper", "position", "id"]

    def __str__(self):
        return f"{self.paper} – {self.body}"

    def clean(self):
        errors = {}
        for name in ("paper", "body", "meeting", "agenda_item"):
            related = getattr(self, name)
            if related is not None and related.municipality_id != self.municipality_id:
                errors[name] = _("Choose an entry of this town.")
        if not errors:
            if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
                errors["meeting"] = _("Choose a meeting of %(body)s.") % {"body": self.body}
            if self.agenda_item_id:
                if not self.meeting_id:
                    errors["meeting"] = _("Choose the meeting of the agenda item.")
                elif self.agenda_item.meeting_id != self.meeting_id:
                    errors["agenda_item"] = _("Choose an agenda item of this meeting.")
        if errors:
            raise ValidationError(errors)


def document_upload_to(document: "Document", filename: str) -> str:
    # The stored name is random so that guessing it gets nobody anywhere; downloads go through
    # a view that checks who may read the document.
    suffix = "".join(filename.rsplit(".", 1)[1:2]).lower()[:10]
    return f"bodies/{document.municipality_id}/{uuid.uuid4().hex}{'.' + suffix if suffix else ''}"


class Document(MunicipalityScopedModel):
    """A file of a paper, a meeting or an agenda item (OParl File)."""

    ALLOWED_EXTENSIONS = ("pdf", "odt", "ods", "docx", "xlsx", "pptx", "txt", "png", "jpg", "jpeg")
    MAX_SIZE = 20 * 1024 * 1024

    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), validators=[MinValueValidator(0)])
    sha1 = models.CharField(max_length=40)
    sha512 = models.CharField(max_length=128)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public only if what it belongs to is public, too."),
    )
    paper = models.ForeignKey(
        Paper,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("paper"),
    )
    is_main_file = models.BooleanField(_("main document of the paper"), default=False)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-is_main_file", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paper__isnull=False, meeting__isnull=True, agenda_item__isnull=True)
                | Q(paper__isnull=True, meeting__isnull=False, agenda_item__isnull=True)
                | Q(paper__isnull=True, meeting__isnull=True, agenda_item__isnull=False),
                name="document_belongs_to_exactly_one_thing",
                violation_error_message=_(
                    "A document belongs to one paper, one meeting or one agenda item."
                ),
            ),
            models.UniqueConstraint(
                fields=["paper"],
                condition=Q(is_main_file=True),
                name="one_main_document_per_paper",
                violation_error_message=_("The paper already has a main document."),
            ),
            models.CheckConstraint(
                condition=Q(is_main_file=False) | Q(paper__isnull=False),
                name="main_document_belongs_to_a_paper",
            ),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def guess_mime_type(file_name: str) -> str:
        return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


class ActionItemQuerySet(MunicipalityScopedQuerySet):
    def open(self):
        return self.filter(status=ActionItemStatus.OPEN)


class ActionItem(MunicipalityScopedModel):
    """A task agreed in a meeting, with an owner and a due date; open ones carry over."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("task"), max_length=300)
    owner_person = models.ForeignKey(
        "network.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible person"),
    )
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible organisation"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    measure = models.ForeignKey(
        "actionplan.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("measure of the action plan"),
    )

    objects = MunicipalityScopedManager.from_queryset(ActionItemQuerySet)()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["status", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False) | Q(owner_organisation__isnull=False),
                name="action_item_has_an_owner",
                violation_error_message=_(
                    "Choose who is responsible: a person or an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="open", completed_on__isnull=True) | ~Q(status="open"),
                name="open_action_item_is_not_completed",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if not self.owner_person_id and not self.owner_organisation_id:
            errors["owner_person"] = _("Choose who is responsible: a person or an organisation.")
        for name in ("agenda_item", "owner_person", "owner_organisation", "measure"):
            related = getattr(self, name)
            if related is not None and related.municipality_id != self.municipality_id:
                errors[name] = _("Choose an entry of this town.")
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            errors["agenda_item"] = _("Choose an agenda item of this meeting.")
        if errors:
            raise ValidationError(errors)


class OParlTombstone(MunicipalityScopedModel):
    """An object the OParl API once showed and no longer shows (deleted or made internal).

    OParl clients synchronise with `modified_since`; they learn of a removal only through an
    object with `deleted: true`, so a removal leaves this row behind.
    """

    object_type = models.CharField(max_length=30)  # the OParl type name, e.g. "Meeting"
    object_id = models.PositiveBigIntegerField()
    created = models.DateTimeField()
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("removed OParl object")
        verbose_name_plural = _("removed OParl objects")
        ordering = ["deleted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "object_type", "object_id"], name="one_tombstone_per_object"
            )
        ]

    def __str__(self):
        return f"{self.object_type} {self.object_id}"
