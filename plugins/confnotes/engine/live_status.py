"""What the live session tells the browser: how many times the site was refreshed, and the
errors of the last build, each with the file (and line) it is about."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

# "djangocon-europe-2026/talk.md:2: Date 'x' is not a valid date..." (confnotes' own errors)
_FILE_LINE = re.compile(r"^(?P<file>[^\s:][^:\n]*?\.[A-Za-z]+):(?P<line>\d+): (?P<text>.+)$",
                        re.DOTALL)
# Pelican's own line about a file that failed to read, logged after confnotes' precise one.
_COULD_NOT_PROCESS = re.compile(r"^Could not process (?P<file>[^\n]+?)(?=: |\n|$)")


@dataclass(frozen=True)
class Problem:
    """One error of a build: the file it names (if any), its line (0 if unknown), the text."""

    file: str
    line: int
    message: str

    def describe(self) -> str:
        """`file:line: message`, as the terminal showed it."""
        if self.file and self.line:
            return f"{self.file}:{self.line}: {self.message}"
        return f"{self.file}: {self.message}" if self.file else self.message


@dataclass(frozen=True)
class LiveState:
    """The session's state as the browser polls it: a version that grows on every refresh."""

    version: int = 0
    problems: tuple[Problem, ...] = ()

    def as_json(self) -> dict:
        """The body of the status response."""
        return {"version": self.version, "problems": [asdict(p) for p in self.problems]}


def problems_from(messages: Iterable[str]) -> tuple[Problem, ...]:
    """The problems in some logged error messages, in order, each file's repeats left out.

    Pelican follows confnotes' "file:line: what is wrong" with a vaguer "Could not process
    file": that one is kept only when nothing more precise named the file.
    """
    found: list[Problem] = []
    for message in messages:
        precise = _FILE_LINE.match(message)
        vague = _COULD_NOT_PROCESS.match(message)
        if precise:
            problem = Problem(precise["file"], int(precise["line"]), precise["text"].strip())
        elif vague:
            if any(p.file == vague["file"] for p in found):
                continue
            problem = Problem(vague["file"], 0, message.splitlines()[0])
        else:
            problem = Problem("", 0, message.strip())
        if problem not in found:
            found.append(problem)
    return tuple(found)


class _ErrorCollector(logging.Handler):
    """Keeps the text of every error logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a badly formatted record must not break the build
            message = str(record.msg)
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and str(error) and str(error) not in message:
            message = f"{message}: {error}"
        self.messages.append(message)


@contextmanager
def collect_errors() -> Iterator[list[str]]:
    """Collect the error messages logged (by any logger) inside the `with` block."""
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector.messages
    finally:
        root.removeHandler(collector)
