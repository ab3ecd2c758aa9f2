"""A note's talks: the `## Title - Speaker` sections of a multi-talk note, found in its HTML.

Pure functions: HTML in, HTML and section descriptions out.  Runs once per note at read time,
so its result is cached with the note.  The HTML comes from the sanitiser, which always
writes well-formed markup, so headings are found with one pattern rather than a parser.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from urllib.parse import quote

from .limits import SPEAKERS_SHOWN
from .names import make_slug, split_heading

_HEADING = re.compile(r"<(h[2-4])((?:\s[^>]*)?)>(.*?)</\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Section:
    """One talk of a multi-talk note, as written in its heading."""

    anchor: str
    title: str
    speaker_names: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class PreparedBody:
    """A note body after section splitting: its HTML, its talks and its ordinary h2 headings."""

    html: str
    sections: tuple[Section, ...]
    plain_headings: tuple[str, ...]


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed and entities decoded."""
    return " ".join(html_lib.unescape(_TAG.sub(" ", fragment)).split())


def prepare_body(html: str, multi_talk: bool, slug_subs: list[tuple[str, str]]) -> PreparedBody:
    """Give each talk section a stable anchor and a byline, and every heading a permalink."""
    used_ids = set(_ID.findall(html))
    headings = list(_HEADING.finditer(html))
    talk_starts = [m.start() for m in headings if m.group(1) == "h2"] + [len(html)]
    pieces: list[str] = []
    sections: list[Section] = []
    plain: list[str] = []
    position = 0
    for match in headings:
        level, attributes, inner = match.groups()
        pieces.append(html[position:match.start()])
        position = match.end()
        text = plain_text(inner)
        parts = split_heading(text) if multi_talk and level == "h2" else None
        if multi_talk and level == "h2" and parts is None:
            plain.append(text)
        if parts is None:
            pieces.append(_with_permalink(level, attributes, inner))
            continue
        title, speakers = parts
        current = _ID.search(attributes)
        anchor = _unique_anchor(make_slug(title, slug_subs), used_ids,
                                current.group(1) if current else None)
        end = next(start for start in talk_starts if start > match.start())
        sections.append(Section(anchor, title, tuple(speakers),
                                f"{text} {plain_text(html[match.end():end])}"))
        pieces.append(_with_permalink("h2", f' id="{anchor}"', html_lib.escape(title, quote=False)))
        pieces.append(_byline(speakers))
    pieces.append(html[position:])
    return PreparedBody("".join(pieces), tuple(sections), tuple(plain))


def _with_permalink(level: str, attributes: str, inner: str) -> str:
    """A heading with a visible-on-focus permalink when it has an id."""
    found = _ID.search(attributes)
    if not found:
        return f"<{level}{attributes}>{inner}</{level}>"
    link = (f'<a class="headerlink" href="#{found.group(1)}" '
            'aria-label="Permalink to this section">#</a>')
    return f"<{level}{attributes}>{inner} {link}</{level}>"


def _byline(speakers: list[str]) -> str:
    """`By A, B and C`, each name an explicit `{speaker}` link resolved after the graph; past
    SPEAKERS_SHOWN names, `and N more` (the section is repeated in each speaker's feeds, and the
    note's list of talks names everyone)."""
    links = [f'<a href="{{speaker}}{quote(name)}">{html_lib.escape(name, quote=False)}</a>'
             for name in speakers[:SPEAKERS_SHOWN]]
    if len(speakers) > SPEAKERS_SHOWN:
        links.append(f"{len(speakers) - SPEAKERS_SHOWN} more")
    joined = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    return f'<p class="talk-byline">By {joined}</p>'


def _unique_anchor(base: str, used_ids: set[str], current: str | None) -> str:
    """An id not used elsewhere in the note (the heading's own old id may be reused)."""
    if current:
        used_ids.discard(current)
    anchor, counter = base, 2
    while anchor in used_ids:
        anchor, counter = f"{base}-{counter}", counter + 1
    used_ids.add(anchor)
    return anchor
