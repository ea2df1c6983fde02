"""What later apps do when the registry changes, without the network app importing them.

An app registers a listener in its AppConfig.ready(); the network's services call the listeners
inside their transaction. Listeners must be quick and must not fail for ordinary data.
"""

from collections.abc import Callable

_organisation_renamed: list[Callable] = []


def on_organisation_renamed(listener: Callable) -> Callable:
    """Call `listener(organisation=...)` whenever an organisation's name changes."""
    if listener not in _organisation_renamed:
        _organisation_renamed.append(listener)
    return listener


def organisation_renamed(*, organisation) -> None:
    for listener in _organisation_renamed:
        listener(organisation=organisation)
