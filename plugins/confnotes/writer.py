"""The Writer confnotes builds with: renders pages in parallel and leaves unchanged files alone.

Every output still goes through Pelican's `Writer.write_file`; this subclass only changes
*when* and *where* that happens.  Calls are collected while the generators run, then, when
Pelican signals `finalized`, split among worker processes forked from the fully built site
(so nothing is pickled), each rendering its share with Pelican's own code.  A file whose new
bytes equal the old ones is not rewritten, so its mtime is kept and rsync uploads nothing.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.writers import Writer

from . import manifest
from .fingerprint import Fingerprinter

logger = logging.getLogger(__name__)

WORKERS_ENVIRONMENT = "CONFNOTES_WORKERS"
Job = tuple[tuple[Any, ...], dict[str, Any], "Callable[[], dict[str, Any]] | None"]


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
        signals.finalized.connect(self._flush_on_finalized)

    def write_file(self, *args: Any, **kwargs: Any) -> None:
        """Remember one page to write (rendered later, in a worker)."""
        if args and args[0]:  # Pelican asks for "" when an output is switched off
            self._jobs.append((args, kwargs, None))

    def write_file_lazily(self, make_kwargs: Callable[[], dict[str, Any]], *args: Any,
                          **kwargs: Any) -> None:
        """Like write_file, with template variables computed in the worker that renders."""
        self._jobs.append((args, kwargs, make_kwargs))

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Pelican's overwrite bookkeeping, with a buffer that writes only changed bytes."""
        if filename in self._overridden_files or (filename in self._written_files
                                                  and not override):
            # Pelican's own rules: skip (writing to os.devnull) or raise; never this file.
            return super()._open_w(filename, encoding, override=override)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _WriteIfChanged(filename)

    def _flush_on_finalized(self, pelican: Any) -> None:
        """Pelican has finished generating: write everything collected."""
        signals.finalized.disconnect(self._flush_on_finalized)
        self.flush(worker_count(self.settings))

    def flush(self, workers: int) -> None:
        """Render and write every collected page, in `workers` processes.

        Pages whose fingerprint matches the last build's, and whose file is still there,
        are not rendered at all; files the last build wrote and this one did not are removed.
        """
        jobs, self._jobs = self._jobs, []
        cache_path = self.settings.get("CACHE_PATH", "cache")
        previous = manifest.load(cache_path, manifest.build_key(self.settings))
        if workers <= 1 or len(jobs) < 2 * workers:
            fingerprints = self._run(jobs, previous.pages)
        else:
            fingerprints = self._run_in_workers(jobs, previous.pages, workers)
        self._remove_stale(set(previous.pages) - {job[0][0] for job in jobs})
        manifest.save(cache_path, manifest.Manifest(previous.key, fingerprints))

    def _run_in_workers(self, jobs: list[Job], previous: dict[str, str],
                        workers: int) -> dict[str, str]:
        """Share the jobs among forked workers (this process being one of them)."""
        context = multiprocessing.get_context("fork")
        running = []
        for index in range(1, workers):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=self._run_child,
                                    args=(jobs[index::workers], previous, sender))
            child.start()
            sender.close()
            running.append((child, receiver))
        fingerprints = self._run(jobs[0::workers], previous)
        failed = 0
        for child, receiver in running:
            try:
                fingerprints.update(receiver.recv())
            except EOFError:
                failed += 1
            child.join()
            failed += child.exitcode != 0
        if failed:
            raise WriteFailedError(f"{failed} of {workers} page-writing processes failed; "
                                   "see the errors above.")
        return fingerprints

    def _run(self, jobs: list[Job], previous: dict[str, str]) -> dict[str, str]:
        """Render and write jobs in this process; return their fingerprints."""
        fingerprinter = Fingerprinter()
        fingerprints: dict[str, str] = {}
        for args, kwargs, make_kwargs in jobs:
            variables = make_kwargs() if make_kwargs is not None else {}
            name, template = args[0], args[1]
            fingerprint = fingerprinter.page({"template": template.name, "args": args[3:],
                                              **kwargs, **variables})
            if fingerprint is not None:
                fingerprints[name] = fingerprint
                if previous.get(name) == fingerprint and (Path(self.output_path) / name).is_file():
                    continue
            Writer.write_file(self, *args, **kwargs, **variables)
        return fingerprints

    def _run_child(self, jobs: list[Job], previous: dict[str, str], sender: Any) -> None:
        """A worker: write its jobs, send their fingerprints; exit non-zero on any error."""
        try:
            sender.send(self._run(jobs, previous))
        except Exception:
            logger.exception("A page-writing process failed")
            _leave(1)
        _leave(0)

    def _remove_stale(self, names: set[str]) -> None:
        """Delete pages the last build wrote that no longer have a source."""
        output = Path(self.output_path)
        for name in sorted(names):
            path = output / name
            if path.is_file():
                path.unlink()
                logger.info('Removed "%s": nothing writes it any more', path)
                _remove_empty_parents(path.parent, output)


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
