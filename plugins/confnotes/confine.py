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


class ConfinedFolder:
    """A folder (the output, the content) whose paths must stay inside it, checked at the cost
    of a few `lstat`s.

    A path is checked lexically, then only its folders not yet seen and its file are looked at:
    anything that is a symbolic link is followed and must lead back inside.  Folders found safe
    are remembered for the life of this object (one build's writer or reader).
    """

    def __init__(self, root: str) -> None:
        self.given = os.path.abspath(root)
        self.real = os.path.realpath(root)
        self._safe: set[str] = set()

    def check(self, path: str) -> str:
        """The absolute `path` (relative ones are under the folder) when it stays inside; else
        ConfinementError naming it."""
        full = os.path.abspath(os.path.join(self.given, path))
        if not full.startswith(self.given + os.sep):
            raise ConfinementError(f"{path} is outside {self.given}.")
        folder = os.path.dirname(full)
        unseen = []
        while folder != self.given and folder not in self._safe:
            unseen.append(folder)
            folder = os.path.dirname(folder)
        for candidate in [*reversed(unseen), full]:
            if os.path.islink(candidate) and not inside(self.real, candidate):
                raise ConfinementError(
                    f"{path} leads outside {self.given}: {candidate} is a symbolic link to "
                    f"{os.path.realpath(candidate)}.")
        self._safe.update(unseen)
        return full
