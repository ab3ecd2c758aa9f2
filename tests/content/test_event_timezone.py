"""An event's own time zone: notes of an event with a `Timezone` read dates without an offset
in that zone (issue 16); an explicit offset wins, other notes keep the site's TIMEZONE."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import feedparser
import pytest
import watchfiles
from bs4 import BeautifulSoup
from confnotes.check import run_check
from confnotes.engine.live import LiveSite, forget_logged_messages
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import SETTINGS_FILE, Site, assert_same_site, build, write_files

ATHENS = "Name: PyAthens 2026\nTimezone: Europe/Athens\nStart: 2026-04-15\n\nIn Athens.\n"
FILES = {
    "events/pyathens-2026.md": ATHENS,
    "events/pyrome-2026.md": "Name: PyRome 2026\nStart: 2026-04-15\n\nIn Rome.\n",
    "pyathens-2026/local.md": (
        "Title: Local time\nDate: 2026-04-15 09:30\nModified: 2026-04-16 18:00\n"
        "Event: PyAthens 2026\nSpeakers: Ann Lee\nSummary: Read in Athens.\n\n"
        "Read in Athens.\n"),
    "pyathens-2026/offset.md": (
        "Title: Own offset\nDate: 2026-04-15 11:00+01:00\nEvent: pyathens-2026\n"
        "Speakers: Bob Ray\n\nThe offset as written.\n"),
    "pyrome-2026/rome.md": (
        "Title: Rome time\nDate: 2026-04-15 09:30\nEvent: PyRome 2026\nSpeakers: Cleo Park\n\n"
        "Read in the site's zone.\n"),
    "unlisted.md": "Title: No event\nDate: 2026-04-15 09:30\n\nRead in the site's zone.\n",
}


def talk_dates(output: Path) -> dict[str, str]:
    data = json.loads((output / "api" / "talks.json").read_text(encoding="utf-8"))
    return {talk["id"]: talk["date"] for talk in data["talks"]}


def atom_dates(output: Path) -> dict[str, tuple[str, str]]:
    atom = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes())
    return {entry.title: (entry.published, entry.updated) for entry in atom.entries}


def json_ld(output: Path, url: str) -> dict:
    page = BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    return json.loads(page.find("script", type="application/ld+json").string)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("eventtz")
    return _build(write_files(root / "content", FILES), root / "output")


def _build(content: Path, output: Path) -> Site:
    """A clean build keeping its warnings and errors (no caplog in a module fixture)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    settings = read_settings(SETTINGS_FILE, override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False, "CACHE_PATH": str(output.parent / f"cache-{output.name}"),
        "DELETE_OUTPUT_DIRECTORY": True})
    handler, logger = Keep(level=logging.WARNING), logging.getLogger()
    logger.addHandler(handler)
    forget_logged_messages()
    try:
        Pelican(settings).run()
    finally:
        logger.removeHandler(handler)
    return Site(output, records)


def test_a_note_of_an_event_with_a_timezone_is_read_in_that_zone(site):
    assert site.errors() == []
    assert talk_dates(site.output)["pyathens-2026/local"] == "2026-04-15T09:30:00+03:00"
    assert atom_dates(site.output)["Local time"] == ("2026-04-15T09:30:00+03:00",
                                                     "2026-04-16T18:00:00+03:00")
    data = json_ld(site.output, "pyathens-2026/local")
    assert (data["datePublished"], data["dateModified"]) == (
        "2026-04-15T09:30:00+03:00", "2026-04-16T18:00:00+03:00")
    time = site.page("pyathens-2026/local/").select_one(".note-meta time")
    assert time["datetime"] == "2026-04-15T09:30:00+03:00"


def test_an_explicit_offset_wins(site):
    assert talk_dates(site.output)["pyathens-2026/offset"] == "2026-04-15T11:00:00+01:00"
    assert atom_dates(site.output)["Own offset"][0] == "2026-04-15T11:00:00+01:00"


def test_notes_of_events_without_timezone_and_without_event_keep_the_site_zone(site):
    assert talk_dates(site.output)["pyrome-2026/rome"] == "2026-04-15T09:30:00+02:00"
    assert atom_dates(site.output)["Rome time"][0] == "2026-04-15T09:30:00+02:00"
    assert json_ld(site.output, "pyrome-2026/rome")["datePublished"] == (
        "2026-04-15T09:30:00+02:00")
    assert atom_dates(site.output)["No event"][0] == "2026-04-15T09:30:00+02:00"


def test_an_offset_timezone_is_accepted(tmp_path):
    files = {**FILES, "events/pyathens-2026.md": ATHENS.replace("Europe/Athens", "-04:30")}
    built = _build(write_files(tmp_path / "content", files), tmp_path / "output")
    assert built.errors() == []
    assert talk_dates(built.output)["pyathens-2026/local"] == "2026-04-15T09:30:00-04:30"


def test_check_passes_and_an_invalid_timezone_is_an_error_naming_file_and_line(tmp_path):
    content = write_files(tmp_path / "content", FILES)
    report = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert (report.errors, report.warnings) == ([], [])
    (content / "events" / "pyathens-2026.md").write_text(
        ATHENS.replace("Europe/Athens", "Europe/Atlantis"), encoding="utf-8")
    report = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert [e.split(" is not")[0] for e in report.errors] == [
        "events/pyathens-2026.md:2: 'Europe/Atlantis'"]
    # ... and ignored: the event's notes are read in the site's TIMEZONE.
    built = _build(content, tmp_path / "output")
    assert talk_dates(built.output)["pyathens-2026/local"] == "2026-04-15T09:30:00+02:00"


def test_changing_an_events_timezone_with_the_cache_on_matches_a_clean_build(tmp_path, caplog):
    content = write_files(tmp_path / "content", FILES)
    cached = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True,
              "LOAD_CONTENT_CACHE": True}
    build(content, tmp_path / "output", caplog, **cached)
    assert talk_dates(tmp_path / "output")["pyathens-2026/local"] == (
        "2026-04-15T09:30:00+03:00")
    profile = content / "events" / "pyathens-2026.md"
    profile.write_text(ATHENS.replace("Europe/Athens", "America/New_York"), encoding="utf-8")
    build(content, tmp_path / "output", caplog, **cached)
    assert talk_dates(tmp_path / "output")["pyathens-2026/local"] == (
        "2026-04-15T09:30:00-04:00")
    assert atom_dates(tmp_path / "output")["Local time"][0] == "2026-04-15T09:30:00-04:00"
    assert_same_site(tmp_path / "output", build(content, tmp_path / "clean", caplog).output)


def test_a_live_session_reads_notes_in_their_events_zone(tmp_path, caplog):
    content = write_files(tmp_path / "content", FILES)
    live = LiveSite(str(SETTINGS_FILE), {
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True, "DELETE_OUTPUT_DIRECTORY": False})
    live.build()
    assert talk_dates(live.output_path)["pyathens-2026/local"] == "2026-04-15T09:30:00+03:00"

    # A new zone: the full build must not take the note, unchanged, from the content cache.
    profile = content / "events" / "pyathens-2026.md"
    profile.write_text(ATHENS.replace("Europe/Athens", "Asia/Tokyo"), encoding="utf-8")
    assert live.apply([(watchfiles.Change.modified, str(profile))]).kind == "full"
    assert talk_dates(live.output_path)["pyathens-2026/local"] == "2026-04-15T09:30:00+09:00"
    assert_same_site(live.output_path, build(content, tmp_path / "clean", caplog).output)

    # A body edit re-reads the note in its event's zone: the same date, so a quick refresh.
    note = content / "pyathens-2026" / "local.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA sentence added live.\n",
                    encoding="utf-8")
    update = live.apply([(watchfiles.Change.modified, str(note))])
    assert update.kind == "pages", update.reason
    assert_same_site(live.output_path, build(content, tmp_path / "clean2", caplog).output)


def test_an_invalid_timezone_stops_a_strict_build(tmp_path, caplog):
    from confnotes.plugin import ConfnotesBuildError  # noqa: PLC0415

    files = {**FILES, "events/pyathens-2026.md": ATHENS.replace("Europe/Athens", "+25:00")}
    content = write_files(tmp_path / "content", files)
    strict = {**read_settings(SETTINGS_FILE)["CONFNOTES"], "STRICT": True}
    with pytest.raises(ConfnotesBuildError, match=r"events/pyathens-2026\.md"):
        build(content, tmp_path / "output", caplog, CONFNOTES=strict)
    assert any("events/pyathens-2026.md:2: '+25:00' is not a time zone" in message
               for message in caplog.messages)
