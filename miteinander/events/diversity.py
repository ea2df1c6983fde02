"""The anonymous diversity self-description: counters only, shown in aggregate only.

An answer never lands on a registration or any row with a time: it increments one of the event's
`DiversityCount` counters, all of which are created together the first time, so not even the
order of the counters' rows tells when an answer first came in. "Prefer not to say" is no
answer and counts nowhere.

The organiser sees the numbers only after the event's last date has ended, when nobody can
add to them any more, so a count cannot be tied to a person by watching it change while that
person registers or fills the kiosk at check-in. Small groups are suppressed: every cell under
SMALL_GROUP reads "< 5", and further cells are suppressed until the suppressed cells of a
dimension hold at least SMALL_GROUP answers together, so no small cell can be worked out by
subtracting the shown cells from the shown total.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DIVERSITY_VALUES, DiversityCount, DiversityDimension, Event

SMALL_GROUP = 5


def dimensions() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(dimension, label, [(value, label), ...]) in the order the questions are asked."""
    return [
        (dimension.value, dimension.label, DIVERSITY_VALUES[dimension])
        for dimension in DiversityDimension
    ]


def has_answers(answers: dict[str, str]) -> bool:
    return any(value for value in answers.values())


def _check(answers: dict[str, str]) -> dict[str, str]:
    """The given answers, without "prefer not to say"; unknown ones are refused."""
    given = {}
    for dimension, value in answers.items():
        allowed = {code for code, _label in DIVERSITY_VALUES.get(dimension, [])}
        if dimension not in DIVERSITY_VALUES:
            raise ValidationError(_("The self-description has a question we do not ask."))
        if value and value not in allowed:
            raise ValidationError(
                _("Choose one of the answers offered, or “Prefer not to say”."), code="invalid"
            )
        if value:
            given[dimension] = value
    return given


@transaction.atomic
def diversity_record(*, event: Event, answers: dict[str, str]) -> int:
    """Count one person's answers ({dimension: value}, "" = prefer not to say) for the event.

    Safe when many people answer at once: the counters are created with the database
    ignoring duplicates, and each is incremented in the database (`F("count") + 1`).
    Returns how many answers were counted.
    """
    given = _check(answers)
    if not given:
        return 0
    DiversityCount.objects.bulk_create(
        [
            DiversityCount(
                municipality_id=event.municipality_id,
                event=event,
                dimension=dimension,
                value=value,
            )
            for dimension, values in DIVERSITY_VALUES.items()
            for value, _label in values
        ],
        ignore_conflicts=True,
    )
    counters = DiversityCount.objects.filter(municipality_id=event.municipality_id, event=event)
    for dimension, value in given.items():
        counters.filter(dimension=dimension, value=value).update(count=F("count") + 1)
    return len(given)


@dataclass
class Cell:
    value: str
    label: str
    count: int
    suppressed: bool = False

    @property
    def display(self) -> str:
        return f"< {SMALL_GROUP}" if self.suppressed else str(self.count)


@dataclass
class DimensionAggregate:
    dimension: str
    label: str
    cells: list[Cell]
    total: int
    total_suppressed: bool

    @property
    def total_display(self) -> str:
        return f"< {SMALL_GROUP}" if self.total_suppressed else str(self.total)


def aggregates_visible(event: Event, *, now: datetime.datetime | None = None) -> bool:
    """Whether the organiser may see the numbers yet: once the event's last date has ended."""
    return event.series_ends_at <= (now or timezone.now())


def diversity_aggregate(event: Event) -> list[DimensionAggregate]:
    """Per dimension the counts with small groups suppressed, and the number of answers."""
    stored = {
        (row.dimension, row.value): row.count
        for row in DiversityCount.objects.filter(municipality_id=event.municipality_id, event=event)
    }
    result = []
    for dimension, label, values in dimensions():
        cells = [
            Cell(value=value, label=str(value_label), count=stored.get((dimension, value), 0))
            for value, value_label in values
        ]
        total = sum(cell.count for cell in cells)
        _suppress(cells)
        result.append(
            DimensionAggregate(
                dimension=dimension,
                label=str(label),
                cells=cells,
                total=total,
                total_suppressed=total < SMALL_GROUP,
            )
        )
    return result


def _suppress(cells: list[Cell]) -> None:
    """Primary suppression of small cells, then complementary suppression (see module doc)."""
    for cell in cells:
        cell.suppressed = cell.count < SMALL_GROUP
    hidden = [cell for cell in cells if cell.suppressed]
    if not hidden:
        return
    # One hidden cell next to a shown total could be derived by subtraction; two hidden cells
    # holding fewer than SMALL_GROUP together would still give away a small group.
    while len(hidden) == 1 or sum(cell.count for cell in hidden) < SMALL_GROUP:
        shown = sorted((cell for cell in cells if not cell.suppressed), key=lambda c: c.count)
        if not shown:
            return
        shown[0].suppressed = True
        hidden.append(shown[0])
