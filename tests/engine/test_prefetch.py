"""Reading every note at once in worker processes gives what reading them one by one gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from confnotes.content.reader import NoteReader
from confnotes.engine.prefetch import PREFETCH_MINIMUM, PrefetchingNoteReader, prefetch
from pelican.settings import read_settings

from tests.conftest import SETTINGS_FILE, write_files

NOTES = PREFETCH_MINIMUM + 6


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("CONFNOTES_WORKERS", "2")  # two reading processes, on any machine
    content = write_files(tmp_path / "content", {
        f"some-event/note-{number:03}.md": f"""
            Title: Note {number}
            Date: 2026-01-{1 + number % 28:02}

            Body of note **{number}**, with a [link](https://example.com/{number}).
            """ for number in range(NOTES)})
    return read_settings(SETTINGS_FILE, override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "LOAD_CONTENT_CACHE": False})


def paths(settings: dict) -> list[str]:
    return sorted(str(path) for path in Path(settings["PATH"]).rglob("*.md"))


def test_the_workers_parse_every_note_as_the_reader_would(settings):
    reader = NoteReader(settings)
    found = prefetch(reader.parse, paths(settings), workers=2)
    assert sorted(found) == paths(settings)
    assert all(found[path] == reader.parse(path) for path in paths(settings))


def test_too_few_notes_or_one_worker_are_read_here(settings):
    reader = NoteReader(settings)
    assert prefetch(reader.parse, paths(settings)[:PREFETCH_MINIMUM - 1], workers=2) == {}
    assert prefetch(reader.parse, paths(settings), workers=1) == {}


def test_the_prefetching_reader_reads_what_the_note_reader_reads(settings):
    prefetching, plain = PrefetchingNoteReader(settings), NoteReader(settings)
    first, *others = paths(settings)
    assert prefetching.read(first) == plain.read(first)
    # The first note read had every other note parsed in the workers, kept until asked for.
    assert sorted(prefetching._prefetched) == others
    for path in others:
        assert prefetching.read(path) == plain.read(path)
    assert prefetching._prefetched == {}
