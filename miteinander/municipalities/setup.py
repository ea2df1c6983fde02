"""What makes a new town ready to work: each app registers the defaults it seeds.

Apps register a step in their AppConfig.ready(); `municipality_setup` runs every step. Steps
must be idempotent: the demo and the admin call them for towns that may already be set up.
"""

from collections.abc import Callable

_steps: list[Callable] = []


def register(step: Callable) -> Callable:
    """Add `step(*, municipality)` to the steps run for every new town."""
    if step not in _steps:
        _steps.append(step)
    return step


def municipality_setup(*, municipality) -> None:
    for step in _steps:
        step(municipality=municipality)
