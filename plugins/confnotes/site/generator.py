"""The Pelican generator: reads profiles, builds the graph once, writes the entity pages."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pelican.contents import Page
from pelican.generators import Generator

from ..content.headers import ContentError
from ..content.names import make_slug, split_names
from ..content.reader import SECTIONS_METADATA
from ..engine.fingerprints import text_digest
from ..engine.manifest import SourceState
from ..engine.memo import forget_rendered
from ..graph.autolink import NameMatcher
from ..graph.crosslinks import build_matcher, link_key, link_note
from ..graph.entities import LiveBody
from ..graph.graph import (
    KINDS,
    Graph,
    NoteRecord,
    Problem,
    Profile,
    build_graph,
    packages_named_in,
    record_mentions,
)
from ..graph.kinds import KINDS as ENTITY_KINDS
from ..graph.kinds import profile_kinds
from ..graph.validate import site_problems
from ..search.index import BUNDLE_DIR
from ..settings import ConfnotesSettings, load_settings
from . import views
from .archives import archive_outputs
from .exports import export_outputs, listed_summary
from .feeds.feeds import feed_outputs
from .guard import PlannedOutput
from .outputs import Output, OutputSource, Site
from .pages import entity_outputs
from .static_files import confine_static_files
from .tag_pages import tag_outputs

logger = logging.getLogger(__name__)

OUTPUT_SOURCES: tuple[OutputSource, ...] = (entity_outputs, tag_outputs, archive_outputs,
                                             feed_outputs, export_outputs)
OFF = frozenset({"no", "off", "false", "0"})
PROFILE_KINDS = profile_kinds()  # the kinds with profile files (graph/kinds.py)


class ConfnotesGenerator(Generator):
    """Events, series, speakers and packages: their pages and index pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Profiles are read through Pelican's readers, with their content cache: unchanged
        # profiles are not parsed again.
        kwargs.setdefault("readers_cache_name", f"{type(self).__name__}-Readers")
        super().__init__(*args, **kwargs)
        self.confnotes: ConfnotesSettings = load_settings(self.settings)
        self.graph: Graph | None = None
        self._matcher: NameMatcher | None = None
        self._mention_keys: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._profiles: list[Any] = []
        self._outputs: tuple[Graph, list[Output]] | None = None

    # -- reading -----------------------------------------------------------------------------

    def generate_context(self) -> None:
        """Read profiles, build the graph from the published notes, and link notes to it."""
        articles = self.context.get("articles", [])
        self._sort_deterministically()
        records = [note_record(article) for article in articles]
        profiles = list(self._read_profiles())
        self.readers.save_cache()
        graph = build_graph(records, profiles, self.confnotes,
                            self.settings["SLUG_REGEX_SUBSTITUTIONS"])
        self._log_problems([*graph.problems, *site_problems(graph, records, profiles)])
        self._place_notes(graph, articles)
        self._place_unlisted(graph)
        self._register_link_targets(graph)
        self._matcher = build_matcher(graph) if self.confnotes.autolink else None
        for article in articles:
            self._link(article, graph, self._matcher_for(article), self._sections(graph, article))
        for page in (*self.context.get("pages", []), *(p.page for p in profiles)):
            self._link(page, graph, None, frozenset())
        for unlisted in (*self.context.get("drafts", []), *self.context.get("hidden_articles", [])):
            # Not part of the graph: their links resolve where they can, nothing is recorded.
            self._link(unlisted, graph, None, frozenset(), unknown_level=logging.WARNING)
        for view in views.note_views(graph).values():
            view.talks[0].note.confnotes = view
        self.graph = graph
        self.context["confnotes_graph"] = graph
        self._profiles = [profile.page for profile in profiles]

    def _log_problems(self, problems: list[Problem]) -> None:
        """Log each problem as a warning; past the first `DUPLICATE_WARNINGS` probable
        duplicate names, one line says how many more there are (`check` lists them all).

        A large archive can have thousands: printing them all drowns every other message, and
        takes seconds on every build.
        """
        limit = self.confnotes.duplicate_warnings
        duplicates = 0
        for problem in problems:
            duplicates += problem.duplicate
            if not problem.duplicate or not limit or duplicates <= limit:
                logger.warning("%s: %s", problem.source_path, problem.message)
        if limit and duplicates > limit:
            logger.warning("%s more probable duplicate names are not shown; `invoke check` "
                           "lists every one (CONFNOTES['DUPLICATE_WARNINGS'] sets how many a "
                           "build shows, 0 for all).", f"{duplicates - limit:,}")

    def _sort_deterministically(self) -> None:
        """Break Pelican's ties (same date) by source path, so every build is byte-identical.

        Pelican finds files through a set, so notes sharing a date come in a different order
        from one run to the next; the lists are sorted in place, where every page sees them.
        """
        def newest_first(article: Any) -> tuple:
            return (-article.date.timestamp(), article.relative_source_path)

        def oldest_first(article: Any) -> tuple:
            return (article.date.timestamp(), article.relative_source_path)

        if self.settings.get("ARTICLE_ORDER_BY") == "reversed-date":
            self.context.get("articles", []).sort(key=newest_first)
        self.context.get("dates", []).sort(key=oldest_first)
        for key in ("tags", "categories"):
            groups = self.context.get(key) or []
            for _name, members in (groups.items() if isinstance(groups, dict) else groups):
                members.sort(key=newest_first)

    def _read_profiles(self) -> Iterator[Profile]:
        """Every profile file, read through Pelican's readers (bad ones logged and skipped)."""
        for kind in PROFILE_KINDS:
            folder = getattr(self.confnotes, kind.folder)
            for relative in sorted(self.get_files([folder], extensions=("md", "markdown"))):
                try:
                    page = self.readers.read_file(base_path=self.path, path=relative,
                                                  content_class=Page, context=self.context)
                except ContentError:  # the reader has said what is wrong, and where
                    self._add_failed_source_path(relative)
                    continue
                except Exception as error:  # anything else: name the file, keep building
                    logger.error("%s: could not read this profile: %s", relative, error)
                    self._add_failed_source_path(relative)
                    continue
                slug = self._profile_slug(kind.parent, folder, relative)
                yield Profile(kind=kind.name, slug=slug, metadata=page.metadata,
                              body=LiveBody(page), source_path=relative.replace(os.sep, "/"),
                              page=page)

    def _profile_slug(self, parent: str, folder: str, relative: str) -> str:
        """A profile's slug: its file name's; under its parent's folder for a kind that has
        one (rooms/<event>/<room>.md is `<event>/<room>`)."""
        subs = self.settings["SLUG_REGEX_SUBSTITUTIONS"]
        path = Path(relative)
        slug = make_slug(path.stem, subs)
        inside = path.relative_to(folder).parts if path.is_relative_to(folder) else path.parts
        if parent and len(inside) > 1:
            return f"{make_slug(inside[0], subs)}/{slug}"
        return slug

    def _place_notes(self, graph: Graph, articles: list) -> None:
        """Move each note with an event under its event's slug."""
        for article in articles:
            path = article.relative_source_path
            event = graph.note_event.get(path)
            if event is not None:
                values = {"event": event.slug, "slug": article.slug}
                article.override_url = graph.note_url[path]
                article.override_save_as = self.confnotes.event_note_save_as.format(**values)

    def _place_unlisted(self, graph: Graph) -> None:
        """Hidden notes go under their event like published ones; drafts under drafts/<event>/."""
        for article in self.context.get("hidden_articles", []):
            event = graph.find_event(str(getattr(article, "event", "") or ""))
            if event is not None:
                values = {"event": event.slug, "slug": article.slug}
                article.override_url = self.confnotes.event_note_url.format(**values)
                article.override_save_as = self.confnotes.event_note_save_as.format(**values)
        if not self.settings.get("DRAFT_SAVE_AS"):
            return  # drafts are left out (publishing): Pelican writes nothing for them
        for draft in self.context.get("drafts", []):
            name = str(getattr(draft, "event", "") or "").strip()
            if name:
                event = graph.find_event(name)
                folder = event.slug if event else make_slug(name, self.settings[
                    "SLUG_REGEX_SUBSTITUTIONS"])
                draft.override_url = f"drafts/{folder}/{draft.slug}/"
                draft.override_save_as = f"drafts/{folder}/{draft.slug}/index.html"

    def _register_link_targets(self, graph: Graph) -> None:
        """Make entity pages resolvable by Pelican's `{filename}` link machinery."""
        generated = self.context["generated_content"]
        for kind in ENTITY_KINDS:
            if kind.link:
                for entity in kind.entities(graph).values():
                    generated[link_key(kind.name, entity)] = entity

    def _matcher_for(self, article: Any) -> NameMatcher | None:
        """The name matcher, unless the note says `Autolink: no`."""
        wants_links = str(getattr(article, "autolink", "yes")).strip().lower() not in OFF
        return self._matcher if wants_links else None

    @staticmethod
    def _sections(graph: Graph, article: Any) -> frozenset[str]:
        """The anchors of a note's talk sections."""
        return frozenset(talk.anchor for talk in graph.note_talks[
            article.relative_source_path])

    def _link(self, content: Any, graph: Graph, matcher: NameMatcher | None,
              sections: frozenset[str], unknown_level: int = logging.ERROR) -> None:
        """Cross-link one note or page; record its mentions; report unknown targets."""
        html, unknown, mentions = link_note(content._content, graph, matcher, sections)
        content._content = html
        path = content.relative_source_path
        if path in graph.note_talks:
            record_mentions(graph, path, ((m.kind, m.entity, m.section) for m in mentions))
            self._mention_keys[path] = mention_keys(mentions)
        subs = self.settings["SLUG_REGEX_SUBSTITUTIONS"]
        for target in unknown:
            logger.log(unknown_level, "%s: unknown %s %r in a {%s} link. Fix the name or add "
                       "a profile content/%ss/%s.md (create it, with 'Name: %s').",
                       content.relative_source_path, target.kind, target.target, target.kind,
                       target.kind, make_slug(target.target, subs), target.target)

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
        html, unknown, mentions = link_note(fresh._content, graph, self._matcher_for(note),
                                            self._sections(graph, note))
        if unknown or mention_keys(mentions) != self._mention_keys.get(path):
            return False
        note._content = html
        note.metadata = fresh.metadata
        forget_rendered(note)
        return True

    # -- writing -----------------------------------------------------------------------------

    def _site(self) -> Site | None:
        """What output modules read, once the graph exists."""
        if self.graph is None:
            return None
        return Site(graph=self.graph, settings=self.settings, confnotes=self.confnotes,
                    articles=self.context.get("articles", []), dates=self.context.get("dates", []),
                    pages=self.context.get("pages", []),
                    tags=dict(sorted(dict(self.context.get("tags", []) or {}).items(),
                                     key=lambda item: item[0].slug)))

    def outputs(self) -> list[Output]:
        """Every file this generator will write, from every output module.

        Planned once per graph: the overwrite guard and the writing both go through them.
        """
        if self.graph is None:
            return []
        if self._outputs is None or self._outputs[0] is not self.graph:
            site = self._site()
            assert site is not None
            self._outputs = (self.graph, [output for source in OUTPUT_SOURCES
                                          for output in source(site)])
        return self._outputs[1]

    def planned_outputs(self) -> Iterator[PlannedOutput]:
        """Every file this generator will write, with its source (for the overwrite guard),
        and the folders others fill whole: the theme's static files and the search index.

        Static files that lead out of the content folder are left out here (the guard runs
        after Pelican has found them, before it copies them).
        """
        confine_static_files(self.context, self.settings,
                             self.confnotes.follow_outside_links)
        for output in self.outputs():
            yield PlannedOutput(output.save_as, output.source)
        theme_folder = self.settings.get("THEME_STATIC_DIR", "theme")
        yield PlannedOutput(theme_folder, "the theme's static files", folder=True)
        yield PlannedOutput(BUNDLE_DIR, "the search index", folder=True)

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
            whole = text_digest(repr((metadata, content._content)))
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
        return text_digest(repr(shape)), text_digest(article._content)

    def generate_output(self, writer: Any) -> None:
        """Write every output through Pelican's Writer."""
        if hasattr(writer, "sources"):
            writer.sources = self.source_states()
        relative = self.settings["RELATIVE_URLS"]
        lazy = getattr(writer, "write_file_lazily", None)
        for output in self.outputs():
            args = (output.save_as, self.get_template(output.template), self.context)
            kwargs = {"relative_urls": relative, "url": output.url, "page_url": output.url}
            if lazy is not None:
                lazy(output.make_context, *args, whole_site=output.whole_site, **kwargs)
            else:
                writer.write_file(*args, **kwargs, **output.make_context())


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


def mention_keys(mentions: list[Any]) -> tuple[tuple[str, str, str], ...]:
    """What of a note's mentions the graph records: kind, entity and section, in order."""
    return tuple((m.kind, m.entity.slug, m.section) for m in mentions)


def note_record(article: Any) -> NoteRecord:
    """The graph's view of one Pelican article."""
    kind = str(getattr(article, "kind", "talk") or "talk").strip().lower()
    if kind not in KINDS:
        logger.warning("%s: Kind %r is not one of %s; shown as 'other'.",
                       article.relative_source_path, kind, ", ".join(KINDS))
        kind = "other"
    return NoteRecord(
        source_path=article.relative_source_path, title=article.title, slug=article.slug,
        date=article.date, url=article.url, event=str(getattr(article, "event", "") or "").strip(),
        speakers=tuple(split_names(getattr(article, "speakers", None))),
        packages=tuple(split_names(getattr(article, "packages", None))),
        kind=kind, sections=tuple(getattr(article, SECTIONS_METADATA, ()) or ()), article=article,
        room=str(getattr(article, "room", "") or "").strip())
