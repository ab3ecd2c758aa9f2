"""Names that probably mean one person or package: pure, fast enough for archive scale.

Candidates are compared within blocks (same initials), with RapidFuzz doing the string work,
so twelve thousand speakers take well under a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..content.names import fold, package_key, person_key

HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"})
PERSON_SIMILARITY = 80.0
# Two full names are close only if first and last names each are: `Adele Abbott` and
# `Alice Abbott` share a long surname, which alone lifts the whole names above 80.
PERSON_PART_SIMILARITY = 75.0
MIN_CLOSE_SURNAME = 6  # `Zhang` and `Zheng`, `Smith` and `Smyth` are different names
MIN_TYPO_SURNAME = 6
# A nickname or pronouns set apart in a name: `Katie "KT" McLaughlin`, `Sam Smith (they/them)`.
_KEYBOARD = (("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75))
ASIDE = re.compile(r"""\([^)]*\)|\[[^\]]*\]|"[^"]*"|\u201c[^\u201d]*\u201d|(?<!\w)'[^']*'(?!\w)""")
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
    """Folded name tokens without honorifics, nicknames or pronouns in quotes or brackets,
    and with hyphens as spaces (`Dr. Ann Lee` -> ['ann', 'lee'], `Katie "KT" McLaughlin` ->
    ['katie', 'mclaughlin'], `Russell Keith-Magee` -> ['russell', 'keith', 'magee'])."""
    plain = ASIDE.sub(" ", name)
    tokens = [t.strip(".,;:'") for t in person_key(plain).split()]
    tokens = [t for t in tokens if t]
    return [t for t in tokens if t not in HONORIFICS] or tokens or fold(name).split() or [""]


def _compact(tokens: list[str]) -> str:
    """The tokens run together, without apostrophes: `O'Neill`, `O Neill`, `ONeill` agree."""
    return "".join(tokens).replace("'", "").replace("\u2019", "")


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
    (`Paulo Melchiori` and `Paolo Melchiorre`); single names are judged whole.

    Two first names that differ only at the end, or by more than one letter, are two names
    (`Maria` and `Mario`, `Paul` and `Paula`, `Michael` and `Michelle`); so are two short last
    names (`Zhang` and `Zheng`), a last name and a longer one starting with it (`Raasch` and
    `Raaschke`), and names that do not start with the same letters (`Céline Boudier` and
    `Élie Bouttier`).
    """
    if len(a) < 2 or len(b) < 2:
        return True
    first_a, first_b, last_a, last_b = a[0], b[0], a[-1], b[-1]
    if first_a[:1] != first_b[:1] or last_a[:1] != last_b[:1]:
        return False
    if first_a != first_b and (first_a.startswith(first_b) or first_b.startswith(first_a)
                               or first_a[:-1] == first_b[:-1]
                               or Levenshtein.distance(first_a, first_b) > 1):
        return False
    if last_a != last_b and (min(len(last_a), len(last_b)) < MIN_CLOSE_SURNAME
                             or _extended(last_a, last_b)):
        return False
    return (fuzz.ratio(first_a, first_b) >= PERSON_PART_SIMILARITY
            and fuzz.ratio(last_a, last_b) >= PERSON_PART_SIMILARITY)


def _extended(a: str, b: str) -> bool:
    """Whether one word is the other with two letters or more added at its end."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) > 1


def _neighbour_keys(a: str, b: str) -> bool:
    """Whether two letters are next to each other on a QWERTY keyboard (its rows staggered:
    `m` touches `n`, `j` and `k`, not `h`)."""
    where = {ch: (row, col + offset) for row, (keys, offset) in enumerate(_KEYBOARD)
             for col, ch in enumerate(keys)}
    if a == b or a not in where or b not in where:
        return False
    (row_a, x_a), (row_b, x_b) = where[a], where[b]
    if row_a == row_b:
        return abs(x_a - x_b) == 1
    return abs(row_a - row_b) == 1 and abs(x_a - x_b) < 1


def _surname_first_letter_typo(a: list[str], b: list[str]) -> bool:
    """`Paolo Melchiorre` and `Paolo Nelchiorre`: the same first name, and last names of six
    letters or more that differ only in their first letter, typed with the key beside it
    (`Lawson` and `Dawson` are two names)."""
    if len(a) < 2 or len(b) < 2 or a[:-1] != b[:-1]:
        return False
    last_a, last_b = a[-1], b[-1]
    return (len(last_a) == len(last_b) >= MIN_TYPO_SURNAME and last_a[1:] == last_b[1:]
            and _neighbour_keys(last_a[0], last_b[0]))


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

    _same_words(items, tokens, add)
    _close_names(items, tokens, add)
    if events:
        _first_name_alone(items, tokens, events, add)
    return sorted(found.values(), key=lambda d: (d.first.text, d.second.text))


def _close_names(items: list[Spelling], tokens: dict[Spelling, list[str]], add) -> None:
    """An initial for a first name, close spellings, a typo in a last name's first letter."""
    same_last: dict[str, list[Spelling]] = defaultdict(list)
    last_initial: dict[str, list[Spelling]] = defaultdict(list)
    typo_block: dict[tuple[str, ...], list[Spelling]] = defaultdict(list)
    for spelling in items:
        words = tokens[spelling]
        same_last[words[-1]].append(spelling)
        last_initial[words[-1][:1]].append(spelling)
        if len(words) > 1:
            typo_block[(*words[:-1], words[-1][1:])].append(spelling)
    for block in same_last.values():
        # Only a name whose first word is an initial can match this way.
        for a in (s for s in block if len(tokens[s]) > 1 and _INITIAL.match(tokens[s][0])):
            for b in block:
                if b is not a and _initials_match(tokens[a], tokens[b]):
                    add(a, b, "an initial beside a first name")
    for block in last_initial.values():
        joined = [" ".join(tokens[s]) for s in block]
        for i, j in _similar_pairs(joined, PERSON_SIMILARITY):
            if joined[i] != joined[j] and _parts_close(tokens[block[i]], tokens[block[j]]):
                add(block[i], block[j], "close spellings")
    for block in typo_block.values():
        for a, b in combinations(block, 2):
            if _surname_first_letter_typo(tokens[a], tokens[b]):
                add(a, b, "a typo in the first letter of the last name")


def _same_words(items: list[Spelling], tokens: dict[Spelling, list[str]], add) -> None:
    """Names with the same words once titles, nicknames, pronouns, hyphens and punctuation are
    set aside (`Dr. Ann Lee`, `Sam Smith (they/them)`), or the same words in another order
    (`Pelucchi Mauro`)."""
    by_compact: dict[str, list[Spelling]] = defaultdict(list)
    by_words: dict[tuple[str, ...], list[Spelling]] = defaultdict(list)
    for spelling in items:
        words = tokens[spelling]
        by_compact[_compact(words)].append(spelling)
        if len(words) > 1:
            by_words[tuple(sorted(_compact([w]) for w in words))].append(spelling)
    for block in by_compact.values():
        for a, b in combinations(block, 2):
            add(a, b, _why_same(a.text, b.text))
    for block in by_words.values():
        for a, b in combinations(block, 2):
            if _compact(tokens[a]) != _compact(tokens[b]):
                add(a, b, "the same words in another order")


def _why_same(a: str, b: str) -> str:
    """Which difference makes two spellings of the same words."""
    def words(name: str) -> list[str]:
        return [t.strip(".,") for t in fold(name).split()]
    with_title = [w for w in (*words(a), *words(b)) if w in HONORIFICS]
    if with_title and ASIDE.search(a) is None and ASIDE.search(b) is None:
        return "the same name with a title"
    if ASIDE.search(a) or ASIDE.search(b):
        return "the same name with a nickname or pronouns in quotes or brackets"
    return "the same name written differently"


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
