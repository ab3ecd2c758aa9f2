"""Reading a pretalx/frab schedule.json: its conference, its talks, and the breaks it lists.

Everything is checked before anything is written: a problem raises ScheduleError naming the file,
the JSON path of the entry and what to do. That includes text that cannot be written as UTF-8: JSON
may spell a lone surrogate ("\\ud800"), which no file can hold.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from confnotes_tools.content import clean_body, single_line

KIND_KEYWORDS = ("keynote", "lightning", "workshop", "tutorial", "panel", "sprint")
# A slot without speakers whose title holds one of these words is a break, not a talk.
BREAK_WORDS = frozenset({"break", "coffee", "lunch", "dinner", "breakfast", "registration",
                         "check-in", "tea", "snack", "snacks", "doors"})
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_ZONE_KEYS = ("time_zone_name", "timezone", "time_zone")


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
    room: str
    kind: str
    uid: str
    persons: tuple[Person, ...]
    abstract: str
    description: str
    url: str
    video: str
    slides: str


@dataclass(frozen=True)
class Break:
    """A slot of the schedule that is a break (coffee, lunch, registration...)."""

    title: str
    when: str
    room: str


@dataclass(frozen=True)
class Conference:
    """The conference the schedule belongs to; timezone is an IANA name, an offset or ""."""

    title: str
    acronym: str
    start: str
    end: str
    url: str
    timezone: str


@dataclass(frozen=True)
class Schedule:
    """A whole schedule: its conference, its talks and the breaks left out."""

    conference: Conference
    talks: tuple[Talk, ...]
    breaks: tuple[Break, ...]


def load_schedule(schedule: Any) -> Any:
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
    except RecursionError:
        raise ScheduleError(
            f"{schedule}: the JSON is nested too deeply to be a schedule; export the schedule "
            "again as JSON (pretalx: /schedule/export/schedule.json)."
        ) from None


def parse_schedule(data: Any, source: str) -> Schedule:
    """Check the structure of a frab/pretalx schedule and return its conference and talks."""
    schedule = _object(data, "schedule", "(top level)", source,
                       hint="; is this a pretalx/frab schedule.json export?")
    conference_data = _object(schedule, "conference", "schedule", source)
    zone = _zone(conference_data, source)
    base = _base(schedule, conference_data, source)
    talks: list[Talk] = []
    breaks: list[Break] = []
    offsets: set[str] = set()
    for raw, where, day_date, room_name in _walk_days(conference_data, source):
        if not isinstance(raw, dict):
            raise _fail(source, where, "expected a talk (a JSON object)")
        is_break = _is_break(raw, where, source)
        if not is_break and not _text(raw.get("title"), f"{where}.title", source):
            raise _fail(source, where, "talk has no title")
        moment = _talk_moment(raw, where, source, day_date, zone)
        if moment.utcoffset() is not None:
            offsets.add(moment.strftime("%z"))
        when = moment.strftime("%Y-%m-%d %H:%M" if _has_time(raw, day_date) else "%Y-%m-%d")
        room = _text(raw.get("room"), f"{where}.room", source) or room_name
        if is_break:
            breaks.append(Break(_text(raw.get("title"), f"{where}.title", source) or "break",
                                when, room))
        else:
            talks.append(_talk(raw, where, source, when=when, room=room, base=base))
    return Schedule(_conference(conference_data, source, zone, offsets), tuple(talks),
                    tuple(breaks))


def _base(schedule: dict[str, Any], conference: dict[str, Any], source: str) -> str:
    """What identifies the schedule in fallback Uids: its URL, else the conference's names."""
    url = _text(conference.get("url"), "schedule.conference.url", source)
    candidates = (
        _text(schedule.get("url"), "schedule.url", source),
        _text(schedule.get("base_url"), "schedule.base_url", source),
        url if url.startswith(("https://", "http://")) else "",
        _text(conference.get("acronym"), "schedule.conference.acronym", source),
        _text(conference.get("title"), "schedule.conference.title", source),
    )
    return next((text for text in candidates if text), "")


def _fail(source: str, where: str, problem: str) -> ScheduleError:
    """Build a ScheduleError naming the file and the JSON path of the problem."""
    return ScheduleError(f"{source}: {where}: {problem}")


def _writable(text: str, where: str, source: str) -> str:
    """`text` itself when it can be written as UTF-8; a lone surrogate is a ScheduleError."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _fail(source, where, f"character {error.start + 1} is {text[error.start]!r}, a lone "
                    "surrogate that cannot be written to a file; remove it from this entry (or "
                    "fix it where the schedule is edited) and export the schedule again") from None
    return text


def _text(value: Any, where: str, source: str) -> str:
    """A JSON string or number as one line of text; anything else is a ScheduleError."""
    if value is None:
        return ""
    if isinstance(value, str):
        return single_line(_writable(value, where, source))
    if (isinstance(value, int | float) and not isinstance(value, bool)):
        return single_line(value)
    raise _fail(source, where, f"expected text, found {_json_kind(value)}; fix this entry or "
                "export the schedule again")


def _body(value: Any, where: str, source: str) -> str:
    """A JSON string as Markdown text (line breaks kept); anything else is a ScheduleError."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_body(_writable(value, where, source))
    raise _fail(source, where, f"expected text, found {_json_kind(value)}; fix this entry or "
                "export the schedule again")


def _json_kind(value: Any) -> str:
    """How JSON calls a value's type, for messages."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "true/false" if isinstance(value, bool) else "a value"


def _object(parent: Any, key: str, where: str, source: str, hint: str = "") -> dict[str, Any]:
    """Return parent[key] as a JSON object, or raise naming what is missing."""
    if not isinstance(parent, dict):
        raise _fail(source, where, f'expected a JSON object with a "{key}" object{hint}')
    value = parent.get(key)
    if not isinstance(value, dict):
        raise _fail(source, where, f'no "{key}" object{hint}')
    return value


def _zone(data: dict[str, Any], source: str) -> ZoneInfo | None:
    """The conference's time zone (pretalx's time_zone_name), or None when it names none."""
    for key in _ZONE_KEYS:
        name = _text(data.get(key), f"schedule.conference.{key}", source)
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise _fail(source, f"schedule.conference.{key}",
                        f"{name!r} is not a known time zone; write an IANA name such as "
                        "Europe/Athens (or remove it to keep the times as written)") from None
    return None


def _conference(data: dict[str, Any], source: str, zone: ZoneInfo | None,
                offsets: set[str]) -> Conference:
    """Read the conference's title, acronym, dates, URL and time zone."""
    where = "schedule.conference"
    title = _text(data.get("title"), f"{where}.title", source)
    acronym = _text(data.get("acronym"), f"{where}.acronym", source)
    if not title and not acronym:
        raise _fail(source, where, "the conference has no title or acronym")
    url = _text(data.get("url"), f"{where}.url", source)
    timezone = zone.key if zone is not None else ""
    if not timezone and len(offsets) == 1:
        offset = next(iter(offsets))
        timezone = f"{offset[:3]}:{offset[3:]}"
    return Conference(title=title or acronym, acronym=acronym,
                      start=_day_of(_text(data.get("start"), f"{where}.start", source)),
                      end=_day_of(_text(data.get("end"), f"{where}.end", source)),
                      url=url if url.startswith(("https://", "http://")) else "",
                      timezone=timezone)


def _day_of(text: str) -> str:
    """The YYYY-MM-DD day a schedule date or date-time falls on, or "" if it has none."""
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return ""


def _walk_days(conference: dict[str, Any], source: str) -> Iterator[tuple[Any, str, str, str]]:
    """Yield (talk, JSON path, day's date, room) for every entry of every day and room."""
    days = conference.get("days")
    if not isinstance(days, list):
        raise _fail(source, "schedule.conference", 'no "days" list')
    for day_number, day in enumerate(days):
        where = f"schedule.conference.days[{day_number}]"
        rooms = _object(day, "rooms", where, source)
        day_date = _text(day.get("date"), f"{where}.date", source)
        for room, talks in rooms.items():
            _writable(room, f"{where}.rooms (a room's name)", source)
            room_where = f"{where}.rooms[{json.dumps(room, ensure_ascii=False)}]"
            if not isinstance(talks, list):
                raise _fail(source, room_where, "expected a list of talks")
            for number, talk in enumerate(talks):
                yield talk, f"{room_where}[{number}]", day_date, single_line(room)


def _is_break(raw: dict[str, Any], where: str, source: str) -> bool:
    """A slot whose type holds the word break, or one without speakers named like a break."""
    if "break" in _words(_text(raw.get("type"), f"{where}.type", source)):
        return True
    if raw.get("persons"):
        return False
    return bool(_words(_text(raw.get("title"), f"{where}.title", source)) & BREAK_WORDS)


def _words(text: str) -> set[str]:
    """The folded words of a text, hyphenated ones both whole and in their parts."""
    words = {word.casefold() for word in _WORD.findall(text)}
    return words | {part for word in words for part in word.split("-")}


def _talk(raw: dict[str, Any], where: str, source: str, *, when: str, room: str,
          base: str) -> Talk:
    """Read one talk, raising ScheduleError (file and JSON path) when it is unusable."""
    title = _text(raw.get("title"), f"{where}.title", source)
    links = _links(raw.get("links"), f"{where}.links", source)
    return Talk(
        title=title, when=when, room=room, kind=_kind(raw),
        uid=_uid(raw, where, source, base=base, title=title),
        persons=_persons(raw.get("persons"), where, source),
        abstract=_body(raw.get("abstract"), f"{where}.abstract", source),
        description=_body(raw.get("description"), f"{where}.description", source),
        url=_http_url(raw.get("url"), f"{where}.url", source), video=links.get("video", ""),
        slides=links.get("slides", ""),
    )


def _uid(raw: dict[str, Any], where: str, source: str, *, base: str, title: str) -> str:
    """The talk's guid, else a stable UUID5 of the schedule's URL and the talk's id."""
    guid = raw.get("guid")
    if isinstance(guid, str) and single_line(_writable(guid, f"{where}.guid", source)):
        return single_line(guid)
    ident = next((single_line(_writable(str(raw[key]), f"{where}.{key}", source))
                  for key in ("id", "code", "slug")
                  if isinstance(raw.get(key), str | int) and raw.get(key) != ""), "")
    date_text = raw.get("date") if isinstance(raw.get("date"), str) else ""
    ident = ident or f"{title}@{single_line(date_text)}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}#{ident}"))


def _has_time(raw: dict[str, Any], day_date: str) -> bool:
    """True when the entry gives a time of day (its date-time, or a start beside the day)."""
    value = raw.get("date")
    if value:
        return isinstance(value, str) and len(value.strip()) > len("YYYY-MM-DD")
    return bool(raw.get("start") and day_date)


def _talk_moment(raw: dict[str, Any], where: str, source: str, day_date: str,
                 zone: ZoneInfo | None) -> datetime:
    """The talk's start, turned into the conference's time zone when the schedule names one."""
    value = _text(raw.get("date"), f"{where}.date", source)
    if value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _fail(source, f"{where}.date",
                        f"{value!r} is not an ISO date and time") from None
        if zone is not None:
            return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)
        return moment
    start = _text(raw.get("start"), f"{where}.start", source)
    candidate = f"{day_date} {start}".strip()
    for fmt, width in (("%Y-%m-%d %H:%M", 16), ("%Y-%m-%d", 10)):
        try:
            moment = datetime.strptime(candidate[:width], fmt)
        except ValueError:
            continue
        return moment.replace(tzinfo=zone) if zone is not None else moment
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


def _persons(value: Any, where: str, source: str) -> tuple[Person, ...]:
    """The talk's speakers with a name, in schedule order, without duplicates."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(source, f"{where}.persons", "expected a list of speakers")
    persons: dict[str, Person] = {}
    for number, person in enumerate(value):
        here = f"{where}.persons[{number}]"
        if not isinstance(person, dict):
            raise _fail(source, here, "expected a speaker (an object)")
        name = (_text(person.get("public_name"), f"{here}.public_name", source)
                or _text(person.get("name"), f"{here}.name", source))
        if name and name not in persons:
            persons[name] = Person(name=name, biography=_body(
                person.get("biography"), f"{here}.biography", source))
    return tuple(persons.values())


def _links(value: Any, where: str, source: str) -> dict[str, str]:
    """The first video and slides URLs among the talk's links, by their titles or types."""
    found: dict[str, str] = {}
    for number, link in enumerate(value if isinstance(value, list) else []):
        if not isinstance(link, dict):
            continue
        label = " ".join(text for text in (link.get("title"), link.get("type"))
                         if isinstance(text, str)).casefold()
        url = _http_url(link.get("url"), f"{where}[{number}].url", source)
        if url and ("video" in label or "recording" in label):
            found.setdefault("video", url)
        elif url and "slide" in label:
            found.setdefault("slides", url)
    return found


def _http_url(value: Any, where: str, source: str) -> str:
    """A single-line http(s) URL, or "" for anything else."""
    url = single_line(_writable(value, where, source)) if isinstance(value, str) else ""
    return url if url.startswith(("https://", "http://")) and " " not in url else ""
