"""Rebuilding in place gives exactly the site a clean build gives, and leaves the rest alone."""

import os
import shutil
from pathlib import Path

import pytest
from confnotes.engine import manifest

from tests.conftest import ROOT, assert_same_site, build, snapshot


@pytest.fixture
def workspace(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return tmp_path, content


def incremental(tmp_path, content, caplog):
    return build(content, tmp_path / "output", caplog, DELETE_OUTPUT_DIRECTORY=False,
                 CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)


def clean(tmp_path, content, caplog, name):
    return build(content, tmp_path / name, caplog)


def test_an_unchanged_rebuild_rewrites_nothing(workspace, caplog):
    tmp_path, content = workspace
    incremental(tmp_path, content, caplog)
    before = snapshot(tmp_path / "output")
    incremental(tmp_path, content, caplog)
    assert snapshot(tmp_path / "output") == before


def test_edits_additions_renames_and_deletions_match_a_clean_build(workspace, caplog):
    tmp_path, content = workspace
    incremental(tmp_path, content, caplog)
    before = snapshot(tmp_path / "output")

    recap = content / "djangocon-us-2025" / "django-for-ai.md"
    recap.write_text(recap.read_text(encoding="utf-8").replace(
        "Title: ", "Title: Edited: ", 1) + "\nOne more paragraph.\n", encoding="utf-8")
    (content / "djangocon-us-2025" / "new-talk.md").write_text(
        "Title: A new talk\nDate: 2025-09-10\nEvent: djangocon-us-2025\n"
        "Speakers: Ann Newcomer, Carlton Gibson\nPackages: htmx\n\nFresh notes.\n",
        encoding="utf-8")
    os.rename(content / "django-on-the-med-2025" / "django-on-the-med-sprints.md",
              content / "django-on-the-med-2025" / "sprints.md")
    os.remove(content / "djangocon-us-2025" / "carson-gross-keynote.md")
    profile = content / "speakers" / "paolo-melchiorre.md"
    profile.write_text(profile.read_text(encoding="utf-8") + "\nAn updated bio line.\n",
                       encoding="utf-8")

    incremental(tmp_path, content, caplog)
    clean(tmp_path, content, caplog, "clean")
    assert_same_site(tmp_path / "output", tmp_path / "clean")

    after = snapshot(tmp_path / "output")
    untouched = [name for name in before
                 if name in after and after[name][0] == before[name][0]]
    assert untouched, "some pages should be unaffected by these edits"
    assert all(after[name][1] == before[name][1] for name in untouched), \
        "a page whose bytes did not change was rewritten"


# Note cards on the home, archive and tag pages show speakers' and events' names, and the home
# page lists recent events with their dates and city: the pages that list a note must change
# when a profile changes what they show of it, though the note itself did not.
PROFILE_EDITS = {
    "a speaker renamed": ("speakers/carlton-gibson.md", "Name: Carlton Gibson",
                          "Name: Carlton J. Gibson\nAliases: Carlton Gibson", "Carlton J. Gibson"),
    "an event moved": ("events/djangocon-us-2025.md", "City: Chicago", "City: Evanston",
                       "Evanston"),
}


@pytest.mark.parametrize("edit", PROFILE_EDITS.values(), ids=PROFILE_EDITS.keys())
def test_a_profile_edit_reaches_every_list_of_the_notes_it_appears_on(workspace, caplog, edit):
    profile_path, old, new, shown = edit
    tmp_path, content = workspace
    incremental(tmp_path, content, caplog)
    profile = content / profile_path
    profile.write_text(profile.read_text(encoding="utf-8").replace(old, new, 1),
                       encoding="utf-8")
    site = incremental(tmp_path, content, caplog)
    assert shown in site.page("").get_text()
    clean(tmp_path, content, caplog, "clean")
    assert_same_site(tmp_path / "output", tmp_path / "clean")


def test_a_build_after_another_settings_build_into_the_same_output_matches_a_clean_one(
        workspace, caplog):
    # `invoke publish` writes the site with other settings into the same folder; a theme
    # change and its undo do the same. The pages on disk are then not the ones the first
    # settings' manifest describes.
    tmp_path, content = workspace
    incremental(tmp_path, content, caplog)
    build(content, tmp_path / "output", caplog, DELETE_OUTPUT_DIRECTORY=False,
          CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, SITEURL="https://notes.example.org")
    site = incremental(tmp_path, content, caplog)
    assert "https://notes.example.org" not in site.page("").decode()
    clean(tmp_path, content, caplog, "clean")
    assert_same_site(tmp_path / "output", tmp_path / "clean")


def test_a_build_cut_short_is_not_trusted_by_the_next(workspace, caplog, monkeypatch):
    tmp_path, content = workspace
    incremental(tmp_path, content, caplog)
    note = content / TEXT_EDITED
    original = note.read_text(encoding="utf-8")
    note.write_text(original + "\nAn edit whose build is cut short.\n", encoding="utf-8")
    monkeypatch.setattr(manifest, "save", _cut_short)
    with pytest.raises(KeyboardInterrupt):  # after the pages are written
        incremental(tmp_path, content, caplog)
    monkeypatch.undo()
    note.write_text(original, encoding="utf-8")  # undone: the last good manifest matches
    incremental(tmp_path, content, caplog)
    clean(tmp_path, content, caplog, "clean")
    assert_same_site(tmp_path / "output", tmp_path / "clean")


def _cut_short(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize("workers", ["1", "3"])
def test_any_number_of_page_writers_gives_the_same_bytes(workspace, caplog, monkeypatch, workers):
    tmp_path, content = workspace
    monkeypatch.setenv("CONFNOTES_WORKERS", "2")
    two = clean(tmp_path, content, caplog, "two")
    monkeypatch.setenv("CONFNOTES_WORKERS", workers)
    other = clean(tmp_path, content, caplog, f"workers-{workers}")
    assert_same_site(other.output, two.output)


def test_pages_that_list_the_whole_site_are_written_first(workspace, caplog, monkeypatch):
    """The slowest pages start first, so no process is left rendering them alone at the end."""
    tmp_path, content = workspace
    monkeypatch.setenv("CONFNOTES_WORKERS", "1")
    site = clean(tmp_path, content, caplog, "ordered").output
    written = {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*")
               if p.is_file() and p.relative_to(site).parts[0] not in ("theme", "pagefind")}
    whole_site = ["api/notes.json", "api/talks.json", "sitemap.xml", "feeds/all.atom.xml",
                  "feeds/opml.xml", "archives/index.html", "speakers/index.html"]
    assert all(name in written for name in whole_site)
    others = [name for name in written if name.startswith(("speakers/", "djangocon-"))
              and name not in whole_site]
    assert others
    assert max(written[name] for name in whole_site) <= min(written[name] for name in others)


TEXT_EDITED = "djangocon-us-2025/django-for-ai.md"


def without_summary(path: Path) -> None:
    """Drop a note's Summary header, so its summary comes from the first words of its text."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("Summary:")),
                    encoding="utf-8")


def prepend_to_body(path: Path, sentence: str) -> None:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(f"{head}\n\n{sentence}\n\n{body}", encoding="utf-8")


def quick_path_message(site) -> str:
    return next((r.getMessage() for r in site.records
                 if r.getMessage().startswith("Only the text of")), "")


def test_a_text_edit_looks_only_at_the_pages_that_show_the_note(workspace, caplog):
    tmp_path, content = workspace
    note = content / TEXT_EDITED
    without_summary(note)
    incremental(tmp_path, content, caplog)
    before = snapshot(tmp_path / "output")
    with note.open("a", encoding="utf-8") as text:
        text.write("\nA closing remark, added the next morning.\n")

    site = incremental(tmp_path, content, caplog)

    message = quick_path_message(site)
    assert message.startswith("Only the text of 1 note(s) changed"), message
    shown, total = (int(word) for word in message.split(": ")[1].split()[:3:2])
    assert 0 < shown < total / 4
    clean(tmp_path, content, caplog, "clean")
    assert_same_site(tmp_path / "output", tmp_path / "clean")
    after = snapshot(tmp_path / "output")
    assert "A closing remark" in (tmp_path / "output" / "djangocon-us-2025" / "django-for-ai"
                                  / "index.html").read_text(encoding="utf-8")
    assert sum(after[name] != before.get(name) for name in after) < len(after) / 4


def test_a_text_edit_that_changes_a_summary_or_a_header_checks_every_page(workspace, caplog):
    tmp_path, content = workspace
    note = content / TEXT_EDITED
    without_summary(note)
    incremental(tmp_path, content, caplog)

    prepend_to_body(note, "An opening line that the summary starts with.")
    site = incremental(tmp_path, content, caplog)
    assert not quick_path_message(site)  # the summary is listed in the notes export
    clean(tmp_path, content, caplog, "clean")
    assert_same_site(tmp_path / "output", tmp_path / "clean")

    note.write_text(note.read_text(encoding="utf-8").replace("Title: ", "Title: New: ", 1),
                    encoding="utf-8")
    site = incremental(tmp_path, content, caplog)
    assert not quick_path_message(site)
    clean(tmp_path, content, caplog, "clean-2")
    assert_same_site(tmp_path / "output", tmp_path / "clean-2")


def test_the_command_line_and_a_live_session_share_the_last_build(workspace, caplog):
    """`pelican` on the command line adds DEBUG to the settings; `invoke livereload` does not.
    A build after a live session must still reuse its cache and manifest."""
    tmp_path, content = workspace
    incremental(tmp_path, content, caplog)  # as `invoke livereload` reads the settings
    with (content / TEXT_EDITED).open("a", encoding="utf-8") as text:
        text.write("\nA line added after the live session.\n")
    site = build(content, tmp_path / "output", caplog, DELETE_OUTPUT_DIRECTORY=False,
                 CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, DEBUG=False)  # as `pelican` does
    assert quick_path_message(site).startswith("Only the text of 1 note(s) changed")
