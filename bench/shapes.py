"""The shapes of a real archive that issue 16 found, added to a synthetic corpus on request.

``generate_corpus(..., shapes=True)`` writes the usual corpus, then rewrites a few notes and
adds a few files, with a random source of their own (so the rest of the corpus is byte for
byte what the same seed gives without shapes):

- dates with a UTC offset (``2017-10-28T14:30:00+01:00``, ``...Z``);
- one-word or generic speaker names (``April``, ``PhD``, ``Panel``, ``Lightning Talks``,
  ``et al``, ``...``), credited in some notes and written in the prose of others;
- pairs of names that mean one speaker: hyphen or space, word order, a nickname in quotes,
  pronouns in brackets, letters such as ł and the dotless i written plain, a typo in the
  first letter of the surname; ``shapes.json`` beside ``content/`` labels each pair and its class;
- an event whose notes all have invalid dates (its profile has no dates either);
- notes with a placeholder date (1970-01-01, 1900-01-01) at events of other years (one of
  these events has no dates in its profile);
- a package profile with aliases (``DRF``, ``drf``) and notes that name it by alias.

Lightning notes always have an introduction before their first ``## Talk - Speaker``.
``python -m bench.shapes DEST --notes N`` writes such a corpus and prints what it holds.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.corpus import FIRST_NAMES, LAST_NAMES, generate_corpus, slugify

GENERIC_NAMES = ("April", "PhD", "Panel", "Lightning Talks", "et al", "...")
GENERIC_PROSE = ("We met again in April, after the Panel.",
                 "Her PhD was on type checkers, as Smith et al. showed...",
                 "Lightning Talks closed the day, then the Panel took questions.")
OFFSETS = ("+01:00", "+02:00", "-05:00", "+05:30", "-03:00", "Z")
INVALID_DATES = ("TBA", "2017-02-30", "sometime in 2017")
PLACEHOLDER_DATES = ("1970-01-01", "1900-01-01")
FOLDED_FIRST = (("Michał", "Michal"), ("Paweł", "Pawel"), ("Łukasz", "Lukasz"))
FOLDED_LAST = (("Y\u0131ld\u0131z", "Yildiz"), ("I\u015f\u0131k", "Isik"),
               ("K\u0131l\u0131\u00e7", "Kilic"))  # with the dotless i
PRONOUNS = ("she/her", "he/him", "they/them")
TYPO_LETTERS = {"a": "s", "b": "v", "c": "x", "d": "f", "e": "r", "f": "g", "g": "h", "h": "j",
                "i": "o", "j": "k", "k": "l", "l": "k", "m": "n", "n": "m", "o": "p", "p": "o",
                "q": "w", "r": "t", "s": "d", "t": "y", "u": "i", "v": "b", "w": "e", "x": "z",
                "y": "u", "z": "x"}
VARIANT_CLASSES = ("hyphen-space", "word-order", "nickname", "pronouns", "letters", "typo")
ALIASED_PACKAGE = ("djangorestframework", "Django REST framework", ("DRF", "drf"))
RATE = 0.01  # of notes, for each shape counted per note (at least one of each)
HEADER_LINE = re.compile(r"^([A-Za-z_]+):\s*(.*)$")


@dataclass
class ShapeCounts:
    """What `add_shapes` changed or wrote, shape by shape."""

    offset_dates: int = 0
    generic_speakers: int = 0
    generic_prose: int = 0
    variant_pairs: list[dict[str, str]] = field(default_factory=list)
    invalid_date_event: str = ""
    invalid_date_notes: int = 0
    placeholder_dates: int = 0
    placeholder_event: str = ""  # one of them, whose profile has no dates
    alias_notes: int = 0
    lightning_with_intro: int = 0


@dataclass
class _Note:
    """A generated note's file, header lines (in order) and body."""

    path: Path
    header: list[list[str]]
    body: str

    @classmethod
    def read(cls, path: Path) -> _Note:
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        header = [list(HEADER_LINE.match(line).groups()) for line in head.splitlines()]
        return cls(path, header, body)

    def get(self, key: str) -> str:
        return next((value for name, value in self.header if name == key), "")

    def set(self, key: str, value: str) -> None:
        for line in self.header:
            if line[0] == key:
                line[1] = value
                return
        self.header.insert(len(self.header) - 1, [key, value])  # before Summary

    def write(self) -> None:
        head = "\n".join(f"{key}: {value}" for key, value in self.header)
        self.path.write_text(f"{head}\n\n{self.body}", encoding="utf-8")


class _Picker:
    """Notes drawn in a shuffled order, each changed by one shape at most."""

    def __init__(self, notes: list[_Note]) -> None:
        self.used: set[int] = set()
        self.notes = notes

    def take(self, talk: bool = False) -> _Note:
        """The next unused note (with speakers, and not a multi-talk note, if `talk`)."""
        note = next(n for n in self.notes if id(n) not in self.used and (
            not talk or (n.get("Speakers") and n.get("Kind") != "lightning")))
        self.used.add(id(note))
        return note


def add_shapes(dest: Path, seed: int = 1) -> ShapeCounts:
    """Rewrite and add files of the corpus at ``dest/content``; label pairs in shapes.json."""
    content = Path(dest) / "content"
    rng = random.Random(f"issue-16-shapes-{seed}")
    notes = [_Note.read(path) for path in sorted(content.glob("*/*.md"))
             if path.parent.name not in ("events", "speakers", "packages")]
    counts = ShapeCounts(lightning_with_intro=sum(
        n.get("Kind") == "lightning" and not n.body.startswith("## ") for n in notes))
    per_shape = max(1, round(len(notes) * RATE))
    by_event: dict[str, list[_Note]] = {}
    for note in notes:
        by_event.setdefault(note.get("Event"), []).append(note)
    emptied = _invalid_event(content, rng, by_event, counts)
    free = [n for n in notes if n.get("Event") != emptied]
    rng.shuffle(free)
    picker = _Picker(free)
    for index in range(per_shape):
        note = picker.take()
        offset = OFFSETS[index % len(OFFSETS)]
        note.set("Date", f"{note.get('Date')}T{rng.randint(8, 18):02d}:30:00{offset}")
        counts.offset_dates += 1
    _generic_names(picker, max(per_shape, len(GENERIC_NAMES)), counts)
    _variants(content, rng, picker, count=max(per_shape, len(VARIANT_CLASSES)), counts=counts)
    _placeholders(content, picker, by_event, emptied, counts)
    _aliases(content, picker, per_shape, counts)
    for note in notes:
        note.write()
    (Path(dest) / "shapes.json").write_text(
        json.dumps(asdict(counts), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return counts


def _generic_names(picker: _Picker, count: int, counts: ShapeCounts) -> None:
    """Credit generic names as speakers, and write the same words in other notes' prose."""
    for index in range(count):
        note = picker.take(talk=True)
        speakers = note.get("Speakers").replace(", ", "; ")
        note.set("Speakers", f"{speakers}; {GENERIC_NAMES[index % len(GENERIC_NAMES)]}")
        counts.generic_speakers += 1
        prose = picker.take()
        prose.body = prose.body.rstrip("\n") + f"\n\n{GENERIC_PROSE[index % 3]}\n"
        counts.generic_prose += 1


def _variants(content: Path, rng: random.Random, picker: _Picker, *, count: int,
              counts: ShapeCounts) -> None:
    """Pairs of notes crediting one new speaker by two spellings; half with a profile."""
    taken = {slugify(name) for n in picker.notes
             for name in re.split(r"\s*[;,]\s*", n.get("Speakers"))}
    for index in range(count):
        kind = VARIANT_CLASSES[index % len(VARIANT_CLASSES)]
        canonical, variant = _variant_pair(rng, kind)
        while {slugify(canonical), slugify(variant)} & taken:  # new to the corpus, both
            canonical, variant = _variant_pair(rng, kind)
        taken |= {slugify(canonical), slugify(variant)}
        _credit(picker.take(talk=True), canonical)
        _credit(picker.take(talk=True), variant)
        if index % 2 == 0:
            _write(content / "speakers" / f"{slugify(canonical)}.md",
                   f"Name: {canonical}\n\nA speaker with a profile.\n")
        counts.variant_pairs.append({"class": kind, "name": canonical, "variant": variant,
                                     "profile": "yes" if index % 2 == 0 else "no"})


def _placeholders(content: Path, picker: _Picker, by_event: dict[str, list[_Note]],
                  emptied: str, counts: ShapeCounts) -> None:
    """One note with a placeholder date at each of the largest events; the first of them has
    no profile dates, so only its notes can give it a year."""
    largest = sorted((e for e in by_event if e and e != emptied),
                     key=lambda e: (-len(by_event[e]), e))
    for event, placeholder in zip(largest, PLACEHOLDER_DATES, strict=False):
        note = next(n for n in by_event[event] if id(n) not in picker.used)
        picker.used.add(id(note))
        note.set("Date", placeholder)
        counts.placeholder_dates += 1
        if not counts.placeholder_event:
            _strip_dates(content, event)
            counts.placeholder_event = event


def _aliases(content: Path, picker: _Picker, count: int, counts: ShapeCounts) -> None:
    """A package profile with aliases, and notes that name the package by one of them."""
    slug, name, aliases = ALIASED_PACKAGE
    _write(content / "packages" / f"{slug}.md",
           f"Name: {name}\nAliases: {', '.join(aliases)}\n"
           f"PyPI: https://pypi.org/project/{slug}/\n\nAPIs for Django.\n")
    for _ in range(count):
        note = picker.take(talk=True)
        packages = note.get("Packages")
        note.set("Packages", f"{packages}, drf" if packages else "drf")
        note.body = note.body.rstrip("\n") + "\n\nThe serializers of drf did the rest.\n"
        counts.alias_notes += 1


def _invalid_event(content: Path, rng: random.Random, by_event: dict[str, list[_Note]],
                   counts: ShapeCounts) -> str:
    """Give every note of one event an invalid date, and its profile no dates."""
    sizes = sorted({len(notes) for e, notes in by_event.items() if e and len(notes) >= 2})
    if not sizes:
        return ""
    event = rng.choice(sorted(e for e in by_event if e and len(by_event[e]) == sizes[0]))
    for index, note in enumerate(by_event[event]):
        note.set("Date", INVALID_DATES[index % len(INVALID_DATES)])
    _strip_dates(content, event)
    counts.invalid_date_event = event
    counts.invalid_date_notes = len(by_event[event])
    return event


def _strip_dates(content: Path, event: str) -> None:
    """Take Start and End out of an event's profile: its year then comes from its notes."""
    profile = content / "events" / f"{event}.md"
    if profile.is_file():
        lines = profile.read_text(encoding="utf-8").split("\n")
        profile.write_text("\n".join(line for line in lines
                                     if not line.startswith(("Start:", "End:"))),
                           encoding="utf-8")


def _variant_pair(rng: random.Random, kind: str) -> tuple[str, str]:
    """A new speaker's name and another way a note writes it."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if kind == "hyphen-space":
        last = f"{last}-{rng.choice(LAST_NAMES)}"
    elif kind == "letters" and rng.random() < 0.5:
        first, plain = rng.choice(FOLDED_FIRST)
        return f"{first} {last}", f"{plain} {last}"
    elif kind == "letters":
        last, plain = rng.choice(FOLDED_LAST)
        return f"{first} {last}", f"{first} {plain}"
    variants = {
        "hyphen-space": f"{first} {last.replace('-', ' ')}",
        "word-order": f"{last} {first}",
        "nickname": f"{first} \"{first[:3]}\" {last}",
        "pronouns": f"{first} {last} ({rng.choice(PRONOUNS)})",
        "typo": f"{first} {TYPO_LETTERS.get(slugify(last[0])[:1], 'x').upper()}{last[1:]}",
    }
    return f"{first} {last}", variants[kind]


def _credit(note: _Note, name: str) -> None:
    """Make `name` the note's first speaker."""
    others = [s for s in re.split(r"\s*[;,]\s*", note.get("Speakers")) if s][1:]
    note.set("Speakers", "; ".join([name, *others]))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write a corpus with every shape and print what it holds."""
    parser = argparse.ArgumentParser(prog="python -m bench.shapes", description=__doc__)
    parser.add_argument("dest", type=Path, help="folder to write content/ and shapes.json in")
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    stats = generate_corpus(args.dest, args.notes, seed=args.seed, shapes=True)
    print(stats)
    print((args.dest / "shapes.json").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
