"""The live figure: from saving a note to its page being updated, in a running live session.

A child process runs the same session `invoke livereload` does (`confnotes.engine.live`): one build
(warm: it follows the cold builds), then watching.  The bench edits a note's text and polls
the note's page until the edit is there; the child reports what its refresh did.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Runs in the child: argv = [plugins folder, settings file].
LIVE_CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from confnotes.engine.live import LiveSite, watch

def report(update):
    print(json.dumps({"kind": update.kind, "seconds": update.seconds,
                      "rewritten": len(update.rewritten), "reason": update.reason}), flush=True)

site = LiveSite(sys.argv[2])
report(site.build())
watch(site, report)
"""
READY_TIMEOUT = 1800.0
EDIT_TIMEOUT = 120.0


@dataclass(frozen=True)
class LiveEdit:
    """One edit seen through a live session."""

    save_to_page: float  # seconds from the file being saved to the page holding the edit
    refresh: float  # the session's own time for the refresh (watcher latency excluded)
    kind: str  # "pages" (only the pages showing the note) or "full" (a whole build)
    rewritten: int
    reason: str
    seen: bool


@dataclass(frozen=True)
class LiveResult:
    """A live session's first build and its edits."""

    first_build: float
    edits: list[LiveEdit]
    failure: str = ""


def measure_live(settings: Path, edit: Callable[[str], None], page: Path, repeats: int, *,
                 plugins: Path, python: str, workers: int) -> LiveResult:
    """Start a live session, make `repeats` edits, time each until `page` shows its marker.

    `edit(marker)` saves the note with a sentence carrying `marker`.
    """
    env = dict(os.environ, CONFNOTES_WORKERS=str(workers))
    child = subprocess.Popen([python, "-c", LIVE_CHILD, str(plugins), str(settings)],
                             cwd=settings.parent, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        first = _next_report(child)
        if first is None:
            return LiveResult(0.0, [], failure="the live session did not start")
        time.sleep(1.0)  # let the watcher settle
        edits = []
        for repeat in range(repeats):
            marker = f"benchlive{repeat:03d}"
            edit(marker)
            saved = time.perf_counter()
            seen = _wait_for(page, marker, saved + EDIT_TIMEOUT)
            shown = time.perf_counter() - saved
            report = _next_report(child) or {}
            edits.append(LiveEdit(save_to_page=shown, refresh=report.get("seconds", 0.0),
                                  kind=report.get("kind", "?"),
                                  rewritten=report.get("rewritten", 0),
                                  reason=report.get("reason", ""), seen=seen))
            time.sleep(0.5)
        return LiveResult(first["seconds"], edits)
    finally:
        child.terminate()
        child.wait()


def _next_report(child: subprocess.Popen) -> dict | None:
    """The child's next JSON line (None when it ended)."""
    assert child.stdout is not None
    for line in child.stdout:
        if line.lstrip().startswith("{"):
            return json.loads(line)
    return None


def _wait_for(page: Path, marker: str, deadline: float) -> bool:
    """Poll `page` until it holds `marker` (True) or the deadline passes (False)."""
    while time.perf_counter() < deadline:
        try:
            if marker in page.read_text(encoding="utf-8"):
                return True
        except OSError:
            pass
        time.sleep(0.01)
    return False
