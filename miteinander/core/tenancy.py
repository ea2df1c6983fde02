"""Tenant scoping: rows that belong to a municipality can only be read through that municipality.

Every tenant-owned model inherits `MunicipalityScopedModel`. Its default manager hands out
querysets that refuse to run until they are narrowed to one town, either with
`.for_municipality(town)` or with a filter on the `municipality` field. Code that truly needs
every town (platform administration, programme aggregates) says so with `.all_municipalities()`
and is easy to find in review. Related managers (`organisation.contact_persons.all()`) count as
scoped: their parent row was itself read through a scoped query.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.db import models

_unscoped_allowed = contextvars.ContextVar("unscoped_allowed", default=False)


class UnscopedQueryError(RuntimeError):
    """A query on tenant-owned rows ran without being narrowed to one municipality."""


@contextlib.contextmanager
def allow_unscoped_queries() -> Iterator[None]:
    """Let Django's own machinery (uniqueness validation) query across towns for a moment."""
    token = _unscoped_allowed.set(True)
    try:
        yield
    finally:
        _unscoped_allowed.reset(token)


def _names_municipality(lookup: str) -> bool:
    return lookup.split("__", 1)[0] in {"municipality", "municipality_id"}


class MunicipalityScopedQuerySet(models.QuerySet):
    """A queryset that must be narrowed to one municipality before it touches the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._scoped = self._scoped
        return clone

    def _mark_scoped(self) -> MunicipalityScopedQuerySet:
        self._scoped = True
        return self

    def for_municipality(self, municipality) -> MunicipalityScopedQuerySet:
        """Rows of one town; the usual way in."""
        return self.filter(municipality=municipality)

    def all_municipalities(self) -> MunicipalityScopedQuerySet:
        """Rows of every town, for platform administration and programme aggregates only."""
        return self._chain()._mark_scoped()

    def filter(self, *args, **kwargs):
        clone = super().filter(*args, **kwargs)
        if any(_names_municipality(key) for key in kwargs):
            clone._scoped = True
        return clone

    def _check_scoped(self) -> None:
        if not self._scoped and not _unscoped_allowed.get():
            raise UnscopedQueryError(
                f"{self.model.__name__} rows were queried without a municipality. Use "
                f"{self.model.__name__}.objects.for_municipality(town), or "
                ".all_municipalities() where every town is really meant."
            )

    # Every path by which a queryset reaches the database goes through one of these.
    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def _iterator(self, use_chunked_fetch, chunk_size):
        self._check_scoped()
        yield from super()._iterator(use_chunked_fetch, chunk_size)

    def count(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self):
        self._check_scoped()
        return super().delete()

    def contains(self, obj):
        self._check_scoped()
        return super().contains(obj)

    def in_bulk(self, *args, **kwargs):
        self._check_scoped()
        return super().in_bulk(*args, **kwargs)


class MunicipalityScopedManager(models.Manager.from_queryset(MunicipalityScopedQuerySet)):
    """Default manager of tenant-owned models; see the module docstring."""

    def get_queryset(self):
        queryset = super().get_queryset()
        # Related managers carry the parent row as `instance`; that row was read scoped.
        if getattr(self, "instance", None) is not None:
            queryset._mark_scoped()
        return queryset
