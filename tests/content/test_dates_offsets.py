"""Dates written with a UTC offset (ISO 8601): published, and the offset kept as written.

A real archive dates its talks `2017-10-28T14:30:00+01:00`; such a note is published, its page
shows the day as written, and its feeds, JSON-LD and exports give the same offset (not a
conversion to the site's TIMEZONE). Dates without an offset are read in TIMEZONE as before.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from confnotes.check import run_check
from confnotes.content.headers import parse_date
from confnotes.content.moments import rfc3339
from confnotes.engine.live import forget_logged_messages
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import (
    SETTINGS_FILE,
    Site,
    feed_files,
    feed_problems,
    json_feed_problems,
    write_files,
)

EVENT = """\
    Name: PyCon UK 2017
    Start: 2017-10-26T09:00+01:00
    End: 2017-10-29

    Four days in Cardiff.
    """
FILES = {
    "events/pycon-uk-2017.md": EVENT,
    "pycon-uk-2017/offset.md": """\
        Title: Offsets are fine
        Date: 2017-10-28T14:30:00+01:00
        Modified: 2017-10-29 09:00-05:00
        Event: pycon-uk-2017
        Speakers: Ann Lee Smith

        A talk about time zones.
        """,
    # 23:30 in New York is already the 29th in UTC and in Rome (the site's TIMEZONE).
    "pycon-uk-2017/late.md": """\
        Title: Late in New York
        Date: 2017-10-28 23:30-05:00
        Event: pycon-uk-2017
        Speakers: Bob Ray Jones

        Written on the way home.
        """,
    "pycon-uk-2017/zulu.md": """\
        Title: Zulu time
        Date: 2017-10-28T13:00Z
        Event: pycon-uk-2017
        Speakers: Cleo Ada Park

        A talk timed in UTC.
        """,
    "pycon-uk-2017/local.md": """\
        Title: No offset
        Date: 2017-10-27 10:00
        Event: pycon-uk-2017
        Speakers: Dan Eli Ward

        Read in the site's time zone.
        """,
}


def build_once(root: Path) -> Site:
    """Build FILES with the project's settings, keeping every log record."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    content = write_files(root / "content", FILES)
    settings = read_settings(SETTINGS_FILE, override={
        "PATH": str(content), "OUTPUT_PATH": str(root / "output"), "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False, "CACHE_PATH": str(root / "cache"),
        "CONFNOTES": {"STRICT": True}})
    handler, logger = Keep(level=logging.WARNING), logging.getLogger()
    logger.addHandler(handler)
    forget_logged_messages()
    try:
        Pelican(settings).run()  # strict: a note left out would raise ConfnotesBuildError
    finally:
        logger.removeHandler(handler)
    return Site(root / "output", records)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(tmp_path_factory.mktemp("offsets"))


def load(site: Site, name: str) -> dict:
    return json.loads((site.output / name).read_text(encoding="utf-8"))


def json_ld(page: BeautifulSoup) -> dict:
    return json.loads(page.find("script", type="application/ld+json").string)


def test_notes_dated_with_an_offset_are_published_by_a_strict_build(site):
    assert site.messages() == []
    for note in ("offset", "late", "zulu", "local"):
        assert site.exists(f"pycon-uk-2017/{note}/"), note


def test_the_page_shows_the_day_and_offset_as_written(site):
    page = site.page("pycon-uk-2017/offset/")
    times = [page.select_one(".note-meta time"), page.select_one(".updated time")]
    assert [(t["datetime"], t.get_text()) for t in times] == [
        ("2017-10-28T14:30:00+01:00", "28 October 2017"),
        ("2017-10-29T09:00:00-05:00", "29 October 2017")]
    assert page.select_one('meta[property="article:published_time"]')["content"] == (
        "2017-10-28T14:30:00+01:00")
    late = site.page("pycon-uk-2017/late/").select_one(".note-meta time")
    assert (late["datetime"], late.get_text()) == ("2017-10-28T23:30:00-05:00", "28 October 2017")


def test_a_date_without_offset_is_still_read_in_the_site_timezone(site):
    time = site.page("pycon-uk-2017/local/").select_one(".note-meta time")
    assert time["datetime"] == "2017-10-27T10:00:00+02:00"  # Rome, summer time


def test_the_event_lists_each_talk_under_its_day_as_written(site):
    page = site.page("events/pycon-uk-2017/")
    days = {day.h3.time["datetime"]: [a.get_text() for a in day.select(".card-title a")]
            for day in page.select("section.day")}
    assert days == {"2017-10-27": ["No offset"],
                    "2017-10-28": ["Zulu time", "Offsets are fine", "Late in New York"]}


def test_json_ld_carries_the_offset(site):
    data = json_ld(site.page("pycon-uk-2017/offset/"))
    assert (data["datePublished"], data["dateModified"]) == (
        "2017-10-28T14:30:00+01:00", "2017-10-29T09:00:00-05:00")
    assert data["about"]["startDate"] == "2017-10-28"
    assert data["about"]["superEvent"]["startDate"] == "2017-10-26"


def test_the_exports_carry_the_offset(site):
    talks = {t["id"]: t["date"] for t in load(site, "api/talks.json")["talks"]}
    assert talks == {"pycon-uk-2017/offset": "2017-10-28T14:30:00+01:00",
                     "pycon-uk-2017/late": "2017-10-28T23:30:00-05:00",
                     "pycon-uk-2017/zulu": "2017-10-28T13:00:00+00:00",
                     "pycon-uk-2017/local": "2017-10-27T10:00:00+02:00"}
    notes = {n["id"]: (n["date"], n["modified"]) for n in load(site, "api/notes.json")["notes"]}
    assert notes["pycon-uk-2017/offset"] == ("2017-10-28T14:30:00+01:00",
                                             "2017-10-29T09:00:00-05:00")
    events = {e["id"]: (e["start"], e["year"]) for e in load(site, "api/events.json")["events"]}
    assert events["pycon-uk-2017"] == ("2017-10-26", 2017)


def test_feeds_carry_the_offset_and_stay_valid(site):
    assert [problem for path in feed_files(site.output) for problem in feed_problems(path)] == []
    assert json_feed_problems(site.output / "feeds" / "all.json") == []
    atom = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
    published = {e.title: (e.published, e.updated) for e in atom.entries}
    assert published["Offsets are fine"] == ("2017-10-28T14:30:00+01:00",
                                             "2017-10-29T09:00:00-05:00")
    assert published["Zulu time"] == ("2017-10-28T13:00:00Z", "2017-10-28T13:00:00Z")
    rss = feedparser.parse((site.output / "feeds" / "all.rss.xml").read_bytes())
    assert {e.title: e.published for e in rss.entries}["Late in New York"] == (
        "Sat, 28 Oct 2017 23:30:00 -0500")
    items = {i["title"]: i["date_published"] for i in load(site, "feeds/all.json")["items"]}
    assert items["Offsets are fine"] == "2017-10-28T14:30:00+01:00"


def test_feeds_order_notes_by_the_moment_not_the_clock(site):
    # 23:30-05:00 (04:30 UTC on the 29th) is after 14:30+01:00 (13:30 UTC), itself after 13:00Z.
    atom = feedparser.parse((site.output / "events" / "pycon-uk-2017" / "atom.xml").read_bytes())
    assert [e.title for e in atom.entries] == [
        "Late in New York", "Offsets are fine", "Zulu time", "No offset"]


def test_check_passes_on_dates_with_offsets(tmp_path):
    content = write_files(tmp_path / "content", FILES)
    report = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert (report.errors, report.warnings) == ([], [])


@pytest.mark.parametrize("value", [
    "2017-10-28T14:30+25:00",  # no such offset
    "2017-10-28T14:30+01:60",
    "2017-10-28+01:00",  # an offset needs a time
    "2017-10-28T14:30 +01:00",  # ISO 8601 has no space before the offset
    "2017-10-28T14:30+01:00:30",  # nor seconds in an offset
    "2017-10-28T14:30UTC",
    "28/10/2017 14:30+01:00",
])
def test_an_invalid_date_with_an_offset_is_an_error_naming_file_and_line(tmp_path, value):
    content = write_files(tmp_path / "content", {"pycon/bad.md": (
        f"Title: Bad\nDate: {value}\nEvent: pycon\n\nBody.\n")})
    report = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert report.errors == [
        f"pycon/bad.md:2: Date {value!r} is not a valid date. Write it as YYYY-MM-DD or "
        "YYYY-MM-DD HH:MM (seconds, a T and an offset such as +01:00 or Z are also accepted)."]


def test_an_invalid_start_in_an_event_profile_names_file_and_line(tmp_path):
    content = write_files(tmp_path / "content", {
        "events/pycon.md": "Name: PyCon\nStart: 2017-10-26T09:00+1\n\nIntro.\n"})
    report = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert [e.split(" is not")[0] for e in report.errors] == [
        "events/pycon.md:2: Start '2017-10-26T09:00+1'"]


@pytest.mark.parametrize(("written", "offset"), [
    ("2017-10-28T14:30:00+01:00", timedelta(hours=1)),
    ("2017-10-28 14:30+01:00", timedelta(hours=1)),
    ("2017-10-28T14:30-0330", -timedelta(hours=3, minutes=30)),
    ("2017-10-28T14:30+05", timedelta(hours=5)),
    ("2017-10-28t14:30z", timedelta(0)),
    ("2017-10-28T14:30:00.250+05:45", timedelta(hours=5, minutes=45)),
])
def test_parse_date_keeps_the_written_clock_and_offset(written, offset):
    parsed = parse_date(written)
    assert parsed is not None and parsed.utcoffset() == offset
    assert (parsed.day, parsed.hour, parsed.minute) == (28, 14, 30)


def test_parse_date_without_offset_stays_naive():
    # `2026-04-16` ends like an offset (-16) but is a day.
    assert parse_date("2026-04-16") == datetime(2026, 4, 16)
    assert parse_date("2026-04-16T17:40:05") == datetime(2026, 4, 16, 17, 40, 5)


@pytest.mark.parametrize(("moment", "written"), [
    (datetime(2017, 10, 28, 14, 30, tzinfo=timezone(timedelta(hours=1))),
     "2017-10-28T14:30:00+01:00"),
    (datetime(2017, 10, 28, 14, 30, tzinfo=timezone(-timedelta(hours=9, minutes=30))),
     "2017-10-28T14:30:00-09:30"),
    (datetime(2017, 10, 28, 14, 30, tzinfo=UTC), "2017-10-28T14:30:00+00:00"),
    # Local mean time (seconds in the offset) is still given in UTC.
    (datetime(1890, 5, 1, tzinfo=timezone(timedelta(minutes=49, seconds=56))),
     "1890-04-30T23:10:04+00:00"),
    (datetime(1890, 5, 1, tzinfo=timezone(-timedelta(minutes=49, seconds=56))),
     "1890-05-01T00:49:56+00:00"),
])
def test_rfc3339_keeps_an_offset_of_whole_minutes(moment, written):
    assert rfc3339(moment) == written
