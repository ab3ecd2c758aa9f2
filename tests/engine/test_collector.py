"""A build holds back Python's full garbage collections while it assembles the site, renders
pages with the collector as usual, and leaves the process as it found it."""

from __future__ import annotations

import gc
import os

import pytest
from confnotes.engine import collector
from confnotes.plugin import ConfnotesBuildError
from pelican import signals

NOTES = {f"conf/talk-{n}.md": f"Title: Talk {n}\nDate: 2026-05-0{n}\nSpeakers: Ann Lee\n\nBody.\n"
         for n in range(1, 4)}


@pytest.fixture
def custom_thresholds():
    """Run with thresholds of the test's own, so restoring them is not a coincidence."""
    before = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    yield (900, 11, 12)
    gc.set_threshold(*before)


def test_a_build_holds_the_collector_while_linking_and_renders_with_it_restored(
        make_site, tmp_path, custom_thresholds, monkeypatch):
    monkeypatch.setenv("CONFNOTES_WORKERS", "2")
    seen_while_linking = []
    rendering_log = tmp_path / "rendering-thresholds.txt"

    def while_linking(generators):
        seen_while_linking.append(gc.get_threshold())

    def while_rendering(path, context):  # runs in every rendering process
        with rendering_log.open("a") as log:
            log.write(f"{os.getpid()} {gc.get_threshold()}\n")

    signals.all_generators_finalized.connect(while_linking)
    signals.content_written.connect(while_rendering)
    try:
        make_site(NOTES)
    finally:
        signals.all_generators_finalized.disconnect(while_linking)
        signals.content_written.disconnect(while_rendering)
    assert seen_while_linking == [collector.HELD]
    seen_while_rendering = {line.split(" ", 1)[1] for line in
                            rendering_log.read_text().splitlines()}
    assert seen_while_rendering == {str(custom_thresholds)}
    assert len({line.split()[0] for line in rendering_log.read_text().splitlines()}) == 2
    assert gc.get_threshold() == custom_thresholds


def test_a_build_stopped_before_rendering_leaves_the_next_build_with_python_defaults(
        make_site, custom_thresholds):
    clashing = {"conf/a.md": "Title: Same\nDate: 2026-05-01\nSlug: same\n\nOne.\n",
                "conf/b.md": "Title: Same\nDate: 2026-05-01\nSlug: same\n\nTwo.\n"}
    with pytest.raises(ConfnotesBuildError):
        make_site(clashing, expect_errors=True)
    assert gc.get_threshold() == collector.HELD  # Pelican's own run stops here; the process ends
    make_site({"conf/b.md": "Title: Other\nDate: 2026-05-01\nSlug: other\n\nTwo.\n"})
    assert gc.get_threshold() == collector.PYTHON_DEFAULT
