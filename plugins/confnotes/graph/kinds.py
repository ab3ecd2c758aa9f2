"""The kinds of entity a note can name, as data: one table every stage reads.

Adding a kind is one `EntityKind` entry here, its entity dataclass (entities.py), its settings
(settings.py: profile folder, URL and SAVE_AS), its view function (site/views.py) and its
templates (theme/templates).  The reader, the generator, the pages, feeds, exports, the
settings' profile folders and the tools' reserved folders all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..content.names import fold, package_key, person_key
from .entities import Entity, Event, Package, Room, Series, Speaker

if TYPE_CHECKING:
    from ..settings import ConfnotesSettings


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity: where its profiles live, how names compare, how it is published."""

    name: str  # "speaker": profile role, feed and link keys, the {NAME}_URL/_SAVE_AS settings
    plural: str  # "speakers": the graph's dict of them (graph.speakers)
    entity: type[Entity]
    key: Callable[[str], str]  # spellings with one key are one entity
    folder: str = ""  # the settings attribute of its profile folder ("" : no profiles)
    header: str = ""  # the note header naming it ("" : notes never name it directly)
    template: str = ""  # the template of its page
    view: str = ""  # the site.views function giving that page's context: f(graph, entity)
    index_template: str = ""  # the template of its index page ("" : no index)
    index_view: str = ""  # the site.views function giving the index's context: f(graph)
    index_save_as: str = ""  # the settings attribute where the index is saved
    feed_title: str = ""  # "Talks by {entity.name}": formatted with the entity
    feed_group: str = ""  # the OPML outline its feeds are listed under
    feed_items: str = "talks"  # "talks" ({name}_talks of the graph) or "notes" (whole notes)
    export: str = ""  # the /api/<export>.json it is listed in ("" : none of its own)
    link: bool = False  # `{name}target` links in notes resolve to its pages
    parent: str = ""  # the kind it belongs to ("event": a room's profile and URL are under it)
    profile_keys: frozenset[str] = frozenset()  # the header keys its profiles may use

    @property
    def url_setting(self) -> str:
        """The settings attribute of its page's URL pattern."""
        return f"{self.name}_url"

    @property
    def save_as_setting(self) -> str:
        """The settings attribute of its page's file pattern."""
        return f"{self.name}_save_as"

    def urls(self, settings: ConfnotesSettings, slug: str, **parents: str) -> tuple[str, str]:
        """The url and save_as of one entity's page ({slug}, and {event} for a room)."""
        values = {"slug": slug, **parents}
        return (getattr(settings, self.url_setting).format(**values),
                getattr(settings, self.save_as_setting).format(**values))

    def entities(self, graph: Any) -> dict[str, Entity]:
        """Every entity of this kind in a graph, by slug."""
        return getattr(graph, self.plural)


EVENT = EntityKind(
    "event", "events", Event, fold, folder="events_path", header="event", template="event",
    view="event_page", index_template="events", index_view="events_index",
    index_save_as="events_save_as", feed_title="Notes from {entity.name}", feed_group="Events",
    feed_items="notes", export="events", link=True,
    profile_keys=frozenset({"name", "aliases", "series", "kind", "start", "end", "city",
                            "country", "website", "timezone"}))
SERIES = EntityKind(
    "series", "series", Series, fold, template="series", view="series_page",
    index_template="series_index", index_view="series_index",
    index_save_as="series_index_save_as", feed_title="Notes from {entity.name}",
    feed_group="Series", feed_items="notes")  # listed in events.json, with its editions
SPEAKER = EntityKind(
    "speaker", "speakers", Speaker, person_key, folder="speakers_path", header="speakers",
    template="speaker", view="speaker_page", index_template="speakers",
    index_view="speakers_index", index_save_as="speakers_save_as",
    feed_title="Talks by {entity.name}", feed_group="Speakers", export="speakers", link=True,
    profile_keys=frozenset({"name", "aliases", "autolink", "website", "mastodon", "bluesky",
                            "github", "affiliation"}))
PACKAGE = EntityKind(
    "package", "packages", Package, package_key, folder="packages_path", header="packages",
    template="package", view="package_page", index_template="packages",
    index_view="packages_index", index_save_as="packages_save_as",
    feed_title="Talks about {entity.name}", feed_group="Packages", export="packages", link=True,
    profile_keys=frozenset({"name", "aliases", "pypi", "repository", "documentation",
                            "summary"}))
ROOM = EntityKind(
    "room", "rooms", Room, fold, folder="rooms_path", header="room", template="room",
    view="room_page", feed_title="{entity.name} at {entity.event.name}", feed_group="Rooms",
    export="rooms", parent="event",
    profile_keys=frozenset({"name", "aliases", "capacity", "floor", "track"}))

# In this order pages, feeds (and the OPML list's groups) and the sitemap list them.
KINDS: tuple[EntityKind, ...] = (EVENT, SERIES, SPEAKER, PACKAGE, ROOM)


def profile_kinds() -> tuple[EntityKind, ...]:
    """The kinds that have profile files, each in a content folder of its own."""
    return tuple(kind for kind in KINDS if kind.folder)


def profile_folders(settings: ConfnotesSettings) -> dict[str, str]:
    """The content folder of each kind's profiles: {folder: kind name}."""
    return {getattr(settings, kind.folder): kind.name for kind in profile_kinds()}


def default_profile_folders() -> tuple[str, ...]:
    """The profile folders of a site with the default settings (what tools and
    pelicanconf.py's ARTICLE_EXCLUDES must agree with)."""
    from ..settings import ConfnotesSettings  # noqa: PLC0415 - settings imports this module

    return tuple(profile_folders(ConfnotesSettings()))
