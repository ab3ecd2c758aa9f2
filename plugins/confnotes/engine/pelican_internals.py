"""Every private internal of Pelican (4.12) that confnotes touches, one function each.

Nothing outside the engine reads or writes an underscore attribute of a Pelican object: the
site's generator asks for these through methods the engine's generator implements (see
engine/generator.py).  `tests/engine/test_pelican_internals.py` pins the Pelican version and
checks each function on real Pelican objects: after an upgrade, re-check every one.

The engine's writer also overrides `Writer._open_w` and reads `Writer._written_files` /
`_overridden_files` on itself (engine/writer.py), and engine/logged.py clears `LimitFilter`'s
memory; the same test covers them.
"""

from __future__ import annotations

from typing import Any


def html_of(content: Any) -> str:
    """A note's or page's HTML as read and linked, before Pelican resolves its `{filename}`
    links for one site URL.

    Touches `Content._content`.  The public `content` property resolves links for the page
    being written and memoizes the result; confnotes links and checks the text once, for
    every page, so it needs the text before that.
    """
    return content._content


def set_html(content: Any, html: str) -> None:
    """Replace a note's or page's HTML (its cross-links added, a broken link's marker dropped).

    Writes `Content._content`: Pelican has no public setter; its `content` property reads it.
    """
    content._content = html


def mark_unreadable(generator: Any, relative_path: str) -> None:
    """Record that a source file could not be read, as Pelican's own generators do.

    Calls `Generator._add_failed_source_path`, which sets `context['generated_content'][path]`
    to None (a strict build and the link check read it); there is no public way to say it.
    """
    generator._add_failed_source_path(relative_path)


def generator_classes(pelican: Any) -> list[type]:
    """The generator classes a build makes, plugins' included, in Pelican's order.

    Calls `Pelican._get_generator_classes`: `check` makes the generators as `Pelican.run`
    does, without running the writing half; no public API lists them.
    """
    return list(pelican._get_generator_classes())
