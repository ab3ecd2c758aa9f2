"""Absolute URLs in sanitised note HTML, for feeds: pure functions, one linear pass per note.

The HTML handled here is what the note reader serialised after sanitising (and what Pelican
made of it): every `<` in text is escaped as `&lt;`, comments and scripts are gone.  So a
regular expression can find the tags, and each tag's attributes are read one after the other;
text (code samples that show `<a href="...">` included) is never touched.
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import urljoin

URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster"})
SRCSET_ATTRIBUTES = frozenset({"srcset"})
_TAG = re.compile(
    r"<[a-zA-Z][^\s/>]*"
    r"(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?|\s*/(?!>))*"
    r"\s*/?>")
_ATTRIBUTE = re.compile(
    r"(?P<name>[^\s\"'>/=]+)(?P<equals>\s*=\s*)(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def absolute_html(html: str, base_url: str) -> str:
    """Make every relative URL in `html` absolute against `base_url` (the note's own URL)."""
    if not html:
        return html

    def tag(match: re.Match) -> str:
        text = match.group(0)
        if "=" not in text:
            return text
        return _ATTRIBUTE.sub(lambda m: _attribute(m, base_url), text)

    return _TAG.sub(tag, html)


def _attribute(match: re.Match, base_url: str) -> str:
    """One `name=value` attribute, its URL made absolute when it holds one."""
    name = match["name"].lower()
    if name not in URL_ATTRIBUTES and name not in SRCSET_ATTRIBUTES:
        return match.group(0)
    raw = match["value"]
    quoted = raw[:1] in {'"', "'"}
    value = unescape(raw[1:-1] if quoted else raw)
    value = absolute_srcset(value, base_url) if name in SRCSET_ATTRIBUTES else absolute_url(
        value, base_url)
    return f'{match["name"]}{match["equals"]}"{escape(value, quote=True)}"'


def absolute_url(url: str, base_url: str) -> str:
    """One URL made absolute; URLs with a scheme (https:, mailto:, tel: ...) are kept."""
    stripped = url.strip()
    if _SCHEME.match(stripped):
        return stripped
    return urljoin(base_url, stripped)


def absolute_srcset(srcset: str, base_url: str) -> str:
    """Every image candidate of a `srcset` ("a.png 1x, b.png 2x") made absolute."""
    candidates = []
    position, length = 0, len(srcset)
    while position < length:
        while position < length and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < length and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        trailing = len(url) - len(url.rstrip(","))
        url = url.rstrip(",")
        descriptor = ""
        if not trailing:
            end = srcset.find(",", position)
            end = length if end < 0 else end
            descriptor = srcset[position:end].strip()
            position = end + 1
        if url:
            absolute = absolute_url(url, base_url)
            candidates.append(f"{absolute} {descriptor}" if descriptor else absolute)
    return ", ".join(candidates)


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (control characters, lone surrogates)."""
    return _XML_INVALID.sub("", text) if text else text
