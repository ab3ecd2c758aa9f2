"""`invoke import-schedule`: turn a pretalx/frab schedule JSON export into draft notes.

Supported format: the "frab-compatible" JSON that pretalx serves at
``/<event>/schedule/export/schedule.json`` (and that frab and other schedule tools write)::

    {"schedule": {
        "url": "https://pretalx.com/democon/schedule/",          (optional)
        "conference": {
            "acronym": "democon", "title": "DemoCon 2026",
            "start": "2026-04-15", "end": "2026-04-16",            (optional)
            "url": "https://democon.example/",                      (optional)
            "days": [{"index": 1, "date": "2026-04-15",
                      "rooms": {"Main Hall": [TALK, ...], "Room 2": [TALK, ...]}}, ...]}}}

    TALK = {"guid": "...", "id": 12, "date": "2026-04-15T09:30:00+02:00", "start": "09:30",
            "duration": "00:45", "room": "Main Hall", "slug": "...", "url": "...",
            "title": "...", "subtitle": "...", "track": "...", "type": "Keynote",
            "language": "en", "abstract": "...", "description": "...",
            "persons": [{"code": "ABCDEF", "public_name": "...", "biography": "..."}],
            "links": [{"title": "Video", "url": "https://..."}]}

Only ``title`` is required in a talk; ``date`` (else the day's ``date`` plus ``start``) gives the
note's Date in the local time of the offset written in the schedule. pretalx's API-like flat list
of talks is not supported.

What it writes, never overwriting a file (existing ones are kept and reported as skipped):

- ``content/events/<slug>.md``: the event's profile (Name, Start, End, Kind: conference), unless a
  profile already answers to the conference's acronym, slug or title; the slug is the acronym's.
- ``content/<event-slug>/<title-slug>.md``: one draft note per talk, with a ``Uid`` (the talk's
  guid, else a UUID5 of the schedule's URL and the talk's id) that identifies it for good. A talk
  whose Uid is already in some note under content/ is not imported again. Talks sharing a title get
  ``-2``, ``-3``... file names and a matching ``Slug`` header.
- ``content/speakers/<slug>.md``: a profile (Name and biography) for each speaker that no profile
  answers to yet, by slug, name or alias.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from confnotes_tools.content import (
    RESERVED_FOLDERS,
    ProfileIndex,
    clean_body,
    markdown_files,
    read_header,
    render,
    single_line,
    slug_of,
    write_new,
)

logger = logging.getLogger(__name__)

KIND_KEYWORDS = ("keynote", "lightning", "workshop", "tutorial", "panel", "sprint")
SUMMARY_LENGTH = 300
NOTES_PLACEHOLDER = "## Notes\n\nWrite your notes here."
LIGHTNING_PLACEHOLDER = (
    "Write your notes here. For a block of several lightning talks, start each one with a "
    "heading such as `## Talk title - Speaker name`."
)


class ScheduleError(ValueError):
    """The schedule file is unreadable or not a frab/pretalx schedule; names file and path."""


@dataclass(frozen=True)
class Person:
    """A speaker as the schedule lists them."""

    name: str
    biography: str


@dataclass(frozen=True)
class Talk:
    """One talk of the schedule, with header values already made single-line."""

    title: str
    when: str
    kind: str
    uid: str
    persons: tuple[Person, ...]
    abstract: str
    description: str
    url: str
    video: str
    slides: str


@dataclass(frozen=True)
class Conference:
    """The conference the schedule belongs to."""

    title: str
    acronym: str
    start: str
    end: str
    url: str


@dataclass
class ImportReport:
    """What an import created, and what it kept as it was (with the reason)."""

    created: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    def skip(self, path: Path, reason: str, level: int = logging.INFO) -> None:
        """Record and log a file left as it was (once per file)."""
        if any(skipped == path for skipped, _ in self.skipped):
            return
        self.skipped.append((path, reason))
        logger.log(level, "Skipped %s: %s", path, reason)


def import_schedule_file(schedule: Path, content_dir: Path) -> list[Path]:
    """Import a schedule JSON export into content_dir; return the paths created."""
    return import_schedule(schedule, content_dir).created


def import_schedule(schedule: Path, content_dir: Path) -> ImportReport:
    """Import a schedule JSON export; report created and skipped files (nothing overwritten)."""
    conference, talks = parse_schedule(load_schedule(Path(schedule)), str(schedule))
    content_dir = Path(content_dir)
    report = ImportReport()
    event_slug = _write_event(conference, content_dir, report, str(schedule))
    speakers = ProfileIndex(content_dir, "speakers")
    known_uids = _existing_uids(content_dir)
    for talk, file_slug in _plan_files(talks):
        path = content_dir / event_slug / f"{file_slug}.md"
        _write_note(talk, path, event_slug, file_slug, known_uids=known_uids, report=report)
        for person in talk.persons:
            _write_speaker(person, speakers, report)
    return report


def load_schedule(schedule: Path) -> Any:
    """Read and parse the JSON file, raising ScheduleError naming it."""
    try:
        text = schedule.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ScheduleError(f"{schedule}: cannot read the schedule: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ScheduleError(
            f"{schedule}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "export the schedule as JSON (pretalx: /schedule/export/schedule.json)."
        ) from None


def parse_schedule(data: Any, source: str) -> tuple[Conference, list[Talk]]:
    """Check the structure of a frab/pretalx schedule and return its conference and talks."""
    schedule = _object(data, "schedule", "(top level)", source,
                       hint="; is this a pretalx/frab schedule.json export?")
    conference_data = _object(schedule, "conference", "schedule", source)
    conference = _conference(conference_data, source)
    base = single_line(schedule.get("url") or schedule.get("base_url") or conference.url
                       or conference.acronym or conference.title)
    talks = [
        _talk(raw, where, source, day_date, base)
        for raw, where, day_date in _walk_days(conference_data, source)
    ]
    return conference, talks


def _fail(source: str, where: str, problem: str) -> ScheduleError:
    """Build a ScheduleError naming the file and the JSON path of the problem."""
    return ScheduleError(f"{source}: {where}: {problem}")


def _object(parent: Any, key: str, where: str, source: str, hint: str = "") -> dict[str, Any]:
    """Return parent[key] as a JSON object, or raise naming what is missing."""
    if not isinstance(parent, dict):
        raise _fail(source, where, f'expected a JSON object with a "{key}" object{hint}')
    value = parent.get(key)
    if not isinstance(value, dict):
        raise _fail(source, where, f'no "{key}" object{hint}')
    return value


def _conference(data: dict[str, Any], source: str) -> Conference:
    """Read the conference's title, acronym, dates and URL."""
    title = single_line(data.get("title"))
    acronym = single_line(data.get("acronym"))
    if not title and not acronym:
        raise _fail(source, "schedule.conference", "the conference has no title or acronym")
    url = single_line(data.get("url"))
    return Conference(title=title or acronym, acronym=acronym, start=_day_of(data.get("start")),
                      end=_day_of(data.get("end")),
                      url=url if url.startswith(("https://", "http://")) else "")


def _day_of(value: Any) -> str:
    """The YYYY-MM-DD day a schedule date or date-time falls on, or "" if it has none."""
    text = single_line(value)[:10]
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return ""


def _walk_days(conference: dict[str, Any], source: str) -> Iterator[tuple[Any, str, str]]:
    """Yield (talk, JSON path, day's date) for every talk of every day and room."""
    days = conference.get("days")
    if not isinstance(days, list):
        raise _fail(source, "schedule.conference", 'no "days" list')
    for day_number, day in enumerate(days):
        where = f"schedule.conference.days[{day_number}]"
        rooms = _object(day, "rooms", where, source)
        for room, talks in rooms.items():
            room_where = f"{where}.rooms[{json.dumps(room, ensure_ascii=False)}]"
            if not isinstance(talks, list):
                raise _fail(source, room_where, "expected a list of talks")
            for number, talk in enumerate(talks):
                yield talk, f"{room_where}[{number}]", single_line(day.get("date"))


def _talk(raw: Any, where: str, source: str, day_date: str, base: str) -> Talk:
    """Read one talk, raising ScheduleError (file and JSON path) when it is unusable."""
    if not isinstance(raw, dict):
        raise _fail(source, where, "expected a talk (a JSON object)")
    title = single_line(raw.get("title"))
    if not title:
        raise _fail(source, where, "talk has no title")
    links = _links(raw.get("links"))
    return Talk(
        title=title, when=_talk_date(raw, where, source, day_date), kind=_kind(raw),
        uid=single_line(raw.get("guid")) or _fallback_uid(raw, base, title),
        persons=_persons(raw.get("persons"), where, source),
        abstract=clean_body(raw.get("abstract")), description=clean_body(raw.get("description")),
        url=_http_url(raw.get("url")), video=links.get("video", ""),
        slides=links.get("slides", ""),
    )


def _talk_date(raw: dict[str, Any], where: str, source: str, day_date: str) -> str:
    """The talk's start as YYYY-MM-DD HH:MM, in the local time of the schedule's offset."""
    value = single_line(raw.get("date"))
    if value:
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            raise _fail(source, f"{where}.date",
                        f"{value!r} is not an ISO date and time") from None
    start = single_line(raw.get("start"))
    candidate = f"{day_date} {start}".strip()
    for fmt, width in (("%Y-%m-%d %H:%M", 16), ("%Y-%m-%d", 10)):
        try:
            return datetime.strptime(candidate[:width], fmt).strftime(fmt)
        except ValueError:
            continue
    raise _fail(source, where, "talk has no date (neither its own nor its day's)")


def _kind(raw: dict[str, Any]) -> str:
    """Map the talk's type (then its track) to a note Kind; "talk" when nothing matches."""
    for key in ("type", "track"):
        value = raw.get(key)
        text = value.casefold() if isinstance(value, str) else ""
        for keyword in KIND_KEYWORDS:
            if keyword in text:
                return keyword
    return "talk"


def _fallback_uid(raw: dict[str, Any], base: str, title: str) -> str:
    """A stable UUID5 from the schedule's URL and the talk's id, for talks without a guid."""
    ident = single_line(raw.get("id") or raw.get("code") or raw.get("slug"))
    ident = ident or f"{title}@{single_line(raw.get('date'))}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}#{ident}"))


def _persons(value: Any, where: str, source: str) -> tuple[Person, ...]:
    """The talk's speakers with a name, in schedule order, without duplicates."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(source, f"{where}.persons", "expected a list of speakers")
    persons: dict[str, Person] = {}
    for number, person in enumerate(value):
        if not isinstance(person, dict):
            raise _fail(source, f"{where}.persons[{number}]", "expected a speaker (an object)")
        name = single_line(person.get("public_name") or person.get("name"))
        if name and name not in persons:
            persons[name] = Person(name=name, biography=clean_body(person.get("biography")))
    return tuple(persons.values())


def _links(value: Any) -> dict[str, str]:
    """The first video and slides URLs among the talk's links, by their titles or types."""
    found: dict[str, str] = {}
    for link in value if isinstance(value, list) else []:
        if not isinstance(link, dict):
            continue
        label = f"{link.get('title') or ''} {link.get('type') or ''}".casefold()
        url = _http_url(link.get("url"))
        if url and ("video" in label or "recording" in label):
            found.setdefault("video", url)
        elif url and "slide" in label:
            found.setdefault("slides", url)
    return found


def _http_url(value: Any) -> str:
    """A single-line http(s) URL, or "" for anything else."""
    url = single_line(value)
    return url if url.startswith(("https://", "http://")) and " " not in url else ""


def _plan_files(talks: list[Talk]) -> list[tuple[Talk, str]]:
    """Give each talk a file slug; talks sharing a title get -2, -3... in date order."""
    groups: dict[str, list[Talk]] = defaultdict(list)
    for talk in talks:
        groups[slug_of(talk.title)].append(talk)
    slugs: dict[int, str] = {}
    for base, group in groups.items():
        for number, talk in enumerate(sorted(group, key=lambda t: (t.when, t.uid)), start=1):
            slugs[id(talk)] = base if number == 1 else f"{base}-{number}"
    return [(talk, slugs[id(talk)]) for talk in talks]


def _existing_uids(content_dir: Path) -> dict[str, Path]:
    """The Uid of every note already under content_dir, mapped to its file."""
    uids: dict[str, Path] = {}
    for path in markdown_files(content_dir):
        uid = read_header(path).get("uid")
        if uid:
            uids.setdefault(uid, path)
    return uids


def _write_event(conference: Conference, content_dir: Path, report: ImportReport,
                 source: str) -> str:
    """Write the event's profile unless one answers to the conference; return its slug."""
    events = ProfileIndex(content_dir, "events")
    existing = events.find(conference.acronym, conference.title)
    if existing is not None:
        report.skip(existing, f"the profile of {conference.title!r} already exists")
        return existing.stem
    slug = slug_of(conference.acronym or conference.title)
    if slug in RESERVED_FOLDERS:
        raise _fail(source, "schedule.conference.acronym",
                    f"the event slug {slug!r} is a folder reserved for profiles or static files")
    path = events.path_for(conference.acronym or conference.title)
    aliases = conference.acronym if conference.acronym not in ("", slug) else ""
    header = [("Name", conference.title), ("Aliases", aliases), ("Kind", "conference"),
              ("Start", conference.start), ("End", conference.end), ("Website", conference.url)]
    _create(path, render(header, ""), report, "an event profile with this name exists")
    return slug


def _write_note(talk: Talk, path: Path, event_slug: str, file_slug: str, *,
                known_uids: dict[str, Path], report: ImportReport) -> None:
    """Write one talk's draft note unless it was imported before or its file exists."""
    if talk.uid in known_uids:
        report.skip(known_uids[talk.uid], f"already holds the talk {talk.title!r}")
        return
    names = [person.name for person in talk.persons]
    header = [
        ("Title", talk.title), ("Date", talk.when), ("Event", event_slug),
        ("Speakers", _speakers_header(names)),
        ("Kind", talk.kind), ("Status", "draft"), ("Uid", talk.uid),
        ("Summary", _summary(talk.abstract or talk.description)),
        ("Video", talk.video), ("Slides", talk.slides),
        ("Slug", file_slug if file_slug != slug_of(talk.title) else ""),
    ]
    created = _create(path, render(header, _note_body(talk)), report,
                      f"a different note has this file name; the talk {talk.title!r} was not "
                      "imported (rename that file and import again)", level=logging.WARNING)
    if created:
        known_uids[talk.uid] = path


def _write_speaker(person: Person, speakers: ProfileIndex, report: ImportReport) -> None:
    """Write a speaker's profile unless a profile already answers to their name or slug."""
    existing = speakers.find(person.name)
    if existing is not None:
        if existing not in report.created:
            report.skip(existing, f"the profile of {person.name!r} already exists")
        return
    path = speakers.path_for(person.name)
    _create(path, render([("Name", person.name)], person.biography), report,
            "a speaker profile with this file name exists")
    speakers.add(path, [person.name])


def _create(path: Path, text: str, report: ImportReport, reason: str,
            level: int = logging.INFO) -> bool:
    """Create a file, recording it as created, or as skipped when it already exists."""
    if write_new(path, text):
        report.created.append(path)
        return True
    report.skip(path, reason, level)
    return False


def _speakers_header(names: list[str]) -> str:
    """Join names with commas, or with semicolons when a name holds a comma (then always a ';')."""
    if not any("," in name for name in names):
        return ", ".join(names)
    return "; ".join(names) + (";" if len(names) == 1 else "")


def _summary(text: str) -> str:
    """The text flattened to one line and cut at a word to about SUMMARY_LENGTH characters."""
    line = single_line(text)
    if len(line) <= SUMMARY_LENGTH:
        return line
    cut = line.rfind(" ", 0, SUMMARY_LENGTH)
    return line[: cut if cut > 0 else SUMMARY_LENGTH].rstrip(" ,;:.") + "\u2026"


def _note_body(talk: Talk) -> str:
    """The abstract, the description, the schedule link and a place for the notes."""
    parts = [talk.abstract]
    if talk.description and talk.description != talk.abstract:
        parts.append(talk.description)
    if talk.url:
        parts.append(f"[The talk on the schedule]({talk.url})")
    parts.append(LIGHTNING_PLACEHOLDER if talk.kind == "lightning" else NOTES_PLACEHOLDER)
    return "\n\n".join(part for part in parts if part)
