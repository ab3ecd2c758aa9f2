"""The content cache's folders: one per build key, and only the few most recently used kept.

Pelican's content cache knows only file times, so confnotes keeps it (with its page manifest)
in a folder named after its own code, the theme and the settings: a change to any of them
starts afresh.  Every upgrade or settings change would leave the old folder behind (about
75 MB at 20,000 notes), so a build keeps the `KEEP` most recently used and deletes the others.
More than one stay: development and strict builds have different settings, and each keeps
its own cache.

The output folder is shared by every key, so a key's manifest can be trusted only if a build
with that key was the last to finish writing the folder: after `invoke publish`, or after a
theme change and its undo, or after a build cut short, the pages on disk are not the ones the
manifest describes.  `confnotes-last-builds.json` records, per output folder, the key of the
last build that finished writing it.
"""

from __future__ import annotations

import json
import logging
import os
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


# Which build key last finished writing each output folder, kept beside the keyed folders.
LAST_BUILDS_NAME = "confnotes-last-builds.json"


def last_complete_build(cache_path: str, output_path: str) -> str:
    """The key of the last build that finished writing `output_path` ("" if unknown, or if
    the last build into it was cut short)."""
    return _last_builds(cache_path).get(str(Path(output_path).resolve()), "")


def record_build(cache_path: str, output_path: str, key: str) -> None:
    """Record that a build with `key` finished writing `output_path` ("" before it starts
    writing, so a build cut short leaves no trusted record)."""
    builds = _last_builds(cache_path)
    builds[str(Path(output_path).resolve())] = key
    path = _last_builds_path(cache_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(builds, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


def _last_builds(cache_path: str) -> dict[str, str]:
    try:
        data = json.loads(_last_builds_path(cache_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _last_builds_path(cache_path: str) -> Path:
    """Beside the keyed cache folders when `cache_path` is one of them, else inside it."""
    folder = Path(cache_path)
    root = folder.parent if _FOLDER.fullmatch(folder.name) else folder
    return root / LAST_BUILDS_NAME
