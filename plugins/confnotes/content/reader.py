"""The Markdown reader for notes, profiles and pages: validates, sanitises and splits talks."""

from __future__ import annotations

import contextlib
import html as html_lib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from markdown import Markdown
from pelican.readers import MarkdownReader

from ..confine import ConfinedFolder, ConfinementError
from ..graph.kinds import profile_folders
from ..settings import ConfnotesSettings, load_settings
from .headers import (
    ContentError,
    heading_line,
    name_problem,
    parse_date,
    parse_header,
    unknown_keys,
    validate_header,
)
from .limits import check_limits, line_of, too_many_speakers
from .sanitize import sanitize_body
from .talkheadings import not_a_talk_warnings
from .talks import Section, prepare_body
from .zones import ZONES_SETTING, in_event_zone

logger = logging.getLogger(__name__)

MULTI_TALK_KINDS = frozenset({"lightning"})
DATE_KEYS = ("date", "modified")


@dataclass(frozen=True)
class ParsedFile:
    """The expensive part of reading one file, computed once (possibly in a worker)."""

    html: str
    meta: dict[str, list[str]]
    sections: tuple[Section, ...] | None
    warnings: list[str]
    error: str | None
    # Header values already turned into Pelican's objects where that is costly and pure (dates:
    # dateutil), so the reading processes do it rather than the one that links the site.
    processed: dict[str, Any] = field(default_factory=dict)


SECTIONS_METADATA = "confnotes_sections"


def read_text(path: str) -> str:
    """Read a UTF-8 file, naming the file and line where it is not valid UTF-8."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(
            f"{path}:{line}: the file is not valid UTF-8 (byte {error.start}). "
            "Save it with UTF-8 encoding."
        ) from error


def role_of(source_path: str, content_root: str, settings: ConfnotesSettings,
            page_dirs: frozenset[str]) -> str:
    """Classify a content file by its first folder: note, page, or a kind of profile (its
    kind's name: speaker, package, event, room; see graph/kinds.py)."""
    relative = os.path.relpath(source_path, content_root).replace(os.sep, "/")
    top = relative.split("/", 1)[0]
    profiles = profile_folders(settings)
    if top in profiles:
        return profiles[top]
    if top in page_dirs:
        return "page"
    return "note"


def is_multi_talk(metadata: dict) -> bool:
    """A note holds several talks when its Kind is lightning or it says `Talks: sections`."""
    kind = str(metadata.get("kind", "")).strip().lower()
    talks = str(metadata.get("talks", "")).strip().lower()
    return kind in MULTI_TALK_KINDS or talks == "sections"


class NoteReader(MarkdownReader):
    """Pelican's Markdown reader plus header validation, sanitising and talk sections."""

    REQUIRED: ClassVar[dict[str, tuple[str, ...]]] = {
        "note": ("title", "date"), "page": ("title",),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.confnotes = load_settings(self.settings)
        self._markdown: Markdown | None = None
        self._content_folder = ConfinedFolder(self.settings["PATH"])  # what may be read
        self._roles: dict[str, str] = {}  # a path's role, asked for up to three times per file

    def read(self, source_path: str) -> tuple[str, dict]:
        """Read one Markdown file; log and raise ContentError (file:line) for bad input."""
        parsed = self.parsed(source_path)
        for warning in parsed.warnings:
            logger.warning("%s", warning)
        if parsed.error:
            # Pelican reports only "Could not process <file>"; say what is wrong, and where.
            logger.error("%s", parsed.error)
            raise ContentError(parsed.error)
        metadata = {}
        for name, values in parsed.meta.items():
            if name in parsed.processed:
                metadata[name] = parsed.processed[name]
                continue
            value = values[0] if len(values) == 1 else values
            metadata[name] = self.process_metadata(name, value)
        if "summary" in metadata:
            # Metadata is text: any HTML in a Summary is shown as written, never rendered.
            metadata["summary"] = html_lib.escape(" ".join(str(metadata["summary"]).split()))
        if parsed.sections is not None:
            metadata[SECTIONS_METADATA] = parsed.sections
        if "timezone" in metadata and self._role(source_path) == "event":
            # The zone the event's notes are read in (zones.py, which reports a bad one), not
            # the profile's own: Pelican would refuse an offset (`+03:00`) or an unknown name
            # and leave the whole profile out.
            del metadata["timezone"]
        if "category" not in metadata and self._role(source_path) == "note":
            # Pelican gives notes its DEFAULT_CATEGORY only while category pages are written,
            # and its drafts need one; confnotes writes no category page (see pelicanconf.py).
            metadata["category"] = self.process_metadata(
                "category", self.settings.get("DEFAULT_CATEGORY") or "notes")
        return parsed.html, metadata

    def parsed(self, source_path: str) -> ParsedFile:
        """The parsed file `read` works on (the engine's reader may have it parsed already)."""
        return self.parse(source_path)

    def parse(self, source_path: str) -> ParsedFile:
        """Validate, convert, sanitise and split one file; problems are returned, not logged."""
        display_path = os.path.relpath(source_path, self.settings["PATH"])
        try:
            return self._parse(source_path, display_path)
        except ContentError as error:
            return ParsedFile(html="", meta={}, sections=None, warnings=[], error=str(error))

    def _parse(self, source_path: str, display_path: str) -> ParsedFile:
        """The work of parse(): text to sanitised HTML, header lines and talk sections."""
        self._confine(source_path, display_path)
        text = read_text(source_path)
        check_limits(text, display_path)
        role = self._role(source_path)
        header = parse_header(text, display_path)
        validate_header(header, display_path, self.REQUIRED.get(role, ()))
        warnings = unknown_keys(header, role, display_path)
        markdown = self._markdown_instance()
        html = sanitize_body(markdown.convert(text))
        meta = {name.lower(): values for name, values in getattr(markdown, "Meta", {}).items()}
        multi_talk = role == "note" and is_multi_talk({k: v[0] for k, v in meta.items() if v})
        prepared = prepare_body(html, multi_talk, self.settings["SLUG_REGEX_SUBSTITUTIONS"])
        for section in prepared.sections if role == "note" else ():
            for name in section.speaker_names:
                problem = name_problem(name)
                if problem:
                    raise ContentError(f"{display_path}:{line_of(text, name)}: the speaker "
                                       f"name {problem}")
        warnings += [
            f"{display_path}:{heading_line(text, heading)}: the heading {heading!r} in a "
            "multi-talk note has no ' - Speaker' part, so it is not a talk. Write it as "
            "'## Title - Speaker' (or use ### for a sub-heading)."
            for heading in prepared.plain_headings]
        warnings += not_a_talk_warnings(text, prepared.sections, display_path)
        if role == "note":
            warnings += too_many_speakers(header, prepared.sections, text, display_path,
                                          self.confnotes.max_speakers_per_talk)
        return ParsedFile(html=prepared.html, meta=meta,
                          sections=prepared.sections if role == "note" else None,
                          warnings=warnings, error=None, processed=self._dates(meta))

    def _confine(self, source_path: str, display_path: str) -> None:
        """Refuse a file that is a symbolic link out of the content folder (unless allowed)."""
        if self.confnotes.follow_outside_links:
            return
        try:
            self._content_folder.check(source_path)
        except ConfinementError:
            raise ContentError(
                f"{display_path}:1: this file is a symbolic link to "
                f"{os.path.realpath(source_path)}, outside the content folder; it is not "
                "published. Copy the file into the content folder (or set "
                "CONFNOTES['FOLLOW_OUTSIDE_LINKS'] = True).") from None

    def _dates(self, meta: dict[str, list[str]]) -> dict[str, Any]:
        """The Date and Modified values: with an offset, aware with that offset as written;
        without, in the zone of the note's event when its profile gives a Timezone (zones.py),
        else as Pelican reads them (it applies TIMEZONE). One Pelican cannot read is left
        for `read` to report as Pelican would."""
        dates = {}
        events = meta.get("event", [])
        event = events[0] if len(events) == 1 else ""
        zones = self.settings.get(ZONES_SETTING) or {}
        for name in DATE_KEYS:
            values = meta.get(name, [])
            if len(values) != 1:
                continue
            written = parse_date(values[0])
            if written is not None and written.tzinfo is not None:
                dates[name] = written
                continue
            with contextlib.suppress(ValueError, OverflowError):
                dates[name] = self.process_metadata(name, values[0])
                if event and zones and dates[name].tzinfo is None:
                    dates[name] = in_event_zone(dates[name], event, zones) or dates[name]
        return dates

    def _role(self, source_path: str) -> str:
        """note, page, speaker, package or event."""
        role = self._roles.get(source_path)
        if role is None:
            role = self._roles[source_path] = role_of(
                source_path, self.settings["PATH"], self.confnotes,
                frozenset(self.settings.get("PAGE_PATHS", ())))
        return role

    def _markdown_instance(self) -> Markdown:
        """One Markdown converter per reader, reset before each file."""
        if self._markdown is None:
            self._markdown = Markdown(**self.settings["MARKDOWN"])
        self._markdown.reset()
        return self._markdown
