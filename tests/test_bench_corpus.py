"""The benchmark corpus: issue 16's shapes are in a 300-note corpus, and only on request."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pytest

from bench.corpus import generate_corpus
from bench.shapes import GENERIC_NAMES, VARIANT_CLASSES
from tests.conftest import build

PROFILE_FOLDERS = ("events", "speakers", "packages")
# The 300-note corpus of seed 1 without shapes, as it was before shapes existed.
PLAIN_300_DIGEST = "7d0e9d22066cb7082562d8c5a4b8bfb5f684f1db302194eafe90eeb82b257380"
OFFSET_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")


def headers(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").partition("\n\n")[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def speakers_of(fields: dict[str, str]) -> list[str]:
    value = fields.get("Speakers", "")
    return [name.strip() for name in value.split(";" if ";" in value else ",") if name.strip()]


def valid_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("shaped")
    generate_corpus(dest, 300, seed=1, shapes=True)
    return dest


@pytest.fixture(scope="module")
def notes(shaped: Path) -> dict[Path, dict[str, str]]:
    content = shaped / "content"
    return {path: headers(path) for path in sorted(content.glob("*/*.md"))
            if path.parent.name not in PROFILE_FOLDERS}


def test_without_shapes_a_seed_writes_the_same_corpus_as_before(tmp_path):
    generate_corpus(tmp_path, 300, seed=1)
    digest = hashlib.sha256()
    content = tmp_path / "content"
    for path in sorted(content.rglob("*.md")):
        digest.update(path.relative_to(content).as_posix().encode() + b"\0" + path.read_bytes()
                      + b"\0")
    assert digest.hexdigest() == PLAIN_300_DIGEST
    assert not (tmp_path / "shapes.json").exists()


def test_dates_with_a_utc_offset(notes):
    offsets = [fields["Date"] for fields in notes.values() if OFFSET_DATE.match(fields["Date"])]
    assert len(offsets) >= 3
    assert any(value.endswith("+01:00") for value in offsets)


def test_generic_speaker_names_are_credited_and_written_in_prose(shaped, notes):
    credited = {name for fields in notes.values() for name in speakers_of(fields)}
    assert set(GENERIC_NAMES) <= credited
    prose = [path for path in notes if "in April, after the Panel" in path.read_text("utf-8")]
    assert prose


def test_speaker_name_variants_come_in_labelled_pairs(shaped, notes):
    pairs = json.loads((shaped / "shapes.json").read_text(encoding="utf-8"))["variant_pairs"]
    assert {pair["class"] for pair in pairs} == set(VARIANT_CLASSES)
    credited = [speakers_of(fields) for fields in notes.values()]
    for pair in pairs:
        assert any(pair["name"] in names for names in credited), pair
        assert any(pair["variant"] in names for names in credited), pair
    by_class = {pair["class"]: pair for pair in pairs}
    assert "-" in by_class["hyphen-space"]["name"]
    assert '"' in by_class["nickname"]["variant"]
    assert re.search(r"\((she/her|he/him|they/them)\)$", by_class["pronouns"]["variant"])
    assert re.search("[\u0142\u0141\u0131]", by_class["letters"]["name"])
    name, typo = by_class["typo"]["name"].split(), by_class["typo"]["variant"].split()
    assert name[0] == typo[0] and name[1][0] != typo[1][0] and name[1][1:] == typo[1][1:]
    with_profile = [p for p in pairs if p["profile"] == "yes"]
    assert with_profile and len(with_profile) < len(pairs)


def test_an_event_whose_notes_all_have_invalid_dates(shaped, notes):
    labels = json.loads((shaped / "shapes.json").read_text(encoding="utf-8"))
    event = labels["invalid_date_event"]
    dates = [fields["Date"] for fields in notes.values() if fields.get("Event") == event]
    assert len(dates) >= 2 and all(valid_day(value) is None for value in dates)
    profile = headers(shaped / "content" / "events" / f"{event}.md")
    assert "Start" not in profile and "End" not in profile


def test_placeholder_dates_at_events_of_other_years(shaped, notes):
    by_event: dict[str, list[str]] = {}
    for fields in notes.values():
        by_event.setdefault(fields.get("Event", ""), []).append(fields["Date"])
    placed = {value for dates in by_event.values() for value in dates
              if value in ("1970-01-01", "1900-01-01")}
    assert placed == {"1970-01-01", "1900-01-01"}
    for dates in by_event.values():
        if "1970-01-01" in dates or "1900-01-01" in dates:
            years = [valid_day(value).year for value in dates if valid_day(value)]
            assert sum(year > 2000 for year in years) >= 2
    event = json.loads((shaped / "shapes.json").read_text(encoding="utf-8"))["placeholder_event"]
    assert "1970-01-01" in by_event[event]
    assert "Start" not in headers(shaped / "content" / "events" / f"{event}.md")


def test_lightning_notes_have_an_introduction(notes):
    lightning = [path for path, fields in notes.items() if fields.get("Kind") == "lightning"]
    assert lightning
    for path in lightning:
        body = path.read_text(encoding="utf-8").partition("\n\n")[2]
        assert body.split("\n## ", 1)[0].strip(), path


def test_a_package_named_by_its_alias(shaped, notes):
    profile = headers(shaped / "content" / "packages" / "djangorestframework.md")
    assert "drf" in profile["Aliases"].split(", ")
    assert any("drf" in fields.get("Packages", "").split(", ") for fields in notes.values())


def test_the_shaped_corpus_builds_with_years_and_archives_right(shaped, tmp_path, caplog):
    site = build(shaped / "content", tmp_path / "output", caplog)
    labels = json.loads((shaped / "shapes.json").read_text(encoding="utf-8"))
    emptied = labels["invalid_date_event"]
    assert any(emptied in message for message in site.errors())  # its notes are rejected
    events = site.page("events/")
    headings = [h.get_text(strip=True) for h in events.select("section.year h2")]
    assert "0" not in headings and headings[-1] == "Undated"
    assert all(int(year) > 2000 for year in headings[:-1])  # placeholders moved no event
    undated = events.select("section.year")[-1].get_text()
    assert headers(shaped / "content" / "events" / f"{emptied}.md")["Name"] in undated
    years = [li.a.get_text() for li in site.page("archives/").select("ol.archive-years li")]
    assert years == sorted(years, reverse=True) and "1970" in years
    assert all(site.exists(f"archives/{year}/") for year in years)
