"""Fingerprints of what a page shows, so unchanged pages need not be rendered again.

A page's fingerprint digests its template variables: notes by their source text and
metadata, entities by their fields and profile text, talks and views field by field.  A value
of a kind not listed here makes the page unfingerprintable, and it is always rendered: being
slow is acceptable, being stale is not.

Walking the variables also collects which source files (notes, pages, profiles) a page shows,
so that a rebuild after an edit can find the pages the edited notes appear on without
rendering or fingerprinting the others.

Digests of objects that many pages share (talks, entities, feed entries) are remembered while
the objects live.  The classes whose objects only ever appear inside one other value (a feed
entry's authors, a note's related talks, a note's own view) are listed in `ALONE`:
remembering them would only cost memory, about a third of a large build's.  `ALSO` lists, for
a dataclass, the attributes it shows that are not fields (worked out on first use, such as a
note's related talks).  The site's classes carry no hint of either: the tables are here.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import weakref
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from ..graph.entities import LiveBody
from ..site.feeds.entries import Category, Person
from ..site.views import NoteView, RelatedTalk
from .pelican_internals import html_of

EMPTY: frozenset[str] = frozenset()
# Only ever digested inside one other value: remembered for the page being digested only.
ALONE: frozenset[type] = frozenset({
    Person,  # a feed entry's author or speaker: only ever inside an Entry
    Category,  # a feed entry's event, package or tag: only ever inside an Entry
    RelatedTalk,  # shown on one note's page only
    NoteView,  # shown on its own note's page only
})
# Attributes a dataclass shows that are not fields.
ALSO: Mapping[type, tuple[str, ...]] = MappingProxyType({
    NoteView: ("related",),  # worked out on first use
})


class Unfingerprintable(Exception):  # noqa: N818 - a signal, not an error to report
    """A value whose effect on a page cannot be digested."""


@dataclasses.dataclass(frozen=True)
class PageFingerprint:
    """A page's digest and the source files (relative paths) its variables hold."""

    digest: str
    shows: frozenset[str]


_PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.datetime)
_PLAIN_TYPES = frozenset(_PLAIN)  # exact types (subclasses such as Markup take the long way)
_Digest = tuple[str, frozenset[str]]


class _Ref(weakref.ref):
    """A weak reference that knows its memo key (so one callback serves every entry)."""

    __slots__ = ("key",)


ContentDigests = dict[int, tuple[Any, Any, Any, Any, _Digest]]
"""Digests of notes as list items, kept across runs: (note, its text, its metadata, its view,
digest)."""


class Fingerprinter:
    """Digests values, remembering shared ones (a feed entry, a talk) by identity.

    Objects that can be weakly referenced are remembered for as long as they live, and no
    longer; lists, dicts and tuples only for the page being digested.  So the views made for
    one page are not kept alive until the last page is written.

    `contents` may carry notes' digests over from an earlier run: an entry counts only while
    the note still holds the very same text and metadata objects (a live refresh replaces
    them), so nothing stale is ever used.  `sources` holds each source file's shape and text
    digests as the writer has them (see manifest.py): a note's are used instead of hashing
    its text and metadata again on every process.
    """

    def __init__(self, contents: ContentDigests | None = None,
                 sources: Mapping[str, tuple[str, str]] | None = None) -> None:
        self._memo: dict[int, tuple[Any, _Digest]] = {}
        self._sources = sources or {}
        self._lasting: dict[int, tuple[_Ref, str, frozenset[str]]] = {}
        self._contents: ContentDigests = {} if contents is None else contents
        self._forget_dead = self._forget  # one callback for every weak reference

    def page(self, parts: dict[str, Any]) -> PageFingerprint | None:
        """The fingerprint of one page's variables, or None when it cannot be made."""
        self._memo = {}
        try:
            digest, shows = self._digest(parts, depth=0)
        except Unfingerprintable:
            return None
        return PageFingerprint(digest, shows)

    def _digest(self, value: Any, depth: int) -> _Digest:
        """A hex digest of one value, with the source files it holds."""
        if isinstance(value, _PLAIN):  # its parent hashes this text along with its siblings
            return f"{type(value).__name__}:{value!r}", EMPTY
        if depth > 1 and isinstance(value, Content):
            return self._listed_content(value, depth)
        key = id(value) * 2 + (depth <= 1)
        if depth:
            known = self._recall(key, value)
            if known is not None:
                return known
        parts, shows = self._parts(value, depth)
        result = (text_digest(repr(parts)), shows)
        if depth:
            self._remember(key, value, result)
        return result

    def _recall(self, key: int, value: Any) -> _Digest | None:
        """A digest remembered for this very object, if any."""
        lasting = self._lasting.get(key)
        if lasting is not None and lasting[0]() is value:
            return lasting[1], lasting[2]
        memo = self._memo.get(key)
        return memo[1] if memo is not None and memo[0] is value else None

    def _remember(self, key: int, value: Any, result: _Digest) -> None:
        """Remember a digest while its object lives (for this page, if it cannot be weakly
        referenced, or says it is digested only inside another value: then the memo keeps it
        alive, so its id stays unique)."""
        if type(value) in ALONE:
            self._memo[key] = (value, result)
            return
        try:
            reference = _Ref(value, self._forget_dead)
        except TypeError:
            self._memo[key] = (value, result)
        else:
            reference.key = key
            self._lasting[key] = (reference, *result)

    def _forget(self, reference: _Ref) -> None:
        """Drop a remembered digest when its object is gone (its id may be reused)."""
        self._lasting.pop(reference.key, None)

    def _all(self, named: list[tuple[Any, Any]], depth: int) -> tuple[list, frozenset[str]]:
        """Digest (label, value) pairs: [(label, digest)] and the union of what they show."""
        digests, shown = [], []
        for label, item in named:
            if type(item) in _PLAIN_TYPES:  # the common case, without a call
                digests.append((label, f"{type(item).__name__}:{item!r}"))
                continue
            digest, shows = self._digest(item, depth)
            digests.append((label, digest))
            if shows:
                shown.append(shows)
        return digests, union(shown)

    def _parts(self, value: Any, depth: int) -> tuple[Any, frozenset[str]]:
        """What of a value goes into its digest, and the source files it holds."""
        if isinstance(value, Content):
            return self._content(value, depth)
        if isinstance(value, LiveBody):
            shows = frozenset({value.page.relative_source_path})
            return ("body", text_digest(html_of(value.page))), shows
        if isinstance(value, URLWrapper):
            return (type(value).__name__, value.name, value.slug), EMPTY
        if isinstance(value, dict):
            digests, shows = self._all([(str(k), v) for k, v in value.items()], depth + 1)
            return sorted(digests), shows
        if isinstance(value, (list, tuple)):
            digests, shows = self._all(list(enumerate(value)), depth + 1)
            return [digest for _, digest in digests], shows
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            named = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)
                     if f.name != "note"]
            named += [(name, getattr(value, name))
                      for name in ALSO.get(type(value), ())]
            digests, shows = self._all([*named, ("note", getattr(value, "note", None))],
                                       depth + 1)
            return (type(value).__name__, digests), shows
        raise Unfingerprintable(type(value).__name__)

    def _listed_content(self, content: Content, depth: int) -> _Digest:
        """A note as an item of a list, from `contents` while still valid."""
        view = getattr(content, "confnotes", None)
        cached = self._contents.get(id(content))
        html = html_of(content)
        if (cached is not None and cached[0] is content and cached[1] is html
                and cached[2] is content.metadata and cached[3] is view):
            return cached[4]
        parts, shows = self._content(content, depth)
        result = (text_digest(repr(parts)), shows)
        self._contents[id(content)] = (content, html, content.metadata, view, result)
        return result

    def _content(self, content: Content, depth: int) -> tuple[Any, frozenset[str]]:
        """A note or page: its text and metadata; for the page's own subject, its view too."""
        path = content.relative_source_path
        state = self._sources.get(path)
        if state is not None:  # its shape and text digests, made once for the whole build
            parts = [path, content.url, *state]
        else:
            metadata = sorted((k, repr(v)) for k, v in content.metadata.items())
            parts = [path, content.url, text_digest(html_of(content)), text_digest(repr(metadata))]
        shows = frozenset({path})
        view = getattr(content, "confnotes", None)
        if view is not None and depth <= 1:
            # The note a page is about shows its whole view (its neighbours, related talks).
            digest, view_shows = self._digest(view, depth + 2)
            parts.append(digest)
            shows = union([shows, view_shows])
        elif view is not None:  # a note in a list: what its card shows (plain data)
            parts.append(text_digest(repr(view.listed())))
        return parts, shows


def union(sets: list[frozenset[str]]) -> frozenset[str]:
    """The union of some sets, sharing the largest when the others add nothing to it."""
    if not sets:
        return EMPTY
    largest = max(sets, key=len)
    extra = [s for s in sets if s is not largest and not s <= largest]
    return largest.union(*extra) if extra else largest


def text_digest(text: str) -> str:
    """A short, stable digest of a text (of notes' shapes and bodies, too: see generator.py)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
