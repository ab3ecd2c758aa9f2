"""Pelican's memoized note texts: what to forget, and when.

Pelican keeps every note's HTML per site URL it was asked for (`Content.get_content`) and its
summary likewise, for as long as the process lives.  The memory is the `cache` dict of
Pelican's `memoized` decorator (Pelican 4.12, no public way to clear it);
`tests/engine/test_pelican_internals.py` checks it is still there.
"""

from __future__ import annotations

from typing import Any

from pelican.contents import Content


def forget_rendered(content: Any) -> None:
    """Drop the memoized content and summary of one note, after its text changed."""
    for method in (content.get_content, content.get_summary):
        for key in [key for key in method.cache if key and key[0] is content]:
            del method.cache[key]


def forget_rendered_contents() -> None:
    """Drop the memoized contents of every note and page (summaries, being small, stay).

    The pages that show a note's whole text render it once each, so the writer forgets the
    copies after every page: at 20,000 notes they would hold two copies of every text.
    """
    Content.get_content.cache.clear()
