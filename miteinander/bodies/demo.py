"""The bodies and meetings of the demo towns, written through the services as the system.

Bergkamen (seed 001): the steering group of the Kommunales Integrationsmanagement that met four
times, and the Integrationsrat taking note of the status report. Minden (seed 002): the
integration conference, its three working groups with three session rounds each (about 50
participants), and the draft Integrationskonzept on its way from the Integrationsrat to the town
council. Bensheim (seed 000): the council of religions, a youth forum that votes, and the
quarterly network meeting. Weiterstadt (seed 004): the steering group of "WIRkt!", the
Präventionsrat and the Ausländerbeirat.

Organisations, fields of action and measures come from the network and action-plan demos and
are looked up by name; the few organisations and all persons added here are fictional, the
addresses are the real town halls. Dates are fixed (the processes of 2019/2020, a few meetings
in 2027 for the calendar), so the data is the same whenever it is loaded. A town that already
has bodies is left alone, so a second run changes nothing.
"""

import datetime
import textwrap
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from miteinander.actionplan.models import FieldOfAction, Measure
from miteinander.municipalities.models import Membership, Municipality
from miteinander.network import services as network_services
from miteinander.network.models import ActorGroup, ContactPerson, Organisation, Staffing

from . import services, visibility
from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AttendanceStatus,
    Body,
    BodyKind,
    BodyMembership,
    Consultation,
    ConsultationRole,
    Decision,
    DecisionKind,
    Document,
    LegislativeTerm,
    Location,
    Meeting,
    MeetingSeries,
    MeetingState,
    MembershipRole,
    Paper,
    PaperType,
)

K = BodyKind
R = MembershipRole
D = DecisionKind
CONSENT_PURPOSE = "Namentliche Nennung als Mitglied öffentlicher Gremien der Stadt"

# NRW elects its councils and integration councils together; Hessen's councils sit five years.
NRW_TERMS = [
    ("Wahlperiode 2014–2020", "2014-06-01", "2020-10-31"),
    ("Wahlperiode 2020–2025", "2020-11-01", "2025-10-31"),
    ("Wahlperiode 2025–2030", "2025-11-01", "2030-10-31"),
]
HESSEN_TERMS = [
    ("Wahlperiode 2016–2021", "2016-04-01", "2021-03-31"),
    ("Wahlperiode 2021–2026", "2021-04-01", "2026-03-31"),
    ("Wahlperiode 2026–2031", "2026-04-01", "2031-03-31"),
]


def _day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _at(value: str) -> datetime.datetime:
    """ "2019-12-04 17:00" as an aware datetime in the town's time zone."""
    return timezone.make_aware(datetime.datetime.fromisoformat(value))


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page PDF with a title and wrapped paragraphs (Helvetica, no dependencies)."""

    def text(value: str) -> bytes:
        raw = value.encode("cp1252", errors="replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"BT /F1 15 Tf 56 780 Td (" + text(title) + b") Tj /F1 10.5 Tf 14 TL 0 -10 Td"
    for paragraph in paragraphs:
        content += b" T*"
        for line in textwrap.wrap(paragraph, 95) or [""]:
            content += b" (" + text(line) + b") '"
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title (" + text(title) + b") /Producer (Miteinander demo) >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return out


class _Town:
    """Writes one town's bodies through the services, with the town's network at hand."""

    def __init__(self, town: Municipality):
        self.town = town
        self.organisations = {o.name: o for o in Organisation.objects.for_municipality(town)}

    # The network (persons and the few organisations the other demos do not create).

    def organisation(self, name: str, actor_group=ActorGroup.CIVIL_SOCIETY, **data) -> Organisation:
        if name not in self.organisations:
            data = {"staffing": Staffing.PAID, "is_public": True, "city": self.town.name, **data}
            self.organisations[name] = network_services.organisation_create(
                municipality=self.town, acting_user=None, name=name, actor_group=actor_group, **data
            )
        return self.organisations[name]

    def person(self, organisation: str, name: str, function: str = "", consent: str = ""):
        org = self.organisations[organisation]
        existing = (
            ContactPerson.objects.for_municipality(self.town)
            .filter(organisation=org, name=name)
            .first()
        )
        if existing:
            return existing
        data = {"name": name, "function": function}
        if consent:
            data |= {"consent_given_on": _day(consent), "consent_purpose": CONSENT_PURPOSE}
        return network_services.contact_person_save(organisation=org, acting_user=None, **data)

    def account(self, email: str):
        """The demo login with this e-mail if it has a role in this town (else None)."""
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            return None
        town_roles = Membership.objects.for_municipality(self.town).filter(user=user)
        return user if town_roles.exists() else None

    def field(self, name: str):
        return FieldOfAction.objects.for_municipality(self.town).filter(name=name).first()

    def measure(self, title: str):
        return Measure.objects.for_municipality(self.town).filter(title=title).first()

    # Bodies and meetings.

    def terms(self, terms) -> None:
        for name, starts_on, ends_on in terms:
            services.legislative_term_save(
                term=LegislativeTerm(
                    municipality=self.town,
                    name=name,
                    starts_on=_day(starts_on),
                    ends_on=_day(ends_on),
                ),
                acting_user=None,
            )

    def location(self, description, street, postcode, room="", lat=None, lon=None) -> Location:
        return services.location_save(
            location=Location(
                municipality=self.town,
                description=description,
                street=street,
                postcode=postcode,
                city=self.town.name,
                room=room,
                latitude=Decimal(lat) if lat else None,
                longitude=Decimal(lon) if lon else None,
            ),
            acting_user=None,
        )

    def body(self, name: str, kind: str, *, public: bool, starts_on: str = "", **data) -> Body:
        return services.body_save(
            body=Body(
                municipality=self.town,
                name=name,
                kind=kind,
                is_public=public,
                starts_on=_day(starts_on) if starts_on else None,
                **data,
            ),
            acting_user=None,
        )

    def member(
        self,
        body: Body,
        person=None,
        organisation: str = "",
        *,
        role=R.MEMBER,
        voting: bool = True,
        starts_on: str = "",
        ends_on: str = "",
        public_name: bool = False,
        **data,
    ) -> BodyMembership:
        return services.membership_save(
            membership=BodyMembership(
                municipality=self.town,
                body=body,
                person=person,
                organisation=self.organisations[organisation] if organisation else None,
                role=role,
                has_voting_right=voting,
                starts_on=_day(starts_on) if starts_on else body.starts_on,
                ends_on=_day(ends_on) if ends_on else None,
                name_is_public=public_name,
                **data,
            ),
            acting_user=None,
        )

    def meeting(self, body: Body, name: str, starts_at: str, *, hours=2.0, **data) -> Meeting:
        start = _at(starts_at)
        data.setdefault("location", body.location)
        data.setdefault("is_public", body.is_public)
        # The demo's meetings before 2027 took place; the later ones are still to come.
        held = start < _at("2027-01-01 00:00")
        data.setdefault("state", MeetingState.HELD if held else MeetingState.PLANNED)
        return services.meeting_save(
            meeting=Meeting(
                municipality=self.town,
                body=body,
                name=name,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=hours),
                **data,
            ),
            acting_user=None,
        )

    def item(
        self, meeting: Meeting, title: str, minutes: str = "", *, decision=None, **data
    ) -> AgendaItem:
        """An agenda item; `decision` is (kind, wording[, (for, against, abstentions)])."""
        item = services.agenda_item_save(
            item=AgendaItem(
                municipality=self.town, meeting=meeting, position=None, title=title,
                minutes=minutes, **data,
            ),
            acting_user=None,
        )  # fmt: skip
        if decision:
            kind, wording, *votes = decision
            votes_for, against, abstentions = votes[0] if votes else (None, None, None)
            services.decision_save(
                decision=Decision(
                    municipality=self.town, agenda_item=item, kind=kind, text=wording,
                    votes_for=votes_for, votes_against=against, abstentions=abstentions,
                ),
                acting_user=None,
            )  # fmt: skip
        return item

    def attendance(self, meeting: Meeting, members, *, excused=(), absent=(), guests=()) -> None:
        statuses = {m.pk: AttendanceStatus.PRESENT for m in members}
        statuses |= {m.pk: AttendanceStatus.EXCUSED for m in excused}
        statuses |= {m.pk: AttendanceStatus.ABSENT for m in absent}
        services.attendance_record(
            meeting=meeting, statuses=statuses, guests=guests, acting_user=None
        )

    def action(
        self, meeting: Meeting, title: str, *, owner=None, organisation: str = "", due_on: str,
        item=None, measure: str = "", done_on: str = "",
    ) -> ActionItem:  # fmt: skip
        return services.action_item_save(
            item=ActionItem(
                municipality=self.town,
                meeting=meeting,
                agenda_item=item,
                title=title,
                owner_person=owner,
                owner_organisation=self.organisations[organisation] if organisation else None,
                due_on=_day(due_on),
                status=ActionItemStatus.DONE if done_on else ActionItemStatus.OPEN,
                completed_on=_day(done_on) if done_on else None,
                measure=self.measure(measure) if measure else None,
            ),
            acting_user=None,
        )

    def release(self, *meetings: Meeting) -> None:
        for meeting in meetings:
            services.minutes_release(meeting=meeting, acting_user=None)

    def paper(self, *, measures=(), **data) -> Paper:
        return services.paper_save(
            paper=Paper(municipality=self.town, **data), acting_user=None, measures=measures
        )

    def consult(self, paper: Paper, item: AgendaItem, role, authoritative=False) -> Consultation:
        return services.consultation_save(
            consultation=Consultation(
                municipality=self.town,
                paper=paper,
                body=item.meeting.body,
                meeting=item.meeting,
                agenda_item=item,
                role=role,
                authoritative=authoritative,
            ),
            acting_user=None,
        )

    def main_document(self, paper: Paper, file_name: str, paragraphs: list[str]) -> Document:
        upload = SimpleUploadedFile(
            file_name, _pdf(paper.title, paragraphs), content_type="application/pdf"
        )
        return services.document_upload(
            document=Document(
                municipality=self.town, paper=paper, title=paper.title, is_main_file=True
            ),
            uploaded=upload,
            acting_user=None,
        )


# --- Bergkamen (seed 001) ---------------------------------------------------------------------

INSTITUTE = "Institut für soziale Innovation"
INSTITUTE_PRESENTER = "Institut für soziale Innovation, Solingen"
BERGKAMEN_REPORT = "Sachstandsbericht Kommunales Integrationsmanagement"
BERGKAMEN_REPORT_MINUTES = (
    "Zwei Vertreterinnen des Instituts für soziale Innovation aus Solingen stellen den aktuellen "
    "Sachstand zur Einführung eines Kommunalen Integrationsmanagements vor. Die Steuerungsgruppe, "
    "die den Prozess begleitet, hat sich bereits viermal getroffen; ihr gehören Vertreterinnen "
    "und Vertreter der Stadtverwaltung, der Kindertagesstätten, der Moscheevereine, des "
    "Kommunalen Integrationszentrums und der Schulen an. Sie hat drei Erreichbarkeitsebenen der "
    "Zielgruppe herausgearbeitet (gute, mittlere, wenig/keine Erreichbarkeit). Der Fokus liegt "
    "künftig auf den mittel Erreichbaren; die gut Erreichbaren sollen als Verstärker aktiviert "
    "werden. Unter der Formulierung „Potentiale der Vielfalt“ soll die Integrationsarbeit das "
    "Verbindende betonen. Als erstes werden Jugendliche angesprochen: Am 15.02.2020 findet eine "
    "von Jugendlichen geplante Veranstaltung statt. Außerdem sind Workshops zur "
    "Mehrsprachigkeit in Kindertagesstätten geplant.\n\n"
    "In der anschließenden Diskussion wird der laufende Prozess allgemein befürwortet. Die "
    "Mitglieder des Integrationsrates weisen darauf hin, dass die Steuerungsgruppe im Sinne der "
    "Nachhaltigkeit als Netzwerk verstetigt und durch die Verwaltung weiter begleitet werden "
    "soll. Die Beteiligung von Jugendlichen wird begrüßt."
)


def _bergkamen(t: _Town) -> None:
    t.terms(NRW_TERMS)
    council_hall = t.location(
        "Rathaus Bergkamen", "Rathausplatz 1", "59192", "Ratssaal", "51.616000", "7.636500"
    )
    meeting_room = t.location("Rathaus Bergkamen", "Rathausplatz 1", "59192", "Sitzungszimmer 1")
    t.organisation(INSTITUTE, ActorGroup.REGIONAL_PARTNERS, city="Solingen", languages=["de"])
    t.organisation("Integrationsrat der Stadt Bergkamen", ActorGroup.CIVIL_SOCIETY_WITH_MANDATE)

    # The steering group: institutions of the town, each with one person.
    steering = t.body(
        "Steuerungsgruppe Kommunales Integrationsmanagement", K.STEERING_GROUP, public=False,
        short_name="Steuerungsgruppe KIM", starts_on="2019-06-05", location=meeting_room,
        field_of_action=t.field("Potentiale der Vielfalt"),
        purpose="Begleitet die Einführung des Kommunalen Integrationsmanagements. Vertreten "
        "sind Institutionen, die mit den Zielgruppen arbeiten; die Prozessbegleitung berät.",
    )  # fmt: skip
    administration = t.person(
        "Stadtverwaltung Bergkamen", "Sabine Krüger", "Leitung Amt für Soziales"
    )
    centre = t.person("Kommunales Integrationszentrum", "Derya Kaplan", "Koordination")
    kitas = t.person("Kindertagesstätten in Bergkamen", "Julia Neumann", "Kita-Leitung")
    mosque = t.person("Moscheeverein Bergkamen", "Mehmet Öztürk", "Vorsitzender")
    schools = t.person("Schulen in Bergkamen", "Andreas Wolff", "Schulleitung")
    adviser = t.person(INSTITUTE, "Carola Weiß", "Prozessbegleitung")
    sg = [
        t.member(steering, administration, "Stadtverwaltung Bergkamen", role=R.CHAIR),
        t.member(steering, centre, "Kommunales Integrationszentrum", role=R.MANAGEMENT),
        t.member(steering, kitas, "Kindertagesstätten in Bergkamen"),
        t.member(steering, mosque, "Moscheeverein Bergkamen", represents="Moscheevereine"),
        t.member(steering, schools, "Schulen in Bergkamen"),
        t.member(steering, adviser, INSTITUTE, role=R.ADVISORY, voting=False),
    ]

    first = t.meeting(steering, "1. Sitzung", "2019-06-05 14:00")
    t.attendance(first, sg)
    t.item(
        first, "Begrüßung und Vorstellungsrunde", "Die Mitglieder stellen ihre Institutionen vor."
    )
    t.item(
        first, "Ziele und Ablauf des Kommunalen Integrationsmanagements",
        "Die Prozessbegleitung erläutert Ziele, Zeitplan und Rolle der Steuerungsgruppe.",
        presenter=INSTITUTE_PRESENTER,
    )  # fmt: skip
    stock = t.item(
        first, "Bestandsaufnahme der Angebote",
        "Jede Institution bringt zur nächsten Sitzung eine Übersicht ihrer Angebote mit.",
    )  # fmt: skip
    t.action(first, "Übersicht der Angebote der Mitgliedsinstitutionen zusammenstellen",
             owner=centre, due_on="2019-08-15", item=stock, done_on="2019-08-20")  # fmt: skip

    second = t.meeting(steering, "2. Sitzung", "2019-08-28 14:00")
    t.attendance(second, sg)
    reach = t.item(
        second, "Zielgruppen nach Erreichbarkeit",
        "Die Steuerungsgruppe unterscheidet drei Erreichbarkeitsebenen: gute Erreichbarkeit, "
        "mittlere Erreichbarkeit, wenig oder keine Erreichbarkeit. Bisher wurde viel Aufwand "
        "betrieben, die wenig Erreichbaren anzusprechen, mit wenig Erfolg.",
        decision=(D.RESOLVED, "Die Steuerungsgruppe legt den Fokus der weiteren Zusammenarbeit "
                  "auf die mittel Erreichbaren; die gut Erreichbaren werden als Verstärker "
                  "aktiviert."),
    )  # fmt: skip
    t.item(second, "Verschiedenes")
    t.action(second, "Beispiele für gut erreichbare Verstärker in den Gemeinden sammeln",
             owner=mosque, due_on="2019-10-09", item=reach, done_on="2019-10-09",
             measure="Gut Erreichbare als Verstärker gewinnen")  # fmt: skip

    third = t.meeting(steering, "3. Sitzung", "2019-10-09 14:00")
    t.attendance(third, sg[:4] + sg[5:], excused=sg[4:5])
    t.item(
        third, "Leitformulierung für die Integrationsarbeit",
        "Die Integrationsarbeit soll weniger das Trennende innerhalb der Gesellschaft betonen.",
        decision=(D.RESOLVED, "Die Steuerungsgruppe verständigt sich auf die Formulierung "
                  "„Potentiale der Vielfalt“."),
    )  # fmt: skip
    youth = t.item(
        third, "Jugendliche als Kern-Zielgruppe",
        "Jugendliche planen eine eigene Veranstaltung am 15.02.2020; die Steuerungsgruppe "
        "begleitet die Vorbereitung.",
    )  # fmt: skip
    t.action(third, "Jugendliche für die Planungsgruppe der Veranstaltung gewinnen",
             owner=schools, due_on="2019-11-15", item=youth, done_on="2019-11-12",
             measure="Veranstaltung von Jugendlichen für Jugendliche")  # fmt: skip

    fourth = t.meeting(steering, "4. Sitzung", "2019-11-20 14:00")
    t.attendance(fourth, sg)
    report_sg = t.item(
        fourth, BERGKAMEN_REPORT,
        "Der Entwurf des Sachstandsberichts für den Integrationsrat wird besprochen und um die "
        "geplanten Workshops in den Kindertagesstätten ergänzt.",
        presenter=INSTITUTE_PRESENTER,
        decision=(D.RESOLVED, "Die Steuerungsgruppe stimmt dem Sachstandsbericht zu und bittet "
                  "das Institut für soziale Innovation, ihn dem Integrationsrat vorzustellen."),
    )  # fmt: skip
    workshops = t.item(
        fourth, "Workshops zur Mehrsprachigkeit in Kindertagesstätten",
        "Die Kindertagesstätten schlagen zwei Workshops für Fachkräfte und Eltern vor.",
    )  # fmt: skip
    t.action(fourth, "Termine und Referentinnen für die Workshops zur Mehrsprachigkeit klären",
             owner=kitas, due_on="2020-03-31", item=workshops, done_on="2020-03-20",
             measure="Workshops zur Mehrsprachigkeit in Kindertagesstätten")  # fmt: skip
    t.action(fourth, "Ein Format mit und für Seniorinnen und Senioren entwerfen",
             owner=administration, due_on="2027-03-31",
             measure="Veranstaltung mit und für Seniorinnen und Senioren")  # fmt: skip
    t.meeting(steering, "5. Sitzung – Netzwerk Potentiale der Vielfalt", "2027-02-10 14:00")

    # The Integrationsrat takes note of the status report (the seed's minutes).
    council = t.body(
        "Integrationsrat der Stadt Bergkamen", K.INTEGRATION_COUNCIL, public=True,
        short_name="Integrationsrat", starts_on="2014-11-01", location=council_hall,
        purpose="Vertritt die Interessen der Menschen mit Einwanderungsgeschichte gegenüber Rat "
        "und Verwaltung. Gewählte Mitglieder und Mitglieder des Rates.",
    )  # fmt: skip
    ir = "Integrationsrat der Stadt Bergkamen"
    members = [
        t.member(council, t.person(ir, "Ercan Yüksel", "Vorsitzender", "2019-01-15"),
                 role=R.CHAIR, public_name=True),
        t.member(council, t.person(ir, "Magdalena Wójcik", "Stellv. Vorsitzende", "2019-01-15"),
                 role=R.DEPUTY, public_name=True),
    ] + [
        t.member(council, t.person(ir, name, "Mitglied"), represents=represents)
        for name, represents in [
            ("Hasan Koç", "Gewählte Mitglieder"), ("Rita Baumann", "Gewählte Mitglieder"),
            ("Cem Aslan", "Gewählte Mitglieder"), ("Olga Berger", "Gewählte Mitglieder"),
            ("Ahmet Tekin", "Gewählte Mitglieder"), ("Sven Hollmann", "Mitglieder des Rates"),
            ("Karin Vogelsang", "Mitglieder des Rates"), ("Uwe Rademacher", "Mitglieder des Rates"),
        ]
    ]  # fmt: skip
    office = t.member(council, administration, "Stadtverwaltung Bergkamen", role=R.MANAGEMENT,
                      voting=False)  # fmt: skip
    held = t.meeting(council, "24. Sitzung", "2019-12-04 17:00")
    t.attendance(held, members[:6] + members[7:9] + [office], excused=[members[6], members[9]],
                 guests=["Institut für soziale Innovation (2 Personen)"])  # fmt: skip
    t.item(
        held,
        "Eröffnung und Feststellung der Beschlussfähigkeit",
        "Der Vorsitzende eröffnet die Sitzung; der Integrationsrat ist beschlussfähig.",
    )
    report_ir = t.item(
        held, BERGKAMEN_REPORT, BERGKAMEN_REPORT_MINUTES, presenter=INSTITUTE_PRESENTER,
        decision=(D.NOTED, "Die Mitglieder des Integrationsrates nehmen die Ausführungen des "
                  "Instituts für soziale Innovation zur Kenntnis."),
    )  # fmt: skip
    t.item(
        held,
        "Mitteilungen der Verwaltung",
        "Die Verwaltung berichtet über die Planung der Interkulturellen Woche 2020.",
    )
    t.item(
        held, "Zuschüsse für Projekte von Migrantenorganisationen",
        "Beraten werden drei Anträge auf Zuschüsse für Sprach- und Kulturprojekte.",
        is_public=False,
        decision=(D.RESOLVED, "Der Integrationsrat befürwortet die drei Anträge.", (8, 0, 0)),
    )  # fmt: skip
    t.release(held)

    upcoming = t.meeting(council, "6. Sitzung", "2027-03-10 17:00")
    t.item(upcoming, "Eröffnung und Feststellung der Beschlussfähigkeit")
    t.item(
        upcoming,
        "Bericht aus dem Netzwerk „Potentiale der Vielfalt“",
        presenter="Kommunales Integrationszentrum",
    )
    t.item(upcoming, "Mitteilungen der Verwaltung")

    report = t.paper(
        reference="IR/2019/014", title=BERGKAMEN_REPORT, paper_type=PaperType.STATUS_REPORT,
        date=_day("2019-11-13"), is_public=True,
        originator_organisation=t.organisations[INSTITUTE],
        summary="Stand der Einführung des Kommunalen Integrationsmanagements: Steuerungsgruppe, "
        "Zielgruppen nach Erreichbarkeit, „Potentiale der Vielfalt“, Jugendliche als "
        "Kern-Zielgruppe, Workshops zur Mehrsprachigkeit in Kindertagesstätten.",
        measures=[m for m in (
            t.measure("Veranstaltung von Jugendlichen für Jugendliche"),
            t.measure("Workshops zur Mehrsprachigkeit in Kindertagesstätten"),
            t.measure("Steuerungsgruppe als Netzwerk verstetigen"),
        ) if m],
    )  # fmt: skip
    t.consult(report, report_sg, ConsultationRole.DELIBERATION)
    t.consult(report, report_ir, ConsultationRole.INFORMATION, authoritative=True)
    t.main_document(report, "sachstandsbericht-kommunales-integrationsmanagement.pdf", [
        "Stadt Bergkamen – Vorlage IR/2019/014 für den Integrationsrat, Sitzung am 04.12.2019",
        "Die Steuerungsgruppe Kommunales Integrationsmanagement hat sich viermal getroffen. "
        "Ihr gehören die Stadtverwaltung, Kindertagesstätten, Moscheevereine, das Kommunale "
        "Integrationszentrum und Schulen an.",
        "Zielgruppen nach Erreichbarkeit: gute Erreichbarkeit, mittlere Erreichbarkeit, "
        "wenig/keine Erreichbarkeit. Der Fokus liegt auf den mittel Erreichbaren; die gut "
        "Erreichbaren wirken als Verstärker.",
        "„Potentiale der Vielfalt“: Jugendliche als Kern-Zielgruppe (Veranstaltung am "
        "15.02.2020), Workshops zur Mehrsprachigkeit in Kindertagesstätten, später Formate "
        "für weitere Zielgruppen wie Seniorinnen und Senioren.",
        "Vorschlag: Der Integrationsrat nimmt den Sachstand zur Kenntnis.",
    ])  # fmt: skip


# --- Minden (seed 002) ------------------------------------------------------------------------

IMAP = "Institut für interkulturelle Management- und Politikberatung (imap)"
BUERO = "Stadt Minden, Integrationsbüro"
MINDEN_IR = "Integrationsrat der Stadt Minden"
FRAKTIONEN = "Ratsfraktionen der Stadt Minden"
EHRENAMT = "Ehrenamtlich Engagierte in Minden"
BILDUNG = "Mindener Bildungseinrichtungen"
KITAS = "Kindertagesstätten in Minden"
JUGEND = "Offene Jugendarbeit Minden"
MOSCHEE = "Moschee- und Kulturverein Minden"
SOZIAL = "Sozialdienste Minden"
KIRCHE = "Kirchengemeinden Minden"
JOBCENTER = "Jobcenter im Kreis Minden-Lübbecke"
CONCEPT = "Entwurf Integrationskonzept der Stadt Minden"

# Working group -> [(organisation, person, function, role)]: the first is the chair; the
# moderator of imap and the integration office's manager sit in all three.
MINDEN_GROUPS = {
    "Bildung und Erziehung": [
        (BILDUNG, "Birgit Schäfer", "Schulleitung Grundschule", R.CHAIR),
        (BILDUNG, "Emre Yılmaz", "Lehrer", R.MEMBER),
        (BILDUNG, "Christina Vogt", "Schulsozialarbeit", R.MEMBER),
        (BILDUNG, "Dirk Hartmann", "Volkshochschule", R.MEMBER),
        (KITAS, "Sandra Krämer", "Kita-Leitung", R.MEMBER),
        (KITAS, "Aleksandra Nowak", "Erzieherin", R.MEMBER),
        (KITAS, "Monika Busch", "Fachberatung", R.MEMBER),
        (JUGEND, "Kevin Lange", "Jugendzentrum", R.MEMBER),
        (JUGEND, "Serkan Aydın", "Streetwork", R.MEMBER),
        (MOSCHEE, "Ayşe Çelik", "Elternarbeit", R.MEMBER),
        (MOSCHEE, "Murat Doğan", "Jugendgruppe", R.MEMBER),
        (MINDEN_IR, "Natalia Popescu", "Mitglied des Integrationsrates", R.MEMBER),
        (FRAKTIONEN, "Frank Lindner", "Ratsmitglied", R.MEMBER),
        (EHRENAMT, "Gisela Hahn", "Lesepatin", R.MEMBER),
    ],
    "Arbeit und Soziales": [
        (JOBCENTER, "Ralf Köhler", "Teamleitung Markt und Integration", R.CHAIR),
        (JOBCENTER, "Svetlana Petrova", "Integrationsfachkraft", R.MEMBER),
        (JOBCENTER, "Nicole Franke", "Arbeitsvermittlung", R.MEMBER),
        (SOZIAL, "Heike Brinkmann", "Migrationsberatung", R.MEMBER),
        (SOZIAL, "Omar Haddadi", "Flüchtlingsberatung", R.MEMBER),
        (SOZIAL, "Ines Wiegand", "Schuldnerberatung", R.MEMBER),
        (SOZIAL, "Bernd Kruse", "Seniorenberatung", R.MEMBER),
        (KIRCHE, "Ute Sommer", "Pfarrerin", R.MEMBER),
        (KIRCHE, "Jürgen Albers", "Diakonie", R.MEMBER),
        (MOSCHEE, "Yusuf Şahin", "Vorstand", R.MEMBER),
        (MINDEN_IR, "Dragan Marković", "Mitglied des Integrationsrates", R.MEMBER),
        (FRAKTIONEN, "Martina Bode", "Ratsmitglied", R.MEMBER),
        (EHRENAMT, "Reinhard Ostermann", "Jobpate", R.MEMBER),
        (EHRENAMT, "Maryam Rahimi", "Sprachmittlerin", R.MEMBER),
    ],
    "Dialog und gesellschaftliche Teilhabe": [
        (KIRCHE, "Matthias Engel", "Pfarrer", R.CHAIR),
        (KIRCHE, "Renate Pohl", "Gemeindereferentin", R.MEMBER),
        (KIRCHE, "Daniel Fuchs", "Evangelische Jugend", R.MEMBER),
        (MOSCHEE, "Kemal Aksu", "Vorsitzender", R.MEMBER),
        (MOSCHEE, "Fatih Kılıç", "Dialogbeauftragter", R.MEMBER),
        (MOSCHEE, "Zehra Güneş", "Frauengruppe", R.MEMBER),
        (MINDEN_IR, "Hüseyin Arslan", "Vorsitzender des Integrationsrates", R.MEMBER),
        (MINDEN_IR, "Elena Wolkow", "Mitglied des Integrationsrates", R.MEMBER),
        (JUGEND, "Lea Schröder", "Jugendzentrum", R.MEMBER),
        (FRAKTIONEN, "Holger Stein", "Ratsmitglied", R.MEMBER),
        (FRAKTIONEN, "Anja Peters", "Ratsmitglied", R.MEMBER),
        (EHRENAMT, "Hannelore Dietrich", "Sprachcafé", R.MEMBER),
        (EHRENAMT, "Tarek Nasser", "Kulturmittler", R.MEMBER),
        (EHRENAMT, "Gül Erdem", "Nachbarschaftshilfe", R.MEMBER),
    ],
}
# Session rounds per working group: (start of round 1, 2, 3) and the topics of the rounds.
MINDEN_ROUNDS = {
    "Bildung und Erziehung": ["2019-11-05 16:30", "2019-12-03 16:30", "2020-01-14 16:30"],
    "Arbeit und Soziales": ["2019-11-06 16:30", "2019-12-04 16:30", "2020-01-15 16:30"],
    "Dialog und gesellschaftliche Teilhabe": [
        "2019-11-07 18:00", "2019-12-05 18:00", "2020-01-16 18:00",
    ],
}  # fmt: skip
ROUND_TOPICS = [
    ("Bestandsaufnahme: vorhandene Angebote und Bedarfe",
     "Die Teilnehmenden tragen zusammen, was es in Minden gibt und wo Angebote fehlen."),
    ("Ziele für das Handlungsfeld",
     "Aus den Bedarfen werden Ziele formuliert und nach Dringlichkeit geordnet."),
    ("Maßnahmen für den Entwurf des Integrationskonzepts",
     "Zu jedem Ziel werden Maßnahmen mit Verantwortlichen festgehalten."),
]  # fmt: skip
# The elected members of the Integrationsrat (all listed by name with their consent); the
# members the town council sends follow.
MINDEN_COUNCIL = [
    ("Hüseyin Arslan", "Vorsitzender", R.CHAIR),
    ("Natalia Popescu", "Stellv. Vorsitzende", R.DEPUTY),
    ("Dragan Marković", "Mitglied", R.MEMBER), ("Elena Wolkow", "Mitglied", R.MEMBER),
    ("Abdullah Karaca", "Mitglied", R.MEMBER), ("Bashir Ahmadi", "Mitglied", R.MEMBER),
    ("Teresa Oliveira", "Mitglied", R.MEMBER), ("Nikolaos Papadakis", "Mitglied", R.MEMBER),
    ("Songül Turan", "Mitglied", R.MEMBER), ("Wiktor Kowalczyk", "Mitglied", R.MEMBER),
    ("Amina Diallo", "Mitglied", R.MEMBER), ("Igor Lebedew", "Mitglied", R.MEMBER),
]  # fmt: skip
MINDEN_COUNCIL_POLITICIANS = [
    "Frank Lindner", "Martina Bode", "Holger Stein", "Anja Peters", "Gerhard Wessel",
    "Sabine Rohde",
]  # fmt: skip


def _minden(t: _Town) -> None:
    t.terms(NRW_TERMS)
    great_hall = t.location(
        "Rathaus Minden",
        "Kleiner Domhof 17",
        "32423",
        "Großer Rathaussaal",
        "52.288900",
        "8.917500",
    )
    small_hall = t.location("Rathaus Minden", "Kleiner Domhof 17", "32423", "Kleiner Rathaussaal")
    room = t.location("Rathaus Minden", "Kleiner Domhof 17", "32423", "Sitzungszimmer 2")
    t.organisation(FRAKTIONEN, ActorGroup.POLITICS, staffing=Staffing.VOLUNTEER)
    t.organisation(EHRENAMT, ActorGroup.ENGAGED_CITIZENS, staffing=Staffing.VOLUNTEER,
                   is_public=False)  # fmt: skip
    coordination = t.account("koordination@minden.example.org")
    manager = t.person(BUERO, "Jonas Wagner", "Integrationsbeauftragter", "2019-09-01")
    moderator = t.person(IMAP, "Tanja Roth", "Moderation")
    for name, function, _role in MINDEN_COUNCIL:  # before the working groups, with consent
        t.person(MINDEN_IR, name, function, "2019-09-01")

    conference = t.body(
        "Integrationskonferenz", K.NETWORK_MEETING, public=True, starts_on="2019-10-10",
        location=great_hall,
        purpose="Alle Beteiligten des Integrationskonzepts: Bildungseinrichtungen, Sozialdienste, "
        "Jugendarbeit, Kirchen, Moschee- und Kulturvereine, Stadtverwaltung und Politik. Die "
        "Konferenz bildet die Arbeitsgruppen und berät den Entwurf des Konzepts.",
    )  # fmt: skip
    conference_members = [
        t.member(conference, manager, BUERO, role=R.MANAGEMENT, voting=False,
                 user=coordination, public_name=True),
        t.member(conference, moderator, IMAP, role=R.ADVISORY, voting=False),
    ] + [
        t.member(conference, organisation=name)
        for name in (BILDUNG, KITAS, JUGEND, SOZIAL, KIRCHE, MOSCHEE, JOBCENTER, MINDEN_IR,
                     FRAKTIONEN)
    ]  # fmt: skip
    kickoff = t.meeting(conference, "1. Integrationskonferenz", "2019-10-10 17:00", hours=3)
    t.attendance(kickoff, conference_members)
    t.item(kickoff, "Begrüßung", "Der Integrationsbeauftragte begrüßt rund 60 Gäste.")
    t.item(
        kickoff,
        "Ziele und Ablauf des Integrationskonzepts",
        "Das Konzept soll den Bedarf neuer Angebote feststellen, die bestehenden Angebote "
        "koordinieren und transparenter machen. Gefördert durch KOMM-IN.",
        presenter=IMAP,
    )
    t.item(
        kickoff, "Bildung der Arbeitsgruppen",
        "Drei thematische Arbeitsgruppen treffen sich bis Januar zu je drei Sitzungsrunden.",
        decision=(D.RESOLVED, "Die Integrationskonferenz bildet die Arbeitsgruppen „Bildung "
                  "und Erziehung“, „Arbeit und Soziales“ und „Dialog und gesellschaftliche "
                  "Teilhabe“."),
    )  # fmt: skip

    for name, people in MINDEN_GROUPS.items():
        group = t.body(
            f"AG {name}", K.WORKING_GROUP, public=True, starts_on="2019-10-10",
            location=room, parent=conference, field_of_action=t.field(name),
            purpose=f"Erarbeitet Ziele und Maßnahmen im Handlungsfeld „{name}“ für das "
            "Integrationskonzept.",
        )  # fmt: skip
        members = [
            t.member(group, manager, BUERO, role=R.MANAGEMENT, voting=False, user=coordination,
                     public_name=True),
            t.member(group, moderator, IMAP, role=R.ADVISORY, voting=False),
        ] + [
            t.member(group, t.person(org, person, function), org, role=role)
            for org, person, function, role in people
        ]  # fmt: skip
        rounds = services.series_plan_rounds(
            series=MeetingSeries(
                municipality=t.town, body=group, name="Sitzungsrunden Integrationskonzept",
                description="Drei Sitzungsrunden zwischen der ersten und der zweiten "
                "Integrationskonferenz.",
            ),
            starts=[_at(start) for start in MINDEN_ROUNDS[name]],
            duration=datetime.timedelta(hours=2, minutes=30),
            location=room,
            acting_user=None,
            name_pattern="Sitzungsrunde %(number)s",
        )  # fmt: skip
        for number, (meeting, (topic, minutes)) in enumerate(
            zip(rounds, ROUND_TOPICS, strict=True)
        ):
            away = members[3 + number * 4 : 5 + number * 4]
            t.attendance(meeting, [m for m in members if m not in away], excused=away)
            decision = None
            if number == 2:  # the last round hands its measures to the draft concept
                measures = Measure.objects.for_municipality(t.town).filter(
                    goal__field_of_action=group.field_of_action
                )
                decision = (
                    D.RECOMMENDED,
                    f"Die AG empfiehlt, die {measures.count()} erarbeiteten Maßnahmen in den "
                    "Entwurf des Integrationskonzepts aufzunehmen.",
                )
            t.item(meeting, topic, minutes, presenter=IMAP, decision=decision)
        t.release(*rounds)

    second = t.meeting(conference, "2. Integrationskonferenz", "2020-02-06 17:00", hours=3,
                       location=small_hall)  # fmt: skip
    t.attendance(second, conference_members)
    draft_conference = t.item(
        second, "Vorstellung des Entwurfs des Integrationskonzepts",
        "Der erste Entwurf mit 99 Einzelmaßnahmen und den Handlungsempfehlungen von imap wird "
        "vorgestellt. Die Teilnehmenden nehmen Ergänzungen und Korrekturen vor.",
        presenter=IMAP,
    )  # fmt: skip
    t.item(
        second,
        "Weiteres Verfahren",
        "Der Entwurf wird im Integrationsrat diskutiert und verabschiedet und danach an die "
        "politischen Gremien der Stadt weitergeleitet. Das Konzept soll auch nach der "
        "Verabschiedung im gemeinsamen Dialog der Beteiligten weiterentwickelt werden.",
    )
    t.release(kickoff, second)

    # The Integrationsrat recommends the draft, the town council adopts it.
    council = t.body(
        MINDEN_IR, K.INTEGRATION_COUNCIL, public=True, short_name="Integrationsrat",
        starts_on="2014-11-01", location=small_hall,
        purpose="Gewählte Vertretung der Menschen mit Einwanderungsgeschichte und Mitglieder "
        "des Rates. Berät Rat und Verwaltung in allen Fragen der Integration.",
    )  # fmt: skip
    politicians = t.organisations[FRAKTIONEN]
    elected = [
        t.member(council, t.person(MINDEN_IR, name, function, "2019-09-01"), role=role,
                 public_name=True, represents="Gewählte Mitglieder",
                 user=t.account("gremium@minden.example.org") if name == "Hüseyin Arslan" else None)
        for name, function, role in MINDEN_COUNCIL
    ]  # fmt: skip
    from_council = [
        t.member(council, t.person(politicians.name, name, "Ratsmitglied"), politicians.name,
                 represents="Mitglieder des Rates",
                 ends_on="2020-10-31" if name in ("Gerhard Wessel", "Sabine Rohde") else "")
        for name in MINDEN_COUNCIL_POLITICIANS
    ]  # fmt: skip
    for name in ("Jana Reuter", "Volker Tiemann"):  # in the council from the next term on
        t.member(
            council,
            t.person(politicians.name, name, "Ratsmitglied"),
            politicians.name,
            represents="Mitglieder des Rates",
            starts_on="2020-11-01",
        )
    office = t.member(council, manager, BUERO, role=R.MANAGEMENT, voting=False, user=coordination,
                      public_name=True)  # fmt: skip
    adoption = t.meeting(council, "31. Sitzung", "2020-02-20 17:00")
    voting = elected + from_council
    excused = [voting[9], voting[10], voting[16]]
    t.attendance(adoption, [m for m in voting if m not in excused] + [office], excused=excused,
                 guests=["Moderation imap"])  # fmt: skip
    t.item(
        adoption,
        "Eröffnung und Feststellung der Beschlussfähigkeit",
        "Der Vorsitzende eröffnet die Sitzung; 15 stimmberechtigte Mitglieder sind anwesend.",
    )
    draft_council = t.item(
        adoption, CONCEPT,
        "Der Integrationsbeauftragte und imap stellen den Entwurf vor, der in drei "
        "Arbeitsgruppen mit rund 50 Beteiligten und auf zwei Integrationskonferenzen entstanden "
        "ist. In der Diskussion werden die Beteiligung der Migrantenorganisationen und die "
        "Fortschreibung im Dialog begrüßt; der Integrationsrat will jährlich über die "
        "Umsetzung berichtet bekommen.",
        presenter="Integrationsbüro der Stadt Minden und imap",
        decision=(D.RECOMMENDED, "Der Integrationsrat empfiehlt dem Rat der Stadt Minden, das "
                  "Integrationskonzept in der vorliegenden Fassung zu beschließen.", (14, 0, 1)),
    )  # fmt: skip
    t.item(
        adoption,
        "Sprechstunden des Integrationsrates im Rathaus",
        "Ab März bietet der Integrationsrat monatlich eine offene Sprechstunde an.",
    )
    t.release(adoption)
    upcoming = t.meeting(council, "9. Sitzung", "2027-02-18 17:00")
    t.item(upcoming, "Jahresbericht zur Umsetzung des Integrationskonzepts", presenter=BUERO)
    t.item(upcoming, "Vorbereitung der Interkulturellen Woche 2027")

    town_council = t.body(
        "Rat der Stadt Minden", K.TOWN_COUNCIL, public=True, location=great_hall,
        purpose="Die gewählte Vertretung der Stadt; beschließt das Integrationskonzept.",
    )  # fmt: skip
    session = t.meeting(town_council, "Sitzung des Rates", "2020-03-05 17:00", hours=4)
    t.item(session, "Einwohnerfragestunde")
    resolution = t.item(
        session, "Integrationskonzept der Stadt Minden",
        "Der Rat folgt der Empfehlung des Integrationsrates.",
        decision=(D.RESOLVED, "Der Rat der Stadt Minden beschließt das Integrationskonzept. Es "
                  "wird im gemeinsamen Dialog der Beteiligten fortgeschrieben; die "
                  "Integrationskonferenz zieht jährlich Bilanz."),
    )  # fmt: skip
    t.release(session)

    concept = t.paper(
        reference="DS 2020/031", title=CONCEPT, paper_type=PaperType.CONCEPT,
        date=_day("2020-02-10"), is_public=True, originator_organisation=t.organisations[BUERO],
        summary="Ziele und 99 Maßnahmen in den Handlungsfeldern Bildung und Erziehung, Arbeit "
        "und Soziales sowie Dialog und gesellschaftliche Teilhabe, mit den "
        "Handlungsempfehlungen von imap. Gefördert durch KOMM-IN.",
        measures=Measure.objects.for_municipality(t.town),
    )  # fmt: skip
    t.consult(concept, draft_conference, ConsultationRole.DELIBERATION)
    t.consult(concept, draft_council, ConsultationRole.DELIBERATION)
    t.consult(concept, resolution, ConsultationRole.DECISION, authoritative=True)
    t.main_document(concept, "entwurf-integrationskonzept-minden.pdf", [
        "Stadt Minden – Drucksache DS 2020/031",
        "Erarbeitet auf zwei Integrationskonferenzen und in drei Arbeitsgruppen mit je drei "
        "Sitzungsrunden: Bildung und Erziehung; Arbeit und Soziales; Dialog und "
        "gesellschaftliche Teilhabe. Rund 50 Beteiligte mit und ohne Migrationsgeschichte.",
        "99 Einzelmaßnahmen und Handlungsempfehlungen des Instituts für interkulturelle "
        "Management- und Politikberatung (imap).",
        "Das Integrationskonzept ist nicht statisch: Es wird im gemeinsamen Dialog der "
        "Beteiligten stetig weiterentwickelt.",
    ])  # fmt: skip


# --- Bensheim (seed 000) ----------------------------------------------------------------------

RELIGIONS = "Rat der Religionen Bensheim"
YOUTH = "Jugendforum Bensheim"
ADMIN_BENSHEIM = "Stadtverwaltung Bensheim, Team Soziales und Integration"
CENTRE_BENSHEIM = "Integrationszentrum Hauptstraße 53"


def _bensheim(t: _Town) -> None:
    t.terms(HESSEN_TERMS[1:])
    town_hall = t.location(
        "Rathaus Bensheim", "Kirchbergstraße 18", "64625", "Sitzungssaal", "49.681500", "8.621800"
    )
    centre = t.location(
        "Integrationszentrum", "Hauptstraße 53", "64625", "Gruppenraum", "49.680500", "8.619600"
    )
    coordinator = t.person(ADMIN_BENSHEIM, "Miriam Lehmann", "Koordination Vielfalt",
                           "2025-09-01")  # fmt: skip
    coordination = t.account("koordination@bensheim.example.org")
    becker = t.person(RELIGIONS, "Thomas Becker", "Vorstand")
    yildiz = t.person(RELIGIONS, "Fatma Yıldız", "Mitglied", "2025-09-01")
    partner_account = t.account("partner@bensheim.example.org")
    member_account = t.account("gremium@bensheim.example.org")

    religions = t.body(
        "Rat der Religionen", K.COUNCIL_OF_RELIGIONS, public=True, starts_on="2024-01-01",
        location=centre,
        purpose="Die Religionsgemeinschaften Bensheims im Gespräch; trägt das Interkulturelle "
        "Fest und wirkt an den Zielen des Vielfalts- und Integrationskonzepts mit.",
    )  # fmt: skip
    aksoy = ContactPerson.objects.for_municipality(t.town).filter(name="Leyla Aksoy").first()
    lorenz = ContactPerson.objects.for_municipality(t.town).filter(name="Peter Lorenz").first()
    council = [
        t.member(religions, aksoy or t.person(RELIGIONS, "Leyla Aksoy", "Sprecherin", "2026-03-01"),
                 role=R.CHAIR, represents="Islamische Gemeinden", public_name=True),
        t.member(religions, lorenz or t.person(RELIGIONS, "Peter Lorenz", "Kassenwart"),
                 represents="Evangelische Kirchengemeinden"),
        t.member(religions, t.person(RELIGIONS, "Stefan Maurer", "Mitglied"),
                 represents="Katholische Pfarrei"),
        t.member(religions, yildiz, represents="Alevitische Gemeinde", user=member_account,
                 public_name=True),
        t.member(religions, t.person(RELIGIONS, "Roya Sabet", "Mitglied"),
                 represents="Bahá'í-Gemeinde"),
        t.member(religions, t.person(RELIGIONS, "Dimitrios Karras", "Mitglied"),
                 represents="Griechisch-orthodoxe Gemeinde"),
        t.member(religions, becker, role=R.DEPUTY, represents="Freikirchen", user=partner_account),
        t.member(religions, coordinator, ADMIN_BENSHEIM, role=R.MANAGEMENT, voting=False,
                 user=coordination),
    ]  # fmt: skip
    spring = t.meeting(religions, "Frühjahrssitzung 2026", "2026-03-12 18:30")
    t.attendance(spring, council[:4] + council[5:], excused=[council[4]])
    t.item(
        spring, "Interkulturelles Fest 2026: Programm und Orte",
        "Die Gemeinden stellen ihre Beiträge vor; das Jugendforum übernimmt die Musikbühne.",
        decision=(D.RESOLVED, "Der Rat der Religionen richtet das Interkulturelle Fest am "
                  "20. Juni 2026 auf dem Marktplatz aus."),
    )  # fmt: skip
    t.item(spring, "Gemeinsames Friedensgebet", "Das Friedensgebet findet im Herbst in der "
           "Moschee statt; alle Gemeinden laden gemeinsam ein.")  # fmt: skip
    autumn = t.meeting(religions, "Herbstsitzung 2026", "2026-09-17 18:30")
    t.attendance(autumn, council)
    t.item(
        autumn,
        "Rückblick auf das Interkulturelle Fest",
        "Rund 1.500 Gäste; die Zusammenarbeit mit dem Jugendforum soll fortgesetzt werden.",
        decision=(D.NOTED, "Der Rat der Religionen nimmt den Bericht zur Kenntnis."),
    )
    t.item(
        autumn, "Religiöse Feiertage im Veranstaltungskalender der Stadt",
        "Die Feiertage aller Gemeinden sollen im städtischen Kalender erscheinen.",
        decision=(D.RECOMMENDED, "Der Rat der Religionen empfiehlt der Stadt, die Feiertage "
                  "der Religionsgemeinschaften im Veranstaltungskalender zu veröffentlichen."),
    )  # fmt: skip
    t.release(spring, autumn)
    upcoming = t.meeting(religions, "Frühjahrssitzung 2027", "2027-03-11 18:30")
    t.item(upcoming, "Interkulturelles Fest 2027")
    t.item(upcoming, "Besuche von Schulklassen in den Gemeinden")

    # The youth forum: young people who co-decide, with a vote.
    forum = t.body(
        YOUTH, K.YOUTH_BODY, public=True, short_name="Jugendforum", starts_on="2025-10-01",
        location=town_hall,
        purpose="Jugendliche entscheiden über die Gestaltung der Stadtgesellschaft verantwortlich "
        "mit: Vorschläge an den Magistrat, ein eigenes Budget, Beteiligung an Festen.",
    )  # fmt: skip
    youth = [
        t.member(forum, t.person(YOUTH, name, function), YOUTH, role=role)
        for name, function, role in [
            ("Lina Kaiser", "Sprecherin", R.CHAIR), ("Noah Schubert", "Stellv. Sprecher", R.DEPUTY),
            ("Mia Özdemir", "Mitglied", R.MEMBER), ("Elias Frank", "Mitglied", R.MEMBER),
            ("Sara Haidari", "Mitglied", R.MEMBER), ("Ben Winter", "Mitglied", R.MEMBER),
            ("Amelie Jung", "Mitglied", R.MEMBER), ("Yasin Polat", "Mitglied", R.MEMBER),
            ("Hanna Graf", "Mitglied", R.MEMBER),
        ]
    ]  # fmt: skip
    youth_worker = t.member(forum, t.person(ADMIN_BENSHEIM, "Tim Berger", "Stadtjugendpflege"),
                            ADMIN_BENSHEIM, role=R.ADVISORY, voting=False)  # fmt: skip
    constituent = t.meeting(forum, "Konstituierende Sitzung", "2026-02-04 17:00")
    t.attendance(constituent, youth + [youth_worker])
    t.item(constituent, "Wahl der Sprecherin und des stellvertretenden Sprechers",
           "Gewählt werden Lina Kaiser als Sprecherin und Noah Schubert als Stellvertreter.",
           decision=(D.RESOLVED, "Das Jugendforum wählt seine Sprecherin und ihren Stellvertreter.",
                     (8, 0, 1)))  # fmt: skip
    t.item(constituent, "Geschäftsordnung",
           decision=(D.RESOLVED, "Das Jugendforum gibt sich die vorgelegte Geschäftsordnung.",
                     (9, 0, 0)))  # fmt: skip
    summer = t.meeting(forum, "2. Sitzung", "2026-06-10 17:00")
    t.attendance(summer, youth[:5] + youth[6:] + [youth_worker], excused=[youth[5]])
    t.item(
        summer, "Ein Jugendtreff in der Innenstadt",
        "Die Jugendlichen wünschen sich einen Treffpunkt ohne Konsumzwang in der Innenstadt.",
        decision=(D.RECOMMENDED, "Das Jugendforum empfiehlt dem Magistrat, Räume für einen "
                  "Jugendtreff in der Innenstadt zu prüfen.", (7, 0, 1)),
    )  # fmt: skip
    t.item(
        summer, "Beteiligung am Interkulturellen Fest",
        "Das Jugendforum gestaltet die Musikbühne mit Bands aus Bensheimer Schulen.",
        decision=(D.RESOLVED, "Das Jugendforum übernimmt die Musikbühne des Interkulturellen "
                  "Festes.", (6, 1, 1)),
    )  # fmt: skip
    t.release(constituent, summer)
    next_forum = t.meeting(forum, "3. Sitzung", "2027-01-20 17:00")
    t.item(next_forum, "Jugendbudget 2027: Vorschläge")

    # The network meeting of all partners, quarterly and internal.
    network = t.body(
        "Netzwerktreffen Vielfalt", K.NETWORK_MEETING, public=False, starts_on="2025-09-01",
        location=centre,
        purpose="Regelmäßige Treffen aller Netzwerkpartnerinnen und -partner: Austausch, "
        "Abstimmung der Angebote, Transparenz darüber, wer für welches Ziel verantwortlich ist.",
    )  # fmt: skip
    haddad = t.person(CENTRE_BENSHEIM, "Samir Haddad", "Integrations-Guide")
    partners = [
        t.member(network, coordinator, ADMIN_BENSHEIM, role=R.MANAGEMENT, user=coordination),
        t.member(network, haddad, CENTRE_BENSHEIM,
                 user=t.account("guide.haddad@bensheim.example.org")),
        t.member(network, becker, RELIGIONS, user=partner_account),
        t.member(network, yildiz, RELIGIONS, user=member_account),
        t.member(network, t.person(YOUTH, "Lina Kaiser"), YOUTH),
        t.member(network, t.person("Agentur für Arbeit Bensheim", "Claudia Sauer",
                                   "Arbeitsvermittlung"), "Agentur für Arbeit Bensheim"),
        t.member(network, t.person("Ehrenamtsinitiative Willkommen in Bensheim", "Werner Hübner",
                                   "Sprecher"), "Ehrenamtsinitiative Willkommen in Bensheim"),
    ]  # fmt: skip
    dates = ["2025-11-19 17:00", "2026-02-25 17:00", "2026-05-20 17:00", "2026-09-09 17:00"]
    meetings = [t.meeting(network, f"{n}. Netzwerktreffen", d) for n, d in enumerate(dates, 1)]
    for n, meeting in enumerate(meetings):
        away = partners[4 + n % 3 : 5 + n % 3]
        t.attendance(meeting, [p for p in partners if p not in away], excused=away)
        t.item(meeting, "Berichte aus den Organisationen")
    first, second, third, fourth = meetings
    calendar = t.item(
        first,
        "Gemeinsamer Veranstaltungskalender",
        "Alle Partner melden ihre Termine an einer Stelle.",
    )
    t.action(first, "Termine der Partner für den gemeinsamen Kalender sammeln", owner=coordinator,
             due_on="2026-02-25", item=calendar, done_on="2026-02-20",
             measure="Angebote zur Vielfalt öffentlich bekannt machen")  # fmt: skip
    fest = t.item(second, "Interkulturelles Fest 2026", "Der Rat der Religionen stellt die "
                  "Planung vor; das Netzwerk hilft beim Aufbau.")  # fmt: skip
    t.action(second, "Helferinnen und Helfer für das Interkulturelle Fest gewinnen",
             organisation=RELIGIONS, due_on="2026-06-01", item=fest, done_on="2026-05-30",
             measure="Interkulturelles Fest etablieren")  # fmt: skip
    work = t.item(third, "Arbeitsmarkt: Betriebe und Arbeitsuchende vernetzen",
                  "Die Agentur für Arbeit und die Integrations-Guides planen ein erstes Treffen "
                  "mit Betrieben.")  # fmt: skip
    t.action(third, "Betriebe für ein Vernetzungstreffen ansprechen",
             organisation="Agentur für Arbeit Bensheim", due_on="2027-01-31", item=work,
             measure="Wirtschaft und Arbeitsuchende mit Migrationsgeschichte vernetzen",
             )  # fmt: skip
    places = t.item(
        fourth,
        "Begegnungsräume in den Stadtteilen",
        "Gemeinderäume und das Integrationszentrum öffnen für Gruppen.",
    )
    t.action(fourth, "Liste freier Räume für Gruppen veröffentlichen", owner=haddad,
             due_on="2027-02-24", item=places,
             measure="Begegnungsräume und Treffpunkte ausbauen")  # fmt: skip
    fifth = t.meeting(network, "5. Netzwerktreffen", "2027-02-24 17:00")
    t.item(fifth, "Berichte aus den Organisationen")
    t.item(fifth, "Stand der offenen Aufgaben")


# --- Weiterstadt (seed 004) -------------------------------------------------------------------

FB = "Fachbereich Gesellschaft und Bildung"
AUSLAENDERBEIRAT = "Ausländerbeirat"
PRAEVENTIONSRAT = "Präventionsrat"


def _weiterstadt(t: _Town) -> None:
    t.terms(HESSEN_TERMS)
    town_hall = t.location(
        "Rathaus Weiterstadt", "Riedbahnstraße 6", "64331", "Sitzungssaal", "49.903800", "8.588400"
    )
    coordinator = t.person(FB, "Katrin Vogel", "Vielfaltsmanagement", "2020-02-01")
    chair = t.person(FB, "Andrea Möller", "Fachbereichsleitung")
    prevention_chair = t.person(PRAEVENTIONSRAT, "Gabriele Arnold", "Vorsitzende", "2020-02-01")
    foreigners_chair = t.person(AUSLAENDERBEIRAT, "Nuri Aktaş", "Vorsitzender", "2020-02-01")

    steering = t.body(
        "Steuerungsgruppe WIRkt!", K.STEERING_GROUP, public=False, starts_on="2020-03-04",
        location=town_hall, field_of_action=t.field("Leitlinien und Vernetzung"),
        purpose="Steuert die Vielfalts- und Integrationsstrategie „Weiterstadt WIRkt!“ durch "
        "ihre sieben Phasen, von der Vorbereitung bis zum Beschluss der Stadtverordneten.",
    )  # fmt: skip
    group = [
        t.member(steering, chair, FB, role=R.CHAIR),
        t.member(steering, coordinator, FB, role=R.MANAGEMENT,
                 user=t.account("koordination@weiterstadt.example.org")),
        t.member(steering, t.person("Büro des Bürgermeisters", "Michael Seidel", "Referent"),
                 "Büro des Bürgermeisters"),
        t.member(steering, prevention_chair, PRAEVENTIONSRAT),
        t.member(steering, foreigners_chair, AUSLAENDERBEIRAT),
        t.member(steering, t.person("Weiterstädter Ehrenamtsagentur", "Markus Schneider",
                                    "Leitung"), "Weiterstädter Ehrenamtsagentur",
                 user=t.account("partner@weiterstadt.example.org")),
        t.member(steering, t.person("Diakonisches Werk", "Susanne Berg", "Migrationsberatung"),
                 "Diakonisches Werk"),
        t.member(steering, t.person("WIR-Koordination", "Oliver Brandt", "WIR-Koordination"),
                 "WIR-Koordination", role=R.ADVISORY, voting=False),
    ]  # fmt: skip
    kickoff = t.meeting(steering, "Konstituierende Sitzung", "2020-03-04 15:00")
    t.attendance(kickoff, group)
    t.item(
        kickoff,
        "Rolle und Zusammensetzung der Steuerungsgruppe",
        decision=(
            D.RESOLVED,
            "Die Steuerungsgruppe begleitet den Prozess bis zum Beschluss "
            "der Stadtverordnetenversammlung und trifft sich zu jeder Phase.",
        ),
    )
    t.item(
        kickoff,
        "Prozessbegleitung: Ergebnis der Ausschreibung",
        decision=(D.NOTED, "Die Steuerungsgruppe nimmt das Ergebnis zur Kenntnis."),
    )
    formats = t.item(kickoff, "Beteiligungsformate für die Kick-Off-Veranstaltung",
                     "Vorgeschlagen werden Stadtteilgespräche, eine Online-Befragung und "
                     "Workshops mit den Akteursgruppen der Bestandsaufnahme.")  # fmt: skip
    t.action(
        kickoff,
        "Einladung zur Kick-Off-Veranstaltung an alle Akteure versenden",
        owner=coordinator,
        due_on="2020-04-01",
        item=formats,
        done_on="2020-03-27",
    )
    halftime = t.meeting(
        steering,
        "Vorbereitung Bergfest",
        "2020-06-24 15:00",
        location=None,
        online_url="https://meet.weiterstadt.example.org/wirkt",
    )
    t.attendance(halftime, group[:6] + group[7:], excused=[group[6]])
    t.item(
        halftime,
        "Auswertung der Beteiligungsphase I",
        "Die Beteiligung war trotz der Kontaktbeschränkungen gut; Online-Formate ergänzen "
        "die Treffen.",
    )
    guide = t.item(halftime, "Erste Inhalte der Strategie", "Leitlinien sollen auf „Wir sind "
                   "Weiterstadt“ aufbauen.")  # fmt: skip
    t.action(halftime, "Entwurf der Leitlinien für die Zusammenarbeit schreiben", owner=chair,
             due_on="2020-11-01", item=guide, done_on="2020-10-28",
             measure="Leitlinien für die Zusammenarbeit erarbeiten")  # fmt: skip
    closing = t.meeting(steering, "Vorbereitung Abschlussveranstaltung", "2020-11-04 15:00")
    t.attendance(closing, group)
    alliance = t.item(
        closing,
        "Bündnis für Vielfalt",
        "Aus dem Prozess geht ein Bündnis aller Akteure hervor.",
        decision=(
            D.RESOLVED,
            "Die Steuerungsgruppe schlägt vor, das Bündnis für "
            "Vielfalt auf der Abschlussveranstaltung zu gründen.",
        ),
    )
    t.action(closing, "Gründung des Bündnisses für Vielfalt vorbereiten", owner=coordinator,
             due_on="2020-11-30", item=alliance, done_on="2020-11-30",
             measure="Bündnis für Vielfalt verstetigen")  # fmt: skip
    t.item(closing, "Beschlussphase: Vorlage an die Stadtverordnetenversammlung")

    prevention = t.body(
        PRAEVENTIONSRAT, K.ADVISORY_BOARD, public=True, starts_on="2016-04-01",
        location=town_hall,
        purpose="Zivilgesellschaft und Verwaltung für ein sicheres und solidarisches "
        "Zusammenleben, mit den Arbeitsgemeinschaften Integration, Nachhaltigkeit sowie Soziales "
        "und öffentliche Sicherheit; lädt zu Stadtgesprächen ein.",
    )  # fmt: skip
    board = [t.member(prevention, prevention_chair, PRAEVENTIONSRAT, role=R.CHAIR,
                      public_name=True)] + [
        t.member(prevention, organisation=name)
        for name in ("Arbeitsgemeinschaft Integration", "Arbeitsgemeinschaft Nachhaltigkeit",
                     "Arbeitsgemeinschaft Soziales und öffentliche Sicherheit", FB,
                     "Schulen in Weiterstadt", "Kirchengemeinden und Glaubensgemeinschaften")
    ]  # fmt: skip
    autumn = t.meeting(prevention, "Herbstsitzung 2020", "2020-09-16 19:00")
    t.attendance(autumn, board)
    t.item(
        autumn,
        "Weiterstadt WIRkt!: Bericht zur Beteiligungsphase I",
        presenter=FB,
        decision=(D.NOTED, "Der Präventionsrat nimmt den Bericht zur Kenntnis."),
    )
    t.item(autumn, "Stadtgespräch 2021",
           decision=(D.RESOLVED, "Das nächste Stadtgespräch widmet sich dem Thema "
                     "„Vielfalt im Verein“.", (6, 0, 1)))  # fmt: skip
    t.release(autumn)
    spring = t.meeting(prevention, "Frühjahrssitzung 2027", "2027-03-03 19:00")
    t.item(spring, "Tage der seelischen Gesundheit 2027")

    foreigners = t.body(
        AUSLAENDERBEIRAT, K.INTEGRATION_COUNCIL, public=True, starts_on="2015-12-01",
        location=town_hall,
        purpose="Gewählte Vertretung der ausländischen Einwohnerinnen und Einwohner; berät "
        "Magistrat und Stadtverordnetenversammlung.",
    )  # fmt: skip
    advisory = [t.member(foreigners, foreigners_chair, role=R.CHAIR, public_name=True)] + [
        t.member(foreigners, t.person(AUSLAENDERBEIRAT, name, function, consent), role=role,
                 public_name=bool(consent))
        for name, function, role, consent in [
            ("Daniela Costa", "Stellv. Vorsitzende", R.DEPUTY, "2020-02-01"),
            ("Reza Karimi", "Mitglied", R.MEMBER, ""), ("Marija Horvat", "Mitglied", R.MEMBER, ""),
            ("Kofi Mensah", "Mitglied", R.MEMBER, ""), ("Ewa Zielińska", "Mitglied", R.MEMBER, ""),
            ("Bilal Qasemi", "Mitglied", R.MEMBER, ""),
        ]
    ]  # fmt: skip
    october = t.meeting(foreigners, "Sitzung im Oktober 2020", "2020-10-07 19:00")
    t.attendance(october, advisory[:4] + advisory[5:], excused=[advisory[4]])
    t.item(
        october, "Weiterstadt WIRkt!: Stellungnahme zu den Leitlinien",
        "Der Ausländerbeirat begrüßt, dass die Leitlinien auf „Wir sind Weiterstadt“ aufbauen, "
        "und wünscht mehrsprachige Einladungen zu den Beteiligungsformaten.",
        decision=(D.RECOMMENDED, "Der Ausländerbeirat empfiehlt der Steuerungsgruppe, "
                  "Einladungen zu Beteiligungsformaten mehrsprachig zu versenden.", (5, 0, 1)),
    )  # fmt: skip
    t.release(october)
    february = t.meeting(foreigners, "Sitzung im Februar 2027", "2027-02-17 19:00")
    t.item(february, "Vorbereitung der Ausländerbeiratswahl")


BUILDERS = {
    "bergkamen": _bergkamen,
    "minden": _minden,
    "bensheim": _bensheim,
    "weiterstadt": _weiterstadt,
}


def load() -> list:
    """Give each demo town its bodies unless it has some already."""
    towns = {t.slug: t for t in Municipality.objects.filter(slug__in=BUILDERS)}
    if len(towns) < len(BUILDERS):
        return []
    for slug, build in BUILDERS.items():
        town = towns[slug]
        if not Body.objects.for_municipality(town).exists():
            with visibility.tracking_public_view_once(town):
                build(_Town(town))
    return []
