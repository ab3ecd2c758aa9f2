"""Scaffolded and imported files are read back correctly by Markdown and by confnotes."""

from __future__ import annotations

from pathlib import Path

import markdown
from confnotes.content.headers import parse_header, validate_header

from confnotes_tools.scaffold import scaffold_note
from confnotes_tools.schedule import import_schedule


def meta_of(path: Path) -> dict[str, str]:
    """Parse a file as Pelican's Markdown reader does and return its metadata, one line each."""
    parser = markdown.Markdown(extensions=["meta"])
    parser.convert(path.read_text(encoding="utf-8"))
    return {key: " ".join(values) for key, values in parser.Meta.items()}


def test_scaffolded_note_round_trips_through_markdown_meta(content: Path) -> None:
    path = scaffold_note(content, title="Zoë's keynote: <the> web & more",
                         event="DjangoCon Europe 2026", speakers="Zoë Ångström, Ada Lovelace",
                         day="2026-04-15", kind="keynote")

    meta = meta_of(path)

    assert meta["title"] == "Zoë's keynote: <the> web & more"
    assert meta["date"] == "2026-04-15"
    assert meta["event"] == "DjangoCon Europe 2026"
    assert meta["speakers"] == "Zoë Ångström, Ada Lovelace"
    assert meta["status"] == "draft"


def test_imported_notes_round_trip_through_markdown_meta(schedule_file: Path, content: Path,
                                                         header_of) -> None:
    notes = [path for path in import_schedule(schedule_file, content).created
             if path.parent.name == "democon-2026"]

    assert len(notes) == 4
    for path in notes:
        meta, header = meta_of(path), header_of(path)
        assert meta["title"] == header["Title"]
        assert meta["date"] == header["Date"]
        assert meta["event"] == "democon-2026"
        assert meta["speakers"] == header["Speakers"]
        assert meta["uid"] == header["Uid"]


def test_every_written_file_passes_the_confnotes_header_checks(schedule_file: Path,
                                                               content: Path) -> None:
    written = import_schedule(schedule_file, content).created
    written.append(scaffold_note(content, title="Lightning talks", event="democon-2026",
                                 day="2026-04-16", kind="lightning"))

    for path in written:
        required = ("name",) if path.parent.name in ("events", "speakers") else ("title", "date")
        lines = parse_header(path.read_text(encoding="utf-8"), str(path))
        validate_header(lines, str(path), required)
