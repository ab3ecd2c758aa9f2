"""The text of an imported note, and the `Imported` digest that tells whether the blogger edited it.

An imported note carries ``Imported: <digest>`` in its header: a digest of the rest of the file as
the import wrote it. While the file still matches its digest, a later import may rewrite it (new
time, new room); once the blogger changes anything in it, the import leaves it alone.
"""

from __future__ import annotations

import hashlib
import re

from confnotes_tools.content import render, single_line
from confnotes_tools.schedule_format import Talk

SUMMARY_LENGTH = 300
DIGEST_KEY = "Imported"
NOTES_PLACEHOLDER = "## Notes\n\nWrite your notes here."
LIGHTNING_PLACEHOLDER = (
    "Write your notes here. For a block of several lightning talks, start each one with a "
    "heading such as `## Talk title - Speaker name`."
)
_DIGEST_LINE = re.compile(rf"^[ ]{{0,3}}{DIGEST_KEY}:", re.IGNORECASE)


def note_text(talk: Talk, event_slug: str, slug: str) -> str:
    """The whole imported note for `talk`, ending with its `Imported` digest in the header."""
    names = [person.name for person in talk.persons]
    header = [
        ("Title", talk.title), ("Date", talk.when), ("Event", event_slug), ("Room", talk.room),
        ("Speakers", speakers_header(names)),
        ("Kind", talk.kind), ("Status", "draft"), ("Uid", talk.uid),
        ("Summary", _summary(talk.abstract or talk.description)),
        ("Video", talk.video), ("Slides", talk.slides), ("Slug", slug),
    ]
    body = _note_body(talk)
    digest = digest_of(render(header, body))
    return render([*header, (DIGEST_KEY, digest)], body)


def digest_of(text: str) -> str:
    """A short digest of a note's text, leaving out its `Imported` line and line-ending style."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blank = next((number for number, line in enumerate(lines) if not line.strip()), len(lines))
    kept = [line for line in lines[:blank] if not _DIGEST_LINE.match(line)] + lines[blank:]
    return hashlib.sha256("\n".join(kept).rstrip().encode("utf-8")).hexdigest()[:16]


def untouched(text: str, recorded: str) -> bool:
    """True when a note still holds exactly what the import wrote (its digest matches)."""
    return bool(recorded) and recorded == digest_of(text)


def speakers_header(names: list[str]) -> str:
    """Join names with commas, or with semicolons when a name holds a comma (then always a ';')."""
    if not any("," in name for name in names):
        return ", ".join(names)
    return "; ".join(names) + (";" if len(names) == 1 else "")


def _summary(text: str) -> str:
    """The text flattened to one line and cut at a word to about SUMMARY_LENGTH characters."""
    line = single_line(text)
    if len(line) <= SUMMARY_LENGTH:
        return line
    cut = line.rfind(" ", 0, SUMMARY_LENGTH)
    return line[: cut if cut > 0 else SUMMARY_LENGTH].rstrip(" ,;:.") + "\u2026"


def _note_body(talk: Talk) -> str:
    """The abstract, the description, the schedule link and a place for the notes."""
    parts = [talk.abstract]
    if talk.description and talk.description != talk.abstract:
        parts.append(talk.description)
    if talk.url:
        parts.append(f"[The talk on the schedule]({talk.url})")
    parts.append(LIGHTNING_PLACEHOLDER if talk.kind == "lightning" else NOTES_PLACEHOLDER)
    return "\n\n".join(part for part in parts if part)
