"""A note's talks: the `## Title - Speaker` sections of a multi-talk note, found in its HTML.

Pure functions: HTML in, HTML and section descriptions out.  Runs once per note at read time,
so its result is cached with the note.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from bs4 import BeautifulSoup, Tag

from .names import make_slug, split_heading

PERMALINK_LEVELS = ("h2", "h3", "h4")


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


def prepare_body(html: str, multi_talk: bool, slug_subs: list[tuple[str, str]]) -> PreparedBody:
    """Give each talk section a stable anchor and a byline, and every heading a permalink."""
    soup = BeautifulSoup(html, "html.parser")
    used_ids = {tag["id"] for tag in soup.find_all(id=True)}
    sections: list[Section] = []
    plain: list[str] = []
    if multi_talk:
        for heading in soup.find_all("h2", recursive=False):
            section = _split_section(soup, heading, used_ids, slug_subs)
            if section is None:
                plain.append(heading.get_text(" ", strip=True))
            else:
                sections.append(section)
    for heading in soup.find_all(PERMALINK_LEVELS):
        if heading.get("id"):
            _add_permalink(soup, heading)
    return PreparedBody(str(soup), tuple(sections), tuple(plain))


def _split_section(
    soup: BeautifulSoup, heading: Tag, used_ids: set[str], slug_subs: list[tuple[str, str]]
) -> Section | None:
    """Turn one `## Title - Speaker` heading into a section, or None for an ordinary heading."""
    parts = split_heading(heading.get_text(" ", strip=True))
    if parts is None:
        return None
    title, speakers = parts
    anchor = _unique_anchor(make_slug(title, slug_subs), used_ids, heading.get("id"))
    heading["id"] = anchor
    heading.clear()
    heading.append(title)
    byline = soup.new_tag("p", attrs={"class": "talk-byline"})
    byline.append("By ")
    for index, name in enumerate(speakers):
        if index:
            byline.append(" and " if index == len(speakers) - 1 else ", ")
        link = soup.new_tag("a", href="{speaker}" + quote(name))
        link.append(name)
        byline.append(link)
    text = " ".join(_section_text(heading))
    heading.insert_after(byline)
    return Section(anchor, title, tuple(speakers), text)


def _section_text(heading: Tag) -> list[str]:
    """The text of everything between this heading and the next h2."""
    texts = [heading.get_text(" ", strip=True)]
    for sibling in heading.next_siblings:
        if isinstance(sibling, Tag):
            if sibling.name == "h2":
                break
            texts.append(sibling.get_text(" ", strip=True))
    return texts


def _unique_anchor(base: str, used_ids: set[str], current: str | None) -> str:
    """An id not used elsewhere in the note (the heading's own old id may be reused)."""
    if current:
        used_ids.discard(current)
    anchor, counter = base, 2
    while anchor in used_ids:
        anchor, counter = f"{base}-{counter}", counter + 1
    used_ids.add(anchor)
    return anchor


def _add_permalink(soup: BeautifulSoup, heading: Tag) -> None:
    """Append a visible-on-focus permalink to a heading."""
    link = soup.new_tag(
        "a",
        attrs={
            "class": "headerlink",
            "href": "#" + heading["id"],
            "aria-label": "Permalink to this section",
        },
    )
    link.append("#")
    heading.append(" ")
    heading.append(link)
