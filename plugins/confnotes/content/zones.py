"""Events' own time zones: the `Timezone` of each event profile, by the names notes use.

A note whose `Event` names an event with a `Timezone` has its Date and Modified read in that
zone when they carry no offset of their own (other notes: the site's TIMEZONE).  The map is
made from the profiles' header lines before any note is read, and kept, as plain text, in the
setting `ZONES_SETTING`: the content cache's build key digests the settings, so changing an
event's Timezone starts a fresh cache (notes cached with the old zone are never reused).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pelican.utils import SafeDatetime

from ..settings import load_settings
from .headers import ContentError, parse_header
from .moments import zone_of
from .names import fold, split_names

ZONES_SETTING = "CONFNOTES_EVENT_ZONES"  # {folded event name, slug or alias: Timezone text}
PROFILE_SUFFIXES = frozenset({".md", ".markdown"})


def event_zones(settings: dict[str, Any]) -> dict[str, str]:
    """{folded slug, Name or alias: Timezone} of every event profile with a valid Timezone (an
    invalid one is the profile's own error, reported when it is read: see headers.py)."""
    confnotes = load_settings(settings)
    content = Path(settings["PATH"])
    folder = content / confnotes.events_path
    if not folder.is_dir():
        return {}
    zones: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*")
                       if p.suffix in PROFILE_SUFFIXES and p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(folder).parts)):
        display = path.relative_to(content).as_posix()
        try:
            lines = parse_header(path.read_text(encoding="utf-8-sig"), display)
        except (OSError, UnicodeDecodeError, ContentError):
            continue  # the profile's reader reports what is wrong with it
        header = {line.key: line for line in lines}
        given = header.get("timezone")
        if given is None or not given.value:
            continue
        if zone_of(given.value) is None:
            continue
        name = header["name"].value if "name" in header else path.stem
        aliases = split_names(header["aliases"].value) if "aliases" in header else []
        for key in (path.stem, name, *aliases):
            zones.setdefault(fold(key), given.value.strip())
    return zones


def in_event_zone(moment: datetime, event: str, zones: dict[str, str]) -> datetime | None:
    """A naive `moment` placed in the zone of the event a note names, or None when that event
    has no Timezone."""
    text = zones.get(fold(event)) if event else None
    zone = zone_of(text) if text else None
    if zone is None:
        return None
    return SafeDatetime(moment.year, moment.month, moment.day, moment.hour, moment.minute,
                        moment.second, moment.microsecond, zone)
