"""`invoke import-schedule`: a pretalx/frab schedule.json becomes draft notes and profiles."""

from __future__ import annotations

import copy
import json
import logging
import uuid
from pathlib import Path
from typing import Any

import pytest
from confnotes.names import split_names

from confnotes_tools.schedule import ScheduleError, import_schedule, import_schedule_file

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
    created = import_schedule_file(schedule_file, content)

    expected = {content / "events" / f"{EVENT}.md"}
    expected |= {content / relative for relative in NOTES.values()}
    expected |= {content / "speakers" / f"{slug}.md" for slug in SPEAKERS}
    assert set(created) == expected
    assert len(created) == len(expected)
    assert all(path.is_file() for path in created)
    assert created[0] == content / "events" / f"{EVENT}.md"


def test_event_profile_header(schedule_file: Path, content: Path, header_of) -> None:
    import_schedule_file(schedule_file, content)

    assert header_of(content / "events" / f"{EVENT}.md") == {
        "Name": "DemoCon 2026", "Kind": "conference", "Start": "2026-04-15",
        "End": "2026-04-16", "Timezone": "Europe/Athens",
    }


def test_keynote_note_header(schedule_file: Path, content: Path, header_of) -> None:
    import_schedule_file(schedule_file, content)

    header = header_of(content / NOTES["keynote"])
    assert header["Title"] == "The web after twenty years"
    assert header["Date"] == "2026-04-15 09:30"  # local time of the +03:00 offset
    assert header["Event"] == EVENT
    assert header["Speakers"] == "Zoë Ångström"
    assert header["Kind"] == "keynote"
    assert header["Status"] == "draft"
    assert header["Uid"] == "6f1f0c35-9c1e-5d38-9e07-4a1d9d1c7a01"
    assert header["Video"] == "https://video.example.org/democon-2026/keynote"
    assert header["Summary"] == ("Twenty years of building for the web, and what the next "
                                 "twenty might bring. A look back, and a look ahead.")


def test_kinds_and_speakers_of_the_other_talks(schedule_file: Path, content: Path,
                                               header_of) -> None:
    import_schedule_file(schedule_file, content)

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
    import_schedule_file(schedule_file, content)

    speakers = header_of(content / NOTES["workshop"])["Speakers"]
    assert split_names(speakers) == ["Müller, Jürgen", "Ana Núñez"]


def test_a_single_speaker_with_a_comma_stays_one_speaker(schedule_data: dict[str, Any],
                                                         tmp_path: Path, content: Path,
                                                         header_of) -> None:
    first_talk(schedule_data)["persons"] = [{"code": "X", "public_name": "Lovelace, Ada"}]

    import_schedule_file(write_schedule(tmp_path, schedule_data), content)

    speakers = header_of(content / NOTES["keynote"])["Speakers"]
    assert split_names(speakers) == ["Lovelace, Ada"]


def test_talk_without_guid_gets_a_stable_uuid5(schedule_file: Path, content: Path,
                                               header_of) -> None:
    import_schedule_file(schedule_file, content)

    expected = uuid.uuid5(uuid.NAMESPACE_URL,
                          "https://pretalx.example.org/democon-2026/schedule/#104")
    assert header_of(content / NOTES["workshop"])["Uid"] == str(expected)


def test_note_body_holds_the_abstract_description_and_a_notes_placeholder(
        schedule_file: Path, content: Path) -> None:
    import_schedule_file(schedule_file, content)

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
    import_schedule_file(schedule_file, content)

    zoe = content / "speakers" / "zoe-angstrom.md"
    assert header_of(zoe) == {"Name": "Zoë Ångström"}
    assert zoe.read_text(encoding="utf-8").endswith(
        "\n\nZoë has built websites since 2006.\n\nShe maintains a few Django packages.\n")
    assert (content / "speakers" / "grace-hopper.md").read_text(encoding="utf-8") == (
        "Name: Grace Hopper\n")


def test_importing_twice_creates_and_overwrites_nothing(schedule_file: Path,
                                                        content: Path) -> None:
    import_schedule_file(schedule_file, content)
    before = snapshot(content)

    assert import_schedule_file(schedule_file, content) == []

    assert snapshot(content) == before


def test_second_import_reports_what_it_kept(schedule_file: Path, content: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    first = import_schedule(schedule_file, content)

    with caplog.at_level(logging.INFO, logger="confnotes_tools.schedule"):
        second = import_schedule(schedule_file, content)

    assert second.created == []
    assert {path for path, _ in second.skipped} == set(first.created)
    assert str(content / NOTES["keynote"]) in caplog.text


def test_an_existing_speaker_profile_is_left_untouched(schedule_file: Path,
                                                       content: Path) -> None:
    (content / "speakers").mkdir()
    ada = content / "speakers" / "ada-lovelace.md"
    ada.write_text("Name: Ada Lovelace\nGitHub: https://github.com/ada\n\nMy own bio.\n",
                   encoding="utf-8")
    before = snapshot(content)

    created = import_schedule_file(schedule_file, content)

    assert ada not in created
    assert snapshot(content)[ada] == before[ada]


def test_a_speaker_known_by_an_alias_gets_no_second_profile(schedule_file: Path,
                                                            content: Path) -> None:
    (content / "speakers").mkdir()
    (content / "speakers" / "zoe.md").write_text(
        "Name: Zoe Angstrom-Lee\nAliases: Zoe Angstrom\n", encoding="utf-8")

    created = import_schedule_file(schedule_file, content)

    assert content / "speakers" / "zoe-angstrom.md" not in created
    assert not (content / "speakers" / "zoe-angstrom.md").exists()


def test_an_existing_event_profile_is_reused(schedule_file: Path, content: Path,
                                             header_of) -> None:
    (content / "events").mkdir()
    profile = content / "events" / "dc26.md"
    profile.write_text("Name: DemoCon 2026\nCity: Athens\n", encoding="utf-8")
    before = profile.read_bytes()

    created = import_schedule_file(schedule_file, content)

    assert profile.read_bytes() == before
    assert list((content / "events").iterdir()) == [profile]
    assert content / "dc26" / "the-web-after-twenty-years.md" in created
    assert header_of(content / "dc26" / "the-web-after-twenty-years.md")["Event"] == "dc26"


def test_an_existing_note_at_the_same_path_is_kept_and_reported(
        schedule_file: Path, content: Path, caplog: pytest.LogCaptureFixture) -> None:
    mine = content / NOTES["keynote"]
    mine.parent.mkdir()
    mine.write_text("Title: The web after twenty years\nDate: 2026-04-15\n\nMine.\n",
                    encoding="utf-8")
    before = mine.read_bytes()

    with caplog.at_level(logging.WARNING, logger="confnotes_tools.schedule"):
        created = import_schedule_file(schedule_file, content)

    assert mine not in created
    assert mine.read_bytes() == before
    assert str(mine) in caplog.text


def test_a_moved_note_is_recognised_by_its_uid(schedule_file: Path, content: Path) -> None:
    import_schedule_file(schedule_file, content)
    (content / NOTES["keynote"]).rename(content / EVENT / "opening-keynote.md")

    created = import_schedule_file(schedule_file, content)

    assert created == []
    assert not (content / NOTES["keynote"]).exists()


def test_talks_sharing_a_title_get_distinct_files_and_slugs(schedule_data: dict[str, Any],
                                                            tmp_path: Path, content: Path,
                                                            header_of) -> None:
    day_two = schedule_data["schedule"]["conference"]["days"][1]["rooms"]
    day_one = schedule_data["schedule"]["conference"]["days"][0]["rooms"]
    day_one["Main Hall"][0]["title"] = "Lightning talks"
    day_two["Main Hall"][0]["title"] = "Lightning talks"

    import_schedule_file(write_schedule(tmp_path, schedule_data), content)

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

    import_schedule_file(write_schedule(tmp_path, schedule_data), content)

    header = header_of(content / NOTES["keynote"])
    assert header["Title"] == "The web after twenty years"
    assert header["Speakers"] == "Zoë Ångström"
    assert len(header["Summary"]) <= 301
    assert header["Summary"].endswith("word\u2026")


def test_html_in_the_schedule_is_kept_as_plain_text(schedule_data: dict[str, Any],
                                                    tmp_path: Path, content: Path,
                                                    header_of) -> None:
    first_talk(schedule_data)["title"] = "Escaping <script> & friends"

    created = import_schedule_file(write_schedule(tmp_path, schedule_data), content)

    note = next(path for path in created if path.parent.name == EVENT)
    assert header_of(note)["Title"] == "Escaping <script> & friends"
    assert "<script>" not in note.name


def test_not_json_names_the_file(tmp_path: Path, content: Path) -> None:
    bad = tmp_path / "schedule.json"
    bad.write_text("<html>Not found</html>", encoding="utf-8")

    with pytest.raises(ScheduleError, match=r"schedule\.json: not valid JSON \(line 1"):
        import_schedule_file(bad, content)

    assert not any(content.iterdir())


def test_json_without_schedule_names_the_file(tmp_path: Path, content: Path) -> None:
    bad = write_schedule(tmp_path, [{"title": "A talk"}], name="talks.json")

    with pytest.raises(ScheduleError) as raised:
        import_schedule_file(bad, content)

    assert str(raised.value).startswith(f"{bad}: (top level): ")
    assert '"schedule"' in str(raised.value)


def test_a_talk_without_title_names_file_and_json_path(schedule_data: dict[str, Any],
                                                       tmp_path: Path, content: Path) -> None:
    del schedule_data["schedule"]["conference"]["days"][1]["rooms"]["Room 2"][0]["title"]
    bad = write_schedule(tmp_path, schedule_data)

    with pytest.raises(ScheduleError) as raised:
        import_schedule_file(bad, content)

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
        import_schedule_file(bad, content)

    assert str(raised.value).startswith(f"{bad}: {where}: ")
    assert problem in str(raised.value)


def test_a_missing_file_is_a_schedule_error(tmp_path: Path, content: Path) -> None:
    with pytest.raises(ScheduleError, match=r"missing\.json: cannot read"):
        import_schedule_file(tmp_path / "missing.json", content)
