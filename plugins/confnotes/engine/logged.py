"""Pelican's memory of the messages it has logged in this process.

Pelican's `LimitFilter` drops a message it has logged before. A long live session, a test
suite or `check` run after a build would then hide a mistake made a second time, so each of
them starts by making Pelican forget. This touches private attributes of `LimitFilter`
(Pelican 4.12); `tests/engine/test_pelican_internals.py` fails if a Pelican upgrade renames
them.
"""

from __future__ import annotations

from pelican.log import LimitFilter


def forget_logged_messages() -> None:
    """Make Pelican log again what it has logged before in this process."""
    # Pelican internal: LimitFilter's class-level memory; no public way to reset it.
    for seen in (LimitFilter._raised_messages, LimitFilter._ignore, LimitFilter._group_count):
        seen.clear()
