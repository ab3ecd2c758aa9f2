"""The overwrite guard: find every output path two sources would share, before writing."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedOutput:
    """One file the build will write and the source it comes from."""

    save_as: str
    source: str


@dataclass(frozen=True)
class Collision:
    """Two or more sources that would write the same output file."""

    save_as: str
    sources: tuple[str, ...]

    def message(self) -> str:
        """A message naming the path and every source, with what to do."""
        names = " and ".join(self.sources)
        return (f"{names} would both be written to {self.save_as!r}; nothing was written. "
                "Give one of them another Slug (or rename its file).")


def normalise(save_as: str) -> str:
    """Compare output paths as the file system will see them."""
    return posixpath.normpath(save_as.replace("\\", "/")).lstrip("/")


def find_collisions(planned: Iterable[PlannedOutput]) -> list[Collision]:
    """Every output path planned by more than one distinct source."""
    by_path: dict[str, list[str]] = defaultdict(list)
    for output in planned:
        if output.save_as:
            sources = by_path[normalise(output.save_as)]
            if output.source not in sources:
                sources.append(output.source)
    return [Collision(path, tuple(sorted(sources))) for path, sources in sorted(by_path.items())
            if len(sources) > 1]
