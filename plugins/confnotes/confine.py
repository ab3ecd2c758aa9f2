"""The confinement rule: what the build reads stays in the content folder, what it writes stays
in the output folder.

One rule for every path: a path is judged by where it really leads (symbolic links and `..`
resolved), never by how its string starts.  `output-evil` is not inside `output`.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_COMPONENT_BYTES = 255  # NAME_MAX of ext4, APFS, NTFS: one file or folder name
MAX_PATH_BYTES = 1024  # an output path under the output folder, in UTF-8 bytes


class ConfinementError(RuntimeError):
    """A path the build was about to write (or publish) lies outside where it may."""


def inside(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """True when `path`, with every symbolic link and `..` resolved, lies within `root`."""
    real_root = Path(os.path.realpath(root))
    return Path(os.path.realpath(path)).is_relative_to(real_root)


def output_path_problem(save_as: str) -> str | None:
    """Why an output path (relative to the output folder) cannot be written, or None.

    Checked without touching the disk: absolute paths, a climb out with `..`, empty or
    over-long names.
    """
    path = save_as.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return "it is an absolute path"
    if len(path) <= MAX_COMPONENT_BYTES and ".." not in path and path.isascii():
        return None  # the common case, decided without splitting
    depth = 0
    for part in path.split("/"):
        depth += -1 if part == ".." else part not in ("", ".")
        if depth < 0:
            return "it climbs out of the output folder with '..'"
        if len(part.encode("utf-8")) > MAX_COMPONENT_BYTES:
            return (f"one of its names is {len(part.encode('utf-8'))} bytes long, more than "
                    f"the {MAX_COMPONENT_BYTES} a file system allows")
    if len(path.encode("utf-8")) > MAX_PATH_BYTES:
        return f"it is longer than {MAX_PATH_BYTES} bytes"
    return None


def confined_output(output_root: str, save_as: str) -> str:
    """The absolute path to write `save_as` at; ConfinementError when it would leave the
    output folder (lexically, or through a symbolic link already in it)."""
    problem = output_path_problem(save_as)
    target = os.path.join(output_root, save_as)
    if problem is None and not inside(output_root, target):
        problem = "it leads outside the output folder through a symbolic link"
    if problem is not None:
        raise ConfinementError(f"refused to write {save_as!r} under {output_root}: {problem}.")
    return target


def outside_source(content_root: str, source_path: str) -> str | None:
    """Where a content file really is, when that is outside the content folder; else None."""
    full = os.path.join(content_root, source_path)
    if inside(content_root, full):
        return None
    return os.path.realpath(full)
