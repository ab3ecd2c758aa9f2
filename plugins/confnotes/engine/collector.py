"""Python's cycle collector, held back while a build assembles its site in one process.

Reading notes, linking them and planning pages allocate millions of objects that live until
the pages are written.  CPython runs a full collection each time its long-lived objects grow
by a quarter, and every full collection walks all of them: at 20,000 notes, eleven of them
cost 3.8 s of a 12.6 s warm build's one-process phase, and freed almost nothing.

So a build raises the collector's thresholds when it starts (Pelican's `get_generators`) and
puts them back before pages are rendered, in worker processes that make short-lived garbage
(Jinja's contexts) and need the collector as usual.  Young cycles are still collected while
held: only the full collections become rare.
"""

from __future__ import annotations

import gc
from typing import Any

HELD = (100_000, 50, 1_000)
PYTHON_DEFAULT = (700, 10, 10)
_NORMAL_ATTRIBUTE = "_confnotes_collector_thresholds"


def hold(pelican: Any) -> None:
    """Collect cycles rarely from now on; `release(pelican)` undoes it."""
    current = gc.get_threshold()
    # A build that failed before releasing left HELD in place: the thresholds it had before
    # are gone with its Pelican object, so Python's own are the best guess.
    setattr(pelican, _NORMAL_ATTRIBUTE, PYTHON_DEFAULT if current == HELD else current)
    gc.set_threshold(*HELD)


def release(pelican: Any) -> None:
    """Put back the thresholds `hold(pelican)` found (nothing to do if it was not held)."""
    normal = getattr(pelican, _NORMAL_ATTRIBUTE, None)
    if normal is not None:
        gc.set_threshold(*normal)
        delattr(pelican, _NORMAL_ATTRIBUTE)
