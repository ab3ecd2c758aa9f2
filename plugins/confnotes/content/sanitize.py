"""Sanitising note and profile bodies: an allowlist that keeps what Markdown writes."""

from __future__ import annotations

import nh3

_BODY_TAGS = frozenset(nh3.ALLOWED_TAGS | {"tfoot", "caption", "section", "picture", "source"})
_COMMON_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
_BODY_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": set(_COMMON_ATTRIBUTES),
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "source": {"srcset", "type", "media"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
}
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Code keeps its lines, so a long one scrolls sideways: the scrolling <pre> takes keyboard
# focus, so that readers without a pointer can scroll it too.
_SET_ATTRIBUTES = {"pre": {"tabindex": "0"}}


def sanitize_body(html: str) -> str:
    """Return `html` with scripts, styles, event handlers and unsafe URLs removed."""
    return nh3.clean(
        html,
        tags=set(_BODY_TAGS),
        attributes={tag: set(attrs) for tag, attrs in _BODY_ATTRIBUTES.items()},
        url_schemes=set(_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        set_tag_attribute_values={tag: dict(values) for tag, values in _SET_ATTRIBUTES.items()},
    )


def sanitize_inline(html: str) -> str:
    """Return only the text of a formatted metadata field such as Summary (no markup at all)."""
    return nh3.clean(html, tags=set(), attributes={}, strip_comments=True)
