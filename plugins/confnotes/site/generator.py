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
    record_mentions,
)
from ..graph.kinds import KINDS as ENTITY_KINDS
from ..graph.kinds import profile_kinds
from ..graph.validate import site_problems
from ..search.index import BUNDLE_DIR
from ..settings import ConfnotesSettings, load_settings
from . import views
from .archives import archive_outputs
from .exports import export_outputs
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
    """Events, series, speakers and packages: their pages and index pages.

    The domain half: it never touches Pelican's private attributes itself, but asks
    `html_of`, `set_html` and `mark_unreadable`, which the engine's generator implements
    (engine/generator.py; plugin.py registers that one).
    """

    READERS_CACHE_NAME = "ConfnotesGenerator-Readers"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Profiles are read through Pelican's readers, with their content cache: unchanged
        # profiles are not parsed again.
        kwargs.setdefault("readers_cache_name", self.READERS_CACHE_NAME)
        super().__init__(*args, **kwargs)
        self.confnotes: ConfnotesSettings = load_settings(self.settings)
        self.graph: Graph | None = None
        self._matcher: NameMatcher | None = None
        self._mention_keys: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._profiles: list[Any] = []
        self._outputs: tuple[Graph, list[Output]] | None = None

    # -- what the engine provides ---------------------------------------------------------------

    def html_of(self, content: Any) -> str:
        """A note's or page's HTML as read (and linked), before Pelican resolves its links."""
        raise NotImplementedError("the engine's generator (engine/generator.py) reads it")

    def set_html(self, content: Any, html: str) -> None:
        """Replace a note's or page's HTML."""
        raise NotImplementedError("the engine's generator (engine/generator.py) writes it")

    def mark_unreadable(self, relative_path: str) -> None:
        """Record a source file that could not be read, as Pelican's generators do."""
        raise NotImplementedError("the engine's generator (engine/generator.py) records it")

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
                    self.mark_unreadable(relative)
                    continue
                except Exception as error:  # anything else: name the file, keep building
                    logger.error("%s: could not read this profile: %s", relative, error)
                    self.mark_unreadable(relative)
                    continue
                slug = self._profile_slug(kind.parent, folder, relative)
                yield Profile(kind=kind.name, slug=slug, metadata=page.metadata,
                              body=LiveBody(page, empty=not self.html_of(page).strip()),
                              source_path=relative.replace(os.sep, "/"), page=page)

    def _profile_slug(self, parent: str, folder: str, relative: str) -> str:
        """A profile's slug: its file name's; under its parent's folders for a kind that has
        one (rooms/<event>/<room>.md is `<event>/<room>`; a deeper file keeps every folder,
        so the graph can refuse it rather than take it for another profile)."""
        subs = self.settings["SLUG_REGEX_SUBSTITUTIONS"]
        path = Path(relative)
        slug = make_slug(path.stem, subs)
        inside = path.relative_to(folder).parts if path.is_relative_to(folder) else path.parts
        if parent and len(inside) > 1:
            return "/".join([*(make_slug(part, subs) for part in inside[:-1]), slug])
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
        html, unknown, mentions = link_note(self.html_of(content), graph, matcher, sections)
        self.set_html(content, html)
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

    # -- writing -----------------------------------------------------------------------------

    def _site(self) -> Site | None:
        """What output modules read, once the graph exists."""
        if self.graph is None:
            return None
        return Site(graph=self.graph, settings=self.settings, confnotes=self.confnotes,
                    articles=self.context.get("articles", []), dates=self.context.get("dates", []),
                    pages=self.context.get("pages", []), html_of=self.html_of,
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

    def generate_output(self, writer: Any) -> None:
        """Write every output through Pelican's Writer."""
        for output in self.outputs():
            writer.write_file(output.save_as, self.get_template(output.template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=output.url,
                              page_url=output.url, **output.make_context())


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
