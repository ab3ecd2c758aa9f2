"""The live session: a saved note shows up without a full build, exactly as a clean build has it."""

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import watchfiles
from bs4 import BeautifulSoup
from confnotes.engine.live import LiveSite, serve_in_background, watch
from confnotes.engine.live_server import start_server
from confnotes.engine.live_status import LiveState, problems_from

from tests.conftest import ROOT, SETTINGS_FILE, add_sentence, assert_same_site, build, snapshot
from tests.conftest import SAMPLE_NOTE as NOTE
from tests.conftest import SAMPLE_NOTE_PAGE as NOTE_PAGE


@pytest.fixture
def live(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    site = LiveSite(str(SETTINGS_FILE), {
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True, "DELETE_OUTPUT_DIRECTORY": False})
    site.build()
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def modified(path: Path) -> list[tuple[watchfiles.Change, str]]:
    return [(watchfiles.Change.modified, str(path))]


def clean_build(live: LiveSite, tmp_path: Path, caplog) -> Path:
    output = tmp_path / "clean"
    build(live.content_path, output, caplog)
    return output


def test_a_body_edit_renders_only_the_pages_that_show_the_note(live, tmp_path, caplog):
    note = live.content_path / NOTE
    before = snapshot(live.output_path)
    add_sentence(note, "A sentence saved during the conference, with a typo fixed.")

    update = live.apply(modified(note))

    assert update.kind == "pages", update.reason
    rewritten = set(update.rewritten)
    assert "djangocon-europe-2026/lightning-talks-day-2/index.html" in rewritten
    assert "feeds/all.atom.xml" in rewritten  # feeds carry the full text
    after = snapshot(live.output_path)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == rewritten, "only the rewritten files may change"
    assert len(changed) < len(after) / 4, "a body edit must not rewrite most of the site"
    clean = clean_build(live, tmp_path, caplog)
    assert_same_site(live.output_path, clean)

    # Another site built in the same process (the clean build) must not confuse the session.
    clean_before = snapshot(clean)
    add_sentence(note, "A second sentence, saved a minute later.")
    again = live.apply(modified(note))
    assert again.kind == "pages", again.reason
    page = live.output_path / "djangocon-europe-2026/lightning-talks-day-2/index.html"
    assert "A second sentence, saved a minute later." in page.read_text(encoding="utf-8")
    assert snapshot(clean) == clean_before, "the refresh wrote into another site's output"


def test_header_profile_and_new_note_edits_fall_back_to_a_full_build(live, tmp_path, caplog):
    note = live.content_path / NOTE
    edit(note, "Title: ", "Title: Renamed: ")
    assert live.apply(modified(note)).kind == "full"
    assert_same_site(live.output_path, clean_build(live, tmp_path, caplog))

    profile = live.content_path / "speakers" / "paolo-melchiorre.md"
    add_sentence(profile, "He also maintains the sample site's favourite package.")
    assert live.apply(modified(profile)).kind == "full"

    added = live.content_path / "djangocon-europe-2026" / "a-new-note.md"
    added.write_text("Title: A new note\nDate: 2026-04-20 10:00\nEvent: DjangoCon Europe 2026\n"
                     "Speakers: Paolo Melchiorre\n\nWritten while the talk was on.\n",
                     encoding="utf-8")
    assert live.apply([(watchfiles.Change.added, str(added))]).kind == "full"
    assert_same_site(live.output_path, clean_build(live, tmp_path, caplog))


def test_a_body_edit_that_adds_a_mention_rebuilds_the_site(live, tmp_path, caplog):
    note = live.content_path / NOTE
    add_sentence(note, "Jeff Triplett was in the room too.")
    update = live.apply(modified(note))
    assert update.kind == "full"  # a new mention changes Jeff's page
    assert_same_site(live.output_path, clean_build(live, tmp_path, caplog))


def test_watching_picks_up_a_save(live):
    note = live.content_path / NOTE
    updates, stop = [], threading.Event()

    def record(update):
        updates.append(update)
        stop.set()

    watcher = threading.Thread(target=watch, args=(live, record, stop))
    watcher.start()
    time.sleep(0.5)  # let the watcher start
    add_sentence(note, "Saved while the watcher runs.")
    watcher.join(timeout=30)
    stop.set()
    assert updates and updates[0].kind == "pages"
    page = live.output_path / "djangocon-europe-2026/lightning-talks-day-2/index.html"
    assert "Saved while the watcher runs." in page.read_text(encoding="utf-8")


def test_editing_the_text_of_one_talk_section_is_a_quick_refresh(live, tmp_path, caplog):
    note = live.content_path / NOTE
    with note.open("a", encoding="utf-8") as text:
        text.write("\nOne more line about the last lightning talk.\n")
    update = live.apply(modified(note))
    assert update.kind == "pages", update.reason
    assert_same_site(live.output_path, clean_build(live, tmp_path, caplog))


def test_a_broken_save_keeps_the_site_up_and_the_fix_brings_the_note_back(live, tmp_path, caplog):
    note = live.content_path / NOTE
    good = note.read_text(encoding="utf-8")
    page = live.output_path / "djangocon-europe-2026/lightning-talks-day-2/index.html"
    note.write_text(good.replace("Date: ", "Date: not-a-date ", 1), encoding="utf-8")

    broken = live.apply(modified(note))

    assert broken.kind == "full"
    assert (live.output_path / "index.html").is_file()  # the rest of the site is still there
    assert not page.exists()  # the broken note is left out, as in any development build
    note.write_text(good, encoding="utf-8")
    assert live.apply(modified(note)).kind == "full"
    assert page.is_file()
    assert_same_site(live.output_path, clean_build(live, tmp_path, caplog))


def test_a_body_edit_that_changes_a_summary_rebuilds_the_site(live, tmp_path, caplog):
    note = live.content_path / NOTE
    text = note.read_text(encoding="utf-8")
    note.write_text("".join(line for line in text.splitlines(keepends=True)
                            if not line.startswith("Summary:")), encoding="utf-8")
    assert live.apply(modified(note)).kind == "full"  # a header went

    add_sentence(note, "Opening words, which are now the start of the summary.")
    update = live.apply(modified(note))
    assert update.kind == "full"  # the notes export lists every summary
    assert_same_site(live.output_path, clean_build(live, tmp_path, caplog))


def test_a_build_after_a_live_refresh_and_an_undo_matches_a_clean_build(live, tmp_path, caplog):
    """The live session's manifest must say what its refresh left on disk: undoing the edit
    and running `invoke build` must not leave the refreshed pages showing the edit."""
    note = live.content_path / NOTE
    original = note.read_text(encoding="utf-8")
    add_sentence(note, "A sentence that will be taken back.")
    assert live.apply(modified(note)).kind == "pages"

    note.write_text(original, encoding="utf-8")
    build(live.content_path, live.output_path, caplog, DELETE_OUTPUT_DIRECTORY=False,
          CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CACHE_PATH=str(tmp_path / "cache"))
    assert_same_site(live.output_path, clean_build(live, tmp_path, caplog))


def test_a_mistake_made_again_after_a_fix_is_reported_again(live, caplog):
    # Pelican drops a warning it has logged before in the same process: in a long session,
    # the second time a blogger makes the same mistake would go unreported.
    note = live.content_path / NOTE
    good = note.read_text(encoding="utf-8")
    typo = good.replace("Title: ", "Speaker: Ann Lee\nTitle: ", 1)
    reports = []
    for text in (typo, good, typo):
        caplog.clear()
        note.write_text(text, encoding="utf-8")
        live.apply(modified(note))
        reports.append([r.getMessage() for r in caplog.records
                        if r.levelname == "WARNING" and "Did you mean" in r.getMessage()])
    assert reports[0] and not reports[1]
    assert reports[2] == reports[0]


# -- what the browser is told: reloads, errors, 404s ---------------------------------------------

@contextmanager
def served(site: LiveSite) -> Iterator[str]:
    """The live session's server on a free port; yields its base URL."""
    server = serve_in_background(site, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, str]:
    """Status, content type and text of a GET (errors included)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_a_broken_note_is_reported_with_file_and_line_until_fixed(live):
    note = live.content_path / NOTE
    good = note.read_text(encoding="utf-8")
    first = live.state
    assert first.version >= 1 and first.problems == ()

    note.write_text(good.replace("Date: ", "Date: not-a-date ", 1), encoding="utf-8")
    live.apply(modified(note))

    broken = live.state
    assert broken.version > first.version
    assert [(p.file, p.line) for p in broken.problems] == [(NOTE, 2)]  # once, not twice
    assert "not a valid date" in broken.problems[0].message

    # A quick refresh of another note keeps the broken one on the list.
    other = live.content_path / "djangocon-us-2025" / "django-for-ai.md"
    add_sentence(other, "A sentence saved while the other note is still broken.")
    live.apply(modified(other))
    assert live.state.problems == broken.problems

    note.write_text(good, encoding="utf-8")
    live.apply(modified(note))
    assert live.state.problems == ()
    assert live.state.version > broken.version


def test_the_server_says_when_the_site_changed_and_what_is_broken(live):
    note = live.content_path / NOTE
    with served(live) as base:
        status, kind, body = fetch(f"{base}/_confnotes/live")
        assert (status, kind) == (200, "application/json")
        before = json.loads(body)
        assert before == {"version": live.state.version, "problems": []}

        note.write_text(note.read_text(encoding="utf-8").replace("Date: ", "Date: 2026-13-45 ",
                                                                   1), encoding="utf-8")
        live.apply(modified(note))

        after = json.loads(fetch(f"{base}/_confnotes/live")[2])
        assert after["version"] > before["version"]
        assert [(p["file"], p["line"]) for p in after["problems"]] == [(NOTE, 2)]
        # The broken note's own address: a 404 page naming the file and line.
        status, kind, body = fetch(f"{base}/{NOTE_PAGE}")
        assert status == 404 and kind.startswith("text/html")
        assert f"{NOTE}:2:" in body
        assert "/theme/js/livereload.js" in body  # it reloads by itself once fixed


def test_a_missing_page_gets_a_real_404_page(live):
    with served(live) as base:
        assert fetch(f"{base}/{NOTE_PAGE}")[0] == 200
        status, kind, body = fetch(f"{base}/no/such/page/")
        assert status == 404 and kind.startswith("text/html")
        assert "Not found" in body and "/no/such/page/" in body
        assert "error" not in body  # nothing is broken: no error list
        assert fetch(f"{base}/theme/css/no-such.css")[0] == 404


def test_only_a_reloading_session_includes_the_script(live, tmp_path):
    page = (live.output_path / NOTE_PAGE / "index.html").read_text(encoding="utf-8")
    assert "livereload.js" not in page  # `invoke build` and the plain session never have it

    reloading = LiveSite(str(SETTINGS_FILE), {
        "PATH": str(live.content_path), "OUTPUT_PATH": str(tmp_path / "reloading"),
        "CACHE_PATH": str(tmp_path / "cache-reloading"), "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False}, reload_pages=True)
    reloading.build()
    for url in (NOTE_PAGE, "", "events/", "search/"):
        soup = BeautifulSoup((reloading.output_path / url / "index.html").read_text(
            encoding="utf-8"), "html.parser")
        sources = [script.get("src", "") for script in soup.find_all("script")]
        assert any(src.endswith("theme/js/livereload.js") for src in sources), url
        assert all(script.get("src") or script.get("type") == "application/ld+json"
                   for script in soup.find_all("script")), f"{url}: an inline script"
    assert (reloading.output_path / "theme/js/livereload.js").is_file()


def test_problems_name_each_file_once():
    problems = problems_from([
        "a/talk.md:3: Date 'x' is not a valid date.",
        "Could not process a/talk.md: a/talk.md:3: Date 'x' is not a valid date.",
        "Could not process b/other.md",
        "b/other.md:1: another problem in the same file",
        "strict build: 1 file(s) could not be read",
    ])
    assert [p.describe() for p in problems] == [
        "a/talk.md:3: Date 'x' is not a valid date.",
        "b/other.md: Could not process b/other.md",
        "b/other.md:1: another problem in the same file",
        "strict build: 1 file(s) could not be read",
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_invoke_livereload_serves_on_the_port_it_is_given():
    """The real command: its --port and --bind flags set where it serves and the SITEURL."""
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "invoke"), "livereload", "--port", str(port),
               "--bind", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if "Serving on" in line:
                break
        assert f"Serving on http://127.0.0.1:{port}/" in "".join(lines), "".join(lines)
        status, _, home = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200 and "theme/js/livereload.js" in home
        atom = fetch(f"http://127.0.0.1:{port}/feeds/all.atom.xml")[2]
        assert f"http://127.0.0.1:{port}/djangocon-europe-2026/" in atom
        assert fetch(f"http://127.0.0.1:{port}/missing/")[0] == 404
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_refresh_that_fails_is_shown_as_a_problem(tmp_path):
    """A settings file that no longer loads: the session goes on and says why."""
    settings = tmp_path / "mysettings.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                        "from pelicanconf import *\n", encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    site = LiveSite(str(settings), {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out"),
                                    "CACHE_PATH": str(tmp_path / "cache")})
    site.build()
    version = site.state.version
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(site, lambda update: None, stop))
    watcher.start()
    try:
        time.sleep(0.5)  # let the watcher start
        with settings.open("a", encoding="utf-8") as text:
            text.write("SITENAME = 'unfinished\n")
        for _ in range(600):  # wait for the refresh (at most a minute)
            if site.state.version > version:
                break
            time.sleep(0.1)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert site.state.version > version
    failures = [p.message for p in site.state.problems if "Could not refresh" in p.message]
    assert failures and "mysettings.py, line 4" in failures[0], site.state.problems


# -- what the server never serves ----------------------------------------------------------------

@contextmanager
def serving(output: Path) -> Iterator[str]:
    """The live session's server over `output` alone, on a free port; yields its base URL."""
    server = start_server(output, "127.0.0.1", 0, LiveState)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_links_inside_the_output_folder_are_not_followed_out(tmp_path):
    output, secrets = tmp_path / "output", tmp_path / "secrets"
    (output / "sub" / "real").mkdir(parents=True)
    secrets.mkdir()
    (secrets / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    (secrets / "index.html").write_text("<p>secret page</p>", encoding="utf-8")
    (output / "sub" / "real" / "page.html").write_text("<p>fine</p>", encoding="utf-8")
    (output / "sub" / "etclink").symlink_to(secrets)
    (output / "sub" / "file.txt").symlink_to(secrets / "passwd")
    (output / "sub" / "inner").symlink_to(output / "sub" / "real")  # stays inside: served
    with serving(output) as base:
        for path in ("/sub/etclink/passwd", "/sub/file.txt", "/sub/etclink/", "/sub/etclink"):
            status, _, text = fetch(base + path)
            assert status == 404 and "root:x" not in text and "secret page" not in text, path
        request = urllib.request.Request(base + "/sub/file.txt", method="HEAD")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 404
        assert fetch(base + "/sub/inner/page.html")[::2] == (200, "<p>fine</p>")


def test_two_servers_in_one_process_each_serve_their_own_folder(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<p>site {name}</p>", encoding="utf-8")
    with serving(tmp_path / "one") as first, serving(tmp_path / "two") as second:
        assert fetch(first + "/")[2] == "<p>site one</p>"
        assert fetch(second + "/")[2] == "<p>site two</p>"
