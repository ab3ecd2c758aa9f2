"""Speaker names a note gives that are no one's: `## Title - Speaker` headings of multi-talk
notes whose speaker part is a phrase, and names such as `Panel`, `et al` or `TBA`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .names import looks_like_person, non_name_reason, split_names

_SPEAKERS_LINE = re.compile(r"^speakers\s*:(?P<value>.*)$", re.IGNORECASE)


def section_line(text: str, title: str, speaker: str) -> int:
    """The line of the `##` heading naming `title` and `speaker` (1 when not found)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## ") and title in line and speaker in line:
            return number
    return 1


def not_a_talk_warnings(text: str, sections: Iterable[Any], display_path: str) -> list[str]:
    """A warning for each talk heading whose speaker part does not look like a name, and for
    each speaker name (in the `Speakers` header or a talk heading) that stands for no one."""
    warnings = []
    for section in sections:
        odd = [name for name in section.speaker_names if not looks_like_person(name)]
        if odd:
            line = section_line(text, section.title, odd[0])
            warnings.append(
                f"{display_path}:{line}: the heading '{section.title} - "
                f"{', '.join(section.speaker_names)}' makes a talk by {odd[0]!r}, which does "
                "not look like a person's name. If it is not a talk, make it a level-3 heading "
                "(###) or remove the ' - '; if it is, put the speaker's name after the last "
                "' - '.")
            continue
        for name in section.speaker_names:
            reason = non_name_reason(name)
            if reason:
                warnings.append(_non_name(display_path, section_line(text, section.title, name),
                                          name, reason))
    for line, name in _header_speakers(text):
        reason = non_name_reason(name)
        if reason:
            warnings.append(_non_name(display_path, line, name, reason))
    return warnings


def _header_speakers(text: str) -> list[tuple[int, str]]:
    """The line and each name of the `Speakers` header line (before the first blank line)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        found = _SPEAKERS_LINE.match(line)
        if found:
            return [(number, name) for name in split_names(found["value"])]
    return []


def _non_name(display_path: str, line: int, name: str, reason: str) -> str:
    """The warning for one speaker name that looks like no one's."""
    return (f"{display_path}:{line}: the speaker name {name!r} does not look like a person's "
            f"name ({reason}), yet it gets a speaker page. Name the people who spoke, or "
            "leave the name out.")
