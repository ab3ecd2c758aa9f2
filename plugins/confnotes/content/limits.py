"""Limits on a file's text that keep one hostile note from blowing a build up: pure."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .headers import ContentError, HeaderLine
from .names import split_names
from .talkheadings import section_line

if TYPE_CHECKING:  # talks.py uses SPEAKERS_SHOWN
    from .talks import Section

# What one page shows of a list that a hostile note could make as long as it likes, so that a
# note with N speakers cannot make each of their N pages N entries long (output growing as N^2):
SPEAKERS_SHOWN = 10  # names per talk: cards (theme's talk_card.html), bylines, feeds, JSON-LD
ENTITIES_SHOWN = 20  # co-speakers and packages on a speaker or package page, most frequent first
MAX_NESTING = 50  # lists and block quotes: Markdown's parser recurses once per level
_FORBIDDEN = re.compile("[\ufffe\uffff]")  # valid UTF-8, never valid XML
_FENCE = re.compile(r"^\s*(```|~~~)")
_QUOTE = re.compile(r"^(?:[ ]{0,3}>)+")
# Each level takes at least one of these characters at the start of its line.
_DEEP_CANDIDATE = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_NESTING + 1},}}", re.MULTILINE)
_MARKERS = re.compile(r"(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)+")  # `- - 1. item`: one list in another


def check_limits(text: str, path: str) -> None:
    """Raise ContentError (file:line) for characters XML forbids, or nesting past MAX_NESTING."""
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        raise ContentError(
            f"{path}:{text.count(chr(10), 0, forbidden.start()) + 1}: the text contains "
            f"U+{ord(forbidden.group()):04X}, a character XML forbids (feeds would not parse); "
            "remove it.")
    if not _DEEP_CANDIDATE.search(text):
        return  # no line starts with enough indents, quote marks and list markers
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        depth = nesting(line)
        if depth > MAX_NESTING:
            raise ContentError(
                f"{path}:{number}: this line is nested {depth} levels deep (lists or block "
                f"quotes); at most {MAX_NESTING} are allowed. Flatten the list or quote.")


def nesting(line: str) -> int:
    """How deep a Markdown line is nested: one level per '>', per list marker and per four
    columns of indent."""
    quotes = _QUOTE.match(line)
    depth = quotes.group().count(">") if quotes else 0
    rest = line[quotes.end():] if quotes else line
    indent = len(rest) - len(rest.lstrip(" \t"))
    columns = len(rest[:indent].expandtabs(4))
    markers = _MARKERS.match(rest, indent)
    inline = len(markers.group().split()) if markers else 0
    return depth + columns // 4 + inline


def line_of(text: str, fragment: str) -> int:
    """The number of the first line holding `fragment` (1 when none does)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    return 1


def too_many_speakers(header: list[HeaderLine], sections: tuple[Section, ...], text: str,
                      path: str, maximum: int) -> list[str]:
    """A warning (file:line) for the Speakers header and each talk section naming more than
    `maximum` speakers (0: no maximum)."""
    if maximum <= 0:
        return []
    counted = [(line.line, len(split_names(line.value))) for line in header
               if line.key == "speakers"]
    # The line of a section is looked up only for the rare one over the limit (a text scan).
    counted += [(section_line(text, section.title, section.speaker_names[0]),
                 len(section.speaker_names))
                for section in sections if len(section.speaker_names) > maximum]
    return [f"{path}:{line}: this talk has {count} speakers, more than "
            f"CONFNOTES['MAX_SPEAKERS_PER_TALK'] = {maximum}. Every one gets a page, but cards, "
            f"feeds and speaker pages name only the first {SPEAKERS_SHOWN} ('and N more'). "
            "Check the list (a paste gone wrong?), or raise the setting."
            for line, count in counted if count > maximum]
