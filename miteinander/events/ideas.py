"""The ideas wall (Bedarfe und Wünsche): posting and moderating cards, sorting them into groups,
and turning a group into a measure of the action plan. Writes first, then reads.

A card is anonymous: neither a name nor an address of whoever posted it is kept, and a public
post is audited without an actor. Positions count from 0 within one column of one event's wall:
a group (`IdeaCluster`), or the unsorted cards (cluster None). Every write that renumbers
positions locks the event's row first, so two people sorting at once do not interleave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from miteinander.core.services import audit_record

from .models import Event, EventStatus, Idea, IdeaCluster, IdeaSource

IDEA_MAX_LENGTH = 500
CLUSTER_TITLE_MAX_LENGTH = 200
# How many cards one paste of paper cards may hold; more is almost certainly a mistake.
PAPER_CARDS_AT_ONCE = 200
SHORT_CODE_LENGTH = 8
# How forms and the board's script name the column of unsorted cards.
UNSORTED = "unsorted"

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


# --- Writes -----------------------------------------------------------------------------------


def _clean_text(text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ValidationError(_("Write your idea before sending it."), code="empty")
    if len(text) > IDEA_MAX_LENGTH:
        raise ValidationError(
            _(
                "The idea is too long: it has %(count)s characters, and a card holds at most "
                "%(max)s. Shorten it a little."
            )
            % {"count": len(text), "max": IDEA_MAX_LENGTH},
            code="too_long",
        )
    return text


def _clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give the group a title."), code="empty")
    if len(title) > CLUSTER_TITLE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the title of the group to %(max)s characters.")
            % {"max": CLUSTER_TITLE_MAX_LENGTH},
            code="too_long",
        )
    return title


def _lock_wall(event: Event) -> Event:
    """Lock the event's row: the wall's positions change one write at a time."""
    events = Event.objects.for_municipality(event.municipality_id)
    return events.select_for_update().get(pk=event.pk)


def _column(event_id: int, municipality_id: int, cluster_id: int | None) -> list[Idea]:
    return list(
        Idea.objects.for_municipality(municipality_id)
        .filter(event_id=event_id, cluster_id=cluster_id)
        .order_by("position", "id")
    )


def _next_position(event: Event, cluster_id: int | None) -> int:
    last = (
        Idea.objects.for_municipality(event.municipality_id)
        .filter(event=event, cluster_id=cluster_id)
        .aggregate(last=Max("position"))["last"]
    )
    return 0 if last is None else last + 1


def _renumber(rows: list, model, municipality_id: int) -> None:
    """Give `rows` (of one town) the positions 0, 1, 2, ... in their list order."""
    changed = []
    for index, row in enumerate(rows):
        if row.position != index:
            row.position = index
            changed.append(row)
    if changed:
        model.objects.for_municipality(municipality_id).bulk_update(changed, ["position"])


def accepts_ideas(event: Event) -> bool:
    """Whether participants can post to the event's wall right now."""
    return event.ideas_enabled and event.ideas_open and event.status == EventStatus.PUBLISHED


def _same_token(event: Event, token) -> bool:
    try:
        return UUID(str(token)) == event.ideas_token
    except ValueError:
        return False


@transaction.atomic
def idea_post(*, event: Event, token, text: str) -> Idea:
    """Put a participant's idea on the wall (public, through the wall's link or QR code).

    Nothing about the person is stored, neither a name nor an IP address.
    """
    if not event.ideas_enabled or not event.is_public or not _same_token(event, token):
        raise ValidationError(
            _("This link does not lead to an open ideas wall. Scan the QR code again."),
            code="wrong_token",
        )
    if not accepts_ideas(event):
        raise ValidationError(
            _(
                "The ideas wall is closed at the moment, so no new ideas can be posted. Thank "
                "you for taking part!"
            ),
            code="closed",
        )
    text = _clean_text(text)
    idea = Idea(
        municipality_id=event.municipality_id,
        event=event,
        text=text,
        source=IdeaSource.ONLINE,
        position=_next_position(event, None),
    )
    idea.full_clean()
    idea.save()
    audit_record(actor=None, action="idea.post", target=idea, summary=str(event))
    return idea


def split_paper_cards(text: str) -> list[str]:
    """The cards in a typed-up stack: one per line, or one per paragraph when blank lines
    separate them (then a card may span several lines)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [part.strip() for part in parts if part.strip()]


@transaction.atomic
def idea_add_from_paper(
    *, event: Event, text: str, acting_user, cluster: IdeaCluster | None = None
) -> list[Idea]:
    """Type up paper cards, several at once; either all of them are added or none."""
    cards = split_paper_cards(text)
    if not cards:
        raise ValidationError(
            _("Type the text of at least one card, one card per line."), code="empty"
        )
    if len(cards) > PAPER_CARDS_AT_ONCE:
        raise ValidationError(
            _("Add at most %(max)s cards at once; you typed %(count)s. Split them up.")
            % {"max": PAPER_CARDS_AT_ONCE, "count": len(cards)},
            code="too_many",
        )
    errors = []
    for number, card in enumerate(cards, start=1):
        if len(card) > IDEA_MAX_LENGTH:
            errors.append(
                ValidationError(
                    _(
                        "Card %(number)s is too long: it has %(count)s characters, and a card "
                        "holds at most %(max)s. Shorten it or split it into two cards."
                    )
                    % {"number": number, "count": len(card), "max": IDEA_MAX_LENGTH},
                    code="too_long",
                )
            )
    if errors:
        raise ValidationError(errors)
    _check_cluster(event, cluster)
    _lock_wall(event)
    start = _next_position(event, cluster.pk if cluster else None)
    ideas = []
    for offset, card in enumerate(cards):
        idea = Idea(
            municipality_id=event.municipality_id,
            event=event,
            text=card,
            cluster=cluster,
            source=IdeaSource.PAPER,
            position=start + offset,
        )
        idea.full_clean()
        idea.save()
        audit_record(actor=acting_user, action="idea.add_paper", target=idea, summary=str(event))
        ideas.append(idea)
    return ideas


@transaction.atomic
def idea_update(*, idea: Idea, text: str, acting_user) -> Idea:
    """Correct a card's text (a typo on a paper card, a name someone should not have written).

    The audit row notes that the text changed, not the text itself, so what moderation removed
    does not live on in the log.
    """
    text = _clean_text(text)
    if text != idea.text:
        idea.text = text
        idea.full_clean()
        idea.save(update_fields=["text", "updated_at"])
        audit_record(
            actor=acting_user,
            action="idea.update",
            target=idea,
            summary=str(idea.event),
            changes={"text": "changed"},
        )
    return idea


def _set_hidden(idea: Idea, hidden: bool, acting_user) -> Idea:
    if idea.is_hidden != hidden:
        idea.is_hidden = hidden
        idea.save(update_fields=["is_hidden", "updated_at"])
        audit_record(
            actor=acting_user,
            action="idea.hide" if hidden else "idea.unhide",
            target=idea,
            summary=str(idea.event),
        )
    return idea


@transaction.atomic
def idea_hide(*, idea: Idea, acting_user) -> Idea:
    """Take a card off the projector and out of measures (moderation); it stays on the board."""
    return _set_hidden(idea, True, acting_user)


@transaction.atomic
def idea_unhide(*, idea: Idea, acting_user) -> Idea:
    return _set_hidden(idea, False, acting_user)


def _check_cluster(event: Event, cluster: IdeaCluster | None) -> None:
    if cluster is not None and (
        cluster.event_id != event.pk or cluster.municipality_id != event.municipality_id
    ):
        raise ValidationError(
            {"cluster": _("Choose a group of this event's ideas wall.")}, code="foreign_cluster"
        )


@transaction.atomic
def idea_move(
    *, idea: Idea, cluster: IdeaCluster | None, position: int | None, acting_user
) -> Idea:
    """Put a card into a group (None: back to the unsorted cards) at `position` (from 0; None or
    beyond the end: last), and close the gap it leaves."""
    _check_cluster(idea.event, cluster)
    _lock_wall(idea.event)
    # Read again under the lock: the caller's copy may be older than another person's move.
    current = Idea.objects.for_municipality(idea.municipality_id).filter(pk=idea.pk).first()
    if current is None:
        raise ValidationError(_("This card no longer exists. Reload the board."), code="gone")
    before = [current.cluster_id, current.position]
    target_id = cluster.pk if cluster else None
    column = [
        row for row in _column(current.event_id, current.municipality_id, target_id)
        if row.pk != current.pk
    ]  # fmt: skip
    if position is None or position > len(column):
        position = len(column)
    column.insert(max(position, 0), current)
    source_id = current.cluster_id
    current.cluster = cluster
    current.save(update_fields=["cluster", "updated_at"])
    _renumber(column, Idea, current.municipality_id)
    if source_id != target_id:
        source = _column(current.event_id, current.municipality_id, source_id)
        _renumber(source, Idea, current.municipality_id)
    current.refresh_from_db(fields=["position"])
    after = [current.cluster_id, current.position]
    if before != after:
        audit_record(
            actor=acting_user,
            action="idea.move",
            target=current,
            summary=str(idea.event),
            changes={"cluster": [before[0], after[0]], "position": [before[1], after[1]]},
        )
    idea.cluster, idea.position = current.cluster, current.position
    return current


def _clusters(event: Event) -> list[IdeaCluster]:
    return list(
        IdeaCluster.objects.for_municipality(event.municipality_id)
        .filter(event=event)
        .order_by("position", "id")
    )


@transaction.atomic
def cluster_create(*, event: Event, title: str, acting_user) -> IdeaCluster:
    """Add a group at the end of the wall."""
    title = _clean_title(title)
    _lock_wall(event)
    clusters = _clusters(event)
    cluster = IdeaCluster(
        municipality_id=event.municipality_id,
        event=event,
        title=title,
        position=len(clusters),
    )
    cluster.full_clean()
    cluster.save()
    _renumber([*clusters, cluster], IdeaCluster, event.municipality_id)
    audit_record(actor=acting_user, action="idea_cluster.create", target=cluster, summary=title)
    return cluster


@transaction.atomic
def cluster_rename(*, cluster: IdeaCluster, title: str, acting_user) -> IdeaCluster:
    title = _clean_title(title)
    if title != cluster.title:
        before = cluster.title
        cluster.title = title
        cluster.full_clean()
        cluster.save(update_fields=["title", "updated_at"])
        audit_record(
            actor=acting_user,
            action="idea_cluster.rename",
            target=cluster,
            summary=title,
            changes={"title": [before, title]},
        )
    return cluster


@transaction.atomic
def cluster_delete(*, cluster: IdeaCluster, acting_user) -> None:
    """Remove a group; its cards go back to the unsorted ones, after those already there."""
    event = cluster.event
    _lock_wall(event)
    cards = _column(event.pk, event.municipality_id, cluster.pk)
    start = _next_position(event, None)
    for offset, card in enumerate(cards):
        card.cluster = None
        card.position = start + offset
    Idea.objects.for_municipality(event.municipality_id).bulk_update(cards, ["cluster", "position"])
    audit_record(
        actor=acting_user,
        action="idea_cluster.delete",
        target=cluster,
        summary=cluster.title,
        changes={"ideas_unsorted": len(cards)},
    )
    cluster.delete()
    _renumber(_clusters(event), IdeaCluster, event.municipality_id)


@transaction.atomic
def cluster_reorder(*, cluster: IdeaCluster, position: int, acting_user) -> IdeaCluster:
    """Move a group to `position` among the event's groups (from 0; beyond the end: last)."""
    _lock_wall(cluster.event)
    clusters = _clusters(cluster.event)
    current = next((row for row in clusters if row.pk == cluster.pk), None)
    others = [row for row in clusters if row.pk != cluster.pk]
    if current is None:
        raise ValidationError(_("This group no longer exists. Reload the board."), code="gone")
    before = current.position
    others.insert(min(max(position, 0), len(others)), current)
    _renumber(others, IdeaCluster, current.municipality_id)
    if current.position != before:
        audit_record(
            actor=acting_user,
            action="idea_cluster.reorder",
            target=current,
            summary=current.title,
            changes={"position": [before, current.position]},
        )
    cluster.position = current.position
    return current


def measure_description(cluster: IdeaCluster) -> str:
    """The visible cards of a group as the text of a measure, in German like the plan."""
    event = cluster.event
    ideas = visible_ideas(cluster=cluster)
    with translation.override(settings.LANGUAGE_CODE):
        intro = _("From the ideas wall of “%(event)s” on %(date)s:") % {
            "event": event.title,
            "date": date_format(timezone.localtime(event.starts_at).date(), "SHORT_DATE_FORMAT"),
        }
    lines = [intro, ""]
    lines += ["- " + " ".join(idea.text.split()) for idea in ideas]
    return "\n".join(lines)


@transaction.atomic
def cluster_to_measure(
    *, cluster: IdeaCluster, goal, acting_user, title: str | None = None, number: str = ""
):
    """Turn a group into a planned measure under `goal`, through the action plan's own service.

    The measure takes the group's title (or `title`) and the group's visible cards as its
    description; the group then links to it. A group becomes a measure once only.
    """
    from miteinander.actionplan.models import MeasureStatus
    from miteinander.actionplan.services import measure_save

    _lock_wall(cluster.event)
    cluster.refresh_from_db(fields=["measure"])
    if cluster.measure_id:
        raise ValidationError(
            _("This group has already become the measure “%(measure)s”.")
            % {"measure": cluster.measure},
            code="already_measure",
        )
    if goal is None or goal.municipality_id != cluster.municipality_id:
        raise ValidationError({"goal": _("Choose a goal of this town's action plan.")})
    if not visible_ideas(cluster=cluster):
        raise ValidationError(
            _("Put at least one visible card into this group before turning it into a measure."),
            code="empty",
        )
    measure = measure_save(
        municipality=cluster.municipality,
        acting_user=acting_user,
        goal=goal,
        number=(number or "").strip(),
        title=" ".join((title or cluster.title).split()),
        description=measure_description(cluster),
        status=MeasureStatus.PLANNED,
    )
    cluster.measure = measure
    cluster.save(update_fields=["measure", "updated_at"])
    audit_record(
        actor=acting_user,
        action="idea_cluster.to_measure",
        target=cluster,
        summary=cluster.title,
        changes={"measure": measure.pk},
    )
    return measure


@transaction.atomic
def idea_wall_set_open(*, event: Event, is_open: bool, acting_user) -> Event:
    """Open the wall for participants' posts, or close it (staff can still add paper cards)."""
    if event.ideas_open != is_open:
        event.ideas_open = is_open
        event.save(update_fields=["ideas_open", "updated_at"])
        audit_record(
            actor=acting_user,
            action="event.ideas_open" if is_open else "event.ideas_close",
            target=event,
            summary=str(event),
        )
    return event


@transaction.atomic
def idea_wall_configure(*, event: Event, enabled: bool, question: str, acting_user) -> Event:
    """Switch the wall on or off and set the question it asks."""
    question = " ".join((question or "").split())
    changes = {}
    if event.ideas_enabled != enabled:
        changes["ideas_enabled"] = [event.ideas_enabled, enabled]
        event.ideas_enabled = enabled
    if event.ideas_question != question:
        changes["ideas_question"] = [event.ideas_question, question]
        event.ideas_question = question
    if changes:
        event.full_clean(exclude=["series_ends_at"])
        event.save(update_fields=["ideas_enabled", "ideas_question", "updated_at"])
        audit_record(
            actor=acting_user,
            action="event.ideas_configure",
            target=event,
            summary=str(event),
            changes=changes,
        )
    return event


# --- Reads ------------------------------------------------------------------------------------


def event_for_wall(*, municipality, pk: int) -> Event:
    """The town's event `pk` for its wall's workspace pages; raises Event.DoesNotExist."""
    return Event.objects.for_municipality(municipality).select_related("municipality").get(pk=pk)


def wall_for_posting(*, municipality, pk: int, token) -> Event | None:
    """The public event whose wall the link names, or None (wrong token, draft, wall off)."""
    event = (
        Event.objects.for_municipality(municipality)
        .public()
        .filter(pk=pk, ideas_enabled=True)
        .prefetch_related("translations")
        .first()
    )
    if event is None or not _same_token(event, token):
        return None
    return event


def short_code(event: Event) -> str:
    """The start of the wall's token: short enough to type from a projector."""
    return event.ideas_token.hex[:SHORT_CODE_LENGTH]


def wall_for_short_code(*, municipality, pk: int, code: str) -> Event | None:
    event = (
        Event.objects.for_municipality(municipality)
        .public()
        .filter(pk=pk, ideas_enabled=True)
        .first()
    )
    if event is None or code.lower() != short_code(event):
        return None
    return event


@dataclass
class Column:
    """One column of the board: a group, or the unsorted cards (cluster None)."""

    cluster: IdeaCluster | None
    ideas: list[Idea]

    @property
    def key(self) -> str:
        return str(self.cluster.pk) if self.cluster else UNSORTED

    @property
    def visible_count(self) -> int:
        return sum(1 for idea in self.ideas if not idea.is_hidden)


def board_columns(*, event: Event, include_hidden: bool = True) -> list[Column]:
    """The unsorted cards, then each group in order, each with its cards in order."""
    clusters = list(
        IdeaCluster.objects.for_municipality(event.municipality_id)
        .filter(event=event)
        .select_related("measure", "measure__municipality")
        .order_by("position", "id")
    )
    ideas = Idea.objects.for_municipality(event.municipality_id).filter(event=event)
    if not include_hidden:
        ideas = ideas.filter(is_hidden=False)
    by_cluster: dict[int | None, list[Idea]] = {}
    for idea in ideas.order_by("position", "id"):
        by_cluster.setdefault(idea.cluster_id, []).append(idea)
    columns = [Column(None, by_cluster.get(None, []))]
    columns += [Column(cluster, by_cluster.get(cluster.pk, [])) for cluster in clusters]
    return columns


def visible_ideas(*, cluster: IdeaCluster) -> list[Idea]:
    return list(
        Idea.objects.for_municipality(cluster.municipality_id)
        .filter(cluster=cluster, is_hidden=False)
        .order_by("position", "id")
    )


def idea_of_event(*, event: Event, pk) -> Idea:
    """A card of this event's wall; raises Idea.DoesNotExist for any other."""
    return (
        Idea.objects.for_municipality(event.municipality_id)
        .select_related("event")
        .get(event=event, pk=pk)
    )


def cluster_of_event(*, event: Event, pk) -> IdeaCluster:
    """A group of this event's wall; raises IdeaCluster.DoesNotExist for any other."""
    return (
        IdeaCluster.objects.for_municipality(event.municipality_id)
        .select_related("event", "measure")
        .get(event=event, pk=pk)
    )


def clusters_of_event(*, event: Event):
    return IdeaCluster.objects.for_municipality(event.municipality_id).filter(event=event)


def export_rows(*, event: Event) -> tuple[list[str], list[list]]:
    """Header and rows of the wall's export: every card, the hidden ones marked."""
    header = [_("Group"), _("Idea"), _("Source"), _("Hidden"), _("Created")]
    rows = []
    for column in board_columns(event=event):
        name = column.cluster.title if column.cluster else _("Unsorted")
        for idea in column.ideas:
            rows.append(
                [
                    name,
                    idea.text,
                    idea.get_source_display(),
                    _("yes") if idea.is_hidden else _("no"),
                    # Spreadsheets know no time zones: the local time, to the minute.
                    timezone.localtime(idea.created_at).replace(
                        second=0, microsecond=0, tzinfo=None
                    ),
                ]
            )
    return header, rows
