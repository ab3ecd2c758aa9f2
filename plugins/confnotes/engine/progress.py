"""A progress line for long builds: silent for the first seconds, then a line every few."""

from __future__ import annotations

import sys
import time
from typing import TextIO

QUIET_SECONDS = 3.0  # builds shorter than this show no progress at all
EVERY_SECONDS = 2.0


class Progress:
    """Counts finished items of one step and says how far it is, on stderr."""

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None) -> None:
        self._label, self._total = label, total
        self._stream = stream if stream is not None else sys.stderr
        self._done = 0
        self._started = time.monotonic()
        self._next = self._started + QUIET_SECONDS
        self._shown = False

    def advance(self, count: int = 1) -> None:
        """Count finished items; print a line when it is time to."""
        self.reach(self._done + count)

    def reach(self, done: int) -> None:
        """Set how many items are done in all (several processes sharing the step)."""
        self._done = min(self._total, done)
        now = time.monotonic()
        if now >= self._next:
            self._next = now + EVERY_SECONDS
            self._show(self._done, now)

    def finish(self) -> None:
        """Close the step (a final line only if progress was shown)."""
        if self._shown:
            self._show(self._total, time.monotonic())

    def _show(self, done: int, now: float) -> None:
        """Print one line."""
        self._shown = True
        share = 100 * done // self._total if self._total else 100
        self._stream.write(f"{self._label}: {share}% ({done:,} of {self._total:,}), "
                           f"{now - self._started:.0f} s\n")
        self._stream.flush()
