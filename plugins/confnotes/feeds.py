"""Feeds: Atom, RSS and JSON Feed for the site and every event, series, speaker, package, tag."""

from __future__ import annotations

from collections.abc import Iterator

from .outputs import Output, Site


def feed_outputs(site: Site) -> Iterator[Output]:
    """Every feed file of the site (issue 4 fills this in; Pelican writes the site feeds now)."""
    yield from ()
