"""The page of every entity and the index page of each kind, as the table of kinds says."""

from __future__ import annotations

from collections.abc import Iterator

from ..graph.entities import Entity
from ..graph.kinds import KINDS
from . import views
from .outputs import Output, Site


def entity_outputs(site: Site) -> Iterator[Output]:
    """The index page of each kind that has one, then one page per entity (graph/kinds.py)."""
    graph, settings = site.graph, site.confnotes
    for kind in KINDS:
        if kind.index_template:
            index_view = getattr(views, kind.index_view)
            yield Output(getattr(settings, kind.index_save_as), kind.index_template,
                         f"the {kind.plural} index",
                         lambda v=index_view: v(graph), whole_site=True)
    for kind in KINDS:
        view = getattr(views, kind.view)
        for entity in kind.entities(graph).values():
            yield Output(entity.save_as, kind.template, source_of(entity),
                         lambda v=view, e=entity: v(graph, e))


def source_of(entity: Entity) -> str:
    """How to name an entity's source in an error: its profile, or the name notes used."""
    if entity.source_path:
        return entity.source_path
    return f"{type(entity).__name__.lower()} {entity.name!r} (named in notes)"
