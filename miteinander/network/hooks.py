"""What later apps do when the registry changes, without the network app importing them.

An app registers a listener in its AppConfig.ready(); the network's services call the listeners
inside their transaction. Listeners must be quick and must not fail for ordinary data.
"""

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

_organisation_renamed: list[Callable] = []
_write_trackers: list[Callable] = []


def on_organisation_renamed(listener: Callable) -> Callable:
    """Call `listener(organisation=...)` whenever an organisation's name changes."""
    if listener not in _organisation_renamed:
        _organisation_renamed.append(listener)
    return listener


def organisation_renamed(*, organisation) -> None:
    for listener in _organisation_renamed:
        listener(organisation=organisation)


def track_writes(tracker: Callable) -> Callable:
    """Wrap every write to organisations and contact persons in `tracker(municipality)`.

    A tracker is a context manager factory; it sees the data before and after the write, e.g. to
    note what the write took out of public view.
    """
    if tracker not in _write_trackers:
        _write_trackers.append(tracker)
    return tracker


@contextmanager
def tracking_writes(municipality) -> Iterator[None]:
    with ExitStack() as stack:
        for tracker in _write_trackers:
            stack.enter_context(tracker(municipality))
        yield
