"""Validation of a file's header lines before Markdown sees them: pure, reports file and line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from ..graph.kinds import KINDS
from .moments import zone_of
from .names import make_slug

_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}\S")
_YAML_FENCE = re.compile(r"^(-{3}|\.{3})\s*$")
DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
)
TIME_FORMATS = DATE_FORMATS[1:]  # what may stand before an offset (Z, +HH:MM, +HHMM, +HH)
_OFFSET = re.compile(r"^(?P<local>.+[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
                     r"(?:(?P<utc>[Zz])|(?P<sign>[+-])(?P<hours>\d{2})(?::?(?P<minutes>\d{2}))?)$")
DATE_KEYS = frozenset({"date", "modified", "start", "end"})
SAFE_PATH_KEYS = frozenset({"save_as", "url"})
LIST_KEYS = frozenset({"speakers", "packages", "tags", "aliases"})
COMMON_KEYS = frozenset({"slug", "status", "lang", "translation", "template", "save_as", "url",
                         "summary", "date", "modified", "author", "authors", "category"})
KNOWN_KEYS = {  # a profile's keys are its kind's, in the table of kinds (graph/kinds.py)
    "note": COMMON_KEYS | {"title", "event", "speakers", "packages", "kind", "video", "slides",
                           "tags", "autolink", "talks", "uid", "room", "imported"},
    "page": COMMON_KEYS | {"title"},
}
# Control characters, and the two characters XML 1.0 forbids that UTF-8 can carry.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_NAME_LENGTH = 120  # a name or slug becomes a folder name: kept well under 255 bytes
MAX_SLUG_LENGTH = 200  # what a name's slug may grow to (transliterated: 北 is "bei-")
# Header keys whose values (each name of a list) become part of an output path.
NAME_KEYS = {"slug": "Slug", "event": "Event", "speakers": "speaker name",
             "packages": "package name", "tags": "tag", "name": "Name", "aliases": "alias",
             "series": "Series", "category": "Category", "room": "Room"}


class ContentError(ValueError):
    """A problem in one content file that keeps it out of the site."""


@dataclass(frozen=True)
class HeaderLine:
    """One `Key: value` header line and where it stands."""

    line: int
    key: str
    value: str


def parse_header(text: str, path: str) -> list[HeaderLine]:
    """Return the header lines of `text`, raising ContentError at the first malformed one."""
    lines: list[HeaderLine] = []
    body_lines = text.splitlines()
    start = 1 if body_lines and _YAML_FENCE.match(body_lines[0]) else 0
    for number, raw in enumerate(body_lines[start:], start=start + 1):
        if not raw.strip() or (start and _YAML_FENCE.match(raw)):
            break
        match = _META_LINE.match(raw)
        if match:
            lines.append(HeaderLine(number, match["key"].lower(), match["value"].strip()))
        elif _CONTINUATION.match(raw) and lines:
            last = lines[-1]
            lines[-1] = HeaderLine(last.line, last.key, f"{last.value} {raw.strip()}")
        else:
            raise ContentError(
                f"{path}:{number}: {raw.strip()[:60]!r} is not a header line. "
                'Write header lines as "Key: value" and leave one blank line before the body.'
            )
    return lines


def parse_date(value: str) -> datetime | None:
    """Parse a header date in one of the accepted formats, or return None.

    A date and time followed by an offset (`2017-10-28T14:30+01:00`, `...Z`) is aware, with that
    offset as written; anything else is naive (the site's TIMEZONE applies later).
    """
    text = value.strip()
    with_offset = _with_offset(text)
    if with_offset is not None:
        return with_offset
    return _strptime(text, DATE_FORMATS)


def _with_offset(text: str) -> datetime | None:
    """`text` as an aware datetime when it is a date and time with a valid offset, else None."""
    match = _OFFSET.match(text)
    if match is None:
        return None
    local = _strptime(match["local"], TIME_FORMATS)
    if local is None:
        return None
    if match["utc"]:
        return local.replace(tzinfo=UTC)
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return local.replace(tzinfo=timezone(-offset if match["sign"] == "-" else offset))


def _strptime(text: str, formats: tuple[str, ...]) -> datetime | None:
    """The first of `formats` that reads `text`, or None."""
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def validate_header(lines: list[HeaderLine], path: str, required: tuple[str, ...]) -> None:
    """Raise ContentError naming the file and line of the first invalid header value."""
    first_line: dict[str, int] = {}
    for line in lines:
        if line.key in first_line:
            raise ContentError(
                f"{path}:{line.line}: {line.key.capitalize()} is given twice (first on line "
                f"{first_line[line.key]}). Keep one of the two lines.")
        first_line[line.key] = line.line
    values = {line.key: line for line in lines}
    for key in required:
        if key not in values:
            first = lines[0].line if lines else 1
            raise ContentError(
                f"{path}:{first}: the header has no {key.capitalize()}. "
                f'Add a line "{key.capitalize()}: ..." to the header.'
            )
        if not values[key].value:
            raise ContentError(f"{path}:{values[key].line}: {key.capitalize()} is empty; "
                               "give it a value.")
    for line in lines:
        _validate_value(line, path)


def _validate_value(line: HeaderLine, path: str) -> None:
    """Check one header value: dates parse, paths stay inside the site, no control characters."""
    where = f"{path}:{line.line}"
    control = _CONTROL.search(line.value)
    if control and control.group() in "\ufffe\uffff":
        raise ContentError(
            f"{where}: {line.key.capitalize()} contains U+{ord(control.group()):04X}, a "
            "character XML forbids (feeds would not parse); remove it.")
    if control:
        raise ContentError(
            f"{where}: {line.key.capitalize()} contains a control character; remove it.")
    if line.key in DATE_KEYS and line.value and parse_date(line.value) is None:
        raise ContentError(
            f"{where}: {line.key.capitalize()} {line.value!r} is not a valid date. "
            "Write it as YYYY-MM-DD or YYYY-MM-DD HH:MM (seconds, a T and an offset such as "
            "+01:00 or Z are also accepted)."
        )
    if line.key == "timezone" and line.value and zone_of(line.value) is None:
        raise ContentError(
            f"{where}: {line.value!r} is not a time zone; write an IANA name such as "
            "Europe/Athens or an offset such as +03:00.")
    if line.key == "slug" and _bad_slug(line.value):
        raise ContentError(
            f"{where}: Slug {line.value!r} is not a single name: it must not contain '/' or "
            "'\\' nor be '.' or '..'. Use letters, digits and hyphens.")
    if line.key in NAME_KEYS:
        _check_name_lengths(line, where)
    if line.key in SAFE_PATH_KEYS and _escapes_site(line.value):
        raise ContentError(
            f"{where}: {line.key.capitalize()} {line.value!r} points outside the site's output "
            "folder. Use a relative path without '..' (or remove the line)."
        )


def _bad_slug(value: str) -> bool:
    """True for a Slug that would not be one folder name."""
    stripped = value.strip()
    return "/" in stripped or "\\" in stripped or stripped in (".", "..")


def _check_name_lengths(line: HeaderLine, where: str) -> None:
    """Raise ContentError for a name (or one name of a list) longer than MAX_NAME_LENGTH."""
    what = NAME_KEYS[line.key]
    separator = ";" if ";" in line.value else ","
    names = line.value.split(separator) if line.key in LIST_KEYS else [line.value]
    for name in (name.strip() for name in names):
        problem = name_problem(name)
        if problem:
            raise ContentError(f"{where}: the {what} {problem}")


def name_problem(name: str) -> str | None:
    """What is wrong with a name that becomes a folder name ('<name> is ... Shorten it.')."""
    if len(name) > MAX_NAME_LENGTH:
        return (f"{name[:30]!r}... is {len(name)} characters long; names and slugs may have "
                f"at most {MAX_NAME_LENGTH} (they become folder names). Shorten it.")
    # Only a name beyond ASCII can make a slug longer than itself (and slugs cost time).
    slug = make_slug(name) if not name.isascii() else ""
    if len(slug) > MAX_SLUG_LENGTH:
        return (f"{name[:30]!r}... makes a slug of {len(slug)} characters ({slug[:30]}...); "
                f"slugs may have at most {MAX_SLUG_LENGTH} (they become folder names). "
                "Shorten the name.")
    return None


def _escapes_site(value: str) -> bool:
    """True for an output path that is absolute, has a scheme, or climbs with '..'."""
    stripped = value.strip()
    parts = stripped.replace("\\", "/").split("/")
    return stripped.startswith(("/", "\\")) or ":" in stripped or ".." in parts


def known_keys(role: str) -> frozenset[str]:
    """The header keys a note, a page or a kind's profile uses."""
    if role in KNOWN_KEYS:
        return KNOWN_KEYS[role]
    kind = next((kind for kind in KINDS if kind.name == role), None)
    return kind.profile_keys if kind is not None else frozenset()


def unknown_keys(lines: list[HeaderLine], role: str, path: str) -> list[str]:
    """Warnings for header keys this kind of file does not use, with the likely intended key."""
    known = known_keys(role)
    warnings = []
    for line in lines:
        if line.key in known:
            continue
        guess = difflib.get_close_matches(line.key, sorted(known), n=1, cutoff=0.6)
        hint = f' Did you mean "{guess[0].capitalize()}:"?' if guess else ""
        warnings.append(f"{path}:{line.line}: unknown key {line.key.capitalize()!r} in a "
                        f"{role}'s header; it is ignored.{hint}")
    return warnings


def heading_line(text: str, heading: str) -> int:
    """The line number of the `## heading` line in a Markdown text (1 when not found)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## ") and line[3:].strip().rstrip("#").strip() == heading:
            return number
    return 1
