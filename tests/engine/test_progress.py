"""Long builds say how far they are; short ones stay quiet."""

import io

from confnotes.engine import progress
from confnotes.engine.progress import Progress


def test_a_short_step_prints_nothing():
    stream = io.StringIO()
    step = Progress("Writing pages and feeds", 100, stream=stream)
    step.advance(100)
    step.finish()
    assert stream.getvalue() == ""


def test_a_long_step_reports_how_far_it_is_and_ends_at_the_total(monkeypatch):
    monkeypatch.setattr(progress, "QUIET_SECONDS", 0.0)
    monkeypatch.setattr(progress, "EVERY_SECONDS", 0.0)
    stream = io.StringIO()
    step = Progress("Writing pages and feeds", 1000, stream=stream)
    step.advance(250)  # this process's own items
    step.reach(500)  # all processes together, from the counter they share
    step.reach(1200)  # workers claim past the end when they find nothing left
    step.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("Writing pages and feeds: 25% (250 of 1,000)")
    assert lines[1].startswith("Writing pages and feeds: 50% (500 of 1,000)")
    assert lines[2].startswith("Writing pages and feeds: 100% (1,000 of 1,000)")
    assert lines[-1].startswith("Writing pages and feeds: 100% (1,000 of 1,000)")
