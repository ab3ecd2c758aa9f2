"""Speakers, packages, events, series and rooms: value objects compared by type and slug."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from ..content.names import fold


class LiveBody:
    """A profile's body, rendered for the page being written.

    Pelican resolves `{filename}` links per output location (relative in development,
    absolute when publishing); printing the body asks the profile's Page at that moment.
    `empty` (the body has no text) is told by the generator, which reads the Page's HTML.
    """

    def __init__(self, page: Any, empty: bool) -> None:
        self.page = page
        self.empty = empty

    def __html__(self) -> str:
        return self.page.content

    def __str__(self) -> str:
        return self.page.content

    def __bool__(self) -> bool:
        return not self.empty


@dataclass(frozen=True, eq=False)
class Entity:
    """Something a note can name that gets a page of its own."""

    slug: str
    name: str
    url: str
    save_as: str
    aliases: tuple[str, ...] = ()
    body: Any = ""
    source_path: str = ""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.slug == self.slug  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.slug)  # equality still tells kinds apart

    def __str__(self) -> str:
        return self.name

    @cached_property
    def sort_key(self) -> str:
        """The name folded for A-to-Z order, worked out once: a talk with a thousand speakers
        puts each of them in a thousand sorted lists."""
        return fold(self.name)


@dataclass(frozen=True, eq=False)
class Speaker(Entity):
    """A person who gave a talk or is mentioned in notes."""

    website: str = ""
    mastodon: str = ""
    bluesky: str = ""
    github: str = ""
    affiliation: str = ""
    autolink: str = ""  # the profile's `Autolink` value, folded: "yes", "no" or "" (names decide)


@dataclass(frozen=True, eq=False)
class Package(Entity):
    """A software package (compared the PyPI way) that talks are about."""

    pypi: str = ""
    repository: str = ""
    documentation: str = ""
    summary: str = ""


@dataclass(frozen=True, eq=False)
class Series(Entity):
    """The editions of one recurring event (DjangoCon Europe 2019 ... 2026)."""


@dataclass(frozen=True, eq=False)
class Event(Entity):
    """One conference, sprint, workshop, meetup or podcast."""

    series: Series | None = None
    kind: str = "conference"
    start: date | None = None
    end: date | None = None
    year: int = 0
    city: str = ""
    country: str = ""
    website: str = ""


@dataclass(frozen=True, eq=False)
class Room(Entity):
    """A room (or track) of one event: its slug is `<event slug>/<room slug>`."""

    event: Event | None = None
    capacity: str = ""
    floor: str = ""
    track: str = ""


@dataclass(frozen=True, eq=False)
class Talk:
    """One talk: a whole single-talk note, or one section of a multi-talk note.

    Compared by identity: the graph makes exactly one Talk per talk.
    """

    title: str
    url: str
    anchor: str
    note: Any = field(compare=False, repr=False)
    source_path: str
    speakers: tuple[Speaker, ...]
    packages: tuple[Package, ...]
    kind: str
    date: datetime
    event: Event | None
    room: Room | None = None

    @cached_property
    def timestamp(self) -> float:
        """The date as a POSIX timestamp, worked out once: lists sort talks by it often."""
        return self.date.timestamp()

