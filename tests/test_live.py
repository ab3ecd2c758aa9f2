"""The live session: a saved note shows up without a full build, exactly as a clean build has it."""

import shutil
import threading
import time
from pathlib import Path

import pytest
import watchfiles
from confnotes.live import LiveSite, watch

from tests.conftest import ROOT, SETTINGS_FILE, build
from tests.test_incremental import assert_same_site, snapshot

NOTE = "djangocon-europe-2026/lightning-talks-day-2.md"


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


def add_sentence(path: Path, sentence: str) -> None:
    """Add a sentence after the header block (a body-only edit)."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(f"{head}\n\n{sentence}\n\n{body}", encoding="utf-8")


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
