"""Exports: /api/*.json, their JSON Schemas, /sitemap.xml, /robots.txt and the /search/ page.

The export records are pure functions of the graph; every file goes through Pelican's Writer
with a template (`export_json.html`, `sitemap.html`, `robots.html`, `search.html`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from ..content.moments import rfc3339
from ..content.names import fold
from ..graph.entities import Entity, Event, Package, Room, Series, Speaker, Talk
from ..graph.graph import KINDS, Graph, event_sort_key
from ..graph.kinds import KINDS as ENTITY_KINDS
from .archives import archive_years
from .outputs import Output, Site
from .structured import bluesky_url, github_url, html_to_text, mastodon_url, pypi_url, web_url

EXPORT_VERSION = 1
API_DIR = "api"
SEARCH_SAVE_AS = "search/index.html"
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
# The talks and notes, then one export per kind of entity that has one (graph/kinds.py).
EXPORTS = ("talks", "notes", *(kind.export for kind in ENTITY_KINDS if kind.export))

OPTIONAL_EXPORTS = frozenset({"rooms"})  # written only when the site has some
Record = dict[str, Any]


@dataclass(frozen=True)
class SitemapEntry:
    """One page for the sitemap: its absolute URL and when it last changed (if known)."""

    loc: str
    lastmod: str = ""


def export_outputs(site: Site) -> Iterator[Output]:
    """The search page, every export with its schema, the sitemap and robots.txt."""
    base = site_url(site)
    yield Output(SEARCH_SAVE_AS, "search", "the search page", lambda: search_context(site))
    builders = export_builders()
    for name in EXPORTS:
        if name in OPTIONAL_EXPORTS and not getattr(site.graph, name):
            continue  # a site without rooms has no rooms.json: its files stay as they were
        yield Output(export_path(name), "export_json", f"the {name} export",
                     lambda n=name: {"export": envelope(n, base, builders[n](site.graph, base))},
                     whole_site=True)
        yield Output(schema_path(name), "export_json", f"the {name} export's JSON Schema",
                     lambda n=name: {"export": schema(n, base)})
    yield Output(SITEMAP_SAVE_AS, "sitemap", "the sitemap",
                 lambda: {"entries": sitemap_entries(site, base)}, whole_site=True)
    yield Output(ROBOTS_SAVE_AS, "robots", "robots.txt",
                 lambda: {"sitemap_url": f"{base}/{SITEMAP_SAVE_AS}",
                          "disallow": robots_disallow(site.settings, base)})


def export_builders() -> dict[str, Callable[[Graph, str], Record]]:
    """Each export's records: the function `<name>_export(graph, base)` of this module."""
    return {name: globals()[f"{name}_export"] for name in EXPORTS}


# -- paths and envelopes -----------------------------------------------------------------------


def site_url(site: Site) -> str:
    """The absolute URL of the site root, without a trailing slash."""
    return str(site.settings.get("SITEURL") or "").rstrip("/")


def export_path(name: str) -> str:
    """Where an export is written: api/<name>.json."""
    return f"{API_DIR}/{name}.json"


def schema_path(name: str) -> str:
    """Where an export's JSON Schema is written: api/schema/<name>.schema.json."""
    return f"{API_DIR}/schema/{name}.schema.json"


def envelope(name: str, base: str, items: Record) -> Record:
    """An export file: its schema, format version, the site, then the records."""
    return {"$schema": f"{base}/{schema_path(name)}", "version": EXPORT_VERSION,
            "site": {"url": f"{base}/"}, **items}


def schema(name: str, base: str) -> Record:
    """The JSON Schema of one export, with its `$id` at the URL it is published at."""
    text = resources.files(__package__).joinpath("schemas", f"{name}.schema.json").read_text(
        encoding="utf-8")
    return {**json.loads(text), "$id": f"{base}/{schema_path(name)}"}


# -- ids and references ------------------------------------------------------------------------


def note_id(note_url: str) -> str:
    """A note's id: its path on the site (`djangocon-europe-2026/lightning-talks-day-2`)."""
    return note_url.split("#", 1)[0].strip("/")


def talk_id(talk: Talk) -> str:
    """A talk's id: its note's id, plus `#anchor` for a talk of a multi-talk note."""
    note = note_id(talk.url)
    return f"{note}#{talk.anchor}" if talk.anchor else note


def ref(entity: Entity, base: str) -> Record:
    """A short reference to a speaker, package, event or series: id, name and URL."""
    return {"id": entity.slug, "name": entity.name, "url": f"{base}/{entity.url}"}



# -- records -----------------------------------------------------------------------------------


def talks_export(graph: Graph, base: str) -> Record:
    """Every published talk (one per section of a multi-talk note), in date order."""
    return {"talks": [talk_record(talk, base) for talk in graph.talks]}


def talk_record(talk: Talk, base: str) -> Record:
    """One talk with its note, event, speakers and packages."""
    return {
        "id": talk_id(talk), "url": f"{base}/{talk.url}", "title": talk.title,
        "kind": talk.kind, "date": rfc3339(talk.date), "note": note_id(talk.url),
        "anchor": talk.anchor, "event": ref(talk.event, base) if talk.event else None,
        "speakers": [ref(s, base) for s in talk.speakers],
        "packages": [ref(p, base) for p in talk.packages],
    }


def notes_export(graph: Graph, base: str) -> Record:
    """Every published note, in date order."""
    return {"notes": [note_record(graph, path, talks, base)
                      for path, talks in graph.note_talks.items()]}


def note_record(graph: Graph, path: str, talks: tuple[Talk, ...], base: str) -> Record:
    """One note: its metadata, its event, people and packages, and the ids of its talks."""
    article = talks[0].note
    url = graph.note_url[path]
    event = graph.note_event[path]
    modified = getattr(article, "modified", None)
    return {
        "id": note_id(url), "url": f"{base}/{url}", "title": str(article.title),
        "date": rfc3339(article.date), "modified": rfc3339(modified) if modified else None,
        "summary": listed_summary(article),
        "kind": talks[0].kind, "lang": str(getattr(article, "lang", "") or ""),
        "event": ref(event, base) if event else None,
        "speakers": [ref(s, base) for s in graph.note_speakers[path]],
        "packages": [ref(p, base) for p in graph.note_packages[path]],
        "tags": [tag.name for tag in getattr(article, "tags", None) or ()],
        "authors": [author.name for author in getattr(article, "authors", None) or ()],
        "video": _web(getattr(article, "video", "")) or None,
        "slides": _web(getattr(article, "slides", "")) or None,
        "talks": [talk_id(talk) for talk in talks],
    }


def listed_summary(article: Any) -> str:
    """A note's summary as plain text: its Summary header, else its first words."""
    return html_to_text(getattr(article, "summary", "") or "")


def speakers_export(graph: Graph, base: str) -> Record:
    """Every speaker A to Z, with the ids of their talks and of the talks that mention them."""
    return {"speakers": [speaker_record(graph, s, base) for s in _by_name(graph.speakers)]}


def speaker_record(graph: Graph, speaker: Speaker, base: str) -> Record:
    """One speaker's profile and talks."""
    return {
        **ref(speaker, base), "aliases": list(speaker.aliases),
        "affiliation": speaker.affiliation or None,
        "links": {"website": web_url(speaker.website) or None,
                  "mastodon": mastodon_url(speaker.mastodon) or None,
                  "bluesky": bluesky_url(speaker.bluesky) or None,
                  "github": github_url(speaker.github) or None},
        "talks": [talk_id(t) for t in graph.speaker_talks.get(speaker.slug, [])],
        "mentioned_in": [talk_id(t) for t in graph.speaker_mentions.get(speaker.slug, [])],
    }


def packages_export(graph: Graph, base: str) -> Record:
    """Every package A to Z, with the ids of the talks about it and those that mention it."""
    return {"packages": [package_record(graph, p, base) for p in _by_name(graph.packages)]}


def package_record(graph: Graph, package: Package, base: str) -> Record:
    """One package's profile and talks."""
    return {
        **ref(package, base), "aliases": list(package.aliases),
        "summary": html_to_text(package.summary) or None,
        "pypi": pypi_url(package.pypi) or None, "repository": web_url(package.repository) or None,
        "documentation": web_url(package.documentation) or None,
        "talks": [talk_id(t) for t in graph.package_talks.get(package.slug, [])],
        "mentioned_in": [talk_id(t) for t in graph.package_mentions.get(package.slug, [])],
    }


def events_export(graph: Graph, base: str) -> Record:
    """Every event in time order, and every series with the ids of its editions."""
    events = sorted(graph.events.values(), key=event_sort_key)
    return {"events": [event_record(graph, e, base) for e in events],
            "series": [series_record(graph, s, base) for s in _by_name(graph.series)]}


def event_record(graph: Graph, event: Event, base: str) -> Record:
    """One event's facts, its series, and the ids of its notes and talks."""
    return {
        **ref(event, base), "aliases": list(event.aliases), "kind": event.kind,
        "series": ref(event.series, base) if event.series else None,
        "start": rfc3339(event.start), "end": rfc3339(event.end), "year": event.year or None,
        "city": event.city or None, "country": event.country or None,
        "website": web_url(event.website) or None,
        "notes": [note_id(graph.note_url[path]) for path in graph.event_notes.get(event.slug, [])],
        "talks": [talk_id(t) for t in graph.event_talks.get(event.slug, [])],
    }


def rooms_export(graph: Graph, base: str) -> Record:
    """Every room, by event in time order then A to Z, with the ids of its talks."""
    order = {event.slug: index
             for index, event in enumerate(sorted(graph.events.values(), key=event_sort_key))}
    rooms = sorted(graph.rooms.values(), key=lambda room: (
        order.get(room.event.slug if room.event else "", 0), fold(room.name), room.slug))
    return {"rooms": [room_record(graph, room, base) for room in rooms]}


def room_record(graph: Graph, room: Room, base: str) -> Record:
    """One room: its event, its profile's facts and the ids of the talks given in it."""
    return {
        **ref(room, base), "aliases": list(room.aliases),
        "event": ref(room.event, base) if room.event else None,
        "capacity": room.capacity or None, "floor": room.floor or None,
        "track": room.track or None,
        "talks": [talk_id(t) for t in graph.room_talks.get(room.slug, [])],
    }


def series_record(graph: Graph, series: Series, base: str) -> Record:
    """One series and the ids of its editions, oldest first."""
    return {**ref(series, base),
            "events": [e.slug for e in graph.series_events.get(series.slug, [])]}


def _by_name(entities: dict[str, Any]) -> list[Any]:
    return sorted(entities.values(), key=lambda entity: (fold(entity.name), entity.slug))


def _web(value: Any) -> str:
    """An http(s) URL or "" (a javascript: or data: URL in metadata is dropped)."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


# -- sitemap, robots and search ----------------------------------------------------------------


def sitemap_entries(site: Site, base: str) -> list[SitemapEntry]:
    """Every HTML page the build writes (drafts and hidden notes left out), without repeats."""
    entries: dict[str, SitemapEntry] = {}
    for url, lastmod in _page_urls(site):
        loc = f"{base}/{url}"
        entries.setdefault(loc, SitemapEntry(loc, lastmod or ""))
    return list(entries.values())


def _page_urls(site: Site) -> Iterator[tuple[str, str | None]]:
    """(site-relative URL, last change) of every page, home first."""
    graph, settings, cn = site.graph, site.settings, site.confnotes
    yield from ((url, None) for url in _direct_template_urls(settings))
    for path, talks in graph.note_talks.items():
        article = talks[0].note
        yield graph.note_url[path], _day(getattr(article, "modified", None) or article.date)
        for translation in getattr(article, "translations", None) or ():
            yield translation.url, _day(translation.date)
    for page in site.pages:
        yield page.url, None
        for translation in getattr(page, "translations", None) or ():
            yield translation.url, None
    for tag in site.tags:
        if getattr(tag, "save_as", ""):
            yield tag.url, None
    categories = {a.category for a in site.articles if getattr(a, "category", None)}
    for category in sorted(categories, key=lambda c: c.slug):
        if getattr(category, "save_as", ""):
            yield category.url, None
    yield from ((year.url, None) for year in archive_years(site))
    indexes = [getattr(cn, kind.index_save_as) for kind in ENTITY_KINDS if kind.index_save_as]
    for save_as in (*indexes, SEARCH_SAVE_AS):
        yield save_as.removesuffix("index.html"), None
    yield from _entity_urls(graph)


def _entity_urls(graph: Graph) -> Iterator[tuple[str, str | None]]:
    """The pages of the kinds with talks of their own (their newest talk dates them), then
    those of the other kinds (series)."""
    with_talks = [kind for kind in ENTITY_KINDS if hasattr(graph, f"{kind.name}_talks")]
    for kind in with_talks:
        talks_of = getattr(graph, f"{kind.name}_talks")
        for entity in kind.entities(graph).values():
            talks = talks_of.get(entity.slug, [])
            yield entity.url, _day(max(t.date for t in talks)) if talks else None
    for kind in ENTITY_KINDS:
        if kind not in with_talks:
            yield from ((entity.url, None) for entity in kind.entities(graph).values())


def _direct_template_urls(settings: dict[str, Any]) -> Iterator[str]:
    """The URLs of Pelican's direct templates (home, tags, archives, ...) and template pages."""
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS")
        save_as = f"{name}.html" if save_as is None else save_as
        if save_as:
            yield save_as.removesuffix("index.html")
    for destination in (settings.get("TEMPLATE_PAGES") or {}).values():
        if destination.endswith(".html"):
            yield destination.removesuffix("index.html")


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def robots_disallow(settings: dict[str, Any], base: str) -> list[str]:
    """Paths crawlers are asked to skip: the drafts folder, when drafts have one of their own."""
    folder = str(settings.get("DRAFT_URL") or "").split("/", 1)[0]
    root = urlsplit(base).path.rstrip("/")
    return [f"{root}/{folder}/"] if folder and "{" not in folder else []


def search_context(site: Site) -> dict[str, Any]:
    """The search page: the talk kinds in the order event pages show them, and the way from
    the page to the site root (relative, so the index loads wherever the site is served)."""
    return {"page_title": "Search", "talk_kinds": KINDS,
            "search_root": "../" * SEARCH_SAVE_AS.count("/")}
