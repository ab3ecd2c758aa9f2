"""`invoke new`: scaffold one draft note from a title, an event and speakers; never overwrite.

On request it also creates the event's and the speakers' profiles that do not exist yet, and it
warns when the event is unknown or probably a misspelling of a known one.

The note goes to ``content/<event-slug>/<slug>.md`` (``content/notes/<slug>.md`` without an
event), where the event's slug is the slug of its existing profile when the event is named by a
profile's slug, name or alias, and otherwise a slug made from the event as written. The note gets
a ``Uid`` header holding a new random UUID: its permanent identity, used for feed entry ids.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from confnotes.content.names import split_names

from confnotes_tools.content import (
    NOTES_FOLDER,
    RESERVED_FOLDERS,
    ProfileIndex,
    has_unsafe_chars,
    render,
    slug_of,
    write_new,
)
from confnotes_tools.event_names import EVENTS_FOLDER, closest_event, event_advice, known_events

KINDS = ("talk", "keynote", "lightning", "panel", "tutorial", "workshop", "sprint", "podcast",
         "other")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BODY = "Write your notes here.\n"
LIGHTNING_BODY = (
    "Write your notes here, one section per lightning talk, each starting with a heading\n"
    "such as the one below (the talk's title, a dash, then its speakers).\n"
    "\n"
    "## Talk title - Speaker name\n"
    "\n"
    "What this talk was about.\n"
)


class ScaffoldError(ValueError):
    """A note could not be scaffolded: bad input, or the file already exists."""


@dataclass
class Scaffolded:
    """What `scaffold` did: the note, the profiles it created, and warnings for the blogger."""

    note: Path
    created: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def scaffold(content_dir: Path, *, title: str, event: str = "", speakers: str = "",
             packages: str = "", day: str, kind: str = "talk", slug: str = "",
             create_event: bool = False, create_speakers: bool = False,
             room: str = "") -> Scaffolded:
    """Write a new draft note and, when asked, its missing event and speaker profiles.

    Profiles that exist are never touched. The event is checked before the note is written: an
    unknown event gets a warning, and one close to a known event gets a "did you mean" and no
    new profile.
    """
    content_dir = Path(content_dir)
    event = event.strip()
    if create_event and not event:
        raise ScaffoldError("There is no event to create a profile for: name it (--event).")
    if create_speakers and not split_names(speakers):
        raise ScaffoldError("There are no speakers to create profiles for: name them "
                            "(--speakers).")
    known = known_events(content_dir)  # reads every note's header: once, for both questions
    advice = event_advice(event, known)
    near = closest_event(event, known) if advice else None
    note = scaffold_note(content_dir, title=title, event=event, speakers=speakers,
                         packages=packages, day=day, kind=kind, slug=slug, room=room)
    result = Scaffolded(note)
    if advice and not (create_event and near is None):
        result.warnings.append(advice)
    if create_event and event:
        _create_event(content_dir, event, near, result)
    if create_speakers:
        for name in split_names(speakers):
            _create_profile(ProfileIndex(content_dir, "speakers"), name, result)
    return result


def _create_event(content_dir: Path, event: str, near: str | None, result: Scaffolded) -> None:
    """Create the event's profile unless one exists or the name is close to a known event."""
    profiles = ProfileIndex(content_dir, EVENTS_FOLDER)
    if near is not None:
        result.warnings.append(
            f"No profile was created for {event!r}: it looks like a misspelling of {near}. "
            f"If it really is another event, create {profiles.path_for(event)} by hand."
        )
        return
    _create_profile(profiles, event, result)


def _create_profile(profiles: ProfileIndex, name: str, result: Scaffolded) -> None:
    """Write a profile holding only `name`, unless one answers to the name already."""
    if profiles.find(name) is not None:
        return
    path = profiles.path_for(name)
    if write_new(path, render([("Name", name)], "")):
        result.created.append(path)


def scaffold_note(content_dir: Path, *, title: str, event: str = "", speakers: str = "",
                  packages: str = "", day: str, kind: str = "talk", slug: str = "",
                  room: str = "") -> Path:
    """Write a new draft note and return its path; raise ScaffoldError instead of overwriting."""
    title, event, speakers, packages, slug, room = (
        value.strip() for value in (title, event, speakers, packages, slug, room))
    kind = kind.strip().lower()
    _validate(title=title, event=event, speakers=speakers, packages=packages, day=day, kind=kind,
              room=room)
    folder = _event_folder(Path(content_dir), event)
    file_slug = slug_of(slug or title)
    path = Path(content_dir) / folder / f"{file_slug}.md"
    header = [("Title", title), ("Date", day), ("Event", event), ("Room", room),
              ("Speakers", speakers),
              ("Packages", packages), ("Kind", kind), ("Status", "draft"),
              ("Uid", str(uuid.uuid4())), ("Slug", file_slug if slug else "")]
    if not write_new(path, render(header, LIGHTNING_BODY if kind == "lightning" else BODY)):
        raise ScaffoldError(
            f"{path} already exists; nothing was overwritten. Pick another title or pass a slug "
            "for the new note."
        )
    return path


def _validate(*, title: str, event: str, speakers: str, packages: str, day: str,
              kind: str, room: str = "") -> None:
    """Raise ScaffoldError with a clear message for the first invalid argument."""
    if not title:
        raise ScaffoldError("The title is empty; give the note a title.")
    if room and not event:
        raise ScaffoldError(f"The room {room!r} needs its event: a room belongs to one event "
                            "(pass --event too).")
    for label, value in (("title", title), ("event", event), ("room", room),
                         ("speakers", speakers), ("packages", packages), ("day", day)):
        if has_unsafe_chars(value):
            raise ScaffoldError(
                f"The {label} {value!r} contains a newline or a control character; "
                "header values must be one line of plain text."
            )
    _validate_day(day)
    if kind not in KINDS:
        raise ScaffoldError(f"Unknown kind {kind!r}; use one of: {', '.join(KINDS)}.")


def _validate_day(day: str) -> None:
    """Raise ScaffoldError unless `day` is a real date written YYYY-MM-DD."""
    if not _DAY.match(day):
        raise ScaffoldError(f"The day {day!r} is not written YYYY-MM-DD (for example 2026-04-15).")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ScaffoldError(
            f"The day {day!r} is not a real date; write it as YYYY-MM-DD (for example 2026-04-15)."
        ) from None


def _event_folder(content_dir: Path, event: str) -> str:
    """The folder of content/ for a note of `event`: its profile's slug, or a slug of the name."""
    if not event:
        return NOTES_FOLDER
    profile = ProfileIndex(content_dir, "events").find(event)
    folder = profile.stem if profile is not None else slug_of(event)
    if folder in RESERVED_FOLDERS:
        raise ScaffoldError(
            f"The event {event!r} would put the note in content/{folder}/, which holds "
            "profiles or static files; give the event a more specific name."
        )
    return folder
