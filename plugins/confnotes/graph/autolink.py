"""Automatic links: the first mention of a known speaker or package in each note or talk.

All names go into one Aho-Corasick automaton, built once per build, so linking costs time
proportional to the text scanned, not to notes times names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from .entities import Entity

# Tags whose text is never linked: code, existing links, headings, and anything scripted.
SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3",
                       "h4", "h5", "h6", "title", "textarea"})
# A tag (quoted attribute values may hold ">"): group 1 is "/" on a closing tag, group 2 its
# name ("" for a comment or a declaration).
_TAG = re.compile(r"""<(/?)\s*([a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ID = re.compile(r'\sid="([^"]*)"')
_HREF = re.compile(r'\shref="([^"]*)"')
_WORD_CHAR = re.compile(r"[\w-]")
# A web address written out in prose (`https://github.com/carltongibson/neapolitan`).
_URL = re.compile(r"\b(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s<>\"']+")


@dataclass(frozen=True)
class Linkable:
    """A name that, when mentioned, links to an entity (or, for events, only blocks)."""

    name: str
    kind: str
    entity: Entity
    link: bool = True


@dataclass(frozen=True)
class Mention:
    """A linked mention found in a note: which entity, and in which talk section."""

    kind: str
    entity: Entity
    section: str


class NameMatcher:
    """Every known name in one automaton; finds whole-word, longest, case-exact mentions."""

    def __init__(self, linkables: Iterable[Linkable]) -> None:
        by_name: dict[str, Linkable] = {}
        for linkable in linkables:
            if linkable.name and linkable.name not in by_name:
                by_name[linkable.name] = linkable
        self._linkables = list(by_name.values())
        self._automaton = (ahocorasick_rs.AhoCorasick([x.name for x in self._linkables])
                           if self._linkables else None)

    def starts(self, text: str) -> list[int]:
        """Where whole-word names start in `text` (overlaps included), in order."""
        if self._automaton is None:
            return []
        return sorted(start for _, start, end in
                      self._automaton.find_matches_as_indexes(text, overlapping=True)
                      if _is_whole_word(text, start, end))

    def find(self, text: str) -> list[tuple[int, int, Linkable]]:
        """Non-overlapping whole-word matches, the longest winning where names overlap."""
        if self._automaton is None:
            return []
        candidates = [(start, end, self._linkables[index])
                      for index, start, end in
                      self._automaton.find_matches_as_indexes(text, overlapping=True)
                      if _is_whole_word(text, start, end)]
        candidates.sort(key=lambda match: (match[0], -(match[1] - match[0])))
        chosen, covered_until = [], -1
        for start, end, linkable in candidates:
            if start >= covered_until:
                chosen.append((start, end, linkable))
                covered_until = end
        return chosen


def _is_whole_word(text: str, start: int, end: int) -> bool:
    """True when the match is not part of a longer word (`htmx` is not in `htmxify`)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after)


class _Linker:
    """Walks one note's HTML once: records explicit links, links first mentions."""

    def __init__(self, matcher: NameMatcher | None, section_ids: frozenset[str],
                 link_prefix: str, entities: dict[str, dict[str, Entity]]) -> None:
        self.matcher, self.section_ids = matcher, section_ids
        self.link_prefix, self.entities = link_prefix, entities
        self.mentions: list[Mention] = []
        self.linked: set[Entity] = set()
        self.section = ""

    def run(self, html: str) -> str:
        """The note's HTML with first mentions linked.

        One scan of the whole note finds where names could be, so only the runs of text that
        hold one are searched again (and copied anew), and a note with no name and no entity
        link is left as is.
        """
        starts = self.matcher.starts(html) if self.matcher is not None else []
        if not starts and self.link_prefix not in html:
            return html
        pieces: list[str] = []
        copied_until = 0  # html[:copied_until] is in pieces
        skip_depth = 0
        position = 0  # where the text after the last tag begins
        for tag in _TAG.finditer(html):
            if not skip_depth and _any_between(starts, position, tag.start()):
                pieces += [html[copied_until:position], self._text(html[position:tag.start()])]
                copied_until = tag.start()
            position = tag.end()
            name = tag.group(2).lower()
            if name not in SKIP_TAGS:
                continue
            closing = bool(tag.group(1))
            raw = tag.group(0)
            if not raw.endswith("/>"):
                skip_depth = max(skip_depth + (-1 if closing else 1), 0)
            if not closing and name == "h2" and _attribute(raw, _ID) in self.section_ids:
                self.section, self.linked = _attribute(raw, _ID), set()
            if not closing and name == "a":
                self._record_explicit(_attribute(raw, _HREF))
        if not skip_depth and _any_between(starts, position, len(html)):
            pieces += [html[copied_until:position], self._text(html[position:])]
            copied_until = len(html)
        pieces.append(html[copied_until:])
        return "".join(pieces)

    def _record_explicit(self, href: str) -> None:
        """An explicit entity link counts as the mention (and as the first one)."""
        if not href.startswith(self.link_prefix):
            return
        kind, _, slug = href[len(self.link_prefix):].partition("/")
        entity = self.entities.get(kind, {}).get(slug.split("#", 1)[0])
        if entity is not None:
            self.mentions.append(Mention(kind, entity, self.section))
            self.linked.add(entity)

    def _text(self, text: str) -> str:
        """Link the not-yet-linked names in one run of text outside skipped tags."""
        if self.matcher is None or not text.strip():
            return text
        out, last = [], 0
        urls = [(url.start(), url.end()) for url in _URL.finditer(text)] if "/" in text or (
            "www." in text) else []
        for start, end, linkable in self.matcher.find(text):
            if not linkable.link or linkable.entity in self.linked:
                continue
            if any(url_start < end and start < url_end for url_start, url_end in urls):
                continue  # never inside a web address
            self.linked.add(linkable.entity)
            self.mentions.append(Mention(linkable.kind, linkable.entity, self.section))
            href = f"{self.link_prefix}{linkable.kind}/{linkable.entity.slug}"
            out += [text[last:start], f'<a class="autolink" href="{href}">', text[start:end],
                    "</a>"]
            last = end
        out.append(text[last:])
        return "".join(out)


def link_mentions(html: str, matcher: NameMatcher | None, section_ids: frozenset[str],
                  link_prefix: str, entities: dict[str, dict[str, Entity]],
                  ) -> tuple[str, list[Mention]]:
    """Link the first mention of each name per note and per talk section; list every mention.

    `section_ids` are the ids of the h2 headings that start a talk; `link_prefix` is the href
    prefix of resolved entity links (followed by `<kind>/<slug>`); with `matcher` None nothing
    new is linked but explicit links are still recorded as mentions.
    """
    linker = _Linker(matcher, section_ids, link_prefix, entities)
    return linker.run(html), linker.mentions


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether any of the sorted `positions` falls in [start, end)."""
    index = bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def _attribute(tag: str, pattern: re.Pattern[str]) -> str:
    """The value of one attribute (`_ID`, `_HREF`) of a start tag, or ''."""
    match = pattern.search(tag)
    return match.group(1) if match else ""
