"""Explicit `{speaker}`, `{package}` and `{event}` links in note bodies.

Each target (a slug, name or alias) becomes a `{filename}` link to the entity's page, so
Pelican resolves it relative to each page in development and absolute when publishing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from .entities import Entity
from .index import Graph

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
            unknown.append(UnknownTarget(kind, target))
            return f'<span class="unresolved-link">{match["text"]}</span>'
        href = "{filename}/" + link_key(kind, entity) + match["rest"]
        return f'<a {match["before"]}href="{href}"{match["after"]}>{match["text"]}</a>'

    if "{" not in html:
        return html, unknown
    return ENTITY_LINK.sub(replace, html), unknown
