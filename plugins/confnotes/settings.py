"""The plugin's settings: defaults, validation, one immutable object read once per build."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from .graph.kinds import profile_folders

SETTINGS_NAME = "CONFNOTES"


class SettingsError(ValueError):
    """An unknown or invalid key in the CONFNOTES settings."""


@dataclass(frozen=True)
class ConfnotesSettings:
    """Every CONFNOTES setting with its default (keys are the upper-case field names)."""

    strict: bool = False
    autolink: bool = True
    max_speakers_per_talk: int = 50  # more in one talk is warned about (file:line); 0: never
    duplicate_warnings: int = 20  # probable duplicate names a build shows; `check` shows all
    speakers_path: str = "speakers"
    packages_path: str = "packages"
    events_path: str = "events"
    rooms_path: str = "rooms"  # rooms/<event-slug>/<room-slug>.md
    speaker_url: str = "speakers/{slug}/"
    speaker_save_as: str = "speakers/{slug}/index.html"
    speakers_save_as: str = "speakers/index.html"
    package_url: str = "packages/{slug}/"
    package_save_as: str = "packages/{slug}/index.html"
    packages_save_as: str = "packages/index.html"
    event_url: str = "events/{slug}/"
    event_save_as: str = "events/{slug}/index.html"
    events_save_as: str = "events/index.html"
    series_url: str = "series/{slug}/"
    series_save_as: str = "series/{slug}/index.html"
    series_index_save_as: str = "series/index.html"
    room_url: str = "{event}/rooms/{slug}/"
    room_save_as: str = "{event}/rooms/{slug}/index.html"
    event_note_url: str = "{event}/{slug}/"
    event_note_save_as: str = "{event}/{slug}/index.html"
    # Feeds (docs/feeds.md): "" turns one site feed off, FEEDS = False turns all of them off.
    feeds: bool = True
    feed_all_atom: str = "feeds/all.atom.xml"
    feed_all_rss: str = "feeds/all.rss.xml"
    feed_all_json: str = "feeds/all.json"
    feed_opml: str = "feeds/opml.xml"
    feed_max_items: int = 50  # per event, series, speaker, package, tag and planet feed; 0: all
    feed_all_max_items: int = 100  # per site feed; 0: all
    feed_planet_url: str = "feeds/{slug}/"  # a planet feed is written at <url>atom.xml, rss.xml
    feed_planets: tuple = ()  # rules of extra filtered feeds, checked by feedrules.py
    # Publish notes and static files that are symbolic links out of the content folder.
    follow_outside_links: bool = False

    @property
    def profile_dirs(self) -> frozenset[str]:
        """The content folders that hold profiles rather than notes."""
        return frozenset(profile_folders(self))


_FIELD_NAMES = {field.name.upper(): field for field in fields(ConfnotesSettings)}


def load_settings(pelican_settings: Mapping) -> ConfnotesSettings:
    """Validate the CONFNOTES dict of Pelican's settings and return the settings object."""
    given = pelican_settings.get(SETTINGS_NAME) or {}
    if not isinstance(given, Mapping):
        raise SettingsError(f"{SETTINGS_NAME} must be a dict, not {type(given).__name__}.")
    unknown = sorted(set(given) - set(_FIELD_NAMES))
    if unknown:
        known = ", ".join(sorted(_FIELD_NAMES))
        raise SettingsError(
            f"Unknown {SETTINGS_NAME} key(s) {', '.join(unknown)}; known keys: {known}.")
    values = {}
    for key, value in given.items():
        default = _FIELD_NAMES[key].default
        if not isinstance(value, type(default)):
            raise SettingsError(
                f"{SETTINGS_NAME}[{key!r}] must be {type(default).__name__}, not {value!r}."
            )
        values[_FIELD_NAMES[key].name] = value
    return ConfnotesSettings(**values)
