"""`## Title - Speaker` headings of multi-talk notes whose speaker part is no one's name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .names import looks_like_person


def section_line(text: str, title: str, speaker: str) -> int:
    """The line of the `##` heading naming `title` and `speaker` (1 when not found)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## ") and title in line and speaker in line:
            return number
    return 1


def not_a_talk_warnings(text: str, sections: Iterable[Any], display_path: str) -> list[str]:
    """A warning for each talk heading whose speaker part does not look like a name."""
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
    return warnings
