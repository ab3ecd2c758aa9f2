"""Writing a set of files all or nothing.

New files are created (never overwriting one that exists). A changed file is replaced in one
step, and only while it still holds the text the plan read from it. Any failure, of whatever
kind, undoes what was already written: the files this run created are removed and the files it
replaced get their former bytes back; a file changed by someone else after this run wrote it is
left as it is and named in the error.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Write:
    """One planned file: its new text, and its current text when it is an update.

    `old` is the text as read by ``path.read_text(encoding="utf-8", errors="replace")``.
    """

    path: Path
    text: str
    old: str | None = None


class WriteError(OSError):
    """A file could not be written; everything written before it was undone but `kept`.

    `kept` names the files the undo left alone because they changed after this run wrote them
    (or could not be restored).
    """

    def __init__(self, path: Path, reason: str, kept: tuple[Path, ...] = ()) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.kept = kept


class _ChangedMeanwhileError(Exception):
    """The file no longer holds what it held when it was read or written by this run."""


@dataclass(frozen=True)
class _Done:
    """A file written by this run: the write, its bytes, and the bytes it replaced (if any)."""

    write: Write
    data: bytes
    before: bytes | None


def write_all(writes: list[Write]) -> None:
    """Write every file; on any failure undo what was written and raise WriteError.

    An interruption (Ctrl-C) undoes the same way, then propagates unchanged.
    """
    done: list[_Done] = []
    made: list[Path] = []
    for write in writes:
        try:
            made += _missing_folders(write.path.parent)
            write.path.parent.mkdir(parents=True, exist_ok=True)
            done.append(_write(write))
        except BaseException as error:
            kept = _undo(done, made)
            if not isinstance(error, Exception):
                raise
            raise WriteError(write.path, _reason(error, write.path), kept) from error


def _reason(error: Exception, path: Path) -> str:
    """Why a write failed: the OS's words (with the file, if not `path`), else its message."""
    if isinstance(error, OSError) and error.strerror:
        if error.filename is not None and Path(os.fsdecode(error.filename)) != path:
            return f"{error.strerror}: {os.fsdecode(error.filename)}"
        return error.strerror
    return str(error) or type(error).__name__


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and its parents that do not exist yet, outermost first."""
    return [parent for parent in reversed((folder, *folder.parents)) if not parent.exists()]


def _as_read(data: bytes) -> str:
    """Bytes decoded as ``Path.read_text(encoding="utf-8", errors="replace")`` would."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def _write(write: Write) -> _Done:
    """Create a new file (never overwriting), or replace an update's file in one step.

    An update is refused, touching nothing, when the file no longer holds `write.old`.
    """
    data = write.text.encode("utf-8")  # fails before any file is touched
    if write.old is None:
        handle = write.path.open("xb")  # fails if it exists
        try:
            with handle:
                handle.write(data)
        except BaseException:
            write.path.unlink(missing_ok=True)  # ours, half-written
            raise
        return _Done(write, data, None)
    before = _replace(write.path, data, lambda current: _as_read(current) == write.old,
                      "it changed after the import read it, so it was left as you saved it")
    return _Done(write, data, before)


def _replace(path: Path, data: bytes, unchanged: Callable[[bytes], bool], changed: str) -> bytes:
    """Replace `path` with `data` in one step if `unchanged(its bytes)`; return those bytes.

    The check is made right before the replacement; when it fails, _ChangedMeanwhileError(changed)
    is raised and `path` is left alone.
    """
    temporary = path.with_name(f".{path.name}.import")
    try:
        temporary.write_bytes(data)
        current = path.read_bytes()
        if not unchanged(current):
            raise _ChangedMeanwhileError(changed)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):  # e.g. a folder of that name: not ours to remove
            temporary.unlink(missing_ok=True)
        raise
    return current


def _undo(done: list[_Done], made: list[Path]) -> tuple[Path, ...]:
    """Undo this run's writes and drop its new folders; return the files left as they are.

    A file is left alone when it no longer holds what this run wrote (someone changed it) or
    when restoring it fails.
    """
    kept: list[Path] = []
    for entry in reversed(done):
        path = entry.write.path
        try:
            if entry.before is None:
                if path.read_bytes() != entry.data:
                    raise _ChangedMeanwhileError
                path.unlink()
            else:
                _replace(path, entry.before, lambda current, data=entry.data: current == data,
                         "changed after the import wrote it")
        except FileNotFoundError:
            if entry.before is not None:  # an updated file someone removed: theirs to decide
                kept.append(path)
        except (OSError, _ChangedMeanwhileError):
            kept.append(path)
    for folder in reversed(made):
        try:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        except OSError:
            continue  # a folder left behind holds nothing of the blogger's
    return tuple(kept)
