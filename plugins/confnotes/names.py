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


def fold(name: str) -> str:
    """Fold case, diacritics and white space so that spellings of one name compare equal."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped).strip().casefold()


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
