"""Fingerprints of what a page shows, so unchanged pages need not be rendered again.

A page's fingerprint digests its template variables: notes by their source text and
metadata, entities by their fields and profile text, talks and views field by field.  A value
of a kind not listed here makes the page unfingerprintable, and it is always rendered: being
slow is acceptable, being stale is not.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .entities import LiveBody


class Unfingerprintable(Exception):  # noqa: N818 - a signal, not an error to report
    """A value whose effect on a page cannot be digested."""


_PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.datetime)


class Fingerprinter:
    """Digests values, remembering shared ones (a list of every note) by identity per build."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, bool], tuple[Any, str]] = {}

    def page(self, parts: dict[str, Any]) -> str | None:
        """The fingerprint of one page's variables, or None when it cannot be made."""
        try:
            return self._digest(parts, depth=0)
        except Unfingerprintable:
            return None

    def _digest(self, value: Any, depth: int) -> str:
        """A hex digest of one value."""
        if isinstance(value, _PLAIN):
            return _hash(f"{type(value).__name__}:{value!r}")
        key = (id(value), depth <= 1)
        if depth and key in self._memo and self._memo[key][0] is value:
            return self._memo[key][1]
        digest = _hash(repr(self._parts(value, depth)))
        if depth:
            self._memo[key] = (value, digest)  # keeps value alive, so its id stays unique
        return digest

    def _parts(self, value: Any, depth: int) -> Any:
        """What of a value goes into its digest."""
        if isinstance(value, Content):
            return self._content(value, depth)
        if isinstance(value, LiveBody):
            return ("body", _hash(value._page._content))
        if isinstance(value, URLWrapper):
            return (type(value).__name__, value.name, value.slug)
        if isinstance(value, dict):
            return sorted((str(k), self._digest(v, depth + 1)) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return [self._digest(item, depth + 1) for item in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (type(value).__name__, [
                (f.name, self._digest(getattr(value, f.name), depth + 1))
                for f in dataclasses.fields(value) if f.name != "note"]
                + [("note", self._digest(getattr(value, "note", None), depth + 1))])
        raise Unfingerprintable(type(value).__name__)

    def _content(self, content: Content, depth: int) -> Any:
        """A note or page: its text and metadata; for the page's own subject, its view too."""
        metadata = sorted((k, repr(v)) for k, v in content.metadata.items())
        parts = [content.get_relative_source_path(), content.url, _hash(content._content),
                 _hash(repr(metadata))]
        view = getattr(content, "confnotes", None)
        if depth <= 1 and view is not None:  # the note a page is about shows its neighbours
            parts.append(self._digest(view, depth + 2))
        return parts


def _hash(text: str) -> str:
    """A short, stable digest of a text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
