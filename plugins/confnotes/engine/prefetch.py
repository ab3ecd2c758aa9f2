"""Reading every note at once, in forked processes, on a cold build.

The reader Pelican is given (plugin.py) is `PrefetchingNoteReader`: on the first note it is
asked for, it parses every note of the site in worker processes; each `read` then takes its
parsed file from what the workers sent, and `NoteReader` does the rest as it would alone.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..content.reader import NoteReader, ParsedFile
from .writer import worker_count

logger = logging.getLogger(__name__)

PREFETCH_MINIMUM = 64
ANNOUNCE_MINIMUM = 2000  # enough notes for reading them to take a few seconds


def prefetch(parse: Callable[[str], ParsedFile], paths: list[str],
             workers: int) -> dict[str, ParsedFile]:
    """Parse `paths` in `workers` forked processes; {} when it would not pay off."""
    if workers <= 1 or len(paths) < PREFETCH_MINIMUM:
        return {}
    if len(paths) >= ANNOUNCE_MINIMUM:
        print(f"Reading {len(paths):,} notes in {workers} processes...", file=sys.stderr,
              flush=True)
    context = multiprocessing.get_context("fork")
    gc.freeze()  # the workers share the parent's objects: keep the collector off them
    running = []
    for index in range(workers):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_parse_share, args=(parse, paths[index::workers], sender))
        process.start()
        sender.close()
        running.append((process, receiver))
    gc.unfreeze()  # only the workers needed it
    results: dict[str, ParsedFile] = {}
    for process, receiver in running:
        try:
            results.update(receiver.recv())
        except EOFError:
            logger.warning("A reading process stopped early; its files are read one by one.")
        process.join()
    return results


def _parse_share(parse: Callable[[str], ParsedFile], paths: list[str], sender: Any) -> None:
    """In a worker: parse a share of the files and send the results back in one message."""
    try:
        sender.send({path: parse(path) for path in paths})
    finally:
        sender.close()
        os._exit(0)  # a forked worker: leave without the parent's exit handlers


class PrefetchingNoteReader(NoteReader):
    """NoteReader that parses every note in worker processes when asked for the first one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prefetched: dict[str, ParsedFile] = {}
        self._prefetch_done = False

    def parsed(self, source_path: str) -> ParsedFile:
        """The workers' result for this file, else NoteReader's own parse."""
        if not self._prefetch_done:
            # The first note read starts the parallel parse of every note; profiles and pages
            # (read by other generators through their own readers) are few, and read here.
            self._prefetch_done = True
            if self._role(source_path) == "note":
                self._prefetch()
        return self._prefetched.pop(source_path, None) or super().parsed(source_path)

    def _prefetch(self) -> None:
        """Parse every Markdown file of the site at once, in worker processes (cold builds)."""
        if self._content_cache_is_warm():
            return  # Pelican reads unchanged files from its cache; parse only what it asks
        paths = [str(p) for p in sorted(Path(self.settings["PATH"]).rglob("*"))
                 if p.suffix.lstrip(".") in self.file_extensions and p.is_file()
                 and not any(part.startswith(".") for part in p.parts)
                 and self._role(str(p)) == "note"]
        self._prefetched = prefetch(self.parse, paths, worker_count(self.settings))

    def _content_cache_is_warm(self) -> bool:
        """True when Pelican will load its content cache (so most files are never read)."""
        cache = Path(self.settings.get("CACHE_PATH", "cache"))
        return (bool(self.settings.get("LOAD_CONTENT_CACHE"))
                and any(cache.glob("ArticlesGenerator-Readers*")))
