"""The workspace navigation: each app registers its entry; people see those they may open.

Apps call `register` in their AppConfig.ready(), so the municipalities app (which draws the
navigation) needs to know nothing about the apps built on it.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str
    order: int = 100


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)
        _entries.sort(key=lambda e: e.order)


def workspace_entries(request) -> list[dict]:
    """Entries for the current town that this person may open, with their URLs."""
    town = getattr(request, "municipality", None)
    if town is None or not request.user.is_authenticated:
        return []
    result = []
    for entry in _entries:
        if request.user.has_perm(entry.permission, town):
            url = reverse(entry.url_name, kwargs={"municipality_slug": town.slug})
            result.append({"label": entry.label, "url": url, "current": False})
    # The entry whose address is the longest prefix of this page's is the current one.
    matching = [item for item in result if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["current"] = True
    return result
