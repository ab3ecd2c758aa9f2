"""`invoke livereload` in Chromium: a saved edit shows up by itself, a broken note shows its
error (file and line) until fixed, missing pages are real 404s, all under a strict CSP."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from confnotes.engine.live import LiveSite, serve_in_background, watch
from support import STRICT_CSP, csp_violations

from tests.conftest import ROOT, SETTINGS_FILE, add_sentence
from tests.conftest import SAMPLE_NOTE as NOTE
from tests.conftest import SAMPLE_NOTE_PAGE as NOTE_PAGE

WAIT_MS = 60_000  # an upper bound for a refresh on a busy machine, not a speed requirement


@pytest.fixture
def live_url(tmp_path) -> Iterator[tuple[LiveSite, str]]:
    """A reloading live session of a copy of the sample site, served with `default-src 'self'`
    on every response, and watching for saves."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    site = LiveSite(str(SETTINGS_FILE), {
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True, "DELETE_OUTPUT_DIRECTORY": False}, reload_pages=True)
    site.build()
    server = serve_in_background(site, "127.0.0.1", 0,
                                 headers={"Content-Security-Policy": STRICT_CSP})
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(site, lambda update: None, stop))
    watcher.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        stop.set()
        watcher.join(timeout=30)
        server.shutdown()
        server.server_close()


def unexpected_errors(watch: Any) -> list[str]:
    """Console errors other than the browser's note about a page answered with 404."""
    return [error for error in watch.errors if "404" not in error]


def test_a_saved_edit_reloads_the_page(live_url, page_and_watch):
    site, base = live_url
    page, watch = page_and_watch
    page.goto(base + NOTE_PAGE)
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.endsWith('/_confnotes/live'))")

    add_sentence(site.content_path / NOTE, "Typed in the hallway, shown without a click.")

    page.get_by_text("Typed in the hallway, shown without a click.").wait_for(timeout=WAIT_MS)
    assert csp_violations(page) == []
    assert unexpected_errors(watch) == []


def test_a_broken_note_shows_its_error_until_it_is_fixed(live_url, page_and_watch):
    site, base = live_url
    page, watch = page_and_watch
    note = site.content_path / NOTE
    good = note.read_text(encoding="utf-8")
    page.goto(base + NOTE_PAGE)
    title = page.locator("h1").first.inner_text()
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.endsWith('/_confnotes/live'))")

    note.write_text(good.replace("Date: ", "Date: 2026-04-31 ", 1), encoding="utf-8")

    error = page.get_by_text(f"{NOTE}:2:")
    error.wait_for(timeout=WAIT_MS)
    assert "not a valid date" in page.locator("#confnotes-live-problems").inner_text()

    # Any other page shows the error too, over the page.
    other = page.context.new_page()
    other.goto(base + "events/")
    overlay = other.locator("#confnotes-live-problems")
    overlay.wait_for(timeout=WAIT_MS)
    assert f"{NOTE}:2:" in overlay.inner_text()
    assert overlay.get_attribute("role") == "alert"

    note.write_text(good, encoding="utf-8")

    page.locator("h1", has_text=title).wait_for(timeout=WAIT_MS)
    # The watcher may see the file half-written first (an empty note, an error of its own): the
    # panel goes once the build of the whole file is in.
    page.locator("#confnotes-live-problems").wait_for(state="detached", timeout=WAIT_MS)
    overlay.wait_for(state="detached", timeout=WAIT_MS)
    for shown in (page, other):
        assert csp_violations(shown) == []
    assert unexpected_errors(watch) == []


def test_a_missing_page_is_a_404_with_a_page(live_url, page_and_watch):
    _site, base = live_url
    page, watch = page_and_watch
    response = page.goto(base + "no-such-talk/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Not found"
    assert page.locator("code", has_text="/no-such-talk/").count() == 1
    page.get_by_role("link", name="Go to the home page").click()
    page.wait_for_url(base)
    assert page.title() != "" and "Not found" not in page.title()
    assert csp_violations(page) == []
    assert unexpected_errors(watch) == []
