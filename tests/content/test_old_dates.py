"""Notes dated before 1900: every date the site writes is valid RFC 3339 (offset +HH:MM)."""

import json
import re

from bs4 import BeautifulSoup

# A date, or a date-time whose offset is hours and minutes: what HTML's `datetime` attribute,
# schema.org and JSON readers accept ("+00:49:56", Python's local mean time, is not).
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2})?")
DATE_KEYS = {"date", "modified", "start", "end", "datePublished", "dateModified", "startDate",
             "endDate"}

OLD = {
    "events/expo-1890.md": """\
        Name: Expo 1890
        Start: 1890-05-01
        End: 1890-05-03
        """,
    "expo/phonograph.md": """\
        Title: The phonograph, demonstrated
        Date: 1890-05-01
        Modified: 1890-05-02 10:30
        Event: expo-1890
        Speakers: Ann Lee

        A talk about the phonograph.
        """,
}


def dates_in(data, found):
    """Every value under a date key, anywhere in parsed JSON."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in DATE_KEYS and isinstance(value, str):
                found.append(value)
            dates_in(value, found)
    elif isinstance(data, list):
        for value in data:
            dates_in(value, found)
    return found


def test_pages_give_a_pre_1900_note_a_valid_datetime(make_site):
    site = make_site(OLD)
    values = []
    for path in site.output.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        values += [(path, tag["datetime"]) for tag in page.find_all(datetime=True)]
        values += [(path, tag["content"]) for tag in page.select('meta[property$="_time"]')]
    bad = [(str(path.relative_to(site.output)), value) for path, value in values
           if not RFC3339.fullmatch(value)]
    assert not bad
    note = site.page("expo-1890/phonograph/")
    # Midnight in Rome in 1890 (Rome mean time, +00:49:56, until 1893) is 23:10:04 the day
    # before in UTC.
    assert note.select_one(".note-meta time")["datetime"] == "1890-04-30T23:10:04+00:00"
    assert note.select_one(".note-meta time").get_text() == "1 May 1890"


def test_exports_and_json_ld_give_valid_dates(make_site):
    site = make_site(OLD)
    found = []
    for path in (site.output / "api").glob("*.json"):
        found += dates_in(json.loads(path.read_text(encoding="utf-8")), [])
    for script in site.page("expo-1890/phonograph/").select('script[type="application/ld+json"]'):
        found += dates_in(json.loads(script.string), [])
    assert "1890-04-30T23:10:04+00:00" in found  # the note's date, from notes.json and JSON-LD
    assert "1890-05-01" in found  # the event's start
    assert [value for value in found if not RFC3339.fullmatch(value)] == []
