"""Live preview: build the site once, keep it in memory, and refresh it on every save.

A full Pelican build runs first, with the writer keeping every page's job and the source
files each page shows.  When a note's body text changes and nothing else about it does (same
headers, same mentions), the note is re-read, linked and put in place, and only the pages that
show it are rendered again: its own page, its neighbours', its event, speakers, packages, tags,
the home page, feeds and exports.  Anything else (a new note, a changed header, a profile, the
theme or the settings) gets a full build, reading unchanged notes from Pelican's cache.
Either way the output equals a clean build, byte for byte.

With `reload_pages`, every page includes theme/static/js/livereload.js, which polls the
session's status (served by live_server.py) and reloads the page after each refresh, showing
the errors of the last build over the page until they are fixed.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import watchfiles
from pelican import Pelican, signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from pelican.utils import FileChangeFilter

from ..content.headers import ContentError
from ..content.zones import ZONES_SETTING, event_zones
from ..plugin import listening_to_build
from . import collector
from .generator import EngineGenerator
from .live_server import LiveHTTPServer, start_server
from .live_status import LiveState, Problem, collect_errors, problems_from
from .logged import forget_logged_messages
from .writer import ConfnotesWriter

logger = logging.getLogger(__name__)

NOTE_SUFFIXES = frozenset({".md", ".markdown"})
DEBOUNCE_MS = 150  # how long a burst of saves is gathered before the site is refreshed
RELOAD_SETTING = "CONFNOTES_LIVERELOAD"  # read by base.html: include the reload script


@dataclass(frozen=True)
class Update:
    """What one refresh did."""

    kind: str  # "pages": only pages showing the edited notes; "full": a whole build
    seconds: float
    rewritten: tuple[str, ...] = ()  # "pages" only: the output files whose bytes changed
    reason: str = ""  # "full" only: why the quick path could not be taken

    def describe(self) -> str:
        """One line for the terminal."""
        if self.kind == "pages":
            return (f"Refreshed in {self.seconds:.2f} s: {len(self.rewritten)} file(s) "
                    "rewritten.")
        return f"Rebuilt the whole site in {self.seconds:.2f} s ({self.reason})."


class LiveSite:
    """A Pelican site kept in memory between builds."""

    def __init__(self, settings_file: str, overrides: dict[str, Any] | None = None,
                 reload_pages: bool = False) -> None:
        self.settings_file = str(Path(settings_file).resolve())  # compared with watched paths
        self._overrides = {**(overrides or {}), **({RELOAD_SETTING: True} if reload_pages else {})}
        self.state = LiveState()  # replaced (never changed) after each refresh: the server reads it
        self._writer: ConfnotesWriter | None = None
        self._generators: list[Any] = []
        self._finished = False  # the last build ran to its end (else: no quick refresh)
        self.pelican = self._new_pelican()

    @property
    def settings(self) -> dict[str, Any]:
        """The settings of the current Pelican instance."""
        return self.pelican.settings

    @property
    def content_path(self) -> Path:
        """The content folder, absolute."""
        return Path(self.settings["PATH"]).resolve()

    @property
    def output_path(self) -> Path:
        """The output folder, absolute."""
        return Path(self.settings["OUTPUT_PATH"]).resolve()

    def _new_pelican(self) -> Pelican:
        """A Pelican instance from the settings file as it is now."""
        return Pelican(read_settings(self.settings_file, override=self._overrides))

    def _keep_writer(self, writer: ConfnotesWriter) -> None:
        """Ask the writer being made to keep its pages' jobs for later refreshes."""
        writer.keep_jobs = True
        self._writer = writer

    def _keep_generators(self, generators: list[Any]) -> None:
        """Remember the generators of the build that is running."""
        self._generators = list(generators)

    def build(self, reason: str = "first build") -> Update:
        """A full build in this process (unchanged notes come from Pelican's cache)."""
        with collect_errors() as errors:
            update = self._build(reason)
        self._new_state(errors, full=True)
        return update

    def _build(self, reason: str) -> Update:
        """The work of build()."""
        started = time.perf_counter()
        self._writer, self._generators, self._finished = None, [], False
        # Listen during this build only: another site built in the same process (a test's
        # clean build) must not hand its writer or generators to this one.
        with listening_to_build(self._keep_writer, self._keep_generators):
            try:
                self.pelican.run()
            finally:
                collector.release(self.pelican)  # a build cut short has not released it
        self._finished = True
        return Update("full", time.perf_counter() - started, reason=reason)

    def apply(self, changes: Iterable[tuple[watchfiles.Change, str]]) -> Update:
        """Bring the output up to date with some changed files.

        Each refresh reports its problems afresh: a mistake made again after being fixed is
        reported again.
        """
        with collect_errors() as errors:
            update = self._apply(changes)
        self._new_state(errors, full=update.kind == "full")
        return update

    def failed(self, error: BaseException) -> None:
        """Record a refresh that broke off, so that the browser shows why."""
        problem = Problem("", 0, f"Could not refresh the site: {error}")
        self.state = LiveState(self.state.version + 1, (*self.state.problems, problem))

    def _new_state(self, errors: list[str], full: bool) -> None:
        """The state after a refresh: a full build's errors replace the last ones."""
        kept = () if full else self.state.problems
        problems = tuple(dict.fromkeys((*kept, *problems_from(errors))))
        self.state = LiveState(self.state.version + 1, problems)

    def _apply(self, changes: Iterable[tuple[watchfiles.Change, str]]) -> Update:
        """The work of apply()."""
        started = time.perf_counter()
        forget_logged_messages()
        changes = list(changes)
        changed = {Path(path).resolve() for _, path in changes}
        if Path(self.settings_file) in changed:
            self.pelican = self._new_pelican()
            return self._build("the settings changed")
        if event_zones(self.settings) != self.settings.get(ZONES_SETTING):
            # Notes are read (and cached) in their event's zone: start afresh, like a
            # settings change, so the content cache of the old zones is not used.
            self.pelican = self._new_pelican()
            return self._build("an event's Timezone changed")
        reason = self._refresh_bodies(changes)
        if reason:
            return self._build(reason)
        relative = {path.relative_to(self.content_path).as_posix() for path in changed}
        assert self._writer is not None  # _refresh_bodies checked
        self._record_states(relative)
        rewritten = self._writer.rerender(relative)
        return Update("pages", time.perf_counter() - started, tuple(sorted(rewritten)))

    def _refresh_bodies(self, changes: Iterable[tuple[watchfiles.Change, str]]) -> str:
        """Put edited note bodies in place; '' on success, else why a full build is needed."""
        articles = self._generator(ArticlesGenerator)
        confnotes = self._generator(EngineGenerator)
        if not self._finished or articles is None or confnotes is None or self._writer is None:
            return "the last build did not finish"
        published = {a.relative_source_path: a for a in articles.articles}
        # Editors that save by renaming report a deletion and an addition: what counts is
        # whether the file is there now.
        for source in sorted({Path(path).resolve() for _, path in changes}):
            reason = self._refresh_one(source, published, articles, confnotes)
            if reason:
                return reason
        return ""

    def _refresh_one(self, source: Path, published: dict[str, Any], articles: Any,
                     confnotes: EngineGenerator) -> str:
        """Re-read one changed file and put its body in place; '' or why it cannot be."""
        if not source.is_relative_to(self.content_path):
            return f"{source} is outside the content folder"
        if source.suffix not in NOTE_SUFFIXES or not source.is_file():
            return f"{source.name} was added, removed or is not a note"
        relative = source.relative_to(self.content_path).as_posix()
        note = published.get(relative)
        if note is None:
            return f"{relative} is not a published note"
        try:
            fresh = articles.readers.read_file(
                base_path=articles.path, path=relative, content_class=Article,
                context=articles.context, preread_signal=signals.article_generator_preread,
                preread_sender=articles, context_signal=signals.article_generator_context,
                context_sender=articles)
        except ContentError:
            return f"{relative} has an error"
        if not confnotes.refresh_body(note, fresh):
            return f"{relative} changed more than its body text"
        return ""

    def _record_states(self, paths: set[str]) -> None:
        """Tell the writer the refreshed notes' new digests, so the manifest it saves says
        what is on disk (a later `invoke build` trusts it)."""
        articles = self._generator(ArticlesGenerator)
        confnotes = self._generator(EngineGenerator)
        published = {a.relative_source_path: a for a in articles.articles}
        if self._writer is not None and self._writer.sources is not None:
            self._writer.sources.update({path: confnotes.note_state(published[path])
                                         for path in paths if path in published})

    def _generator(self, kind: type) -> Any:
        """The last build's generator of one kind, if it finished."""
        return next((g for g in self._generators if isinstance(g, kind)), None)

    def watched_paths(self) -> list[str]:
        """Where a change calls for a refresh: the settings file, the content and the theme."""
        paths = [self.settings_file, str(self.content_path), str(self.settings["THEME"])]
        return [path for path in paths if os.path.exists(path)]


class SearchRefresher:
    """Re-indexes the site for search in a child process, restarting it on each refresh."""

    def __init__(self, output: Path) -> None:
        self._output = output
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        """Index the output as it is now (stopping an index still being made)."""
        self.stop()
        plugins = str(Path(__file__).resolve().parents[2])
        code = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from confnotes.search.index import index_site; "
                "print(index_site(__import__('pathlib').Path(sys.argv[2])).summary())")
        self._process = subprocess.Popen([sys.executable, "-c", code, plugins,
                                          str(self._output)])

    def stop(self) -> None:
        """Stop an index still being made."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait()
        self._process = None

    def wait(self) -> None:
        """Wait for the index being made."""
        if self._process is not None:
            self._process.wait()


def serve_in_background(site: LiveSite, host: str, port: int,
                        headers: dict[str, str] | None = None) -> LiveHTTPServer:
    """Serve the site's output on host:port from a daemon thread, with its status for the
    reload script and a 404 page; `headers` are added to every response."""
    theme = "/" + str(site.settings.get("THEME_STATIC_DIR") or "theme").strip("/")
    return start_server(site.output_path, host, port, lambda: site.state,
                        headers=headers, theme_url=theme)


def watch(site: LiveSite, on_update: Callable[[Update], None],
          stop: threading.Event | None = None) -> None:
    """Refresh the site on every change until `stop` is set (or Ctrl-C)."""
    watch_filter = FileChangeFilter(ignore_file_patterns=site.settings.get("IGNORE_FILES", []))
    for changes in watchfiles.watch(*site.watched_paths(), watch_filter=watch_filter,
                                    debounce=DEBOUNCE_MS, step=25, stop_event=stop,
                                    rust_timeout=0):
        try:
            update = site.apply(changes)
        except Exception as error:  # a broken save must not end the session: say so, go on
            logger.exception("Could not refresh the site; fix the problem and save again.")
            site.failed(error)
            continue
        on_update(update)
