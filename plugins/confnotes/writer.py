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
        """Render and write every collected page, in `workers` processes."""
        jobs, self._jobs = self._jobs, []
        if workers <= 1 or len(jobs) < 2 * workers:
            self._run(jobs)
            return
        context = multiprocessing.get_context("fork")
        children = [context.Process(target=self._run_child, args=(jobs[index::workers],))
                    for index in range(1, workers)]
        for child in children:
            child.start()
        self._run(jobs[0::workers])
        failed = [child for child in children if (child.join() or child.exitcode) != 0]
        if failed:
            raise WriteFailedError(f"{len(failed)} of {workers} page-writing processes "
                                   "failed; see the errors above.")

    def _run(self, jobs: list[Job]) -> None:
        """Render and write jobs in this process, with Pelican's own write_file."""
        for args, kwargs, make_kwargs in jobs:
            variables = make_kwargs() if make_kwargs is not None else {}
            Writer.write_file(self, *args, **kwargs, **variables)

    def _run_child(self, jobs: list[Job]) -> None:
        """A worker: write its jobs, exit non-zero (after logging) on any error."""
        try:
            self._run(jobs)
        except Exception:
            logger.exception("A page-writing process failed")
            _leave(1)
        _leave(0)


def _leave(code: int) -> None:
    """End a forked worker without running the parent's exit handlers."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
