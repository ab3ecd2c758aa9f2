"""The pages of events, series, speakers and packages, and their index pages."""

from __future__ import annotations

from collections.abc import Iterator

from ..graph.entities import Entity
from . import views
from .outputs import Output, Site


def entity_outputs(site: Site) -> Iterator[Output]:
    """One page per entity, plus the events, series, speakers and packages indexes."""
    graph, settings = site.graph, site.confnotes
    yield Output(settings.events_save_as, "events", "the events index",
                 lambda: views.events_index(graph), whole_site=True)
    yield Output(settings.series_index_save_as, "series_index", "the series index",
                 lambda: views.series_index(graph), whole_site=True)
    yield Output(settings.speakers_save_as, "speakers", "the speakers index",
                 lambda: views.speakers_index(graph), whole_site=True)
    yield Output(settings.packages_save_as, "packages", "the packages index",
                 lambda: views.packages_index(graph), whole_site=True)
    for event in graph.events.values():
        yield Output(event.save_as, "event", source_of(event),
                     lambda e=event: views.event_page(graph, e))
    for series in graph.series.values():
        yield Output(series.save_as, "series", source_of(series),
                     lambda s=series: views.series_page(graph, s))
    for speaker in graph.speakers.values():
        yield Output(speaker.save_as, "speaker", source_of(speaker),
                     lambda s=speaker: views.speaker_page(graph, s))
    for package in graph.packages.values():
        yield Output(package.save_as, "package", source_of(package),
                     lambda p=package: views.package_page(graph, p))


def source_of(entity: Entity) -> str:
    """How to name an entity's source in an error: its profile, or the name notes used."""
    if entity.source_path:
        return entity.source_path
    return f"{type(entity).__name__.lower()} {entity.name!r} (named in notes)"
