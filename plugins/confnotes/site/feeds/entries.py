"""Feed entries: one per note or per talk, each computed once and shared by every feed.

An entry's content is the note's full sanitised HTML with every URL absolute, after a byline
naming its speakers and event.  A talk of a multi-talk note gets the HTML of its own section:
from its `## Title - Speaker` heading up to the next level-2 heading.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import cached_property
from html import escape
from typing import Any

from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

from ...content.limits import SPEAKERS_SHOWN
from ...content.moments import aware
from ...graph.entities import Entity, Talk
from ..outputs import Site
from . import ids as feedids
from .absolute import absolute_html, xml_safe

WEB_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Person:
    """An author or a speaker: a name (never empty) and, for speakers, their page."""

    name: str
    url: str = ""


@dataclass(frozen=True)
class Category:
    """An event, package or tag an entry is filed under."""

    term: str
    scheme: str


@dataclass(frozen=True)
class Entry:
    """One feed entry, in every format."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    authors: tuple[Person, ...]
    speakers: tuple[Person, ...]
    categories: tuple[Category, ...]
    content: str = field(repr=False)
    lang: str = ""
    note: Any = field(default=None, compare=False, repr=False)  # what a live refresh tracks

    @property
    def content_xml(self) -> Markup:
        """The content escaped for XML text (done per feed: cheaper than keeping a copy)."""
        return Markup(escape(self.content, quote=False))

    @cached_property
    def published_iso(self) -> str:
        """RFC 3339, with the offset."""
        return iso(self.published)

    @cached_property
    def updated_iso(self) -> str:
        """RFC 3339, with the offset."""
        return iso(self.updated)

    @cached_property
    def published_rfc822(self) -> str:
        """RFC 822, for RSS."""
        return format_datetime(aware(self.published))


def iso(moment: datetime) -> str:
    """RFC 3339 with a numeric offset (or Z)."""
    return aware(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def index_url(save_as: str) -> str:
    """The URL of an index page from where it is saved ("tags/index.html" -> "tags/")."""
    return save_as.removesuffix("index.html")


class EntryFactory:
    """Builds entries on first use and keeps them for every other feed they appear in."""

    def __init__(self, site: Site, site_url: str) -> None:
        self._site, self._graph, self._site_url = site, site.graph, site_url
        keys = {article.source_path: feedids.source_key(article) for article in site.articles}
        self._uuids, self.duplicates = feedids.note_uuids(
            (keys[article.source_path], article) for article in site.articles)
        self._by_source = {path: self._uuids[key] for path, key in keys.items()}
        self._keys = keys
        # Keyed on the note's text too: a live refresh changes it in place (see live.py).
        self._notes: dict[tuple[str, str], Entry] = {}
        self._talks: dict[tuple[str, str, str], Entry] = {}
        self._sections: dict[tuple[str, str], dict[str, str]] = {}
        self._schemes = {
            "event": self.absolute(index_url(site.confnotes.events_save_as)),
            "package": self.absolute(index_url(site.confnotes.packages_save_as)),
            "tag": self.absolute(index_url(site.settings.get("TAGS_SAVE_AS") or "")
                                 or site.settings.get("TAGS_URL") or "tags/"),
        }
        fallback = str(site.settings.get("AUTHOR") or site.settings.get("SITENAME") or "")
        self.feed_author = Person(xml_safe(fallback.strip()) or "confnotes")

    def absolute(self, url: str) -> str:
        """A site-relative URL made absolute."""
        if url.startswith(WEB_SCHEMES):
            return url
        return f"{self._site_url}/{url.lstrip('/')}"

    def note_order(self, article: Any) -> tuple:
        """Newest first; ties broken by entry id, which no rename or move changes."""
        return (-aware(article.date).timestamp(), self._by_source[article.source_path].hex)

    def talk_order(self, talk: Talk) -> tuple:
        """Newest first; ties broken by note id, then the talks' order in their note."""
        position = next((index for index, other in enumerate(
            self._graph.note_talks.get(talk.source_path, ())) if other.anchor == talk.anchor), 0)
        return (-aware(talk.date).timestamp(), self._note_uuid(talk.source_path).hex, position)

    def _note_uuid(self, source_path: str) -> uuid.UUID:
        """A note's UUID from its graph source path."""
        return self._uuids[source_path.replace("\\", "/")]

    def note(self, article: Any) -> Entry:
        """The entry of a whole note."""
        key = (article.source_path, self._site.html_of(article))
        entry = self._notes.get(key)
        if entry is None:
            entry = self._notes[key] = self._note_entry(article, self._keys[article.source_path])
        return entry

    def talk(self, talk: Talk) -> Entry:
        """The entry of a talk: its note's for a single-talk note, else its section's."""
        if not talk.anchor:
            return self.note(talk.note)
        key = (talk.source_path, talk.anchor, self._site.html_of(talk.note))
        entry = self._talks.get(key)
        if entry is None:
            entry = self._talks[key] = self._talk_entry(talk)
        return entry

    def _note_entry(self, article: Any, path: str) -> Entry:
        """Build a whole note's entry."""
        graph = self._graph
        speakers = graph.note_speakers.get(path, ())
        event = graph.note_event.get(path)
        note_url = self.absolute(graph.note_url.get(path, article.url))
        byline = self._byline(article, speakers, event)
        return Entry(
            id=feedids.urn(self._uuids[path]), title=xml_safe(str(article.title)), url=note_url,
            published=article.date, updated=_updated(article), authors=self._authors(article),
            speakers=self._people(speakers),
            categories=self._categories(article, event, graph.note_packages.get(path, ())),
            content=byline + self._content(article, note_url),
            lang=str(getattr(article, "lang", "") or ""), note=article)

    def _talk_entry(self, talk: Talk) -> Entry:
        """Build the entry of one talk of a multi-talk note."""
        article, path = talk.note, talk.source_path
        note_url = self.absolute(self._graph.note_url.get(path, article.url))
        section = self._section_html(article, path, note_url).get(talk.anchor, "")
        part_of = (f'<p>From <a href="{escape(note_url)}">{escape(str(article.title))}</a>.'
                   "</p>")
        return Entry(
            id=feedids.urn(feedids.talk_uuid(self._note_uuid(path), talk.anchor)),
            title=xml_safe(talk.title), url=self.absolute(talk.url), published=article.date,
            updated=_updated(article), authors=self._authors(article),
            speakers=self._people(talk.speakers),
            categories=self._categories(article, talk.event, talk.packages),
            content=section + part_of, lang=str(getattr(article, "lang", "") or ""),
            note=article)

    def _content(self, article: Any, note_url: str) -> str:
        """The note's HTML with every URL absolute (its entry and its sections keep it)."""
        return xml_safe(absolute_html(article.get_content(self._site_url), note_url))

    def _section_html(self, article: Any, path: str, note_url: str) -> dict[str, str]:
        """The HTML of each talk section of a multi-talk note, by anchor (parsed once)."""
        key = (path, self._site.html_of(article))
        sections = self._sections.get(key)
        if sections is None:
            anchors = {talk.anchor for talk in self._graph.note_talks.get(path, ()) if talk.anchor}
            sections = self._sections[key] = split_sections(
                self._content(article, note_url), anchors)
        return sections

    def _authors(self, article: Any) -> tuple[Person, ...]:
        """Every writer of the note with a name (none: the feed's author stands in)."""
        names = [str(getattr(author, "name", author) or "").strip()
                 for author in getattr(article, "authors", None) or ()]
        return tuple(Person(xml_safe(name)) for name in dict.fromkeys(names) if name)

    def _people(self, speakers: tuple[Entity, ...]) -> tuple[Person, ...]:
        """The first SPEAKERS_SHOWN speakers with the absolute URL of their page (an entry is
        repeated in the feed of each of its speakers)."""
        return tuple(Person(xml_safe(s.name), self.absolute(s.url))
                     for s in speakers[:SPEAKERS_SHOWN] if s.name)

    def _categories(self, article: Any, event: Entity | None,
                    packages: tuple[Entity, ...]) -> tuple[Category, ...]:
        """The event, the packages and the tags, in that order, without repeats."""
        found = []
        if event is not None:
            found.append(Category(event.name, self._schemes["event"]))
        found += [Category(package.name, self._schemes["package"]) for package in packages]
        found += [Category(str(tag), self._schemes["tag"])
                  for tag in getattr(article, "tags", None) or ()]
        return tuple(Category(xml_safe(c.term), c.scheme)
                     for c in dict.fromkeys(found) if c.term.strip())

    def _byline(self, article: Any, speakers: tuple[Entity, ...], event: Entity | None) -> str:
        """A first paragraph naming the speakers and the event, with video and slides links."""
        parts = []
        if speakers:
            links = [self._link(self.absolute(s.url), s.name) for s in speakers[:SPEAKERS_SHOWN]]
            if len(speakers) > SPEAKERS_SHOWN:
                links.append(f"{len(speakers) - SPEAKERS_SHOWN} more")
            parts.append("By " + join_names(links))
        if event is not None:
            parts.append(self._link(self.absolute(event.url), event.name))
        for label in ("video", "slides"):
            url = str(getattr(article, label, "") or "").strip()
            if url.lower().startswith(WEB_SCHEMES):
                parts.append(self._link(url, label.capitalize()))
        if not parts:
            return ""
        return f'<p class="note-byline">{" · ".join(parts)}</p>'

    @staticmethod
    def _link(url: str, text: str) -> str:
        """An escaped link."""
        return f'<a href="{escape(url)}">{escape(xml_safe(text))}</a>'


def join_names(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _updated(article: Any) -> datetime:
    """When the note last changed: its Modified header, else its Date."""
    return getattr(article, "modified", None) or article.date


def split_sections(html: str, anchors: set[str]) -> dict[str, str]:
    """The HTML of each talk section (a top-level h2 with one of `anchors` as id) by anchor."""
    soup = BeautifulSoup(html, "html.parser")
    sections: dict[str, str] = {}
    for heading in soup.find_all("h2", recursive=False):
        anchor = heading.get("id")
        if anchor not in anchors:
            continue
        parts = [str(heading)]
        for sibling in heading.next_siblings:
            if isinstance(sibling, Tag) and sibling.name == "h2":
                break
            parts.append(str(sibling))
        sections[str(anchor)] = "".join(parts).strip()
    return sections
