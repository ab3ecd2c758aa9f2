"""The content cache's folders: one per build key, and only the few most recently used kept.

Pelican's content cache knows only file times, so confnotes keeps it (with its page manifest)
in a folder named after its own code, the theme and the settings: a change to any of them
starts afresh.  Every upgrade or settings change would leave the old folder behind (about
75 MB at 20,000 notes), so a build keeps the `KEEP` most recently used and deletes the others.
More than one stay: development and strict builds have different settings, and each keeps
its own cache.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

KEEP = 3  # this build's folder and the two most recently used others
PREFIX = "confnotes-"
_FOLDER = re.compile(rf"{PREFIX}[0-9a-f]{{16}}")


def cache_folder(cache_path: str, key: str) -> Path:
    """The folder of the content cache for builds with this key, inside Pelican's CACHE_PATH."""
    return Path(cache_path) / f"{PREFIX}{key[:16]}"


def prune_cache_folders(current: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the `keep` most recently used cache folders beside `current` (which is
    always kept); return the deleted ones.  Anything not named like a cache folder is left."""
    if not current.parent.is_dir():
        return []
    others = sorted((path for path in current.parent.iterdir()
                     if path.is_dir() and path != current and _FOLDER.fullmatch(path.name)),
                    key=lambda path: path.stat().st_mtime, reverse=True)
    removed = others[max(0, keep - 1):]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
        logger.info("Removed the unused content cache %s (made with other settings or "
                    "another version of confnotes)", path)
    return removed
