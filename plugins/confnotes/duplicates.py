"""Names that probably mean one person or package: pure, fast enough for archive scale.

Candidates are compared within blocks (same initials), with RapidFuzz doing the string work,
so twelve thousand speakers take well under a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .names import fold, package_key

HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"})
PERSON_SIMILARITY = 80.0
# Two full names are close only if first and last names each are: `Adele Abbott` and
# `Alice Abbott` share a long surname, which alone lifts the whole names above 80.
PERSON_PART_SIMILARITY = 75.0
PACKAGE_SIMILARITY = 92.0
_INITIAL = re.compile(r"^[a-z]\.?$")
TYPO = "two letters swapped"


@dataclass(frozen=True)
class Spelling:
    """One way a name is written, the entity slug it resolved to, and where it is used."""

    text: str
    slug: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class ProbableDuplicate:
    """Two spellings that resolve to different entities but probably mean the same one."""

    first: Spelling
    second: Spelling
    why: str


def _person_tokens(name: str) -> list[str]:
    """Folded name tokens without honorifics (`Dr. Ann Lee` -> ['ann', 'lee'])."""
    tokens = [t.strip(".,") for t in fold(name).split()]
    return [t for t in tokens if t and t not in HONORIFICS] or tokens


def _initials_match(a: list[str], b: list[str]) -> bool:
    """`J. Raasch` and `Jan Raasch`: same last name, and first names agree on the initial."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    first_a, first_b = a[0], b[0]
    if _INITIAL.match(first_a) or _INITIAL.match(first_b):
        return first_a[0] == first_b[0]
    return False


def _parts_close(a: list[str], b: list[str]) -> bool:
    """Whether two names agree on both their first and their last name, give or take a typo
    (`Paulo Melchiori` and `Paolo Melchiorre`); single names are judged whole."""
    if len(a) < 2 or len(b) < 2:
        return True
    return (fuzz.ratio(a[0], b[0]) >= PERSON_PART_SIMILARITY
            and fuzz.ratio(a[-1], b[-1]) >= PERSON_PART_SIMILARITY)


def person_duplicates(spellings: Iterable[Spelling],
                      events: dict[str, set[str]] | None = None) -> list[ProbableDuplicate]:
    """Probable duplicates among person names.

    `events` maps an event slug to the slugs of speakers at it, for the first-name rule.
    """
    items = [s for s in spellings if s.text.strip()]
    tokens = {s: _person_tokens(s.text) for s in items}
    found: dict[tuple[str, str], ProbableDuplicate] = {}

    def add(a: Spelling, b: Spelling, why: str) -> None:
        if a.slug != b.slug:
            key = tuple(sorted((a.slug, b.slug)))
            found.setdefault(key, ProbableDuplicate(*sorted((a, b), key=lambda s: s.text), why))

    same_last: dict[str, list[Spelling]] = defaultdict(list)
    last_initial: dict[str, list[Spelling]] = defaultdict(list)
    for spelling in items:
        same_last[tokens[spelling][-1]].append(spelling)
        last_initial[tokens[spelling][-1][:1]].append(spelling)
    for block in same_last.values():
        # Only a name whose first word is an initial can match this way.
        for a in (s for s in block if len(tokens[s]) > 1 and _INITIAL.match(tokens[s][0])):
            for b in block:
                if b is not a and _initials_match(tokens[a], tokens[b]):
                    add(a, b, "an initial beside a first name")
    for block in last_initial.values():
        joined = [" ".join(tokens[s]) for s in block]
        for i, j in _similar_pairs(joined, PERSON_SIMILARITY):
            if joined[i] == joined[j]:
                add(block[i], block[j], "the same name with a title")
            elif _parts_close(tokens[block[i]], tokens[block[j]]):
                add(block[i], block[j], "close spellings")
    if events:
        _first_name_alone(items, tokens, events, add)
    return sorted(found.values(), key=lambda d: (d.first.text, d.second.text))


def _first_name_alone(items, tokens, events, add) -> None:
    """A first name alone beside a full name starting with it, at the same event."""
    by_slug: dict[str, list[Spelling]] = defaultdict(list)
    for spelling in items:
        by_slug[spelling.slug].append(spelling)
    for speaker_slugs in events.values():
        singles: dict[str, Spelling] = {}
        fulls: list[Spelling] = []
        for slug in speaker_slugs:
            for spelling in by_slug.get(slug, []):
                words = tokens[spelling]
                if len(words) == 1:
                    singles[words[0]] = spelling
                else:
                    fulls.append(spelling)
        for full in fulls:
            single = singles.get(tokens[full][0])
            if single is not None:
                add(single, full, "a first name alone beside a full name at the same event")


def package_duplicates(spellings: Iterable[Spelling]) -> list[ProbableDuplicate]:
    """Probable duplicates among package names (close spellings after PyPI folding)."""
    items = [s for s in spellings if s.text.strip()]
    by_initial: dict[str, list[Spelling]] = defaultdict(list)
    for spelling in items:
        by_initial[package_key(spelling.text)[:1]].append(spelling)
    found: dict[tuple[str, str], ProbableDuplicate] = {}

    def add(a: Spelling, b: Spelling, why: str) -> None:
        if a.slug != b.slug:
            pair = tuple(sorted((a.slug, b.slug)))
            found.setdefault(pair, ProbableDuplicate(*sorted((a, b), key=lambda s: s.text), why))

    for block in by_initial.values():
        keys = [package_key(s.text) for s in block]
        for i, j in _similar_pairs(keys, PACKAGE_SIMILARITY):
            add(block[i], block[j], "close spellings")
    # Two letters swapped (`djagno`, `hmtx`) keep the same letters: block on them, sorted.
    same_letters: dict[str, list[Spelling]] = defaultdict(list)
    for spelling in items:
        same_letters["".join(sorted(package_key(spelling.text)))].append(spelling)
    for block in same_letters.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if transposed(package_key(a.text), package_key(b.text)):
                    add(a, b, TYPO)
    return sorted(found.values(), key=lambda d: (d.first.text, d.second.text))


MIN_TRANSPOSED_LENGTH = 4


def transposed(a: str, b: str) -> bool:
    """Whether `b` is `a` with two neighbouring letters swapped (`djagno`, `django`).

    Names shorter than four characters, and swapped digits or separators (`py2-3`), do not
    count: those are as likely to be other names.
    """
    if len(a) != len(b) or len(a) < MIN_TRANSPOSED_LENGTH:
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    i, j = differ
    return a[i] == b[j] and a[j] == b[i] and a[i].isalpha() and a[j].isalpha()


EVENT_WORD_SIMILARITY = 80.0
MIN_EVENT_WORD = 4
_WORDS = re.compile(r"[^\W_]+")


def close_event_names(a: str, b: str) -> bool:
    """Whether two event names (or slugs) are probably one event misspelt.

    Word by word, the numbers (years, editions) must be the same and every other word that
    differs must be four letters or more and close, or have two letters swapped:
    `DjangoCon Eruope 2026` and `djangocon-europe-2026` are; `DjangoCon Europe 2025` and
    `... 2026`, `PyCon US` and `PyCon UK`, `DjangoCon Africa` and `DjangoCon America` are not.
    Words run together (`Django Con`) count only when the letters are the same.
    """
    words_a, words_b = _WORDS.findall(fold(a)), _WORDS.findall(fold(b))
    if [w for w in words_a if w.isdigit()] != [w for w in words_b if w.isdigit()]:
        return False
    if len(words_a) != len(words_b):
        return "".join(words_a) == "".join(words_b)
    pairs = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return all(min(len(x), len(y)) >= MIN_EVENT_WORD
               and (transposed(x, y) or fuzz.ratio(x, y) >= EVENT_WORD_SIMILARITY)
               for x, y in pairs)


def _similar_pairs(strings: list[str], cutoff: float) -> list[tuple[int, int]]:
    """Index pairs (i < j) of strings at least `cutoff` similar (RapidFuzz ratio, 0-100)."""
    pairs = []
    for i, query in enumerate(strings):
        for _choice, _score, j in process.extract(query, strings, scorer=fuzz.ratio,
                                                  score_cutoff=cutoff, limit=None):
            if j > i:
                pairs.append((i, j))
    return pairs
