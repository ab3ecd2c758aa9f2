"""`check`: read and validate all content exactly as the build does, without writing output."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from .engine.logged import forget_logged_messages
from .engine.pelican_internals import generator_classes
from .plugin import PELICAN_SKIP_MESSAGE, ConfnotesBuildError, broken_links, guard_outputs
from .settings import SETTINGS_NAME, SettingsError

WATCHED_LOGGERS = ("pelican", "confnotes")
PELICAN_DUPLICATE_SLUG = "There are %s"
_FILE_LINE = re.compile(r"(?P<file>[^:\s]+)(?::(?P<line>\d+))?:")


@dataclass
class Report:
    """Every warning and error found, in the order they were found."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing would stop a strict build."""
        return not self.errors

    def render(self) -> str:
        """A plain-text report: errors, then warnings, then a one-line summary."""
        lines = [f"error: {message}" for message in sorted(self.errors, key=_by_file_and_line)]
        lines += [f"warning: {message}"
                  for message in sorted(self.warnings, key=_by_file_and_line)]
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)


def _by_file_and_line(message: str) -> tuple[str, int, str]:
    """Sort messages by file, then line number (`a.md:9` before `a.md:11`), then text."""
    found = _FILE_LINE.match(message)
    if found is None:
        return message, 0, message
    return found["file"], int(found["line"] or 0), message


class _Collector(logging.Handler):
    """A logging handler that files records into a Report."""

    def __init__(self, report: Report) -> None:
        super().__init__(level=logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        reported = self.report.errors
        if record.msg == PELICAN_SKIP_MESSAGE and any(
                message.startswith(f"{arg}:") for arg in record.args or () for message in reported):
            return  # Pelican's "Could not process <file>" after confnotes said why
        if str(record.msg).startswith(PELICAN_DUPLICATE_SLUG):
            return  # shared slugs matter only when output paths collide, which is an error
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message}: {record.exc_info[1]}"
        target = self.report.errors if record.levelno >= logging.ERROR else self.report.warnings
        if message not in target:  # each problem once, however often it was logged
            target.append(message)


def run_check(settings_path: str, overrides: dict[str, Any] | None = None) -> Report:
    """Run every generator's reading phase and the overwrite guard; collect every problem."""
    forget_logged_messages()  # a check is a run of its own: Pelican must not drop repeats
    report = Report()
    collector = _Collector(report)
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        settings = read_settings(settings_path, override={
            "LOAD_CONTENT_CACHE": False, "CACHE_CONTENT": False, **(overrides or {})})
        given = settings.get(SETTINGS_NAME) or {}
        if isinstance(given, Mapping):  # else Pelican(settings) reports it below
            # Every probable duplicate name, not the first few a build shows.
            settings[SETTINGS_NAME] = {**given, "DUPLICATE_WARNINGS": 0}
        try:
            pelican = Pelican(settings)
        except SettingsError as error:
            report.errors.append(f"{settings_path}: {error}")
            return report
        context = settings.copy() | {"generated_content": {}, "static_links": set(),
                                     "static_content": {}, "localsiteurl": settings["SITEURL"]}
        generators = [cls(context=context, settings=settings, path=pelican.path,
                          theme=pelican.theme, output_path=pelican.output_path)
                      for cls in generator_classes(pelican)]  # as Pelican.run makes them
        for generator in generators:
            generator.generate_context()
        with contextlib.suppress(ConfnotesBuildError):  # its problems were logged already
            guard_outputs(generators)
        for link in broken_links(generators):  # a build's warnings, errors in `check`
            (report.errors if link.published else report.warnings).append(link.message())
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    return report
