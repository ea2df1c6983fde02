"""Events on pages of earlier apps: an organisation's page and a measure's page.

Registered in `EventsConfig.ready()` with `network.sections` and `actionplan.sections`; each
context function returns None to leave its section out.
"""

from django.db.models import Q
from django.utils import timezone

from . import selectors

SECTION_LIMIT = 10


def _section(events, user, municipality) -> dict | None:
    if not user.has_perm("events.view_events", municipality):
        return None
    now = timezone.now()
    upcoming = list(events.upcoming(now=now).order_by("starts_at", "id")[:SECTION_LIMIT])
    past = list(events.past(now=now).order_by("-starts_at", "-id")[:SECTION_LIMIT])
    if not upcoming and not past:
        return None
    return {"upcoming": upcoming, "past": past}


def organisation_events(organisation, user) -> dict | None:
    """Events the organisation organises or co-organises, as far as the user sees them."""
    town = organisation.municipality
    events = (
        selectors.events_for(user=user, municipality=town)
        .filter(Q(organiser=organisation) | Q(co_organisers=organisation))
        .distinct()
    )
    return _section(events, user, town)


def measure_events(measure, user) -> dict | None:
    """Events held for a measure of the action plan, as far as the user sees them."""
    town = measure.municipality
    events = selectors.events_for(user=user, municipality=town).filter(measure=measure)
    return _section(events, user, town)
