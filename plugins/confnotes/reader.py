"""The Markdown reader for notes, profiles and pages: validates, sanitises and splits talks."""

from __future__ import annotations

import html as html_lib
import logging
import os
from pathlib import Path
from typing import ClassVar

from markdown import Markdown
from pelican.readers import MarkdownReader

from .headers import ContentError, heading_line, parse_header, unknown_keys, validate_header
from .sanitize import sanitize_body
from .settings import ConfnotesSettings, load_settings
from .talks import prepare_body

logger = logging.getLogger(__name__)

MULTI_TALK_KINDS = frozenset({"lightning"})
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
    """Classify a content file by its first folder: note, page, speaker, package or event."""
    relative = os.path.relpath(source_path, content_root).replace(os.sep, "/")
    top = relative.split("/", 1)[0]
    profiles = {settings.speakers_path: "speaker", settings.packages_path: "package",
                settings.events_path: "event"}
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

    def read(self, source_path: str) -> tuple[str, dict]:
        """Read one Markdown file; log and raise ContentError (file:line) for bad input."""
        try:
            return self._read(source_path)
        except ContentError as error:
            # Pelican reports only "Could not process <file>"; say what is wrong, and where.
            logger.error("%s", error)
            raise

    def _read(self, source_path: str) -> tuple[str, dict]:
        """Validate, convert, sanitise and split one file."""
        settings = self.confnotes
        text = read_text(source_path)
        display_path = os.path.relpath(source_path, self.settings["PATH"])
        role = role_of(source_path, self.settings["PATH"], settings,
                       frozenset(self.settings.get("PAGE_PATHS", ())))
        header = parse_header(text, display_path)
        validate_header(header, display_path, self.REQUIRED.get(role, ()))
        for warning in unknown_keys(header, role, display_path):
            logger.warning("%s", warning)
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        html = sanitize_body(self._md.convert(text))
        metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        if "summary" in metadata:
            # Metadata is text: any HTML in a Summary is shown as written, never rendered.
            metadata["summary"] = html_lib.escape(" ".join(str(metadata["summary"]).split()))
        prepared = prepare_body(html, role == "note" and is_multi_talk(metadata),
                                self.settings["SLUG_REGEX_SUBSTITUTIONS"])
        if role == "note":
            metadata[SECTIONS_METADATA] = prepared.sections
            for heading in prepared.plain_headings:
                logger.warning(
                    "%s:%d: the heading %r in a multi-talk note has no ' - Speaker' part, so it "
                    "is not a talk. Write it as '## Title - Speaker' (or use ### for a "
                    "sub-heading).", display_path, heading_line(text, heading), heading)
        return prepared.html, metadata
