"""`invoke new` and `invoke import-schedule` as a blogger types them, in a copy of the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from tasks_project import copy_project, files_under, run_invoke


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with the sample content."""
    return copy_project(tmp_path / "confnotes")


def _header(path: Path) -> dict[str, str]:
    """The header lines of a content file."""
    lines = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    return dict(line.split(": ", 1) for line in lines)


@pytest.mark.parametrize(("task", "flag"), [("new", "--title"),
                                            ("import-schedule", "--schedule")])
def test_help_prints_help_and_creates_nothing(project: Path, task: str, flag: str) -> None:
    before = files_under(project)

    done = run_invoke(project, task, "--help")

    assert done.returncode == 0, done.stderr
    assert f"Usage: inv[oke] [--core-opts] {task}" in done.stdout
    assert flag in done.stdout
    assert files_under(project) == before


@pytest.mark.parametrize(("task", "hint"), [
    ("new", 'invoke new --title "Talk title"'),
    ("import-schedule", "invoke import-schedule --schedule schedule.json"),
])
def test_a_missing_required_flag_is_explained(project: Path, task: str, hint: str) -> None:
    before = files_under(project)

    done = run_invoke(project, task)

    assert done.returncode != 0
    assert hint in done.stderr
    assert files_under(project) == before


def test_new_writes_packages_and_knows_the_event(project: Path) -> None:
    done = run_invoke(project, "new", "--title", "Partials everywhere",
                      "--event", "DjangoCon EU 2026", "--speakers", "Carlton Gibson",
                      "--packages", "django-template-partials, htmx", "--day", "2026-04-16")

    assert done.returncode == 0, done.stderr
    note = project / "content" / "djangocon-europe-2026" / "partials-everywhere.md"
    assert done.stdout.splitlines() == [f"Created {note.relative_to(project)}"]
    header = _header(note)
    assert header["Packages"] == "django-template-partials, htmx"
    assert header["Event"] == "DjangoCon EU 2026"
    assert header["Status"] == "draft"


def test_a_note_written_with_a_room_is_on_that_rooms_page_once_published(project: Path) -> None:
    done = run_invoke(project, "new", "--title", "Sprints after the talks",
                      "--event", "djangocon-europe-2026", "--room", "Main room",
                      "--speakers", "Carlton Gibson", "--day", "2026-04-17")

    assert done.returncode == 0, done.stderr
    note = project / "content" / "djangocon-europe-2026" / "sprints-after-the-talks.md"
    assert _header(note)["Room"] == "Main room"  # an alias of the sample's Main track
    note.write_text(note.read_text(encoding="utf-8").replace("Status: draft\n", ""),
                    encoding="utf-8")
    built = run_invoke(project, "build")
    assert built.returncode == 0, built.stderr
    room_page = project / "output" / "djangocon-europe-2026" / "rooms" / "main-track" / "index.html"
    assert "Sprints after the talks" in room_page.read_text(encoding="utf-8")


def test_a_room_without_its_event_is_refused_and_nothing_is_written(project: Path) -> None:
    before = files_under(project)

    done = run_invoke(project, "new", "--title", "Lost", "--room", "Main Hall")

    assert done.returncode == 2
    assert "needs its event" in done.stderr and "--event" in done.stderr
    assert files_under(project) == before


def test_new_creates_missing_speaker_profiles_only(project: Path) -> None:
    speakers = project / "content" / "speakers"
    carlton = (speakers / "carlton-gibson.md").read_bytes()

    done = run_invoke(project, "new", "--title", "Tasks in Django 6",
                      "--event", "djangocon-europe-2026", "--day", "2026-04-17",
                      "--speakers", "Carlton Gibson, Ada Lovelace", "--create-speakers")

    assert done.returncode == 0, done.stderr
    assert "Created content/speakers/ada-lovelace.md" in done.stdout
    assert "carlton-gibson" not in done.stdout
    assert (speakers / "ada-lovelace.md").read_text(encoding="utf-8") == "Name: Ada Lovelace\n"
    assert (speakers / "carlton-gibson.md").read_bytes() == carlton


def test_an_unknown_event_gets_a_warning_naming_the_profile_to_create(project: Path) -> None:
    done = run_invoke(project, "new", "--title", "Opening", "--event", "PyCon Italia 2027",
                      "--day", "2027-05-26")

    assert done.returncode == 0, done.stderr
    assert (project / "content" / "pycon-italia-2027" / "opening.md").is_file()
    assert "Warning: The event 'PyCon Italia 2027' has no profile" in done.stdout
    assert "content/events/pycon-italia-2027.md (--create-event does)" in done.stdout
    assert "did you mean" not in done.stdout


def test_create_event_writes_the_profile_once_and_never_overwrites(project: Path) -> None:
    profile = project / "content" / "events" / "pycon-italia-2027.md"

    first = run_invoke(project, "new", "--title", "Opening", "--event", "PyCon Italia 2027",
                       "--day", "2027-05-26", "--create-event")
    profile.write_text("Name: PyCon Italia 2027\nCity: Bologna\n", encoding="utf-8")
    second = run_invoke(project, "new", "--title", "Closing", "--event", "PyCon Italia 2027",
                        "--day", "2027-05-29", "--create-event")

    assert first.returncode == 0, first.stderr
    assert "Created content/events/pycon-italia-2027.md" in first.stdout
    assert "Warning" not in first.stdout
    assert second.returncode == 0, second.stderr
    assert "events" not in second.stdout
    assert "Warning" not in second.stdout
    assert profile.read_text(encoding="utf-8") == "Name: PyCon Italia 2027\nCity: Bologna\n"


def test_an_event_that_only_notes_name_is_known(project: Path) -> None:
    note = project / "content" / "pycon-italia-2027" / "opening.md"
    note.parent.mkdir()
    note.write_text("Title: Opening\nDate: 2027-05-26\nEvent: PyCon Italia 2027\n\nText.\n",
                    encoding="utf-8")

    done = run_invoke(project, "new", "--title", "Closing", "--event", "pycon-italia-2027",
                      "--day", "2027-05-29")

    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stdout


def test_a_misspelled_event_gets_a_did_you_mean_and_no_profile(project: Path) -> None:
    done = run_invoke(project, "new", "--title", "Keynote", "--event", "DjangoCon Erope 2026",
                      "--day", "2026-04-15", "--create-event")

    assert done.returncode == 0, done.stderr
    assert "did you mean djangocon-europe-2026?" in done.stdout
    assert "Aliases of content/events/djangocon-europe-2026.md" in done.stdout
    assert not (project / "content" / "events" / "djangocon-erope-2026.md").exists()


def test_another_year_of_a_known_event_is_not_taken_for_a_typo(project: Path) -> None:
    done = run_invoke(project, "new", "--title", "Keynote", "--event", "DjangoCon Europe 2027",
                      "--day", "2027-04-15")

    assert "has no profile" in done.stdout
    assert "did you mean" not in done.stdout


def test_create_event_without_an_event_is_refused(project: Path) -> None:
    before = files_under(project)

    done = run_invoke(project, "new", "--title", "Keynote", "--create-event")

    assert done.returncode != 0
    assert "--event" in done.stderr
    assert files_under(project) == before
