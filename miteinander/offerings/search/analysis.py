"""From text to index terms, and from a query to the prefixes it is looked up with.

Everything here is plain Python and the same for SQLite and PostgreSQL; the databases only
store and match the terms this module produces.

- `fold`: NFKC, casefold, combining marks removed (Latin accents, Arabic harakat; hamza and
  madda on alef go with them, so أ إ آ become ا), Arabic-script letter variants unified
  (ى ی -> ي, ک -> ك, ة -> ه, ٱ -> ا, tatweel dropped, Arabic-Indic digits -> 0-9), format
  characters dropped (ZWNJ inside Persian words, soft hyphens). German umlauts stay because the
  Snowball German stemmer folds them itself (and also reads "ue" as "ü": Schueler -> schul);
  Cyrillic letters stay whole (й is not и) except that ё is written е.
- `index_terms`: every word in its folded form, followed by its stem in the text's language when
  Snowball has a stemmer for it (German for the offering itself; English, Arabic, Turkish,
  Russian, Persian for translations; none for Ukrainian).
- `analyse_query`: the query's words minus a few German function words; each word becomes the
  set of prefixes it is matched with: the word, its stem, and the stem of that stem (German
  stems "Sprachkurse" to "sprachkurs" but "Sprachkurs" to "sprachkur"). The language of a query
  is unknown, so the stemmers follow the script: Latin German, Cyrillic Russian, Arabic script
  Arabic and Persian.
- `edits1` and `within_one_edit` serve typo tolerance (Damerau-Levenshtein distance 1).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer

# SearchTerm.term holds at most this many characters; longer "words" are noise (hashes, URLs).
MAX_TERM_LENGTH = 100

_STEMMER_LANGUAGES = {
    "de": "german",
    "en": "english",
    "ar": "arabic",
    "tr": "turkish",
    "ru": "russian",
    "fa": "persian",
}
_QUERY_STEMMERS_BY_SCRIPT = {"LATIN": ("de",), "CYRILLIC": ("ru",), "ARABIC": ("ar", "fa")}

# Removed from queries only (the index keeps every word). Folded spellings.
QUERY_STOP_WORDS = frozenset(
    """
    der die das den dem des ein eine einer eines einem einen und oder aber für fuer mit ohne
    in im ins am an auf aus bei bis durch gegen nach seit über ueber um unter vom von vor zu
    zum zur als auch wie wo was wer ist sind nicht
    """.split()
)

_WORD = re.compile(r"[^\W_]+")

_LETTER_MAP = {
    "ё": "е",
    "ٱ": "ا",  # alef wasla
    "ى": "ي",  # alef maksura
    "ی": "ي",  # Persian yeh
    "ک": "ك",  # keheh
    "ة": "ه",  # ta marbuta
    **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian digits
}
_KEEP = frozenset("äöü")


class _FoldTable(dict):
    """A str.translate table computed one character at a time, then remembered."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        if char in _LETTER_MAP:
            folded = _LETTER_MAP[char]
        elif char in _KEEP or unicodedata.name(char, "").startswith("CYRILLIC"):
            folded = char
        elif unicodedata.category(char) in ("Mn", "Cf") or char == "ـ":
            folded = ""
        else:
            decomposed = unicodedata.normalize("NFD", char)
            folded = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
            folded = _LETTER_MAP.get(folded, folded)
        self[codepoint] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    """The folded words of `text` (letters and digits), too long ones left out."""
    return [word for word in _WORD.findall(fold(text)) if len(word) <= MAX_TERM_LENGTH]


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """Snowball's stem of a folded word; the word itself where there is no stemmer."""
    name = _STEMMER_LANGUAGES.get(language)
    if name is None:
        return word
    # A stemmer object holds the word it works on, so threads must not share one.
    stemmed = fold(snowballstemmer.stemmer(name).stemWord(word))
    return stemmed or word


def index_terms(text: str, language: str) -> list[str]:
    """Each word of `text`, followed by its stem in `language` where that differs."""
    terms = []
    for word in words(text):
        terms.append(word)
        stemmed = stem(word, language)
        if stemmed != word:
            terms.append(stemmed)
    return terms


def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ", 1)[0]
    return ""


def forms(word: str) -> frozenset[str]:
    """A query word, its stems and the stems of those, by the stemmers of its script."""
    result = {word}
    for language in _QUERY_STEMMERS_BY_SCRIPT.get(_script(word), ()):
        once = stem(word, language)
        result |= {once, stem(once, language)}
    return frozenset(result)


def prefixes(word: str) -> tuple[str, ...]:
    """What a query word is matched with, each as a prefix of the index terms."""
    return minimal_prefixes(forms(word))


def minimal_prefixes(forms) -> tuple[str, ...]:
    """Drop every form that a shorter one already covers as a prefix."""
    kept: list[str] = []
    for form in sorted(forms, key=lambda f: (len(f), f)):
        if form and not any(form.startswith(shorter) for shorter in kept):
            kept.append(form)
    return tuple(kept)


@dataclass(frozen=True)
class QueryWord:
    word: str
    forms: frozenset[str]
    prefixes: tuple[str, ...]


def analyse_query(query: str) -> list[QueryWord]:
    """The words of a search query with their prefixes; stop words and repeats dropped."""
    seen = set()
    result = []
    for word in words(query):
        if word in QUERY_STOP_WORDS or word in seen:
            continue
        seen.add(word)
        result.append(QueryWord(word, forms(word), prefixes(word)))
    return result


# --- Typo tolerance ----------------------------------------------------------------------------

# Letters a typo may insert or substitute, per script; see typo_alphabet.
_ALPHABETS = {
    "LATIN": "abcdefghijklmnopqrstuvwxyzäöüı",
    "CYRILLIC": "абвгдежзийклмнопрстуфхцчшщъыьэюяєіїґ",
    "ARABIC": "ءابتثجحخدذرزسشصضطظعغفقكلمنهويپچژگ",
}


def typo_alphabet(word: str) -> frozenset[str]:
    """The characters a single typo in `word` may have replaced or inserted.

    The letters of the scripts `word` is written in, and its own characters. Both
    databases use this: SQLite to spell out the variants of a word, PostgreSQL to drop trigram
    neighbours that contain a character from elsewhere, so both find the same candidates.
    """
    scripts = {unicodedata.name(char, "").split(" ", 1)[0] for char in word if char.isalpha()}
    letters = "".join(_ALPHABETS.get(script, "") for script in scripts)
    return frozenset(letters + word)


def edits1(word: str) -> set[str]:
    """Every string one deletion, adjacent transposition, substitution or insertion away."""
    alphabet = typo_alphabet(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    result = set()
    for left, right in splits:
        if right:
            result.add(left + right[1:])
            result.update(left + char + right[1:] for char in alphabet)
        if len(right) > 1:
            result.add(left + right[1] + right[0] + right[2:])
        result.update(left + char + right for char in alphabet)
    result.discard(word)
    return result


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein (optimal string alignment) distance of at most 1."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):  # one insertion
        return a[start:] == b[start + 1 :]
    if a[start + 1 :] == b[start + 1 :]:  # one substitution
        return True
    return (  # one transposition of neighbours
        start + 1 < len(a)
        and a[start] == b[start + 1]
        and a[start + 1] == b[start]
        and a[start + 2 :] == b[start + 2 :]
    )


def is_typo_candidate(word: str, intended: str) -> bool:
    """Whether a single typo could have made `word` of `intended` (see typo_alphabet)."""
    return (
        intended != word
        and within_one_edit(word, intended)
        and set(intended) - set(word) <= typo_alphabet(word)
    )


def typo_prefixes(word: str, term: str) -> set[str]:
    """The beginnings of `term` that a single typo could have turned into `word`.

    Query words match as prefixes, so a typo in the first part of a long term counts too:
    "beratnug" stands for "beratung", the beginning of "beratungsstelle".
    """
    return {
        term[:length]
        for length in (len(word) - 1, len(word), len(word) + 1)
        if 0 < length <= len(term) and is_typo_candidate(word, term[:length])
    }
