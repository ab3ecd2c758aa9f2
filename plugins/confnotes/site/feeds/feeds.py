"""Feeds: Atom, RSS and JSON Feed for the site, every entity (graph/kinds.py) and every tag.

Every feed is an `Output` rendered through a theme template (`feed_atom`, `feed_rss`,
`feed_json`, `feed_opml`), so Pelican's Writer writes it and the overwrite guard sees its path.
A feed follows a page and lives beside it: `<page-url>atom.xml` and `<page-url>rss.xml`.
Entries are built once per note or talk (feedentries.py) and shared by every feed they are in.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import cached_property
from typing import Any

from ...graph.kinds import KINDS, EntityKind
from ..outputs import Output, Site
from . import ids as feedids
from .entries import Entry, EntryFactory, Person, aware, iso
from .rules import NoteFacts, PlanetRule, check_feed_settings, folded

logger = logging.getLogger(__name__)

FORMATS = (("atom", "feed_atom", "Atom"), ("rss", "feed_rss", "RSS"))  # spec field, template
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "confnotes (Pelican)"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedSpec:
    """One thing subscribers can follow, and where its Atom and RSS feeds are written."""

    key: str  # what it follows, for its id: "site", "speaker:<slug>", "planet:<slug>" ...
    group: str  # the OPML outline it is listed under
    title: str
    label: str  # how build errors name it: "speaker 'Paolo Melchiorre'"
    page_url: str  # the page it follows, relative to the site ("" for the home page)
    atom: str
    rss: str
    cap: int  # 0: no cap
    talks: bool  # entries are talks (speaker and package feeds) rather than whole notes
    items: Callable[[], list[Any]]
    subtitle: str = ""


@dataclass(frozen=True)
class FeedView:
    """What a feed template receives as `feed`."""

    id: str
    title: str
    subtitle: str
    lang: str
    updated: datetime
    page_url: str
    self_url: str
    author: Person
    entries: list[Entry]
    generator: str = GENERATOR

    @property
    def updated_iso(self) -> str:
        """RFC 3339, with the offset."""
        return iso(self.updated)

    @property
    def updated_rfc822(self) -> str:
        """RFC 822, for RSS."""
        return format_datetime(aware(self.updated))


def feed_outputs(site: Site) -> Iterator[Output]:
    """Every feed file of the site, and the OPML list of them all."""
    settings = site.confnotes
    if not settings.feeds:
        return
    specs = feed_specs(site, check_feed_settings(settings))
    builder = FeedBuilder(site, specs)
    site_spec = specs[0]
    for index, (spec, fmt, template, name) in enumerate(
            (spec, *form) for spec in specs for form in FORMATS if getattr(spec, form[0])):
        save_as = getattr(spec, fmt)
        # Pages may be rendered in several processes: the first feed reports, once, for all.
        yield Output(save_as, template, f"the {name} feed of {spec.label}",
                     lambda s=spec, p=save_as, r=not index: builder.context(s, p, report=r),
                     whole_site=spec is site_spec)
    if settings.feed_all_json:
        yield Output(settings.feed_all_json, "feed_json", "the JSON feed of the whole site",
                     lambda: builder.json_context(site_spec, settings.feed_all_json),
                     whole_site=True)
    if settings.feed_opml:
        yield Output(settings.feed_opml, "feed_opml", "the OPML list of feeds",
                     lambda: builder.opml_context(settings.feed_opml), whole_site=True)


def feed_paths(page_url: str) -> tuple[str, str]:
    """The Atom and RSS paths of a page's feeds: `<page-url>atom.xml`, `<page-url>rss.xml`."""
    prefix = page_url if page_url.endswith("/") else page_url + "."
    return prefix + "atom.xml", prefix + "rss.xml"


def feed_specs(site: Site, planets: tuple[PlanetRule, ...]) -> list[FeedSpec]:
    """Every feed the site has: the whole site first, then entities, tags and planets."""
    settings, graph = site.confnotes, site.graph
    cap = settings.feed_max_items
    name = str(site.settings.get("SITENAME") or "")
    specs = [FeedSpec("site", "The whole site", name or "All notes", "the whole site", "",
                      settings.feed_all_atom, settings.feed_all_rss, settings.feed_all_max_items,
                      False, lambda: list(site.articles),
                      str(site.settings.get("SITESUBTITLE") or ""))]
    for kind in KINDS:
        for entity in kind.entities(graph).values():
            specs.append(_entity_spec(
                kind.name, kind.feed_group, entity, title=kind.feed_title.format(entity=entity),
                cap=cap, talks=kind.feed_items == "talks",
                items=lambda k=kind, e=entity: entity_items(site, k, e)))
    for tag, articles in sorted(site.tags.items(), key=lambda item: item[0].slug):
        atom, rss = feed_paths(tag.url)
        specs.append(FeedSpec(f"tag:{tag.slug}", "Tags", f"Notes tagged {tag.name}",
                              f"tag {tag.name!r}", tag.url, atom, rss, cap, False,
                              lambda a=articles: list(a)))
    for rule in planets:
        atom, rss = feed_paths(settings.feed_planet_url.format(slug=rule.slug))
        specs.append(FeedSpec(f"planet:{rule.slug}", "Planets", rule.title,
                              f"the planet {rule.slug!r} (CONFNOTES FEED_PLANETS)", "", atom, rss,
                              cap if rule.max_items is None else rule.max_items, False,
                              lambda r=rule: _planet_notes(site, r), rule.description))
    return specs


def _entity_spec(kind: str, group: str, entity: Any, *, title: str, cap: int, talks: bool,
                 items: Callable[[], list[Any]]) -> FeedSpec:
    """The feed of an event, series, speaker or package page."""
    atom, rss = feed_paths(entity.url)
    return FeedSpec(f"{kind}:{entity.slug}", group, title, f"{kind} {entity.name!r}", entity.url,
                    atom, rss, cap, talks, items)


def entity_items(site: Site, kind: EntityKind, entity: Any) -> list[Any]:
    """What an entity's feed follows: its talks (`graph.<kind>_talks`), or its notes (an
    event's; a series', those of its editions)."""
    graph = site.graph
    if kind.feed_items == "talks":
        return getattr(graph, f"{kind.name}_talks").get(entity.slug, [])
    if kind.name == "series":
        return _series_notes(site, entity.slug)
    return _notes(site, getattr(graph, f"{kind.name}_notes").get(entity.slug, []))


def _notes(site: Site, paths: list[str]) -> list[Any]:
    """The articles of notes given by source path."""
    return [site.graph.note_talks[path][0].note for path in paths]


def _series_notes(site: Site, slug: str) -> list[Any]:
    """The notes of every edition of a series."""
    return [note for event in site.graph.series_events.get(slug, [])
            for note in _notes(site, site.graph.event_notes.get(event.slug, []))]


def _planet_notes(site: Site, rule: PlanetRule) -> list[Any]:
    """The notes a planet rule follows."""
    return [article for article in site.articles if rule.matches(note_facts(site, article))]


def note_facts(site: Site, article: Any) -> NoteFacts:
    """What planet patterns see of a note."""
    graph, path = site.graph, article.relative_source_path
    event = graph.note_event.get(path)
    series = event.series if event is not None else None
    talks = graph.note_talks.get(path, ())
    return NoteFacts(
        tags=folded(v for tag in getattr(article, "tags", None) or ()
                    for v in (tag.name, tag.slug)),
        events=folded((event.slug, event.name, *event.aliases) if event else ()),
        series=folded((series.slug, series.name) if series else ()),
        speakers=folded(v for s in graph.note_speakers.get(path, ())
                        for v in (s.slug, s.name, *s.aliases)),
        packages=folded(v for p in graph.note_packages.get(path, ())
                        for v in (p.slug, p.name, *p.aliases)),
        kinds=folded(talk.kind for talk in talks))


class FeedBuilder:
    """Renders feed contexts lazily, sharing one EntryFactory across all of them."""

    def __init__(self, site: Site, specs: list[FeedSpec]) -> None:
        self._site, self._specs = site, specs
        self._last: tuple[str, list[Any]] = ("", [])  # Atom and RSS come one after the other
        settings = site.settings
        site_url = str(settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "")
        feed_url = str(settings.get("FEED_DOMAIN") or site_url)
        self._site_url, self._feed_url = site_url.rstrip("/"), feed_url.rstrip("/")
        self._name = str(settings.get("SITENAME") or "")
        self._lang = str(settings.get("DEFAULT_LANG") or "en")

    @cached_property
    def factory(self) -> EntryFactory:
        """The entry factory shared by every feed this process renders."""
        return EntryFactory(self._site, self._site_url)

    def report(self) -> None:
        """Warn about what makes feeds less trustworthy: notes sharing a Uid, a relative SITEURL."""
        for duplicate in self.factory.duplicates:
            logger.warning("%s", duplicate.message())
        if not self._site_url.startswith(("http://", "https://")):
            logger.warning("SITEURL is %r: feeds need an absolute SITEURL (or FEED_DOMAIN), "
                           "like https://example.org, for their links to work in feed readers.",
                           self._site_url)

    def entries(self, spec: FeedSpec) -> list[Entry]:
        """A feed's entries, newest first, capped (the last feed's choice is kept for its twin)."""
        if self._last[0] == spec.key:
            chosen = self._last[1]
        else:
            items = spec.items()
            order = self.factory.talk_order if spec.talks else self.factory.note_order
            chosen = heapq.nsmallest(spec.cap, items, key=order) if spec.cap else sorted(
                items, key=order)
            self._last = (spec.key, chosen)
        make = self.factory.talk if spec.talks else self.factory.note
        return [make(item) for item in chosen]

    @cached_property
    def newest(self) -> datetime:
        """When the site last changed: the newest Date or Modified of any note."""
        dates = [aware(getattr(a, "modified", None) or a.date) for a in self._site.articles]
        return max(dates, default=EPOCH)

    def view(self, spec: FeedSpec, save_as: str) -> FeedView:
        """A feed as its template sees it."""
        entries = self.entries(spec)
        updated = max((aware(entry.updated) for entry in entries), default=self.newest)
        subtitle = spec.subtitle or self._default_subtitle()
        return FeedView(
            id=feedids.urn(feedids.feed_uuid(self._name, spec.key)), title=spec.title,
            subtitle=subtitle, lang=self._lang, updated=updated,
            page_url=self.factory.absolute(spec.page_url), self_url=self.feed_url(save_as),
            author=self.factory.feed_author, entries=entries)

    def _default_subtitle(self) -> str:
        """The site's name and subtitle."""
        subtitle = str(self._site.settings.get("SITESUBTITLE") or "")
        return f"{self._name}: {subtitle}" if self._name and subtitle else (
            self._name or subtitle or "confnotes")

    def feed_url(self, save_as: str) -> str:
        """The public URL of a feed file."""
        return f"{self._feed_url}/{save_as.lstrip('/')}"

    def context(self, spec: FeedSpec, save_as: str, report: bool = False) -> dict[str, Any]:
        """The template context of one Atom or RSS feed (and the build's warnings, if asked)."""
        if report:
            self.report()
        return {"feed": self.view(spec, save_as)}

    def json_context(self, spec: FeedSpec, save_as: str) -> dict[str, Any]:
        """The context of a JSON Feed: the feed, which the template turns into JSON."""
        return {"feed": self.view(spec, save_as)}

    def opml_context(self, save_as: str) -> dict[str, Any]:
        """Every feed that has entries, grouped as in the OPML file.

        A page with nothing to follow yet keeps its (empty) feeds, so links never break, but
        the list readers import names only feeds with something in them; the site's own feed
        is always listed.
        """
        groups: dict[str, list[dict[str, str]]] = {}
        settings = self._site.confnotes
        for spec in self._specs:
            if spec.key != "site" and not spec.items():
                continue
            page = self.factory.absolute(spec.page_url)
            for fmt, _template, name in FORMATS:
                path = getattr(spec, fmt)
                if path:
                    groups.setdefault(spec.group, []).append(
                        {"title": f"{spec.title} ({name})", "xml_url": self.feed_url(path),
                         "html_url": page, "format": fmt})
            if spec.key == "site" and settings.feed_all_json:
                groups.setdefault(spec.group, []).append(
                    {"title": f"{spec.title} (JSON Feed)", "html_url": page, "format": "json",
                     "xml_url": self.feed_url(settings.feed_all_json)})
        title = f"{self._name}: every feed" if self._name else "Every feed"
        return {"opml": {"title": title, "self_url": self.feed_url(save_as),
                         "updated": format_datetime(self.newest), "groups": list(groups.items())}}


def json_feed_document(feed: FeedView) -> dict[str, Any]:
    """A feed as a JSON Feed 1.1 document, ready for `tojson` (a template global)."""
    return {
        "version": JSON_FEED_VERSION, "title": feed.title, "description": feed.subtitle,
        "home_page_url": feed.page_url, "feed_url": feed.self_url, "language": feed.lang,
        "authors": [{"name": feed.author.name}],
        "items": [json_item(entry) for entry in feed.entries],
    }


def json_item(entry: Entry) -> dict[str, Any]:
    """One JSON Feed 1.1 item."""
    item: dict[str, Any] = {
        "id": entry.id, "url": entry.url, "title": entry.title, "content_html": entry.content,
        "date_published": entry.published_iso, "date_modified": entry.updated_iso,
        "tags": [category.term for category in entry.categories],
        "_confnotes": {"speakers": [{"name": s.name, "url": s.url} for s in entry.speakers]},
    }
    if entry.authors:
        item["authors"] = [{"name": author.name} for author in entry.authors]
    if entry.lang:
        item["language"] = entry.lang
    return item
