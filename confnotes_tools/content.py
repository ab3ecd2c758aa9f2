"""Shared helpers for the blogger tools: slugs, single-line header values, profiles, safe writes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from confnotes.content.names import fold, make_slug, split_names
from confnotes.graph.kinds import default_profile_folders
from pelican.settings import DEFAULT_CONFIG

# Folders of content/ that hold profiles (one per kind of entity, graph/kinds.py), pages or
# static files, never an event's notes.
RESERVED_FOLDERS = frozenset({*default_profile_folders(), "pages", "images", "extra"})
NOTES_FOLDER = "notes"
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Longest slug the tools make: a file name stays far below the 255 bytes file systems allow.
MAX_SLUG_LENGTH = 80
_HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_WHITESPACE = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u0085\u2028\u2029]")
_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def slug_of(name: str) -> str:
    """Make a slug from a name with Pelican's default slug substitutions, cut to a safe length."""
    return cut_slug(make_slug(name, list(DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])))


def cut_slug(slug: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """Cut a slug to at most `limit` characters, at a hyphen when one falls in its second half."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    hyphen = cut.rfind("-")
    return (cut[:hyphen] if hyphen > limit // 2 else cut).strip("-")


def is_unsafe_char(char: str) -> bool:
    """True for a control character or a Unicode line or paragraph separator."""
    return unicodedata.category(char) in _BREAKING_CATEGORIES


def has_unsafe_chars(value: str) -> bool:
    """True when a header value holds a newline, a control character or a line separator."""
    return any(is_unsafe_char(char) for char in value)


def single_line(value: object) -> str:
    """Turn any value into one line of plain text: collapse white space, drop control chars."""
    if value is None:
        return ""
    collapsed = _WHITESPACE.sub(" ", str(value))
    return "".join(char for char in collapsed if not is_unsafe_char(char)).strip()


def clean_body(value: object) -> str:
    """Normalise a Markdown body: Unix line breaks, no control characters but tab and newline."""
    if value is None:
        return ""
    text = _LINE_BREAKS.sub("\n", str(value))
    kept = (char for char in text if char in "\n\t" or not is_unsafe_char(char))
    return "".join(kept).strip()


def render(header: Iterable[tuple[str, str]], body: str) -> str:
    """Render header lines, a blank line and the body as a Pelican Markdown file."""
    lines = [f"{key}: {value}" for key, value in header if value]
    text = "\n".join(lines) + "\n"
    return f"{text}\n{body.strip()}\n" if body.strip() else text


def write_new(path: Path, text: str) -> bool:
    """Create `path` with `text`; return False, touching nothing, when it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def read_header(path: Path) -> dict[str, str]:
    """Read the header lines of a content file (lower-case keys), tolerating malformed ones."""
    header: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return header
    for line in text.splitlines():
        if not line.strip():
            break
        match = _HEADER_LINE.match(line)
        if match:
            header.setdefault(match["key"].lower(), match["value"].strip())
    return header


def markdown_files(folder: Path) -> Iterator[Path]:
    """Every Markdown file under `folder`, in a stable order."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix in MARKDOWN_SUFFIXES and path.is_file():
            yield path


def profile_names(path: Path) -> list[str]:
    """The slug, name and aliases a profile answers to."""
    header = read_header(path)
    return [path.stem, header.get("name", ""), *split_names(header.get("aliases", ""))]


class ProfileIndex:
    """The profiles of one folder (speakers, events...), found by slug, name or alias."""

    def __init__(self, content_dir: Path, folder: str) -> None:
        self.folder = content_dir / folder
        self._by_slug: dict[str, Path] = {}
        self._by_name: dict[str, Path] = {}
        for path in markdown_files(self.folder):
            self.add(path, profile_names(path))

    def add(self, path: Path, names: Iterable[str]) -> None:
        """Register a profile under its file's slug and the names it answers to."""
        self._by_slug.setdefault(path.stem, path)
        for name in names:
            if name.strip():
                self._by_name.setdefault(fold(name), path)

    def find(self, *names: str) -> Path | None:
        """The profile answering to one of `names` (by folded name or alias, or by slug)."""
        for name in (name for name in names if name.strip()):
            found = self._by_name.get(fold(name)) or self._by_slug.get(slug_of(name))
            if found is not None:
                return found
        return None

    def path_for(self, name: str) -> Path:
        """Where a new profile for `name` goes: content/<folder>/<slug>.md."""
        return self.folder / f"{slug_of(name)}.md"
