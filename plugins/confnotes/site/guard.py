"""The overwrite guard: every output path two sources would clash on, before writing.

Two planned paths clash when they are the same file, differ only in case (one file on macOS
and Windows), or when one is a file and the other needs a folder of that name.  A folder may be
planned whole (the theme's static files, the search index): nothing else may write inside it.
A path that could not be written at all (absolute, climbing out with `..`, a name too long)
is a problem of its own.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..confine import output_path_problem

SAME, CASE, FILE_FOLDER, RESERVED, UNWRITABLE = ("same", "case", "file-folder", "reserved",
                                                 "unwritable")


@dataclass(frozen=True)
class PlannedOutput:
    """One file the build will write (or a folder it fills whole) and the source it comes from."""

    save_as: str
    source: str
    folder: bool = False


@dataclass(frozen=True)
class Collision:
    """Sources whose output paths clash (or one source whose path cannot be written)."""

    save_as: str
    sources: tuple[str, ...]
    kind: str = SAME
    detail: str = ""  # the other path, or why the path cannot be written

    def message(self) -> str:
        """A message naming the path and every source, with what to do."""
        names = " and ".join(self.sources)
        if self.kind == CASE:
            return (f"{names} would be written to {self.save_as!r} and {self.detail!r}, which "
                    "differ only in case: one file on macOS and Windows; nothing was written. "
                    "Give one of them another Slug (or rename its file).")
        if self.kind == FILE_FOLDER:
            return (f"{self.sources[0]} would be written to the file {self.save_as!r}, but "
                    f"{self.sources[1]} needs a folder of that name ({self.detail!r}); nothing "
                    "was written. Give one of them another Slug, Event or Save_as.")
        if self.kind == RESERVED:
            return (f"{self.sources[0]} would be written to {self.save_as!r}, inside "
                    f"{self.detail}/, which belongs to {self.sources[1]}; nothing was written. "
                    "Give it another Slug, Event or Save_as.")
        if self.kind == UNWRITABLE:
            return (f"{names}: the output path {self.save_as!r} cannot be written: "
                    f"{self.detail}; nothing was written. Use a shorter, relative Slug or "
                    "Save_as.")
        return (f"{names} would both be written to {self.save_as!r}; nothing was written. "
                "Give one of them another Slug (or rename its file).")


def normalise(save_as: str) -> str:
    """Compare output paths as the file system will see them."""
    return posixpath.normpath(save_as.replace("\\", "/")).lstrip("/")


def find_collisions(planned: Iterable[PlannedOutput]) -> list[Collision]:
    """Every clash between planned outputs, and every output path that cannot be written."""
    by_path: dict[str, list[str]] = defaultdict(list)
    folders: dict[str, str] = {}
    problems: list[Collision] = []
    for output in planned:
        if not output.save_as:
            continue
        if output.folder:
            folders[normalise(output.save_as)] = output.source
            continue
        why = output_path_problem(output.save_as)
        if why is not None:
            problems.append(Collision(output.save_as, (output.source,), UNWRITABLE, why))
            continue
        sources = by_path[normalise(output.save_as)]
        if output.source not in sources:
            sources.append(output.source)
    problems += [Collision(path, tuple(sorted(sources))) for path, sources
                 in sorted(by_path.items()) if len(sources) > 1]
    problems += _case_clashes(by_path)
    problems += _folder_clashes(by_path, folders)
    return problems


def _case_clashes(by_path: dict[str, list[str]]) -> list[Collision]:
    """Paths that differ only in case, from different sources."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for path in by_path:
        by_fold[path.casefold()].append(path)
    clashes = []
    for paths in by_fold.values():
        if len(paths) > 1:
            first, second = sorted(paths)[:2]
            sources = tuple(dict.fromkeys((by_path[first][0], by_path[second][0])))
            clashes.append(Collision(first, sources, CASE, second))
    return sorted(clashes, key=lambda clash: clash.save_as)


def _folder_clashes(by_path: dict[str, list[str]], folders: dict[str, str]) -> list[Collision]:
    """A file where another path needs a folder, and paths inside a folder planned whole."""
    files = {path.casefold(): path for path in by_path}
    reserved = {folder.casefold(): folder for folder in folders}
    clashes = []
    for path in sorted(by_path):
        parts = path.casefold().split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent in reserved:
                folder = reserved[parent]
                clashes.append(Collision(path, (by_path[path][0], folders[folder]), RESERVED,
                                         folder))
                break
            if parent in files:
                file = files[parent]
                clashes.append(Collision(file, (by_path[file][0], by_path[path][0]),
                                         FILE_FOLDER, path))
                break
    return clashes
