"""Navigation of a town's pages: each app registers its entries; people see those they may open.

Apps call `register` in their AppConfig.ready(), so the apps that draw the navigation need to
know nothing about the apps built on them. Two areas: the public pages of a town and its staff
workspace.
"""

from dataclasses import dataclass

from django.urls import reverse

PUBLIC = "public"
WORKSPACE = "workspace"


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None  # checked on the town; None: everyone
    order: int = 100
    area: str = WORKSPACE


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)
        _entries.sort(key=lambda e: e.order)


def entries(request, area: str) -> list[dict]:
    """The area's entries for the current town that this person may open, with their URLs."""
    town = getattr(request, "municipality", None)
    if town is None or (area == WORKSPACE and not request.user.is_authenticated):
        return []
    result = []
    for entry in _entries:
        if entry.area != area:
            continue
        if entry.permission and not request.user.has_perm(entry.permission, town):
            continue
        url = reverse(entry.url_name, kwargs={"municipality_slug": town.slug})
        result.append({"label": entry.label, "url": url, "current": False})
    # The entry whose address is the longest prefix of this page's is the current one.
    matching = [item for item in result if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["current"] = True
    return result
