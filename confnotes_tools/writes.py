"""Writing a set of files all or nothing.

New files are created (never overwriting one that exists), changed files are replaced in one
step, and a failure undoes what was already written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Write:
    """One planned file: its new text, and its current text when it is an update."""

    path: Path
    text: str
    old: str | None = None


class WriteError(OSError):
    """A file could not be written; everything written before it was undone."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def write_all(writes: list[Write]) -> None:
    """Write every file; on a failure undo what was written and raise WriteError."""
    done: list[Write] = []
    made: list[Path] = []
    for write in writes:
        made += _missing_folders(write.path.parent)
        try:
            write.path.parent.mkdir(parents=True, exist_ok=True)
            _write(write)
        except OSError as error:
            _undo(done, made)
            raise WriteError(write.path, error.strerror or str(error)) from error
        done.append(write)


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and its parents that do not exist yet, outermost first."""
    return [parent for parent in reversed((folder, *folder.parents)) if not parent.exists()]


def _write(write: Write) -> None:
    """Create a new file (never overwriting), or replace an update's file in one step."""
    if write.old is None:
        handle = write.path.open("x", encoding="utf-8", newline="\n")  # fails if it exists
        try:
            with handle:
                handle.write(write.text)
        except OSError:
            write.path.unlink(missing_ok=True)  # ours, half-written
            raise
        return
    temporary = write.path.with_name(f".{write.path.name}.import")
    try:
        temporary.write_text(write.text, encoding="utf-8", newline="\n")
        os.replace(temporary, write.path)
    finally:
        temporary.unlink(missing_ok=True)


def _undo(done: list[Write], made: list[Path]) -> None:
    """Remove the files this run created, restore the ones it updated, drop its new folders."""
    for write in reversed(done):
        if write.old is None:
            write.path.unlink(missing_ok=True)
        else:
            write.path.write_text(write.old, encoding="utf-8", newline="\n")
    for folder in reversed(made):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
