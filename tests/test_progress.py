"""Long builds say how far they are; short ones stay quiet."""

import io

from confnotes import progress
from confnotes.progress import Progress


def test_a_short_step_prints_nothing():
    stream = io.StringIO()
    step = Progress("Writing pages and feeds", 100, stream=stream)
    step.advance(100)
    step.finish()
    assert stream.getvalue() == ""


def test_a_long_step_reports_its_share_and_ends_at_the_total(monkeypatch):
    monkeypatch.setattr(progress, "QUIET_SECONDS", 0.0)
    monkeypatch.setattr(progress, "EVERY_SECONDS", 0.0)
    stream = io.StringIO()
    step = Progress("Writing pages and feeds", 1000, scale=2, stream=stream)
    step.advance(250)  # this process's share; another worker did as much
    step.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("Writing pages and feeds: 50% (500 of 1,000)")
    assert lines[-1].startswith("Writing pages and feeds: 100% (1,000 of 1,000)")
