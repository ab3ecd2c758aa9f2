"""The /api/ export records, computed from a small hand-built graph (no Pelican build), and each
export checked against its JSON Schema in plugins/confnotes/site/schemas."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from confnotes.content.talks import Section
from confnotes.site import exports
from jsonschema import Draft202012Validator, ValidationError

from tests.conftest import graph_from, note_record, profile_record

BASE = "https://notes.example.org/blog"
PROFILES = [
    profile_record("event", "pycon-atlantis-2026", name="PyCon Atlantis 2026",
                   series="PyCon Atlantis", start="2026-05-14", end="2026-05-16",
                   city="Atlantis", country="Ocean", website="pycon.example.org",
                   aliases="PCA 2026"),
    profile_record("event", "pycon-atlantis-2025", name="PyCon Atlantis 2025",
                   series="PyCon Atlantis", start="2025-05-12"),
    profile_record("speaker", "ann-lee", name="Ann Lee", aliases="A. Lee",
                   affiliation="Atlantis University", website="ann.example.org",
                   mastodon="@ann@fosstodon.example", github="annlee", bluesky=""),
    profile_record("package", "htmx", name="htmx", pypi="htmx-py",
                   repository="https://github.com/bigskysoftware/htmx",
                   summary="<p>High <b>power</b> tools &amp; more</p>"),
]


def article(title: str, day: str, **fields: Any) -> SimpleNamespace:
    """What exports read of a Pelican article."""
    values = {"title": title, "date": datetime.fromisoformat(day), "summary": "",
              "lang": "en", "tags": [], "authors": [], "video": "", "slides": ""}
    return SimpleNamespace(**{**values, **fields})


KEYNOTE = article(
    "Opening <keynote>", "2026-05-14 09:30+03:00", summary="<p>Why <em>we</em> &amp; you</p>",
    modified=datetime.fromisoformat("2026-05-20 08:00+03:00"),
    tags=[SimpleNamespace(name="web")], authors=[SimpleNamespace(name="The blogger")],
    video="https://video.example.org/keynote", slides="javascript:alert(1)")
LIGHTNING = article("Lightning talks", "2026-05-15 17:00+03:00")
OLD = article("Last year", "2025-05-12 10:00+03:00")

GRAPH = graph_from([
    note_record("pca/lightning.md", "Lightning talks", "2026-05-15 17:00+03:00",
                "PyCon Atlantis 2026", kind="lightning", packages=["htmx"], article=LIGHTNING,
                sections=[Section("htmx-tricks", "htmx tricks", ("Ann Lee",), "htmx is fun"),
                          Section("tea", "Tea", ("Émile Borel", "bob ray", "Zed Young"),
                                  "no packages")]),
    note_record("pca/keynote.md", "Opening <keynote>", "2026-05-14 09:30+03:00",
                "PCA 2026", speakers=["A. Lee"], packages=["htmx"], kind="keynote",
                article=KEYNOTE, room="Main Hall"),
    note_record("pca/old.md", "Last year", "2025-05-12 10:00+03:00", "PyCon Atlantis 2025",
                speakers=["Ann Lee"], article=OLD),
], PROFILES)
GRAPH.speaker_mentions["emile-borel"].append(GRAPH.note_talks["pca/keynote.md"][0])


def records() -> dict[str, dict[str, Any]]:
    """Every export, in its envelope, as written to api/<name>.json."""
    builders = exports.export_builders()
    return {name: exports.envelope(name, BASE, builders[name](GRAPH, BASE))
            for name in exports.EXPORTS}


def urls_in(value: Any) -> list[str]:
    """Every `url` value anywhere in an export."""
    if isinstance(value, dict):
        return [*([value["url"]] if isinstance(value.get("url"), str) else []),
                *(url for item in value.values() for url in urls_in(item))]
    if isinstance(value, list):
        return [url for item in value for url in urls_in(item)]
    return []


# -- records -----------------------------------------------------------------------------------


def test_talks_are_listed_in_date_order_one_per_section_with_stable_ids():
    talks = exports.talks_export(GRAPH, BASE)["talks"]
    assert [(t["id"], t["anchor"], t["note"]) for t in talks] == [
        ("pycon-atlantis-2025/old", "", "pycon-atlantis-2025/old"),
        ("pycon-atlantis-2026/keynote", "", "pycon-atlantis-2026/keynote"),
        ("pycon-atlantis-2026/lightning#htmx-tricks", "htmx-tricks",
         "pycon-atlantis-2026/lightning"),
        ("pycon-atlantis-2026/lightning#tea", "tea", "pycon-atlantis-2026/lightning"),
    ]


def test_a_talk_record_names_its_event_people_and_packages_with_absolute_urls():
    talk = exports.talks_export(GRAPH, BASE)["talks"][2]
    assert talk == {
        "id": "pycon-atlantis-2026/lightning#htmx-tricks",
        "url": f"{BASE}/pycon-atlantis-2026/lightning/#htmx-tricks",
        "title": "htmx tricks", "kind": "lightning", "date": "2026-05-15T17:00:00+03:00",
        "note": "pycon-atlantis-2026/lightning", "anchor": "htmx-tricks",
        "event": {"id": "pycon-atlantis-2026", "name": "PyCon Atlantis 2026",
                  "url": f"{BASE}/events/pycon-atlantis-2026/"},
        "speakers": [{"id": "ann-lee", "name": "Ann Lee", "url": f"{BASE}/speakers/ann-lee/"}],
        "packages": [{"id": "htmx", "name": "htmx", "url": f"{BASE}/packages/htmx/"}],
    }


def test_a_note_record_is_plain_text_with_its_dates_offsets_and_only_web_links():
    notes = {n["id"]: n for n in exports.notes_export(GRAPH, BASE)["notes"]}
    keynote = notes["pycon-atlantis-2026/keynote"]
    assert keynote["title"] == "Opening <keynote>"
    assert keynote["summary"] == "Why we & you"
    assert (keynote["date"], keynote["modified"]) == ("2026-05-14T09:30:00+03:00",
                                                      "2026-05-20T08:00:00+03:00")
    assert (keynote["tags"], keynote["authors"]) == (["web"], ["The blogger"])
    assert keynote["video"] == "https://video.example.org/keynote"
    assert keynote["slides"] is None  # a javascript: URL is never exported
    assert keynote["kind"] == "keynote" and keynote["lang"] == "en"
    assert notes["pycon-atlantis-2025/old"]["modified"] is None


def test_a_multi_talk_note_lists_every_speaker_and_the_ids_of_its_talks():
    lightning = next(n for n in exports.notes_export(GRAPH, BASE)["notes"]
                     if n["id"] == "pycon-atlantis-2026/lightning")
    assert [s["name"] for s in lightning["speakers"]] == [
        "Ann Lee", "Émile Borel", "bob ray", "Zed Young"]
    assert lightning["talks"] == ["pycon-atlantis-2026/lightning#htmx-tricks",
                                  "pycon-atlantis-2026/lightning#tea"]


def test_speakers_are_a_to_z_with_profile_links_as_urls_talks_and_mentions():
    speakers = exports.speakers_export(GRAPH, BASE)["speakers"]
    assert [s["name"] for s in speakers] == [
        "Ann Lee", "bob ray", "Émile Borel", "Zed Young"]  # A to Z, whatever the case or accents
    ann = speakers[0]
    assert ann["aliases"] == ["A. Lee"] and ann["affiliation"] == "Atlantis University"
    assert ann["links"] == {"website": "https://ann.example.org",
                            "mastodon": "https://fosstodon.example/@ann", "bluesky": None,
                            "github": "https://github.com/annlee"}
    assert ann["talks"] == ["pycon-atlantis-2025/old", "pycon-atlantis-2026/keynote",
                            "pycon-atlantis-2026/lightning#htmx-tricks"]
    emile = speakers[2]
    assert emile["mentioned_in"] == ["pycon-atlantis-2026/keynote"]
    assert (emile["affiliation"], emile["links"]["website"]) == (None, None)


def test_a_package_record_has_a_text_summary_and_its_project_urls():
    (htmx,) = exports.packages_export(GRAPH, BASE)["packages"]
    assert htmx["summary"] == "High power tools & more"
    assert htmx["pypi"] == "https://pypi.org/project/htmx-py/"
    assert htmx["repository"] == "https://github.com/bigskysoftware/htmx"
    assert htmx["documentation"] is None
    # Only the section that talks about htmx counts as a talk about it.
    assert htmx["talks"] == ["pycon-atlantis-2026/keynote",
                             "pycon-atlantis-2026/lightning#htmx-tricks"]


def test_events_are_in_time_order_and_series_list_editions_oldest_first():
    data = exports.events_export(GRAPH, BASE)
    assert [e["id"] for e in data["events"]] == ["pycon-atlantis-2025", "pycon-atlantis-2026"]
    event = data["events"][1]
    assert (event["start"], event["end"], event["year"]) == ("2026-05-14", "2026-05-16", 2026)
    assert (event["city"], event["country"]) == ("Atlantis", "Ocean")
    assert event["website"] == "https://pycon.example.org"
    assert event["aliases"] == ["PCA 2026"] and event["kind"] == "conference"
    assert event["series"] == {"id": "pycon-atlantis", "name": "PyCon Atlantis",
                               "url": f"{BASE}/series/pycon-atlantis/"}
    assert event["notes"] == ["pycon-atlantis-2026/keynote", "pycon-atlantis-2026/lightning"]
    assert data["events"][0]["end"] is None and data["events"][0]["city"] is None
    assert data["series"] == [{"id": "pycon-atlantis", "name": "PyCon Atlantis",
                               "url": f"{BASE}/series/pycon-atlantis/",
                               "events": ["pycon-atlantis-2025", "pycon-atlantis-2026"]}]


def test_every_url_of_every_export_is_absolute_under_the_site_url():
    urls = urls_in(records())
    assert len(urls) > 20
    assert [url for url in urls if not url.startswith(BASE + "/")] == []


def test_robots_asks_crawlers_to_skip_the_drafts_folder_under_the_site_path():
    assert exports.robots_disallow({"DRAFT_URL": "drafts/{slug}.html"}, BASE) == ["/blog/drafts/"]
    assert exports.robots_disallow({"DRAFT_URL": "{slug}.html"}, BASE) == []
    assert exports.robots_disallow({}, BASE) == []


# -- JSON Schemas ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", exports.EXPORTS)
def test_each_export_validates_against_its_json_schema(name):
    schema = exports.schema(name, BASE)
    Draft202012Validator.check_schema(schema)
    data = records()[name]
    Draft202012Validator(schema).validate(data)
    assert data["$schema"] == schema["$id"] == f"{BASE}/api/schema/{name}.schema.json"
    assert (data["version"], data["site"]) == (1, {"url": f"{BASE}/"})
    assert data[name], f"the {name} export is empty: validating it proves little"


@pytest.mark.parametrize(("name", "field"), [
    ("talks", "kind"), ("notes", "talks"), ("speakers", "links"), ("packages", "pypi"),
    ("events", "year"),
])
def test_a_record_missing_a_field_fails_its_schema(name, field):
    data = records()[name]
    del data[name][0][field]
    with pytest.raises(ValidationError, match=repr(field)):
        Draft202012Validator(exports.schema(name, BASE)).validate(data)


def test_the_rooms_export_names_each_room_under_its_event_with_its_talks():
    (room,) = records()["rooms"]["rooms"]
    assert (room["id"], room["name"]) == ("pycon-atlantis-2026/main-hall", "Main Hall")
    assert room["url"] == f"{BASE}/pycon-atlantis-2026/rooms/main-hall/"
    assert room["event"]["id"] == "pycon-atlantis-2026"  # named "PCA 2026", an alias
    assert room["talks"] == ["pycon-atlantis-2026/keynote"]
