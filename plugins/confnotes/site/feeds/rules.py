"""Feed settings beyond their types: item caps, paths, and the rules of planet feeds.

A planet feed follows the notes that match ANY of its patterns, for example every note tagged
django or given at any DjangoCon event::

    CONFNOTES = {"FEED_PLANETS": (
        {"SLUG": "django", "TITLE": "Django notes", "TAGS": ("django",),
         "EVENTS": ("djangocon-*",)},
    )}

Patterns are shell-style (`*`, `?`, `[abc]`), compared without regard to case with the slug
and the name of a note's tags, event, series, speakers and packages, or with its kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ...settings import SETTINGS_NAME, ConfnotesSettings, SettingsError

MATCH_KEYS = ("TAGS", "EVENTS", "SERIES", "SPEAKERS", "PACKAGES", "KINDS")
PLANET_KEYS = frozenset({"SLUG", "TITLE", "DESCRIPTION", "MAX_ITEMS", *MATCH_KEYS})
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class NoteFacts:
    """What planet patterns are matched against: each value folded to lower case."""

    tags: frozenset[str]
    events: frozenset[str]
    series: frozenset[str]
    speakers: frozenset[str]
    packages: frozenset[str]
    kinds: frozenset[str]


@dataclass(frozen=True)
class PlanetRule:
    """One planet feed: where it is written, its title, and what it follows."""

    slug: str
    title: str
    description: str
    max_items: int | None
    patterns: tuple[tuple[str, tuple[str, ...]], ...]

    def matches(self, facts: NoteFacts) -> bool:
        """True when any pattern matches the note's facts of that kind."""
        for key, patterns in self.patterns:
            values = getattr(facts, key.lower())
            if any(fnmatchcase(value, pattern) for pattern in patterns for value in values):
                return True
        return False


def folded(values: Iterable[str]) -> frozenset[str]:
    """Names and slugs as planet patterns see them."""
    return frozenset(value.strip().casefold() for value in values if value and value.strip())


def check_feed_settings(settings: ConfnotesSettings) -> tuple[PlanetRule, ...]:
    """Raise SettingsError for a bad feed setting; return the planet rules."""
    for key in ("feed_max_items", "feed_all_max_items"):
        value = getattr(settings, key)
        if isinstance(value, bool) or value < 0:
            raise SettingsError(
                f"{SETTINGS_NAME}[{key.upper()!r}] must be a whole number, 0 for no cap; "
                f"not {value!r}.")
    for key in ("feed_all_atom", "feed_all_rss", "feed_all_json", "feed_opml"):
        value = getattr(settings, key)
        if value.endswith("/") or value.startswith("/"):
            raise SettingsError(f"{SETTINGS_NAME}[{key.upper()!r}] must be a file path "
                                f"relative to the output folder, like 'feeds/all.atom.xml'; "
                                f"not {value!r}.")
    if "{slug}" not in settings.feed_planet_url:
        raise SettingsError(f"{SETTINGS_NAME}['FEED_PLANET_URL'] must contain {{slug}}; "
                            f"not {settings.feed_planet_url!r}.")
    rules = tuple(planet_rule(index, given) for index, given in enumerate(settings.feed_planets))
    seen: set[str] = set()
    for rule in rules:
        if rule.slug in seen:
            raise SettingsError(f"{SETTINGS_NAME}['FEED_PLANETS']: two planets have the SLUG "
                                f"{rule.slug!r}; give each its own.")
        seen.add(rule.slug)
    return rules


def planet_rule(index: int, given: object) -> PlanetRule:
    """One FEED_PLANETS item, checked."""
    where = f"{SETTINGS_NAME}['FEED_PLANETS'][{index}]"
    if not isinstance(given, Mapping):
        raise SettingsError(f"{where} must be a dict like {{'SLUG': 'django', 'TITLE': "
                            f"'Django notes', 'TAGS': ('django',)}}; not {given!r}.")
    rule = {str(key).upper(): value for key, value in given.items()}
    unknown = sorted(set(rule) - PLANET_KEYS)
    if unknown:
        raise SettingsError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: "
                            f"{', '.join(sorted(PLANET_KEYS))}.")
    slug, title = rule.get("SLUG"), rule.get("TITLE")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise SettingsError(f"{where}['SLUG'] must be lower-case letters, digits and dashes; "
                            f"not {slug!r}.")
    if not isinstance(title, str) or not title.strip():
        raise SettingsError(f"{where}['TITLE'] must name what the feed follows.")
    description = rule.get("DESCRIPTION", "")
    if not isinstance(description, str):
        raise SettingsError(f"{where}['DESCRIPTION'] must be text; not {description!r}.")
    max_items = rule.get("MAX_ITEMS")
    if max_items is not None and (isinstance(max_items, bool) or not isinstance(max_items, int)
                                  or max_items < 0):
        raise SettingsError(f"{where}['MAX_ITEMS'] must be a whole number, 0 for no cap; "
                            f"not {max_items!r}.")
    patterns = tuple((key, _patterns(where, key, rule[key])) for key in MATCH_KEYS if key in rule)
    if not any(found for _, found in patterns):
        raise SettingsError(f"{where} follows nothing: give it at least one of "
                            f"{', '.join(MATCH_KEYS)}.")
    return PlanetRule(slug=slug, title=title.strip(), description=description.strip(),
                      max_items=max_items, patterns=patterns)


def _patterns(where: str, key: str, value: object) -> tuple[str, ...]:
    """A pattern or a list of patterns, folded."""
    values = (value,) if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)) or not all(
            isinstance(item, str) and item.strip() for item in values):
        raise SettingsError(f"{where}[{key!r}] must be a pattern or a list of patterns; "
                            f"not {value!r}.")
    return tuple(item.strip().casefold() for item in values)
