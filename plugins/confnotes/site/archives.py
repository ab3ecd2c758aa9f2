"""The archives by year: one page per year, newest notes first, below the archives index.

`/archives/` (Pelican's `archives` direct template) lists the years, newest first, with their
counts; each year's notes are on `/archives/<year>/`, written here with the theme's
`period_archives` template and the variables Pelican gives its own period archives (`period`,
`period_num`, `dates`, `articles`).  Pelican's YEAR_ARCHIVE_SAVE_AS is left off: it groups the
notes by testing every note against every year's list (about 16 s at 20,000 notes), where one
pass over the notes is enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .outputs import Output, Site


@dataclass(frozen=True)
class ArchiveYear:
    """One year of notes and where its page is."""

    year: int
    url: str
    save_as: str
    notes: tuple[Any, ...]  # newest first


def year_folder(settings: dict[str, Any]) -> str:
    """Where year pages go: below the archives index (`archives/` -> `archives/2026/`).

    `archives.html` gives `archives/`; "" when the archives index is switched off.  The
    theme's `archives.html` links the years by the same rule.
    """
    save_as = str(settings.get("ARCHIVES_SAVE_AS") or "")
    if not save_as:
        return ""
    if save_as.endswith("index.html"):
        return save_as.removesuffix("index.html")
    return save_as.removesuffix(".html") + "/"


def archive_years(site: Site) -> list[ArchiveYear]:
    """Every year that has notes, newest first, each with its notes newest first."""
    folder = year_folder(site.settings)
    if not folder:
        return []
    by_year: dict[int, list[Any]] = {}
    for article in sorted(site.articles, key=_newest_first):
        by_year.setdefault(article.date.year, []).append(article)
    return [ArchiveYear(year, f"{folder}{year}/", f"{folder}{year}/index.html",
                        tuple(notes))
            for year, notes in sorted(by_year.items(), reverse=True)]


def _newest_first(article: Any) -> tuple:
    return (-article.date.timestamp(), article.relative_source_path)


def archive_outputs(site: Site) -> Iterator[Output]:
    """One page per year, with links to the newer and the older year."""
    years = archive_years(site)
    for index, entry in enumerate(years):
        newer = years[index - 1] if index > 0 else None
        older = years[index + 1] if index + 1 < len(years) else None
        yield Output(entry.save_as, "period_archives", f"the archives of {entry.year}",
                     lambda e=entry, n=newer, o=older: year_context(site, e, n, o),
                     whole_site=True)


def year_context(site: Site, entry: ArchiveYear, newer: ArchiveYear | None,
                 older: ArchiveYear | None) -> dict[str, Any]:
    """A year page's variables: Pelican's period-archive ones, and the neighbouring years."""
    notes = list(entry.notes)
    return {"period": (entry.year,), "period_num": (entry.year,), "dates": notes,
            "articles": notes, "template_name": "period_archives", "blog": True,
            "all_articles": site.articles,
            "newer_year": (newer.year, newer.url) if newer else None,
            "older_year": (older.year, older.url) if older else None}
