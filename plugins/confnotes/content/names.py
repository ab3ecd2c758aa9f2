"""Name folding, splitting and slugs: pure functions shared by every other module."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pelican.utils import slugify

SPEAKER_SEPARATORS = (" - ", " \u2013 ", " \u2014 ")  # hyphen, en dash, em dash
_WHITESPACE = re.compile(r"\s+")
_PEP503 = re.compile(r"[-_.]+")
_SPEAKER_JOINERS = re.compile(r"\s*(?:,|&|\band\b)\s*")
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "\u0131": "i", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                          "ħ": "h", "Ħ": "H", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})
# Hyphens and dashes between two parts of a name: `Keith-Magee` is `Keith Magee`.
_NOT_IN_KEY = re.compile(r"[^\w\s&]")
_HYPHENS = re.compile(r"(?<=\w)[-\u2010\u2011\u2012\u2013](?=\w)")


def fold(name: str) -> str:
    """Fold case, diacritics, letters such as ł and ø, and white space, so that spellings of
    one name compare equal (`Michał Łukasz`, `michal lukasz`)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped).strip().casefold()


def person_key(name: str) -> str:
    """The key one person's spellings share: `fold`, a hyphen within a name is a space and
    other punctuation is left out (`Russell Keith-Magee` and `Russell Keith Magee` are one
    speaker, with one page; so are `Kenneth O'Brien` and `Kenneth OBrien`). A name of
    punctuation only (`...`) keeps it."""
    folded = fold(_HYPHENS.sub(" ", name))
    kept = _WHITESPACE.sub(" ", _NOT_IN_KEY.sub("", folded)).strip()
    return kept if any(ch.isalnum() for ch in kept) else folded


def package_key(name: str) -> str:
    """Fold a package name the PyPI way (PEP 503), after folding case and diacritics."""
    return _PEP503.sub("-", fold(name)).replace(" ", "-")


def clean_name(name: str) -> str:
    """Collapse white space in a name as written, keeping its case and accents."""
    return _WHITESPACE.sub(" ", name).strip()


def split_names(value: str | list[str] | None) -> list[str]:
    """Split a Speakers or Packages header: by semicolons when present, else by commas."""
    if not value:
        return []
    if isinstance(value, list):
        value = ", ".join(value)
    separator = ";" if ";" in value else ","
    return [clean_name(part) for part in value.split(separator) if part.strip()]


def split_heading(heading: str) -> tuple[str, list[str]] | None:
    """Split a `Talk title - Speaker` heading at its last separator.

    Returns the title and the speakers' names, or None for an ordinary heading.
    """
    cut = max(heading.rfind(sep) for sep in SPEAKER_SEPARATORS)
    if cut < 0:
        return None
    separator_length = 3
    title = clean_name(heading[:cut])
    speaker_part = heading[cut + separator_length :]
    speakers = [clean_name(s) for s in _SPEAKER_JOINERS.split(speaker_part) if s.strip()]
    if not title or not speakers:
        return None
    return title, speakers


def make_slug(name: str, regex_subs: list[tuple[str, str]] | None = None) -> str:
    """Make a URL slug from a name; never empty (falls back to a short hash)."""
    slug = slugify(name, regex_subs=regex_subs or [])
    if slug:
        return slug
    return "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


# Words a person's name does not start with, but the rest of a heading often does
# (`## Next year - what to expect`, `## Closing - thanks everyone`).
NOT_A_NAME_START = frozenset({
    "what", "what's", "whats", "how", "why", "when", "where", "which", "who", "thanks",
    "thank", "more", "next", "and", "or", "but", "with", "for", "from", "about", "to", "our",
    "my", "your", "some", "lessons", "notes", "q&a"})
MAX_NAME_WORDS = 5
LOWERCASE_PHRASE_WORDS = 3


def looks_like_person(name: str) -> bool:
    """Whether a heading's speaker part reads as a person's (or a team's) name.

    Not when it starts with a question word or the like, ends with ? or !, has more than five
    words, or is three lowercase words or more: `what to expect` is no one's name, while
    `jezdez`, `danah boyd` and `Guido van Rossum` may be.
    """
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or name.rstrip().endswith(("?", "!")):
        return False
    if words[0].strip(".,:;").casefold() in NOT_A_NAME_START:
        return False
    lettered = [word for word in words if word[:1].isalpha()]
    return not (len(lettered) >= LOWERCASE_PHRASE_WORDS
                and all(word[:1].islower() for word in lettered))


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})


def last_first(name: str) -> str | None:
    """`Melchiorre, Paolo` written as `Paolo Melchiorre`; None for any other name (and for
    `Martin King, Jr.`, whose comma is part of the name)."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) != 2 or not all(parts) or " " in parts[1]:
        return None
    if parts[1].strip(".").casefold() in NAME_SUFFIXES:
        return None
    return f"{parts[1]} {parts[0]}"


# Words that, alone or together, stand for no one: a placeholder, a session or a role.
GENERIC_NAME_WORDS = frozenset({
    "panel", "panelists", "panellists", "discussion", "lightning", "talk", "talks", "keynote",
    "keynotes", "et", "al", "phd", "tba", "tbd", "tbc", "n/a", "various", "speaker",
    "speakers", "organizers", "organisers", "everyone", "unknown", "anonymous", "q&a",
    "moderator", "host", "hosts", "guest", "guests", "staff", "welcome", "opening", "closing",
    "remarks", "break", "lunch", "sprints"})
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december"})
# Placeholders that no package is called either.
PLACEHOLDERS = frozenset({"tba", "tbd", "tbc", "n/a", "unknown"})
_INITIAL_TOKEN = re.compile(r"^\w\.?$")


def name_words(name: str) -> list[str]:
    """The words of a name that count towards telling people apart: initials (`J.`) and
    tokens without a letter or digit (`&`, `...`) do not count."""
    words = []
    for token in fold(name).split():
        if not any(ch.isalnum() for ch in token) or _INITIAL_TOKEN.match(token):
            continue
        words.append(token)
    return words


def non_name_reason(name: str) -> str | None:
    """Why a speaker name is probably no one's (`...`, `Panel`, `Lightning Talks`, `et al`,
    `TBA`, `PhD`, `April`), or None for a name that may be a person's."""
    folded = fold(name)
    if not any(ch.isalpha() for ch in folded):
        return "it has no letters"
    words = [word.strip(".,;:()[]!?") for word in folded.split()]
    words = [word for word in words if word]
    if len(words) == 1 and words[0] in MONTHS:
        return "it is the name of a month"
    if all(word in GENERIC_NAME_WORDS for word in words):
        return "it is a placeholder or a kind of session, not a person"
    return None


def placeholder_package(name: str) -> bool:
    """Whether a package name is a placeholder (`TBA`, `...`) rather than a package."""
    folded = fold(name).strip(".")
    return not any(ch.isalpha() for ch in folded) or folded in PLACEHOLDERS


def distinctive_name(name: str) -> bool:
    """Whether a speaker's name (or alias) is distinctive enough to link wherever it appears:
    two words or more besides initials, and not a placeholder or a kind of session."""
    return len(name_words(name)) >= 2 and non_name_reason(name) is None
