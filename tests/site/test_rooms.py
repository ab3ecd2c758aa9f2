"""Rooms (tracks) of an event: pages, links from event and note pages, feeds, rooms.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft202012Validator

from confnotes_tools.schedule import import_schedule

SCHEDULE = Path(__file__).resolve().parents[1] / "tools" / "fixtures" / "democon-2026-schedule.json"

SITE = {
    "events/euro-2026.md": """\
        Name: EuroCon 2026
        Start: 2026-04-15
        End: 2026-04-16
        """,
    "events/us-2026.md": """\
        Name: USCon 2026
        Start: 2026-09-08
        """,
    "rooms/euro-2026/main-hall.md": """\
        Name: Main Hall
        Aliases: Auditorium
        Capacity: 800
        Floor: Ground floor

        The big room, where the keynotes are.
        """,
    "euro-2026/opening.md": """\
        Title: Opening keynote
        Date: 2026-04-15 09:00
        Event: euro-2026
        Room: Main  hall
        Speakers: Ada Lovelace
        Kind: keynote

        The keynote.
        """,
    "euro-2026/orm.md": """\
        Title: ORM deep dive
        Date: 2026-04-16 10:00
        Event: euro-2026
        Room: MAIN HÁLL
        Speakers: Grace Hopper

        Queries.
        """,
    "euro-2026/after-lunch.md": """\
        Title: After lunch
        Date: 2026-04-16 14:00
        Event: EuroCon 2026
        Room: auditorium
        Speakers: Ada Lovelace

        More.
        """,
    "euro-2026/forms.md": """\
        Title: Forms
        Date: 2026-04-15 11:00
        Event: euro-2026
        Room: Side Room
        Speakers: Alan Turing

        Forms.
        """,
    "us-2026/keynote.md": """\
        Title: US keynote
        Date: 2026-09-08 09:00
        Event: us-2026
        Room: Main Hall
        Speakers: Alan Turing

        Across the ocean.
        """,
}
MAIN = "euro-2026/rooms/main-hall/"


@pytest.fixture
def room_site(make_site):
    """Two events, Room headers in several spellings, a room profile."""
    return make_site(SITE)


def titles(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(".card-title a")]


def test_spellings_of_one_room_share_one_page_listing_its_talks_by_day(room_site):
    page = room_site.page(MAIN)
    assert page.h1.get_text(strip=True) == "Main Hall"
    days = page.select("section.day")
    assert [d.h3.get_text(" ", strip=True) for d in days] == [
        "Wednesday 15 April 2026", "Thursday 16 April 2026"]
    assert [titles(d) for d in days] == [["Opening keynote"], ["ORM deep dive", "After lunch"]]
    assert "800" in page.select_one("dl.facts").get_text()
    assert "The big room" in page.select_one(".prose").get_text()
    speakers = [a.get_text() for a in page.select("#speakers ~ ul a")]
    assert speakers == ["Ada Lovelace", "Grace Hopper"]


def test_a_room_belongs_to_one_event(room_site):
    assert titles(room_site.page("us-2026/rooms/main-hall/")) == ["US keynote"]
    assert titles(room_site.page("euro-2026/rooms/side-room/")) == ["Forms"]
    assert "US keynote" not in titles(room_site.page(MAIN))


def test_the_event_page_lists_its_rooms_with_talk_counts(room_site):
    rooms = room_site.page("events/euro-2026/").select("#rooms ~ ul li")
    assert [(li.a.get_text(), li.a["href"].split("/rooms/")[-1],
             li.select_one(".count").get_text()) for li in rooms] == [
        ("Main Hall", "main-hall/", "3 talks"), ("Side Room", "side-room/", "1 talk")]


def test_a_note_page_links_its_room_beside_its_event(room_site):
    meta = room_site.page("euro-2026/forms/").select_one(".note-meta")
    links = [a["href"] for a in meta.find_all("a")]
    assert links[-2].endswith("events/euro-2026/")
    assert links[-1].endswith("euro-2026/rooms/side-room/")
    assert meta.select_one("a.note-room").get_text() == "Side Room"


def test_room_feeds_parse_list_its_talks_and_are_advertised(room_site):
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse((room_site.output / MAIN / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.title == "Main Hall at EuroCon 2026"
        assert sorted(e.title for e in feed.entries) == [
            "After lunch", "ORM deep dive", "Opening keynote"]
    alternates = room_site.page(MAIN).select('head link[rel="alternate"]')
    assert any(link["href"].endswith(f"{MAIN}atom.xml") for link in alternates)
    assert any(link["href"].endswith(f"{MAIN}rss.xml") for link in alternates)


def test_rooms_json_validates_against_its_schema(room_site):
    data = json.loads((room_site.output / "api/rooms.json").read_text(encoding="utf-8"))
    schema = json.loads((room_site.output / "api/schema/rooms.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(data)
    by_id = {room["id"]: room for room in data["rooms"]}
    assert list(by_id) == ["euro-2026/main-hall", "euro-2026/side-room", "us-2026/main-hall"]
    main = by_id["euro-2026/main-hall"]
    assert (main["capacity"], main["floor"], main["aliases"]) == ("800", "Ground floor",
                                                                  ["Auditorium"])
    assert main["talks"] == ["euro-2026/opening", "euro-2026/orm", "euro-2026/after-lunch"]
    assert by_id["us-2026/main-hall"]["event"]["id"] == "us-2026"


def test_a_room_named_only_in_notes_is_no_problem(room_site):
    assert not [m for m in room_site.messages() if "room" in m.lower()]


def test_a_room_in_a_note_without_event_is_ignored_with_a_warning_naming_the_file(make_site):
    site = make_site({**SITE, "notes/loose.md": """\
        Title: Loose
        Date: 2026-01-01
        Room: Main Hall

        No event.
        """})
    warnings = [m for m in site.messages() if "notes/loose.md" in m]
    assert len(warnings) == 1 and "Room 'Main Hall' is ignored" in warnings[0]
    assert "Event" in warnings[0]
    assert "Loose" not in titles(site.page("us-2026/rooms/main-hall/"))


def test_a_room_profile_for_a_missing_event_is_reported_naming_the_file(make_site):
    site = make_site({**SITE, "rooms/ghost-con/hall.md": "Name: Hall\n\nNowhere.\n"})
    warnings = [m for m in site.messages() if "rooms/ghost-con/hall.md" in m]
    assert len(warnings) == 1
    assert "names no event" in warnings[0] and "content/events/ghost-con.md" in warnings[0]
    assert not (site.output / "ghost-con").exists()


def test_a_room_profile_outside_an_event_folder_is_reported(make_site):
    site = make_site({**SITE, "rooms/hall.md": "Name: Hall\n"})
    warnings = [m for m in site.messages() if "rooms/hall.md" in m]
    assert len(warnings) == 1 and "content/rooms/<event-slug>/hall.md" in warnings[0]


def test_a_site_without_rooms_writes_no_room_files(make_site):
    files = {path: re.sub(r"^ *Room: .*\n", "", text, flags=re.MULTILINE)
             for path, text in SITE.items() if not path.startswith("rooms/")}
    site = make_site(files)
    assert not (site.output / "api/rooms.json").exists()
    assert not (site.output / "api/schema/rooms.schema.json").exists()
    assert not list(site.output.glob("*/rooms"))
    assert not site.page("events/euro-2026/").select("#rooms")
    assert "Rooms" not in (site.output / "feeds/opml.xml").read_text(encoding="utf-8")


def test_imported_schedule_notes_get_room_pages(tmp_path, make_site):
    content = tmp_path / "content"
    content.mkdir()
    import_schedule(SCHEDULE, content)
    for note in (content / "democon-2026").glob("*.md"):  # the blogger publishes the drafts
        note.write_text(note.read_text(encoding="utf-8").replace("Status: draft\n", ""),
                        encoding="utf-8")
    site = make_site({})
    assert titles(site.page("democon-2026/rooms/main-hall/")) == [
        "The web after twenty years", "SQLite in production"]
    assert titles(site.page("democon-2026/rooms/room-2/")) == [
        "Testing Django with pytest", "Hands-on htmx"]
    rooms = site.page("events/democon-2026/").select("#rooms ~ ul li a")
    assert [a.get_text() for a in rooms] == ["Main Hall", "Room 2"]


def test_rooms_differing_only_by_punctuation_are_probable_duplicates(make_site):
    site = make_site({**SITE, "euro-2026/late.md": """\
        Title: Late
        Date: 2026-04-16 18:00
        Event: euro-2026
        Room: Side-Room
        Speakers: Alan Turing

        Late.
        """})
    warnings = [m for m in site.messages() if "probably one room" in m]
    assert len(warnings) == 1
    assert "'Side Room' and 'Side-Room'" in warnings[0] and "euro-2026/late.md" in warnings[0]
    assert not [m for m in site.messages() if "Main Hall" in m and "probably" in m]


def test_a_room_profile_in_a_subfolder_never_replaces_the_real_one(make_site):
    site = make_site({**SITE, "rooms/euro-2026/old/main-hall.md": "Name: Impostor\n\nOld.\n"})
    warnings = [m for m in site.messages() if "rooms/euro-2026/old/main-hall.md" in m]
    assert len(warnings) == 1 and "content/rooms/<event-slug>/main-hall.md" in warnings[0]
    page = site.page(MAIN)
    assert page.h1.get_text(strip=True) == "Main Hall" and "Impostor" not in str(page)


def test_a_second_profile_of_one_room_is_reported_and_gets_no_page(make_site):
    site = make_site({**SITE, "rooms/euro-2026/main_hall.md": "Name: Main Hall\n\nAgain.\n"})
    warnings = [m for m in site.messages() if "rooms/euro-2026/main_hall.md" in m]
    assert len(warnings) == 1 and "already describes" in warnings[0]
    assert site.exists(MAIN) and not site.exists("euro-2026/rooms/main_hall/")
    assert "Again." not in str(site.page(MAIN))
