"""`invoke import-schedule`: a pretalx/frab schedule.json becomes draft notes and profiles."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from confnotes.content.names import split_names

from confnotes_tools.scaffold import scaffold_note
from confnotes_tools.schedule import ScheduleError, import_schedule
from confnotes_tools.writes import Write, WriteError, write_all

ROOT = Path(__file__).resolve().parents[2]
EVENT = "democon-2026"
NOTES = {
    "keynote": f"{EVENT}/the-web-after-twenty-years.md",
    "pair": f"{EVENT}/testing-django-with-pytest.md",
    "lightning": f"{EVENT}/sqlite-in-production.md",
    "workshop": f"{EVENT}/hands-on-htmx.md",
}
SPEAKERS = ["zoe-angstrom", "ada-lovelace", "grace-hopper", "muller-jurgen", "ana-nunez"]


def snapshot(folder: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time."""
    return {path: (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def write_schedule(folder: Path, data: Any, name: str = "schedule.json") -> Path:
    """Write a schedule JSON file and return its path."""
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def schedule_data(schedule_file: Path) -> dict[str, Any]:
    """The fixture schedule as a dict, ready to be changed by a test."""
    return json.loads(schedule_file.read_text(encoding="utf-8"))


def first_talk(data: dict[str, Any]) -> dict[str, Any]:
    """The keynote, the first talk of the first day in the Main Hall."""
    return data["schedule"]["conference"]["days"][0]["rooms"]["Main Hall"][0]


def test_creates_the_event_profile_notes_and_speaker_profiles(schedule_file: Path,
                                                              content: Path) -> None:
    created = import_schedule(schedule_file, content).created

    expected = {content / "events" / f"{EVENT}.md"}
    expected |= {content / relative for relative in NOTES.values()}
    expected |= {content / "speakers" / f"{slug}.md" for slug in SPEAKERS}
    assert set(created) == expected
    assert len(created) == len(expected)
    assert all(path.is_file() for path in created)
    assert created[0] == content / "events" / f"{EVENT}.md"


def test_event_profile_header(schedule_file: Path, content: Path, header_of) -> None:
    import_schedule(schedule_file, content)

    assert header_of(content / "events" / f"{EVENT}.md") == {
        "Name": "DemoCon 2026", "Kind": "conference", "Start": "2026-04-15",
        "End": "2026-04-16", "Timezone": "Europe/Athens",
    }


def test_keynote_note_header(schedule_file: Path, content: Path, header_of) -> None:
    import_schedule(schedule_file, content)

    header = header_of(content / NOTES["keynote"])
    assert header["Title"] == "The web after twenty years"
    assert header["Date"] == "2026-04-15 09:30"  # local time of the +03:00 offset
    assert header["Event"] == EVENT
    assert header["Speakers"] == "Zoë Ångström"
    assert header["Kind"] == "keynote"
    assert header["Status"] == "draft"
    assert header["Uid"] == "6f1f0c35-9c1e-5d38-9e07-4a1d9d1c7a01"
    assert header["Room"] == "Main Hall"
    assert len(header["Imported"]) == 16
    assert header["Video"] == "https://video.example.org/democon-2026/keynote"
    assert header["Summary"] == ("Twenty years of building for the web, and what the next "
                                 "twenty might bring. A look back, and a look ahead.")


def test_kinds_and_speakers_of_the_other_talks(schedule_file: Path, content: Path,
                                               header_of) -> None:
    import_schedule(schedule_file, content)

    pair = header_of(content / NOTES["pair"])
    lightning = header_of(content / NOTES["lightning"])
    workshop = header_of(content / NOTES["workshop"])
    assert (pair["Kind"], pair["Speakers"]) == ("talk", "Ada Lovelace, Grace Hopper")
    assert pair["Slides"] == "https://slides.example.org/pytest.pdf"
    assert (lightning["Kind"], lightning["Date"]) == ("lightning", "2026-04-16 17:15")
    assert workshop["Kind"] == "workshop"
    assert workshop["Speakers"] == "Müller, Jürgen; Ana Núñez"


def test_speakers_header_splits_back_into_the_names(schedule_file: Path, content: Path,
                                                    header_of) -> None:
    import_schedule(schedule_file, content)

    speakers = header_of(content / NOTES["workshop"])["Speakers"]
    assert split_names(speakers) == ["Müller, Jürgen", "Ana Núñez"]


def test_a_single_speaker_with_a_comma_stays_one_speaker(schedule_data: dict[str, Any],
                                                         tmp_path: Path, content: Path,
                                                         header_of) -> None:
    first_talk(schedule_data)["persons"] = [{"code": "X", "public_name": "Lovelace, Ada"}]

    import_schedule(write_schedule(tmp_path, schedule_data), content)

    speakers = header_of(content / NOTES["keynote"])["Speakers"]
    assert split_names(speakers) == ["Lovelace, Ada"]


def test_talk_without_guid_gets_a_stable_uuid5(schedule_file: Path, content: Path,
                                               header_of) -> None:
    import_schedule(schedule_file, content)

    expected = uuid.uuid5(uuid.NAMESPACE_URL,
                          "https://pretalx.example.org/democon-2026/schedule/#104")
    assert header_of(content / NOTES["workshop"])["Uid"] == str(expected)


def test_note_body_holds_the_abstract_description_and_a_notes_placeholder(
        schedule_file: Path, content: Path) -> None:
    import_schedule(schedule_file, content)

    keynote = (content / NOTES["keynote"]).read_text(encoding="utf-8")
    pair = (content / NOTES["pair"]).read_text(encoding="utf-8")
    lightning = (content / NOTES["lightning"]).read_text(encoding="utf-8")
    assert ("\n\nTwenty years of building for the web,\nand what the next twenty might bring."
            "\n\nA look back, and a look ahead.\n") in keynote
    assert "## Notes\n\nWrite your notes here." in keynote
    assert "We cover fixtures, factories and parametrisation,\nand the traps" in pair
    assert "Write your notes here." in lightning
    assert "\n## " not in lightning  # a lightning note without sections is one talk


def test_speaker_profiles_hold_name_and_biography(schedule_file: Path, content: Path,
                                                  header_of) -> None:
    import_schedule(schedule_file, content)

    zoe = content / "speakers" / "zoe-angstrom.md"
    assert header_of(zoe) == {"Name": "Zoë Ångström"}
    assert zoe.read_text(encoding="utf-8").endswith(
        "\n\nZoë has built websites since 2006.\n\nShe maintains a few Django packages.\n")
    assert (content / "speakers" / "grace-hopper.md").read_text(encoding="utf-8") == (
        "Name: Grace Hopper\n")


def test_importing_twice_creates_and_overwrites_nothing(schedule_file: Path,
                                                        content: Path) -> None:
    import_schedule(schedule_file, content)
    before = snapshot(content)

    assert import_schedule(schedule_file, content).created == []

    assert snapshot(content) == before


def test_second_import_reports_what_it_kept(schedule_file: Path, content: Path) -> None:
    first = import_schedule(schedule_file, content)

    second = import_schedule(schedule_file, content)

    assert second.created == []
    assert {path for path, _ in second.skipped} == set(first.created)
    assert (f"Skipped {NOTES['keynote']}: up to date with the schedule"
            in second.lines(content))


def test_an_existing_speaker_profile_is_left_untouched(schedule_file: Path,
                                                       content: Path) -> None:
    (content / "speakers").mkdir()
    ada = content / "speakers" / "ada-lovelace.md"
    ada.write_text("Name: Ada Lovelace\nGitHub: https://github.com/ada\n\nMy own bio.\n",
                   encoding="utf-8")
    before = snapshot(content)

    created = import_schedule(schedule_file, content).created

    assert ada not in created
    assert snapshot(content)[ada] == before[ada]


def test_a_speaker_known_by_an_alias_gets_no_second_profile(schedule_file: Path,
                                                            content: Path) -> None:
    (content / "speakers").mkdir()
    (content / "speakers" / "zoe.md").write_text(
        "Name: Zoe Angstrom-Lee\nAliases: Zoe Angstrom\n", encoding="utf-8")

    created = import_schedule(schedule_file, content).created

    assert content / "speakers" / "zoe-angstrom.md" not in created
    assert not (content / "speakers" / "zoe-angstrom.md").exists()


def test_an_existing_event_profile_is_reused(schedule_file: Path, content: Path,
                                             header_of) -> None:
    (content / "events").mkdir()
    profile = content / "events" / "dc26.md"
    profile.write_text("Name: DemoCon 2026\nCity: Athens\n", encoding="utf-8")
    before = profile.read_bytes()

    created = import_schedule(schedule_file, content).created

    assert profile.read_bytes() == before
    assert list((content / "events").iterdir()) == [profile]
    assert content / "dc26" / "the-web-after-twenty-years.md" in created
    assert header_of(content / "dc26" / "the-web-after-twenty-years.md")["Event"] == "dc26"


def test_an_existing_note_at_the_same_path_is_kept_and_reported(
        schedule_file: Path, content: Path) -> None:
    mine = content / NOTES["keynote"]
    mine.parent.mkdir()
    mine.write_text("Title: The web after twenty years\nDate: 2026-04-15\n\nMine.\n",
                    encoding="utf-8")
    before = mine.read_bytes()

    report = import_schedule(schedule_file, content)

    assert mine not in report.created
    assert mine.read_bytes() == before
    assert dict(report.skipped)[mine] == (
        "left alone: your note for the talk 'The web after twenty years'; "
        "the schedule says 2026-04-15 09:30 in Main Hall")


def test_a_moved_note_is_recognised_by_its_uid(schedule_file: Path, content: Path) -> None:
    import_schedule(schedule_file, content)
    (content / NOTES["keynote"]).rename(content / EVENT / "opening-keynote.md")

    created = import_schedule(schedule_file, content).created

    assert created == []
    assert not (content / NOTES["keynote"]).exists()


def test_talks_sharing_a_title_get_distinct_files_and_slugs(schedule_data: dict[str, Any],
                                                            tmp_path: Path, content: Path,
                                                            header_of) -> None:
    day_two = schedule_data["schedule"]["conference"]["days"][1]["rooms"]
    day_one = schedule_data["schedule"]["conference"]["days"][0]["rooms"]
    day_one["Main Hall"][0]["title"] = "Lightning talks"
    day_two["Main Hall"][0]["title"] = "Lightning talks"

    import_schedule(write_schedule(tmp_path, schedule_data), content)

    first = header_of(content / EVENT / "lightning-talks.md")
    second = header_of(content / EVENT / "lightning-talks-2.md")
    assert (first["Date"], "Slug" in first) == ("2026-04-15 09:30", False)
    assert (second["Date"], second["Slug"]) == ("2026-04-16 17:15", "lightning-talks-2")


def test_header_values_are_made_single_line_plain_text(schedule_data: dict[str, Any],
                                                       tmp_path: Path, content: Path,
                                                       header_of) -> None:
    talk = first_talk(schedule_data)
    talk["title"] = "  The web\nafter\x07 twenty\u2028years  "
    talk["persons"][0]["public_name"] = "Zoë\tÅngström\r\n"
    talk["abstract"] = "word " * 200

    import_schedule(write_schedule(tmp_path, schedule_data), content)

    header = header_of(content / NOTES["keynote"])
    assert header["Title"] == "The web after twenty years"
    assert header["Speakers"] == "Zoë Ångström"
    assert len(header["Summary"]) <= 301
    assert header["Summary"].endswith("word\u2026")


def test_html_in_the_schedule_is_kept_as_plain_text(schedule_data: dict[str, Any],
                                                    tmp_path: Path, content: Path,
                                                    header_of) -> None:
    first_talk(schedule_data)["title"] = "Escaping <script> & friends"

    created = import_schedule(write_schedule(tmp_path, schedule_data), content).created

    note = next(path for path in created if path.parent.name == EVENT)
    assert header_of(note)["Title"] == "Escaping <script> & friends"
    assert "<script>" not in note.name


def test_not_json_names_the_file(tmp_path: Path, content: Path) -> None:
    bad = tmp_path / "schedule.json"
    bad.write_text("<html>Not found</html>", encoding="utf-8")

    with pytest.raises(ScheduleError, match=r"schedule\.json: not valid JSON \(line 1"):
        import_schedule(bad, content)

    assert not any(content.iterdir())


def test_json_without_schedule_names_the_file(tmp_path: Path, content: Path) -> None:
    bad = write_schedule(tmp_path, [{"title": "A talk"}], name="talks.json")

    with pytest.raises(ScheduleError) as raised:
        import_schedule(bad, content)

    assert str(raised.value).startswith(f"{bad}: (top level): ")
    assert '"schedule"' in str(raised.value)


def test_a_talk_without_title_names_file_and_json_path(schedule_data: dict[str, Any],
                                                       tmp_path: Path, content: Path) -> None:
    del schedule_data["schedule"]["conference"]["days"][1]["rooms"]["Room 2"][0]["title"]
    bad = write_schedule(tmp_path, schedule_data)

    with pytest.raises(ScheduleError) as raised:
        import_schedule(bad, content)

    assert str(raised.value) == (
        f'{bad}: schedule.conference.days[1].rooms["Room 2"][0]: talk has no title')
    assert not any(content.iterdir())  # nothing is written from a bad schedule


@pytest.mark.parametrize(("change", "where", "problem"), [
    (lambda d: d["schedule"].pop("conference"), "schedule", 'no "conference" object'),
    (lambda d: d["schedule"]["conference"].pop("days"), "schedule.conference", 'no "days"'),
    (lambda d: d["schedule"]["conference"]["days"][0]["rooms"].update({"Main Hall": {}}),
     'schedule.conference.days[0].rooms["Main Hall"]', "expected a list of talks"),
    (lambda d: first_talk(d).update({"date": "15 April"}),
     'schedule.conference.days[0].rooms["Main Hall"][0].date', "not an ISO date"),
    (lambda d: first_talk(d).update({"persons": "Ada"}),
     'schedule.conference.days[0].rooms["Main Hall"][0].persons', "expected a list"),
])
def test_structural_problems_name_the_json_path(schedule_data: dict[str, Any], tmp_path: Path,
                                                content: Path, *, change, where: str,
                                                problem: str) -> None:
    data = copy.deepcopy(schedule_data)
    change(data)
    bad = write_schedule(tmp_path, data)

    with pytest.raises(ScheduleError) as raised:
        import_schedule(bad, content)

    assert str(raised.value).startswith(f"{bad}: {where}: ")
    assert problem in str(raised.value)


def test_a_missing_file_is_a_schedule_error(tmp_path: Path, content: Path) -> None:
    with pytest.raises(ScheduleError, match=r"missing\.json: cannot read"):
        import_schedule(tmp_path / "missing.json", content)


# --- breaks -------------------------------------------------------------------------------------

def add_slot(data: dict[str, Any], room: str, slot: dict[str, Any], day: int = 0) -> None:
    """Add an entry to a room of a day of the schedule."""
    data["schedule"]["conference"]["days"][day]["rooms"].setdefault(room, []).append(slot)


def test_breaks_are_skipped_and_reported(schedule_data: dict[str, Any], tmp_path: Path,
                                         content: Path) -> None:
    add_slot(schedule_data, "Main Hall", {"title": "Coffee break", "type": "Break",
                                          "date": "2026-04-15T10:15:00+03:00", "persons": []})
    add_slot(schedule_data, "Main Hall", {"title": "Lunch", "date": "2026-04-15T12:30:00+03:00"})
    add_slot(schedule_data, "Foyer", {"title": "Registration & badges",
                                      "date": "2026-04-15T08:00:00+03:00"})
    add_slot(schedule_data, "Foyer", {"type": "break", "date": "2026-04-16T15:00:00+03:00"}, 1)
    add_slot(schedule_data, "Foyer", {"title": "Afternoon tea", "type": "Coffee-Break",
                                      "date": "2026-04-16T16:00:00+03:00",
                                      "persons": [{"public_name": "Catering"}]}, 1)

    report = import_schedule(write_schedule(tmp_path, schedule_data), content)

    assert sorted(path.name for path in (content / EVENT).iterdir()) == sorted(
        Path(relative).name for relative in NOTES.values())
    lines = report.lines(tmp_path)
    assert "Skipped the break 'Coffee break' (2026-04-15 10:15 in Main Hall)" in lines
    assert "Skipped the break 'Lunch' (2026-04-15 12:30 in Main Hall)" in lines
    assert "Skipped the break 'Registration & badges' (2026-04-15 08:00 in Foyer)" in lines
    assert "Skipped the break 'break' (2026-04-16 15:00 in Foyer)" in lines
    assert "Skipped the break 'Afternoon tea' (2026-04-16 16:00 in Foyer)" in lines
    assert lines[-1].endswith("5 break(s) skipped")


def test_a_talk_with_speakers_is_never_a_break(schedule_data: dict[str, Any], tmp_path: Path,
                                               content: Path, header_of) -> None:
    add_slot(schedule_data, "Room 2", {
        "guid": "lunch-and-learn", "title": "Lunch and learn: Django signals", "type": "Talk",
        "date": "2026-04-15T12:30:00+03:00",
        "persons": [{"public_name": "Ada Lovelace"}]})
    add_slot(schedule_data, "Room 2", {
        "guid": "breaking", "title": "Breaking changes in Django 6",
        "date": "2026-04-15T14:00:00+03:00"})

    report = import_schedule(write_schedule(tmp_path, schedule_data), content)

    assert report.breaks == []
    assert header_of(content / EVENT / "lunch-and-learn-django-signals.md")["Speakers"] == (
        "Ada Lovelace")
    assert (content / EVENT / "breaking-changes-in-django-6.md").is_file()


# --- re-import ----------------------------------------------------------------------------------

def move_keynote(data: dict[str, Any], when: str = "2026-04-15T14:30:00+03:00",
                 room: str = "Room B") -> dict[str, Any]:
    """The schedule with the keynote moved to another time and room."""
    first_talk(data).update({"date": when, "start": when[11:16], "room": room})
    return data


def test_reimport_updates_the_time_and_room_of_an_untouched_note(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path, content: Path,
        header_of) -> None:
    import_schedule(schedule_file, content)
    keynote = content / NOTES["keynote"]
    body_before = keynote.read_text(encoding="utf-8").split("\n\n", 1)[1]

    report = import_schedule(write_schedule(tmp_path, move_keynote(schedule_data)), content)

    header = header_of(keynote)
    assert (header["Date"], header["Room"]) == ("2026-04-15 14:30", "Room B")
    assert keynote.read_text(encoding="utf-8").split("\n\n", 1)[1] == body_before
    assert report.created == []
    assert report.updated == [
        (keynote, "Date 2026-04-15 09:30 -> 2026-04-15 14:30; Room Main Hall -> Room B")]
    assert f"Updated {NOTES['keynote']}: Date 2026-04-15 09:30 -> 2026-04-15 14:30; " \
           "Room Main Hall -> Room B" in report.lines(content)
    # The updated note is again recognised as the import's own: a third run changes nothing.
    again = import_schedule(write_schedule(tmp_path, schedule_data), content)
    assert again.updated == []
    assert (keynote, "up to date with the schedule") in again.skipped


def test_reimport_leaves_an_edited_note_alone_and_says_what_the_schedule_says(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path,
        content: Path) -> None:
    import_schedule(schedule_file, content)
    keynote = content / NOTES["keynote"]
    edited = keynote.read_text(encoding="utf-8").replace(
        "Write your notes here.", "The speaker opened with a photo of her first website.")
    keynote.write_text(edited, encoding="utf-8")

    report = import_schedule(write_schedule(tmp_path, move_keynote(schedule_data)), content)

    assert keynote.read_text(encoding="utf-8") == edited
    assert report.updated == []
    reason = dict(report.skipped)[keynote]
    assert reason == ("left alone: you edited it; the schedule now says 2026-04-15 14:30 "
                      "in Room B")
    lines = report.lines(content)
    assert f"Skipped {NOTES['keynote']}: {reason}" in lines
    assert sum(NOTES["keynote"] in line for line in lines) == 1


def test_an_edit_to_the_header_alone_also_keeps_the_note(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path,
        content: Path) -> None:
    import_schedule(schedule_file, content)
    keynote = content / NOTES["keynote"]
    edited = keynote.read_text(encoding="utf-8").replace("Status: draft\n", "")
    keynote.write_text(edited, encoding="utf-8")

    import_schedule(write_schedule(tmp_path, move_keynote(schedule_data)), content)

    assert keynote.read_text(encoding="utf-8") == edited


def test_a_note_written_with_invoke_new_is_matched_by_title_and_not_duplicated(
        schedule_file: Path, content: Path) -> None:
    mine = scaffold_note(content, title="The Web after Twenty Years", event="DemoCon 2026",
                         speakers="Zoë", day="2026-04-15", kind="keynote", slug="opening")
    before = mine.read_bytes()

    report = import_schedule(schedule_file, content)

    assert mine == content / EVENT / "opening.md"
    assert mine.read_bytes() == before
    assert not (content / NOTES["keynote"]).exists()
    assert dict(report.skipped)[mine] == (
        "left alone: your note for the talk 'The web after twenty years'; "
        "the schedule says 2026-04-15 09:30 in Main Hall")
    assert {path.name for path in (content / EVENT).iterdir()} == {
        "opening.md", *(Path(NOTES[key]).name for key in ("pair", "lightning", "workshop"))}


def test_a_note_of_another_event_with_the_same_title_is_not_matched(
        schedule_file: Path, content: Path) -> None:
    other = scaffold_note(content, title="The web after twenty years", event="PyCon 2025",
                          day="2025-05-01")

    created = import_schedule(schedule_file, content).created

    assert content / NOTES["keynote"] in created
    assert other.is_file()


# --- time zones ---------------------------------------------------------------------------------

def test_times_are_written_in_the_conference_time_zone(schedule_data: dict[str, Any],
                                                       tmp_path: Path, content: Path,
                                                       header_of) -> None:
    first_talk(schedule_data)["date"] = "2026-04-15T06:30:00Z"  # an export in UTC

    import_schedule(write_schedule(tmp_path, schedule_data), content)

    assert header_of(content / NOTES["keynote"])["Date"] == "2026-04-15 09:30"
    assert header_of(content / "events" / f"{EVENT}.md")["Timezone"] == "Europe/Athens"


def test_without_a_zone_name_the_offset_is_kept(schedule_data: dict[str, Any], tmp_path: Path,
                                                content: Path, header_of) -> None:
    del schedule_data["schedule"]["conference"]["time_zone_name"]

    import_schedule(write_schedule(tmp_path, schedule_data), content)

    assert header_of(content / NOTES["keynote"])["Date"] == "2026-04-15 09:30"
    assert header_of(content / "events" / f"{EVENT}.md")["Timezone"] == "+03:00"


def test_an_unknown_time_zone_is_a_clear_error(schedule_data: dict[str, Any], tmp_path: Path,
                                               content: Path) -> None:
    schedule_data["schedule"]["conference"]["time_zone_name"] = "Europe/Atlantis"
    bad = write_schedule(tmp_path, schedule_data)

    with pytest.raises(ScheduleError) as raised:
        import_schedule(bad, content)

    assert str(raised.value).startswith(
        f"{bad}: schedule.conference.time_zone_name: 'Europe/Atlantis' is not a known time zone")
    assert not any(content.iterdir())


def test_an_existing_profile_without_timezone_gets_advice(schedule_file: Path,
                                                          content: Path) -> None:
    (content / "events").mkdir()
    profile = content / "events" / f"{EVENT}.md"
    profile.write_text("Name: DemoCon 2026\n", encoding="utf-8")

    report = import_schedule(schedule_file, content)

    assert profile.read_text(encoding="utf-8") == "Name: DemoCon 2026\n"
    assert 'add the line "Timezone: Europe/Athens"' in dict(report.skipped)[profile]


# --- bad input: clean errors, nothing half-written -----------------------------------------------

def test_a_400_character_title_gets_a_short_file_name(schedule_data: dict[str, Any],
                                                      tmp_path: Path, content: Path,
                                                      header_of) -> None:
    title = " ".join(["Scaling"] * 50)  # 399 characters
    first_talk(schedule_data)["title"] = title

    created = import_schedule(write_schedule(tmp_path, schedule_data), content).created

    note = next(path for path in created if path.parent.name == EVENT
                and path.name.startswith("scaling"))
    assert len(note.stem) <= 80
    assert note.stem.startswith("scaling-scaling") and not note.stem.endswith("-")
    assert header_of(note)["Title"] == title


def test_deeply_nested_json_is_a_clear_error(tmp_path: Path, content: Path) -> None:
    bad = tmp_path / "schedule.json"
    bad.write_text('{"schedule": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")

    with pytest.raises(ScheduleError, match=r"schedule\.json: the JSON is nested too deeply"):
        import_schedule(bad, content)

    assert not any(content.iterdir())


def test_a_nested_value_where_text_belongs_names_the_field(schedule_data: dict[str, Any],
                                                          tmp_path: Path,
                                                          content: Path) -> None:
    nested: Any = "title"
    for _ in range(900):
        nested = [nested]
    schedule_data["schedule"]["conference"]["days"][1]["rooms"]["Room 2"][0]["title"] = nested
    bad = tmp_path / "schedule.json"
    bad.write_text(json.dumps(schedule_data), encoding="utf-8")

    with pytest.raises(ScheduleError) as raised:
        import_schedule(bad, content)

    assert str(raised.value).startswith(
        f'{bad}: schedule.conference.days[1].rooms["Room 2"][0].title: expected text, '
        "found a list")
    assert not any(content.iterdir())


def test_a_failed_write_undoes_the_whole_import(schedule_file: Path, content: Path) -> None:
    blocker = content / "speakers"
    blocker.write_text("not a folder\n", encoding="utf-8")  # so no speaker profile can be made

    with pytest.raises(ScheduleError) as raised:
        import_schedule(schedule_file, content)

    assert str(raised.value).startswith(f"{content / 'speakers' / 'zoe-angstrom.md'}: cannot "
                                        "write it")
    assert "nothing was imported" in str(raised.value)
    assert [path.name for path in content.iterdir()] == ["speakers"]


def test_a_failed_write_restores_the_notes_it_had_updated(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path,
        content: Path) -> None:
    import_schedule(schedule_file, content)
    before = snapshot(content)
    moved = move_keynote(schedule_data)
    moved["schedule"]["conference"]["days"][1]["rooms"]["Room 2"][0]["persons"].append(
        {"public_name": "New Person"})
    # A dangling link where the new profile goes: invisible to the plan, fatal to the write.
    (content / "speakers" / "new-person.md").symlink_to(tmp_path / "nowhere")

    with pytest.raises(ScheduleError, match=r"new-person\.md: cannot write it .*nothing was "
                       "imported"):
        import_schedule(write_schedule(tmp_path, moved), content)  # after updating the keynote

    after = snapshot(content)
    assert {path: data for path, (data, _) in after.items()} == {
        path: data for path, (data, _) in before.items()}


@pytest.mark.parametrize(("place", "field"), [
    (lambda data: data["schedule"]["conference"]["days"][1]["rooms"]["Room 2"][0]["persons"][1],
     'schedule.conference.days[1].rooms["Room 2"][0].persons[1].biography'),
    (first_talk, 'schedule.conference.days[0].rooms["Main Hall"][0].abstract'),
], ids=["biography", "abstract"])
def test_a_lone_surrogate_is_a_schedule_error_naming_the_field(
        place, field: str, schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path,
        content: Path) -> None:
    import_schedule(schedule_file, content)
    (content / "speakers" / "ana-nunez.md").unlink()  # so her profile would be written again
    before = snapshot(content)
    changed = move_keynote(schedule_data)  # so the keynote's note would be updated
    entry = place(changed)
    key = field.rsplit(".", 1)[1]
    entry[key] = entry[key] + " caf\ud800e"  # valid JSON, not writable as UTF-8
    bad = tmp_path / "surrogate.json"
    bad.write_text(json.dumps(changed), encoding="utf-8")  # ASCII: the surrogate as \ud800

    with pytest.raises(ScheduleError) as raised:
        import_schedule(bad, content)

    assert str(raised.value).startswith(f"{bad}: {field}: character ")
    assert "'\\ud800', a lone surrogate that cannot be written to a file" in str(raised.value)
    assert snapshot(content) == before


def test_a_folder_in_the_way_of_a_write_undoes_the_whole_import(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path,
        content: Path) -> None:
    import_schedule(schedule_file, content)
    workshop = content / NOTES["workshop"]
    # The workshop's note is written through this file name first: a folder there (with a file
    # of the blogger's in it) makes that update fail after the keynote's was written.
    blocker = workshop.with_name(f".{workshop.name}.import")
    blocker.mkdir()
    (blocker / "keep.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(content)
    changed = move_keynote(schedule_data)
    changed["schedule"]["conference"]["days"][1]["rooms"]["Room 2"][0]["persons"].append(
        {"public_name": "New Person", "biography": "New here."})

    with pytest.raises(ScheduleError) as raised:
        import_schedule(write_schedule(tmp_path, changed), content)

    assert str(raised.value).startswith(f"{workshop}: cannot write it (Is a directory: {blocker})")
    assert "nothing was imported" in str(raised.value)
    after = snapshot(content)
    assert {path: data for path, (data, _) in after.items()} == {
        path: data for path, (data, _) in before.items()}
    assert not (content / "speakers" / "new-person.md").exists()


def test_an_error_of_any_kind_while_writing_undoes_what_was_written(tmp_path: Path) -> None:
    note = tmp_path / "content" / "note.md"
    note.parent.mkdir()
    note.write_bytes(b"Title: Mine\r\n\r\nMy notes.\r\n")
    writes = [Write(note, "Title: Mine\n\nNew text.\n", old="Title: Mine\n\nMy notes.\n"),
              Write(tmp_path / "content" / "new" / "a.md", "Title: A\n"),
              Write(tmp_path / "content" / "new" / "b.md", "Title: B \ud800\n")]

    with pytest.raises(WriteError) as raised:
        write_all(writes)

    assert raised.value.path == tmp_path / "content" / "new" / "b.md"
    assert "surrogates not allowed" in raised.value.reason
    assert isinstance(raised.value.__cause__, UnicodeEncodeError)
    assert note.read_bytes() == b"Title: Mine\r\n\r\nMy notes.\r\n"  # restored byte for byte
    assert sorted(path.name for path in (tmp_path / "content").iterdir()) == ["note.md"]


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    created = tmp_path / "created.md"
    note = tmp_path / "note.md"
    note.write_text("Title: Mine\n\nEdited after the import read it.\n", encoding="utf-8")
    writes = [Write(created, "Title: New\n"),
              Write(note, "Title: Mine\n\nFrom the schedule.\n",
                    old="Title: Mine\n\nAs the import read it.\n")]

    with pytest.raises(WriteError) as raised:
        write_all(writes)

    assert raised.value.path == note
    assert "changed after the import read it" in raised.value.reason
    assert raised.value.kept == ()
    assert note.read_text(encoding="utf-8") == "Title: Mine\n\nEdited after the import read it.\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["note.md"]


def test_a_file_the_undo_cannot_restore_is_named(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("Title: Mine\n", encoding="utf-8")
    # The second write makes a folder where the undo would stage the note's old text.
    writes = [Write(note, "Title: New\n", old="Title: Mine\n"),
              Write(tmp_path / ".note.md.import" / "other.md", "Title: Other\n"),
              Write(tmp_path / "missing" / "x.md", "Title: X \udc80\n")]

    with pytest.raises(WriteError) as raised:
        write_all(writes)

    assert raised.value.kept == (note,)
    assert note.read_text(encoding="utf-8") == "Title: New\n"  # left as it is, and named
    assert sorted(path.name for path in tmp_path.iterdir()) == ["note.md"]


# --- the imported content builds -----------------------------------------------------------------

def talks_of_day(page, day: str) -> set[str]:
    """The titles of the talk links in the event page's section of `day` (YYYY-MM-DD)."""
    heading = next(heading for heading in page.find_all("h3")
                   if heading.find("time", attrs={"datetime": day}))
    return {link.get_text(strip=True) for link in heading.find_parent("section").find_all("a")}


def test_the_imported_site_builds_with_the_talks_on_their_conference_days(
        schedule_data: dict[str, Any], tmp_path: Path, content: Path, make_site) -> None:
    # Exported in UTC: 22:30 on the 14th is 01:30 on the 15th in Athens, the first day.
    first_talk(schedule_data)["date"] = "2026-04-14T22:30:00Z"
    import_schedule(write_schedule(tmp_path, schedule_data), content)
    for note in (content / EVENT).iterdir():  # the blogger publishes the drafts
        note.write_text(note.read_text(encoding="utf-8").replace("Status: draft\n", ""),
                        encoding="utf-8")

    site = make_site({})  # builds tmp_path/content, the folder the import wrote into

    event = site.page(f"/events/{EVENT}/")
    assert {"The web after twenty years", "Testing Django with pytest"} <= talks_of_day(
        event, "2026-04-15")
    assert {"SQLite in production", "Hands-on htmx"} <= talks_of_day(event, "2026-04-16")
    assert site.exists(f"/{EVENT}/the-web-after-twenty-years/")
    assert site.page("/speakers/zoe-angstrom/").find(
        string=lambda text: "built websites since 2006" in text) is not None


# --- the real `invoke import-schedule` ------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's tasks and code, with an empty content/ folder."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("confnotes_tools", "plugins"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=ignore)
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy2(ROOT / name, copy / name)
    (copy / "content").mkdir()
    return copy


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the project's invoke with `args` in `project`."""
    return subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), *args], cwd=project,
                          capture_output=True, text=True, check=False, timeout=120)


def test_invoke_import_schedule_creates_then_updates_the_notes(
        project: Path, schedule_file: Path, schedule_data: dict[str, Any],
        tmp_path: Path, header_of) -> None:
    first = invoke(project, "import-schedule", "--schedule", str(schedule_file))

    assert first.returncode == 0, first.stderr
    assert f"Created content/{NOTES['keynote']}" in first.stdout.splitlines()
    keynote = project / "content" / NOTES["keynote"]
    assert header_of(keynote)["Room"] == "Main Hall"

    moved = write_schedule(tmp_path, move_keynote(schedule_data))
    second = invoke(project, "import-schedule", "--schedule", str(moved))

    assert second.returncode == 0, second.stderr
    assert (header_of(keynote)["Date"], header_of(keynote)["Room"]) == (
        "2026-04-15 14:30", "Room B")
    assert "Created" not in second.stdout


def test_invoke_import_schedule_with_a_bad_file_says_what_is_wrong(
        project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "schedule.json"
    bad.write_text(json.dumps({"schedule": {"conference": {
        "title": "X", "days": [{"rooms": {"A": [{}]}}]}}}),
                   encoding="utf-8")

    result = invoke(project, "import-schedule", "--schedule", str(bad))

    assert result.returncode == 2
    assert f'{bad}: schedule.conference.days[0].rooms["A"][0]: talk has no title' in result.stderr
    assert not any((project / "content").iterdir())


def test_invoke_import_schedule_with_a_lone_surrogate_says_where_it_is(
        project: Path, schedule_data: dict[str, Any], tmp_path: Path) -> None:
    persons = schedule_data["schedule"]["conference"]["days"][1]["rooms"]["Room 2"][0]["persons"]
    persons[1]["biography"] = "Ana \ud800 N."
    bad = tmp_path / "schedule.json"
    bad.write_text(json.dumps(schedule_data), encoding="utf-8")

    result = invoke(project, "import-schedule", "--schedule", str(bad))

    assert result.returncode == 2
    assert (f'{bad}: schedule.conference.days[1].rooms["Room 2"][0].persons[1].biography: '
            "character 5 is '\\ud800', a lone surrogate") in result.stderr
    assert "Traceback" not in result.stderr
    assert not any((project / "content").iterdir())


# --- docs/import-schedule.md: every example is real ----------------------------------------------

def doc_example(name: str) -> str:
    """The code block that follows `<!-- example: name -->` in docs/import-schedule.md."""
    text = (ROOT / "docs" / "import-schedule.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- example: {name} -->\n\n```\w+\n(.*?)```", text, re.DOTALL)
    assert match is not None, f"no example {name!r} in the docs"
    return match.group(1)


def test_the_docs_examples_are_what_the_import_does(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = json.loads(doc_example("schedule"))
    schedule = write_schedule(tmp_path, data)
    content = tmp_path / "content"

    first = import_schedule(schedule, content)

    assert "\n".join(first.lines(tmp_path)) + "\n" == doc_example("first-import")
    keynote = content / "pydemo-2026" / "packaging-in-2026.md"
    assert keynote.read_text(encoding="utf-8") == doc_example("keynote-note")
    assert (content / "events" / "pydemo-2026.md").read_text(encoding="utf-8") == (
        doc_example("event-profile"))

    # You write your notes of the keynote; the keynote and the talk in Room B move.
    keynote.write_text(keynote.read_text(encoding="utf-8").replace(
        "Write your notes here.", "Ada began with a survey of build backends."), encoding="utf-8")
    rooms = data["schedule"]["conference"]["days"][0]["rooms"]
    rooms["Main Hall"][0].update({"date": "2026-06-12T09:15:00+01:00", "start": "09:15"})
    rooms["Room B"][0].update({"date": "2026-06-12T11:00:00+01:00", "start": "11:00",
                               "room": "Room C"})
    second = import_schedule(write_schedule(tmp_path, data), content)

    assert "\n".join(second.lines(tmp_path)) + "\n" == doc_example("second-import")

    del rooms["Room B"][0]["title"]
    write_schedule(tmp_path, data)
    with pytest.raises(ScheduleError) as raised:
        import_schedule(Path("schedule.json"), content)
    assert f"{raised.value}\n" == doc_example("error")


def test_a_slot_dated_with_a_day_only_keeps_the_day_only(schedule_data: dict[str, Any],
                                                         tmp_path: Path, content: Path,
                                                         header_of) -> None:
    first_talk(schedule_data)["date"] = "2026-04-15"

    import_schedule(write_schedule(tmp_path, schedule_data), content)

    assert header_of(content / NOTES["keynote"])["Date"] == "2026-04-15"


def test_a_talk_gone_from_the_schedule_keeps_its_note_and_is_reported(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path,
        content: Path) -> None:
    import_schedule(schedule_file, content)
    workshop = content / NOTES["workshop"]
    before = workshop.read_bytes()
    schedule_data["schedule"]["conference"]["days"][1]["rooms"]["Room 2"].clear()

    report = import_schedule(write_schedule(tmp_path, schedule_data), content)

    assert workshop.read_bytes() == before
    assert dict(report.skipped)[workshop] == (
        "left alone: the schedule no longer lists this talk; delete the note if the talk was "
        "cancelled")


def test_a_talk_given_a_new_guid_is_matched_by_title(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path, content: Path,
        header_of) -> None:
    import_schedule(schedule_file, content)
    first_talk(schedule_data)["guid"] = "11111111-2222-5333-8444-555555555555"

    report = import_schedule(write_schedule(tmp_path, move_keynote(schedule_data)), content)

    keynote = content / NOTES["keynote"]
    assert report.created == []
    assert [path for path, _ in report.updated] == [keynote]
    assert keynote not in dict(report.skipped)
    assert header_of(keynote)["Uid"] == "11111111-2222-5333-8444-555555555555"


def test_line_endings_changed_by_an_editor_are_not_an_edit(
        schedule_file: Path, schedule_data: dict[str, Any], tmp_path: Path, content: Path,
        header_of) -> None:
    import_schedule(schedule_file, content)
    keynote = content / NOTES["keynote"]
    keynote.write_bytes(keynote.read_bytes().replace(b"\n", b"\r\n"))

    report = import_schedule(write_schedule(tmp_path, move_keynote(schedule_data)), content)

    assert [path for path, _ in report.updated] == [keynote]
    assert header_of(keynote)["Room"] == "Room B"
