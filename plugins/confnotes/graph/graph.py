"""The entity graph: events, series, speakers, packages, rooms and their talks, in one pass.

Pure: records in, graph out.  No Pelican objects are inspected here beyond carrying a note's
Article through to the templates.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ..content.headers import parse_date
from ..content.names import clean_name, fold, make_slug, package_key, person_key, split_names
from ..content.talks import Section
from ..settings import ConfnotesSettings
from .entities import Entity, Event, Package, Room, Series, Speaker, Talk
from .kinds import EVENT, PACKAGE, ROOM, SERIES, SPEAKER

KINDS = ("keynote", "talk", "tutorial", "workshop", "panel", "lightning", "sprint", "podcast",
         "other")
EVENT_KINDS = ("conference", "sprint", "workshop", "meetup", "podcast")


@dataclass(frozen=True)
class Profile:
    """A profile as read from its kind's folder: content/<kind>s/<slug>.md (a room's slug is
    `<event folder>/<room slug>`, from content/rooms/<event-slug>/<room-slug>.md)."""

    kind: str
    slug: str
    metadata: dict[str, Any]
    body: Any
    source_path: str
    page: Any = field(default=None, compare=False, repr=False)

    def get(self, key: str) -> str:
        """A header value as a stripped string ('' when absent)."""
        value = self.metadata.get(key, "")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        return str(value).strip()


@dataclass(frozen=True)
class NoteRecord:
    """What the graph needs to know about one published note."""

    source_path: str
    title: str
    slug: str
    date: datetime
    url: str
    event: str
    speakers: tuple[str, ...]
    packages: tuple[str, ...]
    kind: str
    sections: tuple[Section, ...]
    article: Any = field(compare=False, repr=False, default=None)
    room: str = ""


@dataclass(frozen=True)
class Problem:
    """A warning about content found while building the graph (file and what to do)."""

    source_path: str
    message: str
    # A "probable duplicate" warning: a build shows the first few, `check` every one.
    duplicate: bool = False


@dataclass
class Graph:
    """Every entity and the talks that link them, in both directions."""

    speakers: dict[str, Speaker]
    packages: dict[str, Package]
    events: dict[str, Event]
    series: dict[str, Series]
    talks: list[Talk]
    note_talks: dict[str, tuple[Talk, ...]]
    note_url: dict[str, str]
    note_event: dict[str, Event | None]
    note_speakers: dict[str, tuple[Speaker, ...]]
    note_packages: dict[str, tuple[Package, ...]]
    event_talks: dict[str, list[Talk]]
    speaker_talks: dict[str, list[Talk]]
    package_talks: dict[str, list[Talk]]
    series_events: dict[str, list[Event]]
    event_notes: dict[str, list[str]]
    speaker_mentions: dict[str, list[Talk]]
    package_mentions: dict[str, list[Talk]]
    speaker_keys: dict[str, Speaker]
    package_keys: dict[str, Package]
    event_keys: dict[str, Event]
    problems: list[Problem]
    rooms: dict[str, Room] = field(default_factory=dict)
    room_talks: dict[str, list[Talk]] = field(default_factory=lambda: defaultdict(list))
    event_rooms: dict[str, list[Room]] = field(default_factory=lambda: defaultdict(list))
    note_room: dict[str, Room | None] = field(default_factory=dict)

    def find_speaker(self, name_or_slug: str) -> Speaker | None:
        """Resolve a speaker by slug, name or alias."""
        return self.speakers.get(name_or_slug) or self.speaker_keys.get(person_key(name_or_slug))

    def find_package(self, name_or_slug: str) -> Package | None:
        """Resolve a package by slug, name or alias (compared the PyPI way)."""
        return self.packages.get(name_or_slug) or self.package_keys.get(package_key(name_or_slug))

    def find_event(self, name_or_slug: str) -> Event | None:
        """Resolve an event by slug, name or alias."""
        return self.events.get(name_or_slug) or self.event_keys.get(fold(name_or_slug))

    def find_room(self, event: Event, name_or_slug: str) -> Room | None:
        """Resolve a room of an event by slug, name or alias."""
        key = fold(name_or_slug)
        return next((room for room in self.event_rooms.get(event.slug, ())
                     if key in (fold(room.name), fold(room.slug.rpartition("/")[2]),
                                *map(fold, room.aliases))), None)


class _Registry:
    """Entities of one kind, found by folded name, created on first mention."""

    def __init__(self, key: Callable[[str], str], make: Callable[[str, str], Entity],
                 slug_of: Callable[[str], str], problems: list[Problem], label: str) -> None:
        self.by_key: dict[str, Entity] = {}
        self.by_slug: dict[str, Entity] = {}
        self._key, self._make, self._slug_of = key, make, slug_of
        self._problems, self._label = problems, label

    def add(self, entity: Entity, names: Iterable[str]) -> None:
        """Register an entity (from a profile) under its slug, name and aliases."""
        self.by_slug[entity.slug] = entity
        for name in names:
            key = self._key(name)
            owner = self.by_key.get(key)
            if owner is not None and owner != entity:
                self._problems.append(Problem(entity.source_path, (
                    f"the {self._label} name {name!r} is also used by {owner.source_path}; "
                    "remove it from one profile's Aliases.")))
                continue
            self.by_key[key] = entity

    def resolve(self, name: str) -> Entity:
        """The entity a name refers to, created (named as first written) when new."""
        key = self._key(name)
        found = self.by_key.get(key) or self.by_slug.get(name)
        if found is not None:
            return found
        base = self._slug_of(name)
        slug, counter = base, 2
        while slug in self.by_slug:
            slug, counter = f"{base}-{counter}", counter + 1
        entity = self._make(slug, clean_name(name))
        self.by_slug[slug] = entity
        self.by_key[key] = entity
        return entity


class _Registries:
    """The speaker, package, event and series registries of one build."""

    def __init__(self, settings: ConfnotesSettings, slug_subs: list[tuple[str, str]],
                 problems: list[Problem]) -> None:
        self.settings, self.slug_subs = settings, slug_subs
        self.speakers = _Registry(SPEAKER.key, lambda slug, name: _speaker(settings, slug, name),
                                  self.slug, problems, SPEAKER.name)
        self.packages = _Registry(PACKAGE.key, lambda slug, name: _package(settings, slug, name),
                                  lambda name: self.slug(PACKAGE.key(name)), problems,
                                  PACKAGE.name)
        self.events = _Registry(EVENT.key, lambda slug, name: _event_stub(settings, slug, name),
                                self.slug, problems, EVENT.name)
        self.event_profiles: dict[str, Profile] = {}
        self.room_profiles: list[Profile] = []
        self.series: dict[str, Series] = {}

    def slug(self, name: str) -> str:
        """A slug made with the site's slug substitutions."""
        return make_slug(name, self.slug_subs)

    def add_profile(self, profile: Profile) -> None:
        """Register a profile's entity under its slug, name and aliases."""
        aliases = split_names(profile.get("aliases"))
        if profile.kind == "speaker":
            speaker = _speaker_from(self.settings, profile)
            self.speakers.add(speaker, [speaker.name, profile.slug, *aliases])
        elif profile.kind == "package":
            package = _package_from(self.settings, profile)
            self.packages.add(package, [package.name, profile.slug, *aliases])
        elif profile.kind == "event":
            stub = _event_stub(self.settings, profile.slug, profile.get("name") or profile.slug)
            self.event_profiles[profile.slug] = profile
            self.events.add(stub, [stub.name, profile.slug, *aliases])
        elif profile.kind == "room":  # read once every event is known (see _Rooms)
            self.room_profiles.append(profile)

    def series_for(self, name: str) -> Series | None:
        """The series of that name, created on first use."""
        if not name:
            return None
        key = fold(name)
        if key not in self.series:
            slug = self.slug(name)
            url, save_as = SERIES.urls(self.settings, slug)
            self.series[key] = Series(slug=slug, name=clean_name(name), url=url, save_as=save_as)
        return self.series[key]


class _Rooms:
    """The rooms of each event, from profiles and notes' Room headers (found by folded name)."""

    def __init__(self, registries: _Registries, events: dict[str, Event],
                 problems: list[Problem]) -> None:
        self._registries, self._events, self._problems = registries, events, problems
        self.by_event: dict[str, _Registry] = {}

    def find_event(self, name_or_slug: str) -> Event | None:
        """An event of the site by slug, name or alias (never a new one)."""
        stub = (self._registries.events.by_slug.get(name_or_slug)
                or self._registries.events.by_key.get(fold(name_or_slug)))
        return self._events.get(stub.slug) if stub is not None else None

    def registry(self, event: Event) -> _Registry:
        """The rooms of one event."""
        if event.slug not in self.by_event:
            self.by_event[event.slug] = _Registry(
                ROOM.key, lambda slug, name: self._room(event, slug, name),
                lambda name: f"{event.slug}/{self._registries.slug(name)}", self._problems,
                ROOM.name)
        return self.by_event[event.slug]

    def _room(self, event: Event, slug: str, name: str, **facts: Any) -> Room:
        url, save_as = ROOM.urls(self._registries.settings, slug.rpartition("/")[2],
                                 event=event.slug)
        return Room(slug=slug, name=name, url=url, save_as=save_as, event=event, **facts)

    def add_profile(self, profile: Profile) -> None:
        """Register a room profile under its event, or report why it cannot be."""
        folder, _, stem = profile.slug.rpartition("/")
        if not folder:
            self._problems.append(Problem(profile.source_path, (
                "a room profile belongs in the folder of its event: move it to "
                f"content/rooms/<event-slug>/{stem}.md; it is ignored.")))
            return
        if "/" in folder:
            self._problems.append(Problem(profile.source_path, (
                "a room profile sits directly in the folder of its event: move it to "
                f"content/rooms/<event-slug>/{stem}.md; it is ignored.")))
            return
        event = self.find_event(folder)
        if event is None:
            self._problems.append(Problem(profile.source_path, (
                f"this room's folder {folder!r} names no event of the site, so the room is "
                "ignored; rename the folder to an event's slug (as in its /events/ page "
                f"address) or add an event profile content/events/{folder}.md.")))
            return
        aliases = split_names(profile.get("aliases"))
        name = clean_name(profile.get("name") or stem)
        registry = self.registry(event)
        taken = registry.by_slug.get(f"{event.slug}/{stem}") or registry.by_key.get(ROOM.key(name))
        if taken is not None:  # one room, one page: the first profile keeps it
            self._problems.append(Problem(profile.source_path, (
                f"this room profile names the room {name!r} of {event.name}, which "
                f"{taken.source_path} already describes; it is ignored. Merge the two files "
                "(another spelling goes in Aliases).")))
            return
        room = self._room(
            event, f"{event.slug}/{stem}", name,
            aliases=tuple(aliases), body=profile.body, source_path=profile.source_path,
            capacity=profile.get("capacity"), floor=profile.get("floor"),
            track=profile.get("track"))
        registry.add(room, [room.name, stem, *aliases])

    def for_note(self, note: NoteRecord, event: Event | None) -> Room | None:
        """The room a note's Room header names (created on first mention), if it has one."""
        if not note.room:
            return None
        if event is None:
            self._problems.append(Problem(note.source_path, (
                f"Room {note.room!r} is ignored: a room belongs to an event and this note has "
                "no Event. Add an Event header, or remove the Room line.")))
            return None
        return self.registry(event).resolve(note.room)  # type: ignore[return-value]


@dataclass(frozen=True)
class _ResolvedNote:
    """A note with every name it uses resolved to an entity."""

    note: NoteRecord
    event_slug: str | None
    speakers: list[Speaker]
    packages: list[Package]
    section_speakers: list[list[Speaker]]


def build_graph(notes: Iterable[NoteRecord], profiles: Iterable[Profile],
                settings: ConfnotesSettings, slug_subs: list[tuple[str, str]]) -> Graph:
    """Build the whole graph in one pass over the profiles and one over the notes."""
    problems: list[Problem] = []
    registries = _Registries(settings, slug_subs, problems)
    for profile in profiles:
        registries.add_profile(profile)
    resolved = [_resolve(note, registries)
                for note in sorted(notes, key=lambda n: (n.date, n.source_path))]
    events = _complete_events(registries, resolved, problems)
    rooms = _Rooms(registries, events, problems)
    for profile in registries.room_profiles:
        rooms.add_profile(profile)
    note_rooms = {item.note.source_path: rooms.for_note(
        item.note, events[item.event_slug] if item.event_slug is not None else None)
        for item in resolved}
    graph = Graph(
        speakers=dict(registries.speakers.by_slug), packages=dict(registries.packages.by_slug),
        events=events, series={s.slug: s for s in registries.series.values()}, talks=[],
        note_talks={}, note_url={}, note_event={}, note_speakers={}, note_packages={},
        event_talks=defaultdict(list), speaker_talks=defaultdict(list),
        package_talks=defaultdict(list), series_events=defaultdict(list),
        event_notes=defaultdict(list), speaker_mentions=defaultdict(list),
        package_mentions=defaultdict(list), speaker_keys=registries.speakers.by_key,
        package_keys=registries.packages.by_key,
        event_keys={key: events[stub.slug] for key, stub in registries.events.by_key.items()},
        problems=problems,
        rooms={room.slug: room for registry in rooms.by_event.values()  # type: ignore[misc]
               for room in registry.by_slug.values()},
    )
    for room in graph.rooms.values():
        graph.event_rooms[room.event.slug].append(room)  # type: ignore[union-attr]
    for item in resolved:
        _add_note(graph, item, settings, note_rooms[item.note.source_path])
    for event in sorted(events.values(), key=event_sort_key):
        if event.series is not None:
            graph.series_events[event.series.slug].append(event)
    return graph


def record_mentions(graph: Graph, source_path: str,
                    mentions: Iterable[tuple[str, Entity, str]]) -> None:
    """Record (kind, entity, section anchor) mentions found in one note's text.

    A mention counts against the talk of its section (or the whole note); a talk never counts
    as mentioning its own speakers or packages.
    """
    talks = graph.note_talks[source_path]
    by_anchor = {talk.anchor: talk for talk in talks}
    seen: set[tuple[str, str, str]] = set()
    for kind, entity, section in mentions:
        talk = by_anchor.get(section)
        if talk is None:
            talk = talks[0] if len(talks) == 1 else _whole_note(graph, talks[0])
        own = talk.speakers if kind == "speaker" else talk.packages
        key = (kind, entity.slug, talk.url)
        if entity in own or key in seen:
            continue
        seen.add(key)
        target = graph.speaker_mentions if kind == "speaker" else graph.package_mentions
        target[entity.slug].append(talk)


def _whole_note(graph: Graph, first_talk: Talk) -> Talk:
    """A multi-talk note as a whole, for mentions outside its sections."""
    path = first_talk.source_path
    return Talk(title=first_talk.note.title if first_talk.note is not None else first_talk.title,
                url=graph.note_url[path], anchor="", note=first_talk.note, source_path=path,
                speakers=graph.note_speakers[path], packages=graph.note_packages[path],
                kind=first_talk.kind, date=first_talk.date, event=first_talk.event,
                room=first_talk.room)


def _resolve(note: NoteRecord, registries: _Registries) -> _ResolvedNote:
    """Resolve a note's event, speakers and packages (creating entities named as written)."""
    stub = registries.events.resolve(note.event) if note.event else None
    return _ResolvedNote(
        note=note, event_slug=stub.slug if stub else None,
        speakers=[registries.speakers.resolve(n) for n in note.speakers],
        packages=[registries.packages.resolve(n) for n in note.packages],
        section_speakers=[[registries.speakers.resolve(n) for n in s.speaker_names]
                          for s in note.sections])


def _complete_events(registries: _Registries, resolved: list[_ResolvedNote],
                     problems: list[Problem]) -> dict[str, Event]:
    """Every event with its profile's facts and its year (see `event_year`)."""
    note_years: dict[str, list[int]] = defaultdict(list)
    for item in resolved:
        if item.event_slug is not None:
            note_years[item.event_slug].append(item.note.date.year)
    return {slug: _event_from(registries, stub, registries.event_profiles.get(slug),
                              usual_year(note_years.get(slug, ())), problems)
            for slug, stub in registries.events.by_slug.items()}


def usual_year(years: Iterable[int]) -> int:
    """The year most of an event's notes share (0 when it has none).

    One note with a placeholder date (1970-01-01) cannot move the event: a tie goes to the
    later year, since placeholders sit in the past.
    """
    counts = Counter(years)
    if not counts:
        return 0
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _add_note(graph: Graph, item: _ResolvedNote, settings: ConfnotesSettings,
              room: Room | None = None) -> None:
    """Add one note's talks to the graph, in both directions."""
    note = item.note
    event = graph.events[item.event_slug] if item.event_slug is not None else None
    url = note.url
    if event is not None:
        url = settings.event_note_url.format(event=event.slug, slug=note.slug)
        graph.event_notes[event.slug].append(note.source_path)
    talks = _note_talks(note, url, event, item.speakers, item.packages, item.section_speakers)
    if room is not None:
        talks = tuple(replace(talk, room=room) for talk in talks)
        graph.room_talks[room.slug].extend(talks)
    graph.note_room[note.source_path] = room
    graph.note_url[note.source_path] = url
    graph.note_talks[note.source_path] = talks
    graph.note_event[note.source_path] = event
    graph.note_speakers[note.source_path] = tuple(
        _unique([*item.speakers, *(s for t in talks for s in t.speakers)]))
    graph.note_packages[note.source_path] = tuple(_unique(item.packages))
    for talk in talks:
        graph.talks.append(talk)
        if event is not None:
            graph.event_talks[event.slug].append(talk)
        for speaker in talk.speakers:
            graph.speaker_talks[speaker.slug].append(talk)
        for package in talk.packages:
            graph.package_talks[package.slug].append(talk)


def _unique(items: Iterable[Entity]) -> list[Any]:
    """Items without repeats, first occurrence kept."""
    return list(dict.fromkeys(items))


def _note_talks(  # noqa: PLR0917 - one note's resolved parts, named at the call site
        note: NoteRecord, url: str, event: Event | None, note_speakers: list[Speaker],
        note_packages: list[Package], section_speakers: list[list[Speaker]],
) -> tuple[Talk, ...]:
    """A note's talks: one per section of a multi-talk note, else the whole note."""
    if not note.sections:
        return (Talk(title=note.title, url=url, anchor="", note=note.article,
                     source_path=note.source_path, speakers=tuple(_unique(note_speakers)),
                     packages=tuple(_unique(note_packages)), kind=note.kind, date=note.date,
                     event=event),)
    talks = []
    for section, speakers_of_section in zip(note.sections, section_speakers, strict=True):
        talks.append(Talk(
            title=section.title, url=f"{url}#{section.anchor}", anchor=section.anchor,
            note=note.article, source_path=note.source_path,
            speakers=tuple(_unique(speakers_of_section)),
            packages=tuple(packages_named_in(section.text, note_packages)),
            kind=note.kind, date=note.date, event=event))
    return tuple(talks)


def packages_named_in(text: str, candidates: list[Package]) -> list[Package]:
    """The note's packages whose name or alias appears (as a whole word) in a section's text."""
    found = []
    lowered = text.casefold()
    for package in _unique(candidates):
        names = {package.name, package.slug, *package.aliases}
        for name in names:
            pattern = r"(?<![\w-])" + re.escape(name.casefold()) + r"(?![\w-])"
            if re.search(pattern, lowered):
                found.append(package)
                break
    return found


def _speaker(settings: ConfnotesSettings, slug: str, name: str) -> Speaker:
    url, save_as = SPEAKER.urls(settings, slug)
    return Speaker(slug=slug, name=name, url=url, save_as=save_as)


def _package(settings: ConfnotesSettings, slug: str, name: str) -> Package:
    url, save_as = PACKAGE.urls(settings, slug)
    return Package(slug=slug, name=name, url=url, save_as=save_as)


def _event_stub(settings: ConfnotesSettings, slug: str, name: str) -> Event:
    url, save_as = EVENT.urls(settings, slug)
    return Event(slug=slug, name=name, url=url, save_as=save_as)


def _speaker_from(settings: ConfnotesSettings, profile: Profile) -> Speaker:
    url, save_as = SPEAKER.urls(settings, profile.slug)
    return Speaker(
        slug=profile.slug, name=clean_name(profile.get("name") or profile.slug), url=url,
        save_as=save_as, aliases=tuple(split_names(profile.get("aliases"))), body=profile.body,
        source_path=profile.source_path, website=profile.get("website"),
        mastodon=profile.get("mastodon"), bluesky=profile.get("bluesky"),
        github=profile.get("github"), affiliation=profile.get("affiliation"),
        autolink=profile.get("autolink").lower())


def _package_from(settings: ConfnotesSettings, profile: Profile) -> Package:
    url, save_as = PACKAGE.urls(settings, profile.slug)
    return Package(
        slug=profile.slug, name=clean_name(profile.get("name") or profile.slug), url=url,
        save_as=save_as, aliases=tuple(split_names(profile.get("aliases"))), body=profile.body,
        source_path=profile.source_path, pypi=profile.get("pypi"),
        repository=profile.get("repository"), documentation=profile.get("documentation"),
        summary=profile.get("summary"))


def _event_from(registries: _Registries, stub: Event, profile: Profile | None, year: int,
                problems: list[Problem]) -> Event:
    """The full Event: a profile's facts, or a stub named as first written."""
    if profile is None:
        return Event(slug=stub.slug, name=stub.name, url=stub.url, save_as=stub.save_as,
                     year=year)
    start, end = _date(profile.get("start")), _date(profile.get("end"))
    kind = profile.get("kind").lower() or "conference"
    if kind not in EVENT_KINDS:
        problems.append(Problem(profile.source_path, (
            f"event Kind {kind!r} is not one of {', '.join(EVENT_KINDS)}; using 'conference'.")))
        kind = "conference"
    return Event(
        slug=stub.slug, name=stub.name, url=stub.url, save_as=stub.save_as,
        aliases=tuple(split_names(profile.get("aliases"))), body=profile.body,
        source_path=profile.source_path, series=registries.series_for(profile.get("series")),
        kind=kind, start=start, end=end, year=(start or end).year if (start or end) else year,
        city=profile.get("city"), country=profile.get("country"),
        website=profile.get("website"))


def _date(value: str) -> date | None:
    parsed = parse_date(value) if value else None
    return parsed.date() if parsed else None


def event_sort_key(event: Event) -> tuple:
    """Events in time order: by start (or year), then name."""
    return (event.start or date(event.year or 1, 1, 1), event.name.casefold())


def talk_kind_order(kind: str) -> int:
    """Position of a talk kind in an event's schedule."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def count_entities(talks: Iterable[Talk], attribute: str,
                   exclude: Entity | None = None) -> list[tuple[Any, int]]:
    """(entity, count) over the talks' speakers or packages, most first, then by name."""
    return sorted(_counted(talks, attribute, exclude), key=_most_then_name)


def most_frequent(talks: Iterable[Talk], attribute: str, limit: int,
                  exclude: Entity | None = None) -> tuple[list[tuple[Any, int]], int]:
    """The first `limit` of count_entities(), and how many more there are, without sorting
    them all (a speaker of a talk with a thousand speakers has a thousand co-speakers)."""
    counted = _counted(talks, attribute, exclude)
    shown = heapq.nsmallest(limit, counted, key=_most_then_name)
    return shown, len(counted) - len(shown)


def _counted(talks: Iterable[Talk], attribute: str,
             exclude: Entity | None) -> list[tuple[Any, int]]:
    """(entity, number of the talks naming it), by slug: slugs hash faster than entities."""
    counts: Counter[str] = Counter()
    entities: dict[str, Any] = {}
    for talk in talks:
        named = {entity.slug: entity for entity in getattr(talk, attribute)}
        entities.update(named)
        counts.update(named.keys())
    if exclude is not None:
        counts.pop(exclude.slug, None)
    return [(entities[slug], count) for slug, count in counts.items()]


def _most_then_name(item: tuple[Any, int]) -> tuple[int, str]:
    """Order (entity, count) pairs most first, then by folded name."""
    return -item[1], item[0].sort_key
