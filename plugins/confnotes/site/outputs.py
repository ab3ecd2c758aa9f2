"""What the plugin writes, as a list of outputs: planned once, checked, then written.

Every module that produces files (entity pages, feeds, exports) yields `Output`s from the same
`Site`; the generator checks all their paths with the overwrite guard before anything is
written, then renders each through Pelican's Writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..graph.graph import Graph
from ..settings import ConfnotesSettings


@dataclass(frozen=True)
class Site:
    """Everything an output module may read: the graph, settings and Pelican's content."""

    graph: Graph
    settings: dict[str, Any] = field(repr=False)
    confnotes: ConfnotesSettings
    articles: list[Any] = field(repr=False)  # newest first
    dates: list[Any] = field(repr=False)  # the same notes, oldest first
    pages: list[Any] = field(repr=False)
    tags: dict[Any, list[Any]] = field(repr=False)
    # A note's or page's HTML before Pelican resolves its links (the engine reads it).
    html_of: Callable[[Any], str] = field(repr=False)


@dataclass(frozen=True)
class Output:
    """One file to write: where, with which template, and how to make its context (lazily)."""

    save_as: str
    template: str
    source: str
    make_context: Callable[[], dict[str, Any]] = field(repr=False)
    # Lists every note (an index, a site-wide feed, an export): among the slowest pages, so
    # the writer renders these first, while the other processes still have work to share.
    whole_site: bool = False

    @property
    def url(self) -> str:
        """The URL the file is served at (`x/index.html` is served as `x/`)."""
        return self.save_as.removesuffix("index.html")


OutputSource = Callable[[Site], Iterator[Output]]
