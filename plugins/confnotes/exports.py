"""Exports: /api/*.json, the sitemap and robots.txt, for other tools and search engines."""

from __future__ import annotations

from collections.abc import Iterator

from .outputs import Output, Site


def export_outputs(site: Site) -> Iterator[Output]:
    """Every export file of the site (issue 5 fills this in)."""
    yield from ()
