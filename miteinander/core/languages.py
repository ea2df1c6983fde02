"""Languages people speak, for "languages we work in", "spoken at the event" and the like.

Names come from Django's own language table where it has them (Django's catalogues translate
them); the languages of many newcomers that Django's table lacks are added here.
"""

from django.conf.locale import LANG_INFO
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_EXTRA = {
    "am": (_("Amharic"), "አማርኛ"),
    "ff": (_("Fula"), "Fulfulde"),
    "ha": (_("Hausa"), "Hausa"),
    "ku": (_("Kurdish"), "Kurdî"),
    "prs": (_("Dari"), "دری"),
    "ps": (_("Pashto"), "پښتو"),
    "so": (_("Somali"), "Soomaali"),
    "ti": (_("Tigrinya"), "ትግርኛ"),
    "gsg": (_("German Sign Language"), "Deutsche Gebärdensprache"),
}

# The languages offered in choice lists, in this order: platform languages first.
CODES = [
    "de", "en", "ar", "tr", "uk", "ru", "fa",
    "prs", "ps", "ku", "ti", "so", "am", "ha", "ff",
    "sq", "bs", "bg", "hr", "el", "fr", "it", "ka", "hy", "az", "pl", "pt", "ro", "sr", "es",
    "hu", "vi", "zh-hans", "ur", "hi", "ta", "bn", "ne", "gsg",
]  # fmt: skip


def _label(code: str) -> str:
    if code in _EXTRA:
        name, local = _EXTRA[code]
        name = str(name)
    else:
        info = LANG_INFO[code]
        name, local = gettext(info["name"]), info["name_local"]
    return name if name == local else f"{name} ({local})"


LANGUAGE_CHOICES = [(code, lazy(_label, str)(code)) for code in CODES]


def language_label(code: str) -> str:
    return _label(code) if code in CODES else code
