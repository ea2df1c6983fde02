"""Reads for coordination: where the town's offerings leave gaps, and which look like duplicates.

Coverage counts the published offerings (those the public sees today) in a matrix of two
dimensions, e.g. field of action by target group. An offering with several target groups counts
once in each of their columns, so a row's total is the number of offerings in it, not the sum of
its cells. Offerings without a field of action, district or target group are counted in a
"not given" row or column, shown only when there are such offerings.

Likely duplicates are pairs of current (not archived) offerings whose titles are alike and that
either share the provider or lie at the same place. Only offerings that share a provider, an
address or a patch of map are compared, so the work grows with the size of those groups rather
than with the square of the town's offerings (about 0.2 s for 1,200 offerings; see
`likely_duplicates`).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan.models import FieldOfAction
from miteinander.network.models import TargetGroup

from .models import District, Offering, OfferingKind, OfferingStatus

NOT_GIVEN = "none"  # the URL token of a dimension's "not given" entry


# --- Coverage -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dimension:
    """One way to split offerings: by field of action, target group, district or kind."""

    key: str
    label: Promise
    not_given_label: Promise | None  # None: every offering has a value
    model: type[Model]
    lookup: str  # the Offering field to filter on
    many: bool = False  # several values per offering (target groups)

    def entries(self, municipality) -> list[Model]:
        return list(self.model.objects.for_municipality(municipality))

    def entry(self, municipality, token: str) -> Model | None:
        """The entry a URL token names: a row of the town, or None for "not given".

        Raises `model.DoesNotExist` for anything else, including another town's rows.
        """
        if token == NOT_GIVEN and self.not_given_label is not None:
            return None
        if not token.isdigit():
            raise self.model.DoesNotExist
        return self.model.objects.for_municipality(municipality).get(pk=int(token))

    def filter(self, offerings: QuerySet, entry: Model | None) -> QuerySet:
        if entry is None:
            return offerings.filter(**{f"{self.lookup}__isnull": True})
        return offerings.filter(**{self.lookup: entry})

    def entry_label(self, entry: Model | None) -> str:
        return str(entry) if entry is not None else str(self.not_given_label)


DIMENSIONS = {
    d.key: d
    for d in (
        Dimension(
            "field_of_action", _("Field of action"), _("No field of action"), FieldOfAction,
            "field_of_action",
        ),
        Dimension(
            "target_group", _("Target group"), _("No target group given"), TargetGroup,
            "target_groups", many=True,
        ),
        Dimension("district", _("District"), _("No district given"), District, "district"),
        Dimension("kind", _("Kind of offering"), None, OfferingKind, "kind"),
    )
}  # fmt: skip

# The matrices the coverage page shows: key -> (rows, columns, title).
MATRICES = {
    "fields": ("field_of_action", "target_group", _("Fields of action by target group")),
    "districts-kinds": ("district", "kind", _("Districts by kind of offering")),
    "districts-groups": ("district", "target_group", _("Districts by target group")),
}


def _token(entry: Model | None) -> str:
    return NOT_GIVEN if entry is None else str(entry.pk)


@dataclass(frozen=True)
class Cell:
    row: Model | None
    column: Model | None
    count: int
    query: str  # URL query of the drill-down list

    @property
    def is_gap(self) -> bool:
        """Nothing is offered here; a "not given" row or column has no gaps, only zeros."""
        return not self.count and self.row is not None and self.column is not None


@dataclass(frozen=True)
class Row:
    entry: Model | None
    label: str
    cells: list[Cell]
    total: int  # offerings in the row, each once
    query: str  # URL query of the drill-down list of the whole row


@dataclass(frozen=True)
class Column:
    entry: Model | None
    label: str
    total: int
    query: str


@dataclass(frozen=True)
class CoverageMatrix:
    key: str
    title: str
    rows_by: Dimension
    columns_by: Dimension
    columns: list[Column]
    rows: list[Row]
    total: int  # published offerings counted (each once)

    @property
    def gaps(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.is_gap)


def _published(municipality) -> QuerySet[Offering]:
    return Offering.objects.for_municipality(municipality).published()


def _values_by_offering(municipality, dimension: Dimension) -> dict[int, set[int | None]]:
    """Offering id -> the ids of its entries in `dimension` ({None} when it has none)."""
    published = _published(municipality)
    if not dimension.many:
        pairs = published.values_list("pk", f"{dimension.lookup}_id")
        return {pk: {value} for pk, value in pairs}
    values: dict[int, set[int | None]] = {
        pk: set() for pk in published.values_list("pk", flat=True)
    }
    through = Offering.target_groups.through
    for offering_id, group_id in through.objects.filter(offering__in=published).values_list(
        "offering_id", "targetgroup_id"
    ):
        values[offering_id].add(group_id)
    return {pk: groups or {None} for pk, groups in values.items()}


def coverage_matrix(*, municipality, key: str) -> CoverageMatrix:
    """Counts of published offerings for one of MATRICES (raises KeyError for an unknown key)."""
    rows_key, columns_key, title = MATRICES[key]
    rows_by, columns_by = DIMENSIONS[rows_key], DIMENSIONS[columns_key]
    row_values = _values_by_offering(municipality, rows_by)
    column_values = _values_by_offering(municipality, columns_by)

    counts: dict[tuple, int] = defaultdict(int)
    row_totals: dict[int | None, int] = defaultdict(int)
    column_totals: dict[int | None, int] = defaultdict(int)
    for pk, in_rows in row_values.items():
        in_columns = column_values.get(pk, {None})
        for row in in_rows:
            row_totals[row] += 1
            for column in in_columns:
                counts[row, column] += 1
        for column in in_columns:
            column_totals[column] += 1

    def with_not_given(dimension: Dimension, totals) -> list[Model | None]:
        entries: list[Model | None] = dimension.entries(municipality)
        if dimension.not_given_label is not None and totals.get(None):
            entries.append(None)
        return entries

    column_entries = with_not_given(columns_by, column_totals)
    rows = []
    for row in with_not_given(rows_by, row_totals):
        row_id = getattr(row, "pk", None)
        cells = [
            Cell(
                row=row,
                column=column,
                count=counts.get((row_id, getattr(column, "pk", None)), 0),
                query=urlencode({rows_by.key: _token(row), columns_by.key: _token(column)}),
            )
            for column in column_entries
        ]
        rows.append(
            Row(
                entry=row,
                label=rows_by.entry_label(row),
                cells=cells,
                total=row_totals.get(row_id, 0),
                query=urlencode({rows_by.key: _token(row)}),
            )
        )
    columns = [
        Column(
            entry=column,
            label=columns_by.entry_label(column),
            total=column_totals.get(getattr(column, "pk", None), 0),
            query=urlencode({columns_by.key: _token(column)}),
        )
        for column in column_entries
    ]
    return CoverageMatrix(
        key=key,
        title=str(title),
        rows_by=rows_by,
        columns_by=columns_by,
        columns=columns,
        rows=rows,
        total=len(row_values),
    )


def coverage_offerings(
    *, municipality, criteria: list[tuple[Dimension, Model | None]]
) -> QuerySet[Offering]:
    """The published offerings behind one cell (or row, or column) of a coverage matrix."""
    offerings = _published(municipality)
    for dimension, entry in criteria:
        offerings = dimension.filter(offerings, entry)
    return (
        offerings.distinct()
        .select_related("provider", "kind", "district", "field_of_action")
        .order_by("title", "pk")
    )


# --- Likely duplicates ----------------------------------------------------------------------
# Titles this alike (difflib's ratio of the normalised titles, 0..1) count as "similar".
# 0.8 lets through spelling variants and additions ("Sprachcafé Weststadt" / "Sprach-Café
# Weststadt" is 1.0 after normalising, "Hausaufgabenhilfe" / "Hausaufgabenhilfe Nord" 0.9) and
# keeps out titles that share a word but mean something else ("Deutschkurs für Frauen" /
# "Deutschkurs für Männer" 0.75, "Kindergruppe" / "Kindergarten" 0.75, "Sprachcafé" /
# "Sprachkurs" 0.6, "Frauenfrühstück" / "Internationales Frauenfrühstück" 0.67).
SIMILAR_TITLES = 0.8
# The same provider at two different places often runs the same format twice on purpose
# ("Sprachcafé Weststadt" / "Sprachcafé Oststadt", 0.92); then only near-identical titles count.
SIMILAR_TITLES_ELSEWHERE = 0.95
NEARBY_METRES = 50

# Grid cells a little larger than NEARBY_METRES: a nearby pair lies in the same or adjacent cells.
_CELL_LATITUDE = 0.0005  # about 55 m
_CELL_LONGITUDE = 0.0008  # about 61 m at 47°N and 51 m at 55°N, Germany's south and north


def normalise_title(title: str) -> str:
    """Lower case, accents and punctuation gone, words separated by one space."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"\w+", text))


def _normalise_street(street: str) -> str:
    text = normalise_title(street)
    text = re.sub(r"stra(ss|ß)e\b|str\b", "str", text)
    return text.replace(" ", "")


@dataclass
class _Candidate:
    offering: Offering
    title: str  # normalised, spaces removed: "Sprach-Café" and "Sprachcafé" match
    numbers: frozenset[str]  # words with digits: "A1", "2025"
    address: tuple[str, str] | None
    position: tuple[float, float] | None

    @classmethod
    def of(cls, offering: Offering) -> _Candidate:
        words = normalise_title(offering.title).split()
        street = _normalise_street(offering.street)
        postcode = offering.postcode.replace(" ", "")
        position = None
        if offering.latitude is not None and offering.longitude is not None:
            position = (float(offering.latitude), float(offering.longitude))
        return cls(
            offering=offering,
            title="".join(words),
            numbers=frozenset(word for word in words if any(c.isdigit() for c in word)),
            address=(postcode, street) if street and postcode else None,
            position=position,
        )

    @property
    def cell(self) -> tuple[int, int] | None:
        if self.position is None:
            return None
        latitude, longitude = self.position
        return math.floor(latitude / _CELL_LATITUDE), math.floor(longitude / _CELL_LONGITUDE)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the ground; the flat-earth approximation is exact enough within a town."""
    mean_latitude = math.radians((a[0] + b[0]) / 2)
    dy = (a[0] - b[0]) * 111_195
    dx = (a[1] - b[1]) * 111_195 * math.cos(mean_latitude)
    return math.hypot(dx, dy)


@dataclass
class DuplicatePair:
    first: Offering
    second: Offering
    score: float  # title similarity, 0..1
    same_provider: bool
    same_address: bool
    metres: float | None = None  # distance, when both have coordinates
    reasons: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _title_similarity(a: _Candidate, b: _Candidate, known: dict[tuple[str, str], float]) -> float:
    """difflib's ratio of the two titles; 0 when it cannot reach SIMILAR_TITLES.

    `known` keeps the ratios already computed: towns repeat titles ("Sprachcafé", "Beratung").
    """
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return 0.0  # "Deutschkurs A1" and "Deutschkurs A2" are two courses
    shorter, longer = sorted((len(a.title), len(b.title)))
    if 2 * shorter < SIMILAR_TITLES * (shorter + longer):
        return 0.0  # the ratio cannot reach the threshold (difflib's real_quick_ratio)
    key = (a.title, b.title) if a.title <= b.title else (b.title, a.title)
    if key not in known:
        matcher = difflib.SequenceMatcher(None, *key, autojunk=False)
        known[key] = matcher.ratio() if matcher.quick_ratio() >= SIMILAR_TITLES else 0.0
    return known[key]


def _pairs_of_similar_length(members: list[int], candidates: list[_Candidate]):
    """Pairs within a block whose title lengths allow SIMILAR_TITLES at all.

    difflib's ratio is at most 2·shorter / (shorter + longer), so a title more than
    (2 - t) / t times as long as the other (1.5 times for t = 0.8) cannot be similar.
    """
    longest = (2 - SIMILAR_TITLES) / SIMILAR_TITLES
    ordered = sorted(members, key=lambda index: len(candidates[index].title))
    for position, index in enumerate(ordered):
        limit = len(candidates[index].title) * longest
        for other in ordered[position + 1 :]:
            if len(candidates[other].title) > limit:
                break
            yield (index, other) if index < other else (other, index)


def _candidate_pairs(candidates: list[_Candidate]) -> set[tuple[int, int]]:
    """Index pairs that share a provider, an address or a patch of map."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, candidate in enumerate(candidates):
        blocks["provider", candidate.offering.provider_id].append(index)
        if candidate.address:
            blocks["address", candidate.address].append(index)
        if candidate.cell is not None:
            cells[candidate.cell].append(index)
    pairs = set()
    for members in blocks.values():
        pairs.update(_pairs_of_similar_length(members, candidates))
    for (row, column), members in cells.items():
        neighbours = [
            other
            for d_row in (-1, 0, 1)
            for d_column in (-1, 0, 1)
            for other in cells.get((row + d_row, column + d_column), ())
        ]
        for index in members:
            for other in neighbours:
                if other > index:
                    pairs.add((index, other))
    return pairs


# What the comparison and the list of pairs need of each offering.
_PAIR_FIELDS = (
    "municipality_id", "title", "status", "revision_of", "last_verified_on", "is_online",
    "street", "postcode", "city", "latitude", "longitude", "provider__name",
    "provider__municipality_id",
)  # fmt: skip


def likely_duplicates(*, municipality) -> list[DuplicatePair]:
    """Pairs of current, not archived offerings that may describe the same thing, best first.

    A pair counts when the normalised titles are at least SIMILAR_TITLES alike and the two
    share the provider or the place (the same street and postcode, or coordinates within
    NEARBY_METRES). The same provider at two known, different places needs
    SIMILAR_TITLES_ELSEWHERE. Titles with different numbers ("A1", "A2") never count.
    """
    offerings = (
        Offering.objects.for_municipality(municipality)
        .current()
        .exclude(status=OfferingStatus.ARCHIVED)
        .select_related("provider")
        .only(*_PAIR_FIELDS)
        .order_by("pk")
    )
    candidates = [_Candidate.of(offering) for offering in offerings]
    known: dict[tuple[str, str], float] = {}
    found = []
    for i, j in _candidate_pairs(candidates):
        a, b = candidates[i], candidates[j]
        # The titles first: most pairs of a provider or a place fail there, cheaply.
        score = _title_similarity(a, b, known)
        if score < SIMILAR_TITLES:
            continue
        same_provider = a.offering.provider_id == b.offering.provider_id
        same_address = a.address is not None and a.address == b.address
        metres = _metres(a.position, b.position) if a.position and b.position else None
        same_place = same_address or (metres is not None and metres <= NEARBY_METRES)
        known_apart = (a.address and b.address) or metres is not None
        if not (same_place or same_provider):
            continue  # neighbours on the map, but further apart than NEARBY_METRES
        if same_provider and not same_place and known_apart and score < SIMILAR_TITLES_ELSEWHERE:
            continue
        reasons = []
        if same_provider:
            reasons.append(str(_("same provider")))
        if same_address:
            reasons.append(str(_("same address")))
        elif metres is not None and metres <= NEARBY_METRES:
            reasons.append(str(_("%(metres)s m apart") % {"metres": round(metres)}))
        found.append(
            DuplicatePair(
                first=a.offering,
                second=b.offering,
                score=score,
                same_provider=same_provider,
                same_address=same_address,
                metres=metres,
                reasons=reasons,
            )
        )
    found.sort(key=lambda pair: (-pair.score, pair.first.title.casefold(), pair.first.pk))
    for pair in found:
        # get_absolute_url() needs the town's slug; spare a query per offering.
        pair.first.municipality = pair.second.municipality = municipality
    return found
