"""The Writer confnotes builds with: renders pages in parallel and leaves unchanged files alone.

Every output still goes through Pelican's `Writer.write_file`; this subclass only changes
*when* and *where* that happens.  Calls are collected while the generators run, then, when
Pelican signals `finalized`, split among worker processes forked from the fully built site
(so nothing is pickled), each rendering its share with Pelican's own code.  A file whose new
bytes equal the old ones is not rewritten, so its mtime is kept and rsync uploads nothing.

The engine connects no signal: the writer announces itself through `writer_created`, and
plugin.py connects its `flush_on_finalized` to Pelican's `finalized`.

Pelican internals (4.12) used here, on the writer itself: `_open_w` is overridden, and
`_written_files` / `_overridden_files` (Pelican's overwrite bookkeeping) are read and cleared;
tests/engine/test_pelican_internals.py checks they still exist.
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from blinker import signal
from jinja2 import Environment
from pelican.writers import Writer

from ..confine import ConfinedFolder, ConfinementError, output_path_problem
from . import collector, manifest
from .caches import last_complete_build, record_build
from .fingerprints import ContentDigests, Fingerprinter, PageFingerprint
from .memo import forget_rendered_contents
from .progress import Progress
from .template_usage import TemplateUsage

logger = logging.getLogger(__name__)

WORKERS_ENVIRONMENT = "CONFNOTES_WORKERS"
CLAIM = 16  # jobs a worker process takes from the shared queue at a time
Job = tuple[tuple[Any, ...], dict[str, Any], "Callable[[], dict[str, Any]] | None"]
# Sent with the writer as it is made: plugin.py has it flushed when Pelican has finished, and a
# live session keeps it (see live.py).  Connected only in plugin.py.
writer_created = signal("confnotes_writer_created")


class WriteFailedError(RuntimeError):
    """A worker process could not render or write its share of the pages."""


class _WriteIfChanged(io.StringIO):
    """A text buffer that, on close, writes its file only when the bytes differ."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = Path(path)

    def __exit__(self, *exc_info: object) -> None:
        if exc_info[0] is None:
            data = self.getvalue().encode("utf-8")
            try:
                unchanged = self._path.read_bytes() == data
            except OSError:
                unchanged = False
            if not unchanged:
                self._path.write_bytes(data)
        super().__exit__(*exc_info)


def worker_count(settings: dict[str, Any]) -> int:
    """How many processes render pages: CONFNOTES_WORKERS, else the CPUs this process may use."""
    configured = os.environ.get(WORKERS_ENVIRONMENT) or settings.get("CONFNOTES", {}).get(
        "WORKERS")
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)))


class ConfnotesWriter(Writer):
    """Pelican's Writer, deferred until every generator has spoken, then run in parallel."""

    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        super().__init__(output_path, settings=settings)
        self._jobs: list[Job] = []
        self._confined = ConfinedFolder(output_path)  # every path written must stay inside
        self._whole_site_jobs: list[Job] = []  # the slowest pages: rendered first
        self._whole_site: set[str] = set()  # their names, for a live refresh to put them last
        self.keep_jobs = False  # a live session sets this, to re-render pages later
        self.kept: dict[str, tuple[Job, PageFingerprint | None]] = {}
        self._contents: ContentDigests = {}  # notes' digests, reused by live refreshes
        self._manifest: manifest.Manifest | None = None  # what the last flush saved
        self._usage: TemplateUsage | None = None
        # Every source file's shape and text digests, from the confnotes generator: lets a
        # build that follows a text-only edit skip pages showing none of the edited notes.
        self.sources: dict[str, manifest.SourceState] | None = None
        self._finalized = False  # flush_on_finalized has run (it runs once)
        writer_created.send(self)

    def write_file(self, *args: Any, **kwargs: Any) -> None:
        """Remember one page to write (rendered later, in a worker).

        Pelican's direct templates (home, archives, tags...) list the whole site.
        """
        if args and args[0]:  # Pelican asks for "" when an output is switched off
            self._queue((args, kwargs, None), whole_site=self._is_direct_template(args[1]))

    def write_file_lazily(self, make_kwargs: Callable[[], dict[str, Any]], *args: Any,
                          whole_site: bool = False, **kwargs: Any) -> None:
        """Like write_file, with template variables computed in the worker that renders.

        `whole_site` pages (indexes, site feeds, exports) are rendered before the others:
        they are the slowest, and started last they would keep one process busy alone.
        """
        self._queue((args, kwargs, make_kwargs), whole_site=whole_site)

    def _queue(self, job: Job, whole_site: bool) -> None:
        name = job[0][0]
        problem = output_path_problem(name)
        if problem is not None:
            raise ConfinementError(f"refused to write {name!r}: {problem}.")
        self._confined.check(name)  # refused now, before any folder is made for it
        (self._whole_site_jobs if whole_site else self._jobs).append(job)

    def _is_direct_template(self, template: Any) -> bool:
        name = getattr(template, "name", "") or ""
        return name.removesuffix(".html") in self.settings.get("DIRECT_TEMPLATES", ())

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Pelican's overwrite bookkeeping, with a buffer that writes only changed bytes."""
        # Pelican internal: `Writer._open_w` is where Pelican opens every output file, and
        # `_written_files` / `_overridden_files` its overwrite bookkeeping; no public hook.
        if filename in self._overridden_files or (filename in self._written_files
                                                  and not override):
            # Pelican's own rules: skip (writing to os.devnull) or raise; never this file.
            return super()._open_w(filename, encoding, override=override)
        self._confined.check(filename)  # a symbolic link in the output folder leads nowhere
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _WriteIfChanged(filename)

    def flush_on_finalized(self, pelican: Any) -> None:
        """Pelican has finished generating: write everything collected (once: a later
        build's `finalized` is not this writer's)."""
        if self._finalized:
            return
        self._finalized = True
        collector.release(pelican)  # the rendering processes make garbage: collect as usual
        self.flush(worker_count(self.settings))

    def flush(self, workers: int) -> None:
        """Render and write every collected page, in `workers` processes.

        Pages whose fingerprint matches the last build's, and whose file is still there,
        are not rendered at all; after an edit of notes' text alone, pages showing none of
        those notes are not even fingerprinted.  Files the last build wrote and this one did
        not are removed.
        A build that deletes its output first (publishing) makes no fingerprints: no later
        build could use them.
        """
        jobs = self._whole_site_jobs + self._jobs
        self._whole_site = {job[0][0] for job in self._whole_site_jobs}
        self._whole_site_jobs, self._jobs = [], []
        cache_path = self.settings.get("CACHE_PATH", "cache")
        key = manifest.build_key(self.settings)
        previous = manifest.load(cache_path, key)
        names = {job[0][0] for job in jobs}
        trusted = last_complete_build(cache_path, self.output_path) == key
        # Another key's build (publishing, another theme) or a build cut short wrote last:
        # what is on disk may not be what this key's manifest says.
        to_render, unaffected = (self._affected(jobs, previous) if trusted
                                 else (jobs, {}))
        record_build(cache_path, self.output_path, "")
        progress = Progress("Writing pages and feeds", len(to_render))
        if to_render and self._fingerprinting:  # worked out once, before the workers fork
            self._template_usage(to_render[0][0][1].environment)
        known = previous.pages if trusted else {}
        if workers <= 1 or len(to_render) < 2 * workers:
            fingerprints = self._run(to_render, known, progress)
        else:
            fingerprints = self._run_in_workers(to_render, known, workers, progress)
        progress.finish()
        fingerprints.update(unaffected)
        self._remove_stale(set(previous.pages) - names)
        self._manifest = manifest.Manifest(previous.key, _digests(fingerprints),
                                           _shows(fingerprints), dict(self.sources or {}))
        manifest.save(cache_path, self._manifest)
        record_build(cache_path, self.output_path, key)
        if self.keep_jobs:
            self.kept = {job[0][0]: (job, fingerprints.get(job[0][0])) for job in jobs}

    def _affected(self, jobs: list[Job], previous: manifest.Manifest,
                  ) -> tuple[list[Job], dict[str, PageFingerprint]]:
        """The jobs to render, and the fingerprints of pages that need not even be looked at.

        When only some notes' text changed since the last build, a page whose last render
        showed none of them, and whose file is still there, is as it was.
        """
        changed = (previous.changed_texts(self.sources)
                   if self._fingerprinting and self.sources is not None else None)
        if changed is None:
            return jobs, {}
        output = Path(self.output_path)
        to_render, unaffected = [], {}
        for job in jobs:
            name = job[0][0]
            shown = previous.shows.get(name)
            if (shown is None or name not in previous.pages or not shown.isdisjoint(changed)
                    or not (output / name).is_file()):
                to_render.append(job)
            else:
                unaffected[name] = PageFingerprint(previous.pages[name], shown)
        logger.info("Only the text of %d note(s) changed: %d of %d pages show them; the "
                    "others are as the last build left them.", len(changed), len(to_render),
                    len(jobs))
        return to_render, unaffected

    def rerender(self, changed: set[str]) -> list[str]:
        """Render again the kept pages that show any of the `changed` source files.

        Returns the output names whose files were rewritten.  Pages that could not be
        fingerprinted are always rendered again.  Only for a live session (`keep_jobs`).
        """
        jobs = [job for job, fingerprint in self.kept.values()
                if fingerprint is None or not fingerprint.shows.isdisjoint(changed)]
        # The edited note's own page first: whoever saved it is waiting to see it.
        jobs.sort(key=lambda job: job[0][0] in self._whole_site)
        # Pelican internal (see _open_w): the same files again, which its guard would refuse.
        self._written_files.clear()
        self._overridden_files.clear()
        before = {job[0][0]: _mtime(Path(self.output_path) / job[0][0]) for job in jobs}
        cache_path = self.settings.get("CACHE_PATH", "cache")
        if self._manifest is not None:
            record_build(cache_path, self.output_path, "")  # until the manifest says it
        fingerprints = self._run(jobs, {})
        for job in jobs:
            name = job[0][0]
            self.kept[name] = (job, fingerprints.get(name))
        if self._manifest is not None:
            self._manifest.pages.update(_digests(fingerprints))
            self._manifest.shows.update(_shows(fingerprints))
            self._manifest.sources = dict(self.sources or {})
            manifest.save(cache_path, self._manifest)
            record_build(cache_path, self.output_path, self._manifest.key)
        return [name for name, mtime in before.items()
                if _mtime(Path(self.output_path) / name) != mtime]

    def _run_in_workers(self, jobs: list[Job], previous: dict[str, str], workers: int,
                        progress: Progress | None = None) -> dict[str, PageFingerprint]:
        """Share the jobs among forked workers (this process being one of them).

        Each process claims the next few jobs from a shared counter when it is free, so a
        process that drew heavier pages does not keep the others waiting.
        """
        context = multiprocessing.get_context("fork")
        counter = context.Value("q", 0)
        gc.freeze()  # the workers share the parent's objects: keep the collector off them
        try:
            running = []
            for _ in range(1, workers):
                receiver, sender = context.Pipe(duplex=False)
                child = context.Process(target=self._run_child,
                                        args=(jobs, counter, previous, sender))
                child.start()
                sender.close()
                running.append((child, receiver))
            # This process reports for all: the shared counter says how far they all are.
            fingerprints = self._run(_claimed(jobs, counter, progress), previous)
            failed = 0
            for child, receiver in running:
                try:
                    fingerprints.update(receiver.recv())
                except EOFError:
                    failed += 1
                child.join()
                failed += child.exitcode != 0
        finally:
            gc.unfreeze()  # a live session builds again: old builds must stay collectable
        if failed:
            raise WriteFailedError(f"{failed} of {workers} page-writing processes failed; "
                                   "see the errors above.")
        return fingerprints

    def _run(self, jobs: Iterable[Job], previous: dict[str, str],
             progress: Progress | None = None) -> dict[str, PageFingerprint]:
        """Render and write jobs in this process; return their fingerprints.

        A fingerprint digests only the variables the page's templates can read.
        """
        fingerprinter = Fingerprinter(self._contents, self.sources)
        fingerprinting = self._fingerprinting
        fingerprints: dict[str, PageFingerprint] = {}
        for args, kwargs, make_kwargs in jobs:
            if progress is not None:
                progress.advance()
            variables = make_kwargs() if make_kwargs is not None else {}
            if fingerprinting:
                name, template = args[0], args[1]
                usage = self._template_usage(template.environment)
                given = {**_from_context(args[2], usage.variables(template.name)), **kwargs,
                         **variables}
                # A paginated page writes as many files as the whole list fills.
                whole = _paginated(self.settings, given.get("template_name"))
                shown = {key: value if whole else _prefix(value, usage.prefix(template.name, key))
                         for key, value in given.items() if usage.needs(template.name, key)}
                fingerprint = fingerprinter.page({"template": template.name, "args": args[3:],
                                                  **shown})
                if fingerprint is not None:
                    fingerprints[name] = fingerprint
                    if (previous.get(name) == fingerprint.digest
                            and (Path(self.output_path) / name).is_file()):
                        continue
            try:
                Writer.write_file(self, *args, **kwargs, **variables)
            except OSError as error:
                raise WriteFailedError(f"{args[0]}: this page could not be written: {error}. "
                                       "Shorten the names or slug it is made from.") from error
            forget_rendered_contents()
        return fingerprints

    @property
    def _fingerprinting(self) -> bool:
        """Whether pages get fingerprints: not when the output is deleted first (publishing),
        as no later build could use them; always in a live session."""
        return self.keep_jobs or not self.settings.get("DELETE_OUTPUT_DIRECTORY")

    def _template_usage(self, environment: Environment) -> TemplateUsage:
        """What the templates read, worked out once per writer (templates do not change)."""
        if self._usage is None:
            self._usage = TemplateUsage(environment)
        return self._usage

    def _run_child(self, jobs: list[Job], counter: Any, previous: dict[str, str],
                   sender: Any) -> None:
        """A worker: write the jobs it claims, send their fingerprints; exit non-zero on any
        error."""
        try:
            sender.send(self._run(_claimed(jobs, counter), previous))
        except Exception:
            logger.exception("A page-writing process failed")
            _leave(1)
        _leave(0)

    def _remove_stale(self, names: set[str]) -> None:
        """Delete pages the last build wrote that no longer have a source."""
        output = Path(self.output_path)
        for name in sorted(names):
            path = output / name
            try:
                self._confined.check(name)
            except ConfinementError:
                continue  # never delete outside the output folder, whatever the manifest says
            if path.is_file():
                path.unlink()
                logger.info('Removed "%s": nothing writes it any more', path)
                _remove_empty_parents(path.parent, output)


# Pelican's context entries that no template shows as such: its link bookkeeping.
_NOT_SHOWN = frozenset({"generated_content", "static_content", "static_links", "localsiteurl"})


def _claimed(jobs: list[Job], counter: Any, progress: Progress | None = None) -> Iterator[Job]:
    """The jobs this process claims, `CLAIM` at a time, from the counter the workers share
    (and, for the reporting process, how many all of them have claimed so far)."""
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + CLAIM
        if start >= len(jobs):
            return
        if progress is not None:
            progress.reach(start)
        yield from jobs[start:start + CLAIM]


def _from_context(context: dict[str, Any], read: frozenset[str] | None) -> dict[str, Any]:
    """What the templates read from Pelican's shared context that the site's content makes
    (`tags` on the tags page, say).  Settings (upper case) are in the manifest's key; when
    what the templates read is unknown, every such variable counts."""
    names = context.keys() if read is None else read
    return {name: context[name] for name in names
            if name in context and not name.isupper() and name not in _NOT_SHOWN}


def _paginated(settings: dict[str, Any], template_name: Any) -> bool:
    """Whether Pelican's Writer splits pages of this template into several files."""
    per_template = settings.get("PAGINATED_TEMPLATES") or {}
    return template_name in per_template and bool(
        per_template[template_name] or settings.get("DEFAULT_PAGINATION"))


def _prefix(value: Any, length: int | None) -> Any:
    """The part of a template variable a page can show: the first `length` items of a list
    its templates only read as `value[:length]`, else all of it."""
    return value[:length] if length is not None and isinstance(value, list) else value


def _digests(fingerprints: dict[str, PageFingerprint]) -> dict[str, str]:
    """Output names and their digests, as the manifest keeps them."""
    return {name: fingerprint.digest for name, fingerprint in fingerprints.items()}


def _shows(fingerprints: dict[str, PageFingerprint]) -> dict[str, frozenset[str]]:
    """Output names and the source files they show, as the manifest keeps them."""
    return {name: fingerprint.shows for name, fingerprint in fingerprints.items()}


def _mtime(path: Path) -> int | None:
    """A file's mtime in nanoseconds, or None when it does not exist."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    """Remove now-empty folders up to (not including) the output folder."""
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _leave(code: int) -> None:
    """End a forked worker without running the parent's exit handlers."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
