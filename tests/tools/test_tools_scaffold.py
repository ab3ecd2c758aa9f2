"""`invoke new`: scaffolding a draft note from a title, an event and speakers."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from confnotes_tools import event_names
from confnotes_tools.scaffold import KINDS, ScaffoldError, scaffold, scaffold_note


def test_note_goes_under_the_event_with_every_header(content: Path, header_of) -> None:
    path = scaffold_note(content, title="Django for AI", event="DjangoCon US 2025",
                         speakers="Will Vincent, Ada Lovelace", day="2025-09-08", kind="talk")

    assert path == content / "djangocon-us-2025" / "django-for-ai.md"
    header = header_of(path)
    assert list(header) == ["Title", "Date", "Event", "Speakers", "Kind", "Status", "Uid"]
    assert header["Title"] == "Django for AI"
    assert header["Date"] == "2025-09-08"
    assert header["Event"] == "DjangoCon US 2025"
    assert header["Speakers"] == "Will Vincent, Ada Lovelace"
    assert header["Kind"] == "talk"
    assert header["Status"] == "draft"
    assert uuid.UUID(header["Uid"]).version == 4
    assert "Write your notes here." in path.read_text(encoding="utf-8")


def test_note_without_event_goes_to_notes_without_empty_headers(content: Path,
                                                                 header_of) -> None:
    path = scaffold_note(content, title="Why I blog about conferences", day="2026-01-02")

    assert path == content / "notes" / "why-i-blog-about-conferences.md"
    assert list(header_of(path)) == ["Title", "Date", "Kind", "Status", "Uid"]


def test_every_note_gets_its_own_uid(content: Path, header_of) -> None:
    first = scaffold_note(content, title="One", day="2026-01-02")
    second = scaffold_note(content, title="Two", day="2026-01-02")

    assert header_of(first)["Uid"] != header_of(second)["Uid"]


def test_lightning_template_shows_a_section_heading(content: Path) -> None:
    path = scaffold_note(content, title="Lightning talks, day 2", event="DjangoCon Europe 2026",
                         day="2026-04-16", kind="lightning")

    assert "\n## Talk title - Speaker name\n" in path.read_text(encoding="utf-8")


def test_an_event_named_by_a_profile_alias_uses_the_profile_folder(content: Path) -> None:
    (content / "events").mkdir()
    (content / "events" / "djangocon-us-2025.md").write_text(
        "Name: DjangoCon US 2025\nAliases: DCUS 2025, Django Con US 2025\n", encoding="utf-8")

    path = scaffold_note(content, title="Keynote", event="dcus 2025", day="2025-09-08")

    assert path.parent == content / "djangocon-us-2025"


def test_header_values_are_written_exactly_as_given(content: Path, header_of) -> None:
    path = scaffold_note(content, title="Templates: <b>bold</b> & \"quoted\"",
                         speakers="Zoë Ångström", day="2026-04-15")

    header = header_of(path)
    assert header["Title"] == "Templates: <b>bold</b> & \"quoted\""
    assert header["Speakers"] == "Zoë Ångström"


def test_never_overwrites_and_names_the_file(content: Path) -> None:
    path = scaffold_note(content, title="Django for AI", event="djangocon-us-2025",
                         day="2025-09-08")
    path.write_text("Title: Django for AI\nDate: 2025-09-08\n\nMy precious notes.\n",
                    encoding="utf-8")
    before = path.read_bytes()

    with pytest.raises(ScaffoldError) as raised:
        scaffold_note(content, title="Django for AI", event="djangocon-us-2025",
                      day="2025-09-09")

    message = str(raised.value)
    assert str(path) in message
    assert "another title" in message
    assert "slug" in message
    assert path.read_bytes() == before


def test_a_slug_gives_a_second_note_with_the_same_title(content: Path, header_of) -> None:
    first = scaffold_note(content, title="Lightning talks", event="democon", day="2026-04-15")
    second = scaffold_note(content, title="Lightning talks", event="democon", day="2026-04-16",
                           slug="Lightning talks day 2")

    assert second == first.parent / "lightning-talks-day-2.md"
    assert header_of(second)["Slug"] == "lightning-talks-day-2"


@pytest.mark.parametrize("day", ["15/04/2026", "2026-4-15", "2026-04-15 09:30", "today", ""])
def test_a_day_not_written_yyyy_mm_dd_is_refused(content: Path, day: str) -> None:
    with pytest.raises(ScaffoldError, match="YYYY-MM-DD"):
        scaffold_note(content, title="A talk", day=day)

    assert not any(content.iterdir())


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01"])
def test_a_day_that_does_not_exist_is_refused(content: Path, day: str) -> None:
    with pytest.raises(ScaffoldError, match=f"'{day}' is not a real date"):
        scaffold_note(content, title="A talk", day=day)


def test_an_unknown_kind_is_refused_with_the_valid_kinds(content: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        scaffold_note(content, title="A talk", day="2026-04-15", kind="lecture")

    assert "'lecture'" in str(raised.value)
    assert all(kind in str(raised.value) for kind in KINDS)


def test_kind_is_case_insensitive(content: Path, header_of) -> None:
    path = scaffold_note(content, title="Opening", day="2026-04-15", kind="Keynote")

    assert header_of(path)["Kind"] == "keynote"


def test_an_empty_title_is_refused(content: Path) -> None:
    with pytest.raises(ScaffoldError, match="title is empty"):
        scaffold_note(content, title="   ", day="2026-04-15")


@pytest.mark.parametrize(("field", "value"), [
    ("title", "Two\nlines"),
    ("title", "Line\u2028separator"),
    ("event", "DjangoCon\rEurope"),
    ("speakers", "Ada\x00Lovelace"),
])
def test_newlines_and_control_characters_are_refused(content: Path, field: str,
                                                     value: str) -> None:
    arguments = {"title": "A talk", "day": "2026-04-15", field: value}

    with pytest.raises(ScaffoldError, match=f"The {field} .* control character"):
        scaffold_note(content, **arguments)

    assert not any(content.iterdir())


def test_an_event_named_like_a_profile_folder_is_refused(content: Path) -> None:
    with pytest.raises(ScaffoldError, match="content/speakers/"):
        scaffold_note(content, title="A talk", event="Speakers", day="2026-04-15")


def test_packages_follow_the_speakers(content: Path, header_of) -> None:
    path = scaffold_note(content, title="Partials", speakers="Carlton Gibson",
                         packages="django-template-partials, htmx", day="2026-04-16")

    header = header_of(path)
    assert list(header)[:4] == ["Title", "Date", "Speakers", "Packages"]
    assert header["Packages"] == "django-template-partials, htmx"


def test_a_package_list_with_a_newline_is_refused(content: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"The packages .* control character"):
        scaffold_note(content, title="A talk", packages="htmx\nalpinejs", day="2026-04-15")

    assert not any(content.iterdir())


def test_profiles_are_created_for_the_event_and_new_speakers(content: Path) -> None:
    result = scaffold(content, title="Opening", event="PyCon Italia 2027",
                      speakers="Ada Lovelace; Grace Hopper", day="2027-05-26",
                      create_event=True, create_speakers=True)

    assert result.created == [content / "events" / "pycon-italia-2027.md",
                              content / "speakers" / "ada-lovelace.md",
                              content / "speakers" / "grace-hopper.md"]
    assert result.warnings == []


def test_no_speakers_to_create_is_refused_before_writing(content: Path) -> None:
    with pytest.raises(ScaffoldError, match="--speakers"):
        scaffold(content, title="Opening", day="2027-05-26", create_speakers=True)

    assert not any(content.iterdir())


def test_a_misspelled_event_reads_each_note_header_once(content: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for day in ("2026-04-15", "2026-04-16", "2026-04-17"):
        scaffold_note(content, title=f"Talk on {day}", event="DjangoCon Europe 2026", day=day)
    reads: list[Path] = []
    read_header = event_names.read_header

    def counting_read_header(path: Path) -> dict[str, str]:
        reads.append(path)
        return read_header(path)

    monkeypatch.setattr(event_names, "read_header", counting_read_header)

    result = scaffold(content, title="Typo", event="DjangoCon Erope 2026", day="2026-04-16",
                      create_event=True)

    assert "did you mean djangocon-europe-2026?" in result.warnings[0]
    assert "No profile was created" in result.warnings[1]
    assert len(reads) == 3, "content/ is read once, for the warning and the profile decision"


def test_a_room_follows_the_event_in_the_header(content: Path, header_of) -> None:
    path = scaffold_note(content, title="Typing models", event="DjangoCon US 2025",
                         room=" Room B ", day="2025-09-09")

    header = header_of(path)
    assert list(header)[:4] == ["Title", "Date", "Event", "Room"]
    assert header["Room"] == "Room B"


def test_a_room_with_a_newline_is_refused(content: Path) -> None:
    with pytest.raises(ScaffoldError, match="room"):
        scaffold_note(content, title="T", event="E", room="Room\nB", day="2026-01-02")
    assert not any(content.rglob("*.md"))
