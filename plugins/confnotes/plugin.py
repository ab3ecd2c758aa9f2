"""register(): the only place that connects signals (Pelican's and the engine's); every
handler stays thin.  The stages (content, graph, site, search) are plugged in here through
their engine subclasses: the reader that reads notes in parallel, the generator that knows
Pelican's internals, the writer that renders in parallel."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.log import FatalLogger

from .content.headers import ContentError
from .content.moments import rfc3339
from .content.zones import ZONES_SETTING, event_zones
from .engine import collector, manifest
from .engine.caches import cache_folder, prune_cache_folders
from .engine.generator import EngineGenerator
from .engine.pelican_internals import html_of, set_html
from .engine.prefetch import PrefetchingNoteReader
from .engine.writer import ConfnotesWriter, writer_created
from .settings import load_settings
from .site.feeds.feeds import json_feed_document
from .site.feeds.rules import check_feed_settings
from .site.generator import ConfnotesGenerator
from .site.guard import PlannedOutput, find_collisions
from .site.links import BrokenLink, LinkSource, SiteMap, find_broken_links, unlink
from .site.static_files import theme_output_problem
from .site.structured import template_globals
from .site.tag_pages import confnotes_writes_tag_pages

logger = logging.getLogger(__name__)


class ConfnotesBuildError(RuntimeError):
    """The build stopped before writing anything (collisions, or bad notes in strict mode)."""


PELICAN_SKIP_MESSAGE = "Could not process %s"


def register() -> None:
    """Connect confnotes to Pelican."""
    logging.getLogger("pelican.generators").addFilter(said_already)
    signals.initialized.connect(validate_settings)
    signals.readers_init.connect(use_note_reader)
    signals.get_generators.connect(hold_collector)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_template_globals)
    signals.article_generator_finalized.connect(skip_unwritten_groups)
    signals.page_generator_finalized.connect(drop_missing_static_links)
    signals.all_generators_finalized.connect(confine_theme_copy)
    signals.all_generators_finalized.connect(guard_outputs)
    signals.all_generators_finalized.connect(check_links)
    signals.get_writer.connect(use_confnotes_writer)
    writer_created.connect(flush_when_finalized)


def flush_when_finalized(writer: ConfnotesWriter) -> None:
    """A writer was made: it writes everything it collected once Pelican has finished."""
    signals.finalized.connect(writer.flush_on_finalized)


@contextmanager
def listening_to_build(on_writer: Callable[[ConfnotesWriter], None],
                       on_generators: Callable[[list[Any]], None]) -> Iterator[None]:
    """While inside: `on_writer(writer)` for each writer made, `on_generators(generators)`
    when Pelican's generators have all finished (a live session keeps both)."""
    writer_created.connect(on_writer)
    signals.all_generators_finalized.connect(on_generators)
    try:
        yield
    finally:
        writer_created.disconnect(on_writer)
        signals.all_generators_finalized.disconnect(on_generators)


def said_already(record: logging.LogRecord) -> bool:
    """Drop Pelican's "Could not process <file>" when confnotes' reader has just said why.

    Pelican logs it while handling the reader's exception, so the exception being handled
    tells which one it is (the same `addFilter` of one function is a no-op).
    """
    return not (record.msg == PELICAN_SKIP_MESSAGE
                and isinstance(sys.exc_info()[1], ContentError))


def validate_settings(pelican: Any) -> None:
    """Fail early on unknown or mistyped CONFNOTES settings; key the content cache.

    Pelican's content cache knows only file times: confnotes keeps it in a folder named
    after its own code, the theme and the settings, so a change to any of them starts afresh
    (see cache_folders.py).  The settings include the events' time zones (zones.py), which
    change how notes are read.
    """
    check_feed_settings(load_settings(pelican.settings))
    settings = pelican.settings
    # Before the key: an event's Timezone changes how its notes are read (zones.py).
    settings[ZONES_SETTING] = event_zones(settings)
    if settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE"):
        folder = cache_folder(settings["CACHE_PATH"], manifest.build_key(settings))
        settings["CACHE_PATH"] = str(folder)
        prune_cache_folders(folder)


def skip_unwritten_groups(generator: ArticlesGenerator) -> None:
    """Leave out the category and author pages that are switched off, and the tag pages that
    confnotes writes (see tag_pages.py), before Pelican works on them.

    Pelican prepares each category's and author's page by scanning every note for each of their
    notes (quadratic: seconds at 20,000 notes) even when its `*_SAVE_AS` is empty and nothing is
    written.  The template context keeps its own lists, so templates still see every group.
    """
    if not generator.settings.get("CATEGORY_SAVE_AS"):
        generator.categories = []
    if not generator.settings.get("AUTHOR_SAVE_AS"):
        generator.authors = []
    if confnotes_writes_tag_pages(generator.settings):
        generator.tags = {}


def use_note_reader(readers: Any) -> None:
    """Read Markdown through confnotes' validating, sanitising reader (all notes at once, in
    worker processes, on a cold build)."""
    for extension in PrefetchingNoteReader.file_extensions:
        readers.reader_classes[extension] = PrefetchingNoteReader


def use_confnotes_writer(pelican: Any) -> type[ConfnotesWriter]:
    """Write pages in parallel, and only when their bytes change."""
    return ConfnotesWriter


def hold_collector(pelican: Any) -> None:
    """A build starts: hold back full garbage collections until pages are rendered."""
    collector.hold(pelican)


def add_generator(pelican: Any) -> type[EngineGenerator]:
    """Add the generator of event, series, speaker and package pages."""
    return EngineGenerator


def add_template_globals(generator: Any) -> None:
    """Give every template the absolute site URL, the JSON-LD and JSON Feed builders, and the
    `rfc3339` filter (a date or datetime as a valid `datetime` attribute)."""
    generator.env.globals.update(template_globals(generator.settings))
    generator.env.filters["rfc3339"] = rfc3339
    generator.env.globals["confnotes_json_feed"] = json_feed_document


def confine_theme_copy(generators: list[Any]) -> None:
    """Before Pelican copies the theme's static files (its StaticGenerator does, without the
    Writer): stop the build if a symbolic link in the output folder would carry them out."""
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            problem = theme_output_problem(generator.settings, generator.theme)
            if problem is not None:
                logger.error("%s", problem)
                raise ConfnotesBuildError(problem)
            return


def guard_outputs(generators: list[Any]) -> None:
    """Before anything is written: refuse shared output paths, and bad notes when strict."""
    collisions = find_collisions(planned_outputs(generators))
    if collisions:
        for collision in collisions:
            logger.error(collision.message())
        raise ConfnotesBuildError(collisions[0].message())
    settings = generators[0].settings
    if load_settings(settings).strict:
        failed = sorted(path for path, content in generators[0].context["generated_content"].items()
                        if content is None)
        if failed:
            logger.error("strict build: %d file(s) could not be read: %s", len(failed),
                         ", ".join(failed))
            raise ConfnotesBuildError(
                f"strict build: {len(failed)} file(s) could not be read: {', '.join(failed)}. "
                "Fix the errors reported above.")


def planned_outputs(generators: Iterable[Any]) -> Iterator[PlannedOutput]:
    """Every output path of every generator, with its source."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            yield from _article_outputs(generator)
        elif isinstance(generator, PagesGenerator):
            for page in (*generator.pages, *generator.hidden_pages, *generator.draft_pages,
                         *generator.translations, *generator.hidden_translations,
                         *generator.draft_translations):
                yield PlannedOutput(page.save_as, page.relative_source_path)
        elif isinstance(generator, StaticGenerator):
            for static in generator.staticfiles:
                yield PlannedOutput(static.save_as, static.relative_source_path)
        elif isinstance(generator, ConfnotesGenerator):
            yield from generator.planned_outputs()


def _article_outputs(generator: ArticlesGenerator) -> Iterator[PlannedOutput]:
    """Notes, drafts, tag pages and the fixed pages Pelican writes."""
    for article in (*generator.articles, *generator.translations, *generator.hidden_articles,
                    *generator.hidden_translations, *generator.drafts,
                    *generator.drafts_translations):
        yield PlannedOutput(article.save_as, article.relative_source_path)
    for category, articles in generator.categories:
        first_user = articles[0].relative_source_path
        yield PlannedOutput(category.save_as, f"category {category.name!r} (used by {first_user})")
    for tag, articles in generator.tags.items():
        first_user = articles[0].relative_source_path
        yield PlannedOutput(tag.save_as, f"tag {tag.name!r} (used by {first_user})")
    settings = generator.settings
    for key in ("INDEX_SAVE_AS", "TAGS_SAVE_AS", "ARCHIVES_SAVE_AS"):
        yield PlannedOutput(settings.get(key, ""), f"the site's {key.split('_')[0].lower()} page")


def is_strict(settings: dict[str, Any]) -> bool:
    """True for CONFNOTES STRICT and for Pelican's `--fatal errors` (`invoke build --strict`)."""
    return load_settings(settings).strict or FatalLogger.fatal_lvl <= logging.ERROR


def drop_missing_static_links(generator: PagesGenerator) -> None:
    """Forget `{static}`/`{attach}` links to files that do not exist, before Pelican's
    StaticGenerator tries to read them: `check_links` reports each with its note and line."""
    links = generator.context.get("static_links")
    if links:
        root = generator.settings["PATH"]
        links -= {path for path in links if not os.path.isfile(os.path.join(root, path))}


def link_sources(generators: Iterable[Any]) -> list[LinkSource]:
    """The notes and pages whose links are checked; drafts and hidden ones unpublished."""
    sources: list[LinkSource] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            published = (*generator.articles, *generator.translations)
            unlisted = (*generator.drafts, *generator.drafts_translations,
                        *generator.hidden_articles, *generator.hidden_translations)
        elif isinstance(generator, PagesGenerator):
            published = (*generator.pages, *generator.translations)
            unlisted = (*generator.hidden_pages, *generator.hidden_translations,
                        *generator.draft_pages, *generator.draft_translations)
        else:
            continue
        sources += [LinkSource(content, True) for content in published]
        sources += [LinkSource(content, False) for content in unlisted]
    return sources


def broken_links(generators: list[Any],
                 sources: list[LinkSource] | None = None) -> list[BrokenLink]:
    """Every broken link of every note and page, once per file and target."""
    sources = link_sources(generators) if sources is None else sources
    settings = generators[0].settings
    site = SiteMap(generators[0].context, lambda: planned_outputs(generators), sources,
                    theme=settings["THEME"], theme_static_dir=settings["THEME_STATIC_DIR"],
                    siteurl=settings["SITEURL"], html_of=html_of, content_path=settings["PATH"])
    return find_broken_links(sources, site)


def check_links(generators: list[Any]) -> None:
    """Report broken links: warnings in a development build, an error that stops a strict
    one before anything is written (drafts and hidden notes: always warnings)."""
    sources = link_sources(generators)
    broken = broken_links(generators, sources)
    fatal = ([link for link in broken if link.published]
             if is_strict(generators[0].settings) else [])
    stopping = set(fatal)
    for link in broken:
        if link not in stopping:
            logger.warning("%s", link.message())
    if fatal:
        listed = "\n".join(f"  {link.message()}" for link in fatal)
        logger.error("strict build: %d broken link(s); fix them or build without --strict:\n%s",
                     len(fatal), listed)
        raise ConfnotesBuildError(f"strict build: {len(fatal)} broken link(s): "
                                  f"{fatal[0].message()}")
    targets: dict[str, list[str]] = {}
    for link in broken:
        targets.setdefault(link.source_path, []).append(link.target)
    for source in sources:
        if source.content.relative_source_path in targets:
            set_html(source.content, unlink(html_of(source.content),
                                            targets[source.content.relative_source_path]))
