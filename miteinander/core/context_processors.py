"""Template context every page needs: languages for the switcher, the current town."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

import miteinander

from .navigation import PUBLIC, WORKSPACE, entries


def site(request):
    """Language links that keep the visitor on the same page, and the current town."""
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": translate_url(request.get_full_path(), code),
            }
        )
    return {
        "site_languages": languages,
        "municipality": getattr(request, "municipality", None),
        "miteinander_version": miteinander.__version__,
        "workspace_nav": lambda: entries(request, WORKSPACE),
        "public_nav": lambda: entries(request, PUBLIC),
    }
