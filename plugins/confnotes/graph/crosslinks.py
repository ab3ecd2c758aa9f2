"""Explicit `{speaker}`, `{package}` and `{event}` links in note bodies.

Each target (a slug, name or alias) becomes a `{filename}` link to the entity's page, so
Pelican resolves it relative to each page in development and absolute when publishing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from ..content.names import distinctive_name, non_name_reason, placeholder_package
from .autolink import Linkable, Mention, NameMatcher, link_mentions
from .entities import Entity
from .graph import Graph

ENTITY_LINK = re.compile(
    r'<a (?P<before>[^>]*?)href="\{(?P<kind>speaker|package|event)\}(?P<target>[^"#?]*)'
    r'(?P<rest>[^"]*)"(?P<after>[^>]*)>(?P<text>.*?)</a>',
    re.DOTALL,
)
LINK_KEY_PREFIX = "@confnotes"


@dataclass(frozen=True)
class UnknownTarget:
    """An explicit link whose target names no known entity."""

    kind: str
    target: str


LINK_HREF_PREFIX = "{filename}/" + LINK_KEY_PREFIX + "/"


def link_key(kind: str, entity: Entity) -> str:
    """The key under which an entity is registered among Pelican's generated content."""
    return f"{LINK_KEY_PREFIX}/{kind}/{entity.slug}"


def resolve_explicit_links(html: str, graph: Graph) -> tuple[str, list[UnknownTarget]]:
    """Rewrite explicit entity links to `{filename}` links; unknown targets lose their link."""
    finders: dict[str, Callable[[str], Entity | None]] = {
        "speaker": graph.find_speaker, "package": graph.find_package, "event": graph.find_event,
    }
    unknown: list[UnknownTarget] = []

    def replace(match: re.Match) -> str:
        kind, target = match["kind"], unquote(match["target"]).strip()
        entity = finders[kind](target)
        if entity is None:
            if UnknownTarget(kind, target) not in unknown:  # reported once per note
                unknown.append(UnknownTarget(kind, target))
            return f'<span class="unresolved-link">{match["text"]}</span>'
        href = "{filename}/" + link_key(kind, entity) + match["rest"]
        return f'<a {match["before"]}href="{href}"{match["after"]}>{match["text"]}</a>'

    if "{" not in html:
        return html, unknown
    return ENTITY_LINK.sub(replace, html), unknown


MIN_AUTOLINK_LENGTH = 3
ON = frozenset({"yes", "on", "true", "1"})
OFF = frozenset({"no", "off", "false", "0"})


def speaker_autolinks(speaker: Entity) -> list[str]:
    """The names of a speaker that are linked wherever they appear in prose.

    A name or alias of two words or more (initials aside) is; a single word (`Benedikt`,
    `Zags`) only when the profile says `Autolink: yes`; `Autolink: no` links none. A name
    that stands for no one (`Panel`, `Lightning Talks`, `et al`, `...`, `April`) never is.
    """
    choice = getattr(speaker, "autolink", "")
    if choice in OFF:
        return []
    return [name for name in (speaker.name, *speaker.aliases)
            if non_name_reason(name) is None and (choice in ON or distinctive_name(name))]


def build_matcher(graph: Graph) -> NameMatcher:
    """One automaton over every speaker's and package's names (events only block overlaps).

    Speakers' names and aliases that could be anyone's are left out (`speaker_autolinks`);
    packages' names link unless they are placeholders (`TBA`, `...`).
    """
    linkables: list[Linkable] = []
    for speaker in graph.speakers.values():
        linkables += [Linkable(name, "speaker", speaker) for name in speaker_autolinks(speaker)]
    for package in graph.packages.values():
        names = {package.name, *package.aliases, package.pypi}
        if package.source_path:
            names.add(package.slug)
        linkables += [Linkable(name, "package", package, link=not placeholder_package(name))
                      for name in names if name]
    for event in graph.events.values():
        linkables += [Linkable(name, "event", event, link=False)
                      for name in (event.name, *event.aliases)]
    return NameMatcher(x for x in linkables if len(x.name) >= MIN_AUTOLINK_LENGTH)


def link_note(html: str, graph: Graph, matcher: NameMatcher | None,
              section_ids: frozenset[str]) -> tuple[str, list[UnknownTarget], list[Mention]]:
    """Resolve explicit links, then link first mentions; return the mentions found."""
    html, unknown = resolve_explicit_links(html, graph)
    entities = {"speaker": graph.speakers, "package": graph.packages, "event": graph.events}
    html, mentions = link_mentions(html, matcher, section_ids, LINK_HREF_PREFIX, entities)
    return html, unknown, mentions
