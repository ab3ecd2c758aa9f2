"""The events a content folder already knows, and advice for an event name that is new.

An event is known when a profile answers to it (slug, name or alias) or when a note names it.
A new name whose slug is a close spelling of a known event's, with the same digits (so
"DjangoCon Europe 2027" is not taken for the 2026 edition), is probably a typo of it.
"""

from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz import fuzz, process

from confnotes_tools.content import (
    RESERVED_FOLDERS,
    ProfileIndex,
    markdown_files,
    profile_names,
    read_header,
    slug_of,
)

EVENTS_FOLDER = "events"
SIMILARITY = 85  # RapidFuzz ratio (0-100) between slugs from which a name is "close"
_DIGITS = re.compile(r"\d+")


def known_events(content_dir: Path) -> dict[str, str]:
    """Every spelling's slug mapped to the slug of the event it names (profile or notes)."""
    known: dict[str, str] = {}
    profiles = ProfileIndex(content_dir, EVENTS_FOLDER)
    for path in markdown_files(content_dir / EVENTS_FOLDER):
        for name in profile_names(path):
            if name.strip():
                known.setdefault(slug_of(name), path.stem)
    for path in markdown_files(content_dir):
        if path.relative_to(content_dir).parts[0] in RESERVED_FOLDERS:
            continue
        event = read_header(path).get("event", "")
        if event:
            profile = profiles.find(event)
            known.setdefault(slug_of(event), profile.stem if profile else slug_of(event))
    return known


def closest_event(name: str, known: dict[str, str]) -> str | None:
    """The slug of a known event `name` is probably a misspelling of, if any."""
    slug = slug_of(name)
    digits = _DIGITS.findall(slug)
    candidates = [key for key in known if _DIGITS.findall(key) == digits]
    match = process.extractOne(slug, candidates, scorer=fuzz.ratio, score_cutoff=SIMILARITY)
    return known[match[0]] if match else None


def event_advice(name: str, known: dict[str, str]) -> str | None:
    """A warning when `name` is no event of `known` (from `known_events`), with a "did you
    mean" when it is close to one; else None."""
    if not name or slug_of(name) in known:
        return None
    near = closest_event(name, known)
    if near is not None:
        return (f"The event {name!r} has no profile and no other note names it; did you mean "
                f"{near}? Fix the note's Event header, or add {name!r} to the Aliases of "
                f"content/events/{near}.md if it is the same event.")
    return (f"The event {name!r} has no profile and no other note names it: check its "
            f"spelling, or create content/events/{slug_of(name)}.md (--create-event does).")
