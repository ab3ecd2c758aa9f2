"""What each page template receives, computed from the graph: pure, one page at a time."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import InitVar, dataclass, fields
from datetime import date
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from typing import Any

from ..content.limits import ENTITIES_SHOWN
from ..content.names import fold
from ..graph.entities import Entity, Event, Package, Room, Series, Speaker, Talk
from ..graph.graph import Graph, count_entities, event_sort_key, most_frequent, talk_kind_order


@dataclass(frozen=True)
class EventSummary:
    """An event with its counts, for lists of events."""

    event: Event
    talk_count: int
    speaker_count: int


@dataclass(frozen=True)
class SpeakerSummary:
    """A speaker with counts, for the speakers index."""

    speaker: Speaker
    talk_count: int
    mention_count: int


@dataclass(frozen=True)
class PackageSummary:
    """A package with counts, for the packages index."""

    package: Package
    talk_count: int
    mention_count: int


@dataclass(frozen=True)
class RelatedTalk:
    """A talk related to a note, with the reason shown to readers ("also about htmx")."""

    talk: Talk
    reason: str


@dataclass(frozen=True)
class NoteView:
    """What a note's page shows beyond Pelican's article: its event, people and talks."""

    event: Event | None
    speakers: tuple[Speaker, ...]
    packages: tuple[Package, ...]
    talks: tuple[Talk, ...]
    kind: str
    previous: Any
    next: Any
    video: str
    slides: str
    room: Room | None = None
    graph: InitVar[Graph | None] = None

    def __post_init__(self, graph: Graph | None) -> None:
        object.__setattr__(self, "_graph", graph)

    def listed(self) -> tuple[Any, ...]:
        """What a list of notes may show of this note beyond the note itself, as plain data:
        the facts of its event (the home page lists recent events with dates and place), its
        speakers and packages, its kind and links.  Profile texts are left out: lists of notes
        never show them."""
        return (_facts(self.event), [_facts(s) for s in self.speakers],
                [_facts(p) for p in self.packages], self.kind, self.video, self.slides)

    @cached_property
    def related(self) -> tuple[RelatedTalk, ...]:
        """Talks related to this note, worked out when its page is rendered: in the worker
        process that renders it, and not at all when the page need not be rendered."""
        if self._graph is None:
            return ()
        return related_talks(self._graph, self.talks[0].source_path)


def _facts(entity: Entity | None) -> tuple[Any, ...] | None:
    """An entity's fields as plain data, without its profile text (an entity it refers to,
    such as an event's series, by slug, name and address)."""
    if entity is None:
        return None
    return tuple((f.name, _reference(getattr(entity, f.name))) for f in fields(entity)
                 if f.name != "body")


def _reference(value: Any) -> Any:
    """A field's value as plain data: an entity it names by slug, name and address."""
    return (value.slug, value.name, value.url) if isinstance(value, Entity) else value


def newest_first(talks: list[Talk]) -> list[Talk]:
    """Talks newest first; ties keep schedule order (note, then section)."""
    return sorted(talks, key=lambda t: t.date, reverse=True)


def summarize_event(graph: Graph, event: Event) -> EventSummary:
    """An event's talk and speaker counts."""
    talks = graph.event_talks.get(event.slug, [])
    speakers = {s for talk in talks for s in talk.speakers}
    return EventSummary(event, len(talks), len(speakers))


def group_by_event(talks: list[Talk]) -> list[tuple[Event | None, list[Talk]]]:
    """Talks grouped by event, the group with the newest talk first."""
    groups: dict[Event | None, list[Talk]] = defaultdict(list)
    for talk in newest_first(talks):
        groups[talk.event].append(talk)
    return list(groups.items())


def event_dates(event: Event) -> tuple[date | None, date | None]:
    """The first and last day of an event: a profile giving only Start (or only End) makes it
    a one-day event; without either, (None, None)."""
    return (event.start or event.end, event.end or event.start)


def split_by_event_dates(event: Event, talks: list[Talk]
                         ) -> tuple[list[Talk], list[Talk], list[Talk]]:
    """Talks dated before the event, during it and after it (a recap written a week later),
    each keeping its order. Without event dates, every talk counts as during."""
    first, last = event_dates(event)
    before, during, after = [], [], []
    for talk in talks:
        day = talk.date.date()
        if first is not None and day < first:
            before.append(talk)
        elif last is not None and day > last:
            after.append(talk)
        else:
            during.append(talk)
    return before, during, after


def schedule(event: Event, talks: list[Talk]) -> tuple[
        list[Talk], list[Talk], list[tuple[date, list[tuple[str, list[Talk]]]]], list[Talk]]:
    """Talks in schedule order (by day then kind), and split as event pages show them: before
    the event's dates, by day then kind within them, after them."""
    ordered = sorted(talks, key=lambda t: (t.date.date(), talk_kind_order(t.kind)))
    before, during, after = split_by_event_dates(event, ordered)
    days: list[tuple[date, list[tuple[str, list[Talk]]]]] = []
    for day, day_talks in groupby(during, key=lambda t: t.date.date()):
        by_kind = [(kind, list(group)) for kind, group in groupby(day_talks, key=lambda t: t.kind)]
        days.append((day, by_kind))
    return ordered, before, days, after


def event_page(graph: Graph, event: Event) -> dict[str, Any]:
    """The event page: talks by day then kind (notes dated outside the event's dates apart,
    before or after the days), speakers, packages, rooms, other editions."""
    talks = graph.event_talks.get(event.slug, [])
    ordered, before, days, after = schedule(event, talks)
    speakers = sorted(count_entities(talks, "speakers"), key=lambda item: fold(item[0].name))
    editions = []
    if event.series is not None:
        editions = [summarize_event(graph, other)
                    for other in reversed(graph.series_events.get(event.series.slug, []))
                    if other != event]
    return {"event": event, "days": days, "before": before, "after": after, "speakers": speakers,
            "packages": count_entities(talks, "packages"), "other_editions": editions,
            "page_title": event.name, "talks": ordered,
            "rooms": [(room, len(graph.room_talks.get(room.slug, [])))
                      for room in sorted(graph.event_rooms.get(event.slug, []),
                                         key=lambda r: (r.sort_key, r.slug))]}


def room_page(graph: Graph, room: Room) -> dict[str, Any]:
    """A room's page: its talks by day then kind, as its event's page shows them, and the
    speakers who spoke there."""
    talks = graph.room_talks.get(room.slug, [])
    event = room.event
    assert event is not None  # a room always belongs to an event
    ordered, before, days, after = schedule(event, talks)
    speakers = sorted(count_entities(talks, "speakers"), key=lambda item: fold(item[0].name))
    return {"room": room, "event": event, "days": days, "before": before, "after": after,
            "speakers": speakers, "page_title": f"{room.name} at {event.name}",
            "talks": ordered}


def series_page(graph: Graph, series: Series) -> dict[str, Any]:
    """The series page: its editions, newest first."""
    editions = [summarize_event(graph, edition)
                for edition in reversed(graph.series_events.get(series.slug, []))]
    return {"series": series, "editions": editions, "page_title": series.name}


def speaker_page(graph: Graph, speaker: Speaker) -> dict[str, Any]:
    """The speaker page: talks by event (newest first), co-speakers and packages (the most
    frequent ENTITIES_SHOWN of each, and how many more)."""
    talks = graph.speaker_talks.get(speaker.slug, [])
    mentions = newest_first(graph.speaker_mentions.get(speaker.slug, []))
    # One note naming a thousand speakers must not make each of their pages list the thousand.
    co_speakers, co_speakers_more = most_frequent(talks, "speakers", ENTITIES_SHOWN,
                                                  exclude=speaker)
    packages, packages_more = most_frequent(talks, "packages", ENTITIES_SHOWN)
    return {"speaker": speaker, "talks_by_event": group_by_event(talks), "mentions": mentions,
            "co_speakers": co_speakers, "co_speakers_more": co_speakers_more,
            "packages": packages, "packages_more": packages_more, "page_title": speaker.name,
            "talks": newest_first(talks)}


def package_page(graph: Graph, package: Package) -> dict[str, Any]:
    """The package page: talks by event and related packages (named in the same talks; the
    most frequent ENTITIES_SHOWN, and how many more)."""
    talks = graph.package_talks.get(package.slug, [])
    mentions = newest_first(graph.package_mentions.get(package.slug, []))
    related, related_more = most_frequent(talks, "packages", ENTITIES_SHOWN, exclude=package)
    return {"package": package, "talks_by_event": group_by_event(talks), "mentions": mentions,
            "related": related, "related_more": related_more,
            "page_title": package.name, "talks": newest_first(talks)}


def events_index(graph: Graph) -> dict[str, Any]:
    """Every event by year (newest first), then series.

    An event with neither profile dates nor published notes has no year: it is listed last,
    under "Undated", never under 0.
    """
    by_year: dict[int, dict[Series | None, list[EventSummary]]] = defaultdict(dict)
    for event in sorted(graph.events.values(), key=event_sort_key):
        by_year[event.year].setdefault(event.series, []).append(summarize_event(graph, event))
    years = []
    for year in sorted(by_year, reverse=True):
        groups = sorted(by_year[year].items(),
                        key=lambda item: (item[0] is None, fold(item[0].name) if item[0] else ""))
        years.append((str(year) if year else "Undated", groups))
    return {"years": years, "has_series": bool(graph.series), "page_title": "Events"}


def series_index(graph: Graph) -> dict[str, Any]:
    """Every series A to Z, each with its editions, newest first."""
    listing = [(series, series_page(graph, series)["editions"])
               for series in sorted(graph.series.values(), key=lambda s: fold(s.name))]
    return {"series_list": listing, "page_title": "Series"}


def speakers_index(graph: Graph) -> dict[str, Any]:
    """Every speaker A to Z, grouped by initial, with counts; names that start with no letter
    (digits, punctuation, `«`) together first, under "#"."""
    summaries = sorted(
        (SpeakerSummary(s, len(graph.speaker_talks.get(s.slug, [])),
                        len(graph.speaker_mentions.get(s.slug, [])))
         for s in graph.speakers.values()),
        key=lambda summary: (_initial(summary) != "#", fold(summary.speaker.name)))
    letters = [(letter, list(group)) for letter, group in groupby(summaries, key=_initial)]
    return {"letters": letters, "page_title": "Speakers"}


def packages_index(graph: Graph) -> dict[str, Any]:
    """Every package A to Z with counts."""
    summaries = sorted(
        (PackageSummary(p, len(graph.package_talks.get(p.slug, [])),
                        len(graph.package_mentions.get(p.slug, [])))
         for p in graph.packages.values()),
        key=lambda summary: fold(summary.package.name))
    return {"packages": summaries, "page_title": "Packages"}


def _initial(summary: SpeakerSummary) -> str:
    first = fold(summary.speaker.name)[:1].upper()
    return first if first.isalpha() else "#"


def note_views(graph: Graph) -> dict[str, NoteView]:
    """The NoteView of every note, with previous and next notes of the same event."""
    neighbours: dict[str, tuple[Any, Any]] = {}
    for paths in graph.event_notes.values():
        articles = [graph.note_talks[p][0].note for p in paths]
        for index, path in enumerate(paths):
            previous = articles[index - 1] if index > 0 else None
            following = articles[index + 1] if index + 1 < len(articles) else None
            neighbours[path] = (previous, following)
    views = {}
    for path, talks in graph.note_talks.items():
        article = talks[0].note
        previous, following = neighbours.get(path, (None, None))
        views[path] = NoteView(
            event=graph.note_event[path], speakers=graph.note_speakers[path],
            packages=graph.note_packages[path], talks=talks,
            kind=talks[0].kind, previous=previous, next=following,
            video=str(getattr(article, "video", "") or ""),
            slides=str(getattr(article, "slides", "") or ""),
            room=graph.note_room.get(path), graph=graph)
    return views


RELATED_LIMIT = 5
CANDIDATES_PER_ENTITY = 60
WEIGHTS = {"speaker": 3, "package": 2, "event": 1}
_RANK = itemgetter(0, 1, 2)  # score, newest first, then URL: never compares talks


def related_talks(graph: Graph, source_path: str) -> tuple[RelatedTalk, ...]:
    """Talks of other notes sharing speakers, packages or the event, best first.

    Each shared speaker scores 3, package 2, the event 1; only the newest talks of each entity
    are considered, so the cost per note stays bounded on large archives.
    """
    scores: dict[Talk, int] = defaultdict(int)
    reasons: dict[Talk, str] = {}
    sources = [("speaker", s, graph.speaker_talks.get(s.slug, []), f"also by {s.name}")
               for s in graph.note_speakers[source_path]]
    sources += [("package", p, graph.package_talks.get(p.slug, []), f"also about {p.name}")
                for p in graph.note_packages[source_path]]
    event = graph.note_event[source_path]
    if event is not None:
        sources.append(("event", event, graph.event_talks.get(event.slug, []),
                        f"also at {event.name}"))
    # Sources come heaviest first, so a talk's first reason is also its weightiest.
    for kind, _entity, talks, reason in sources:
        weight = WEIGHTS[kind]
        for talk in talks[-CANDIDATES_PER_ENTITY:]:
            if talk.source_path != source_path:
                scores[talk] += weight
                reasons.setdefault(talk, reason)
    ranked = heapq.nsmallest(RELATED_LIMIT, [(-score, -talk.timestamp, talk.url, talk)
                                             for talk, score in scores.items()],
                             key=_RANK)
    return tuple(RelatedTalk(talk, reasons[talk]) for *_, talk in ranked)
