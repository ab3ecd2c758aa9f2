"""The generator Pelican runs: the site's generator plus what the engine needs of it.

site/generator.py places notes, links them and plans every output; this subclass adds:
- the Pelican internals the site's generator asks for (`html_of`, `set_html`,
  `mark_unreadable`, through engine/pelican_internals.py);
- each source file's shape and text digests, handed to the writer (incremental builds);
- lazy writing: template variables are made in the process that renders the page;
- `refresh_body`, with which a live session takes a re-edited note's new text in place.
"""

from __future__ import annotations

from typing import Any

from ..content.reader import SECTIONS_METADATA
from ..graph.crosslinks import link_note
from ..graph.graph import Graph, packages_named_in
from ..site.exports import listed_summary
from ..site.generator import ConfnotesGenerator, mention_keys
from . import pelican_internals
from .fingerprints import text_digest
from .manifest import SourceState
from .memo import forget_rendered


class EngineGenerator(ConfnotesGenerator):
    """Events, series, speakers and packages, written by the engine's writer."""

    def html_of(self, content: Any) -> str:
        """See pelican_internals.html_of."""
        return pelican_internals.html_of(content)

    def set_html(self, content: Any, html: str) -> None:
        """See pelican_internals.set_html."""
        pelican_internals.set_html(content, html)

    def mark_unreadable(self, relative_path: str) -> None:
        """See pelican_internals.mark_unreadable."""
        pelican_internals.mark_unreadable(self, relative_path)

    def refresh_body(self, note: Any, fresh: Any) -> bool:
        """Take a re-read note's new text in place when nothing but its body text changed.

        True when applied: same headers, same mentions, no unknown link, so the graph is
        unchanged and only the pages showing the note need rendering again.  False when the
        edit reaches further; then the site needs a full build (which reports any problem).
        """
        graph = self.graph
        path = note.relative_source_path
        if graph is None or path not in graph.note_talks or not same_shape(graph, note, fresh):
            return False
        html, unknown, mentions = link_note(self.html_of(fresh), graph, self._matcher_for(note),
                                            self._sections(graph, note))
        if unknown or mention_keys(mentions) != self._mention_keys.get(path):
            return False
        self.set_html(note, html)
        note.metadata = fresh.metadata
        forget_rendered(note)
        return True

    def source_states(self) -> dict[str, SourceState]:
        """Every source file's shape and text digests (see manifest.py).

        A note's shape is what other pages can list of it: its headers, its talks with their
        speakers and packages, its mentions, its summary (the notes export lists it as text).
        Profiles, pages and unlisted notes count as all shape: any edit to them is treated as
        reaching every page.
        """
        states = {article.relative_source_path: self.note_state(article)
                  for article in self.context.get("articles", [])}
        others = (*self.context.get("pages", []), *self.context.get("hidden_pages", []),
                  *self.context.get("draft_pages", []), *self.context.get("drafts", []),
                  *self.context.get("hidden_articles", []), *self._profiles)
        for content in others:
            metadata = sorted((k, repr(v)) for k, v in content.metadata.items())
            whole = text_digest(repr((metadata, self.html_of(content))))
            states[content.relative_source_path] = (whole, whole)
        return states

    def note_state(self, article: Any) -> SourceState:
        """A published note's shape and text digests, as it is now (linked)."""
        path = article.relative_source_path
        talks = self.graph.note_talks.get(path, ()) if self.graph is not None else ()
        talk_links = [(talk.anchor, [s.slug for s in talk.speakers],
                       [p.slug for p in talk.packages]) for talk in talks]
        shape = (sorted((k, repr(v)) for k, v in _headers(article).items()),
                 _outline(article), talk_links, self._mention_keys.get(path),
                 listed_summary(article))
        return text_digest(repr(shape)), text_digest(self.html_of(article))

    def generate_output(self, writer: Any) -> None:
        """Write every output through Pelican's Writer: lazily, and with the sources' states,
        when it is the engine's writer."""
        lazy = getattr(writer, "write_file_lazily", None)
        if lazy is None:
            super().generate_output(writer)
            return
        writer.sources = self.source_states()
        relative = self.settings["RELATIVE_URLS"]
        for output in self.outputs():
            lazy(output.make_context, output.save_as, self.get_template(output.template),
                 self.context, whole_site=output.whole_site, relative_urls=relative,
                 url=output.url, page_url=output.url)


def same_shape(graph: Graph, note: Any, fresh: Any) -> bool:
    """True when a re-read note differs from the one in the graph only in its text.

    Same headers, same talk sections (anchor, title, speakers), each section crediting the
    same packages and the same summary: then no event, speaker, package or tag page lists
    anything new, and the notes export (which lists summaries as text) is unchanged.
    """
    if (_headers(note) != _headers(fresh) or _outline(note) != _outline(fresh)
            or listed_summary(note) != listed_summary(fresh)):
        return False
    new = fresh.metadata.get(SECTIONS_METADATA) or ()
    path = note.relative_source_path
    packages = list(graph.note_packages.get(path, ()))
    credited = [tuple(packages_named_in(section.text, packages)) for section in new]
    return not new or credited == [talk.packages for talk in graph.note_talks[path]]


def _headers(article: Any) -> dict[str, Any]:
    """A note's header values (everything but its talk sections)."""
    return {k: v for k, v in article.metadata.items() if k != SECTIONS_METADATA}


def _outline(article: Any) -> list[tuple]:
    """A note's talk sections without their text: anchor, title and speakers as written."""
    return [(s.anchor, s.title, s.speaker_names)
            for s in article.metadata.get(SECTIONS_METADATA) or ()]
