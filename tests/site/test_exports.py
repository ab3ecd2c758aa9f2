"""Exports (/api/*.json and their JSON Schemas), the sitemap, robots.txt, structured data and
the search index, read back from real builds."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from confnotes.search.index import index_site, plan_index
from confnotes.site.exports import EXPORTS, OPTIONAL_EXPORTS
from jsonschema import Draft202012Validator

SITEURL = "http://127.0.0.1:8000"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LIGHTNING = "djangocon-europe-2026/lightning-talks-day-2"


def load(site: Any, name: str) -> dict[str, Any]:
    """An export (or any JSON file) of a built site."""
    return json.loads((site.output / name).read_text(encoding="utf-8"))


def exports(site: Any) -> dict[str, dict[str, Any]]:
    """Every /api/ export of a built site, by name (rooms.json only on a site with rooms)."""
    return {name: load(site, f"api/{name}.json") for name in EXPORTS
            if name not in OPTIONAL_EXPORTS or (site.output / f"api/{name}.json").exists()}


def json_ld(page: Any) -> dict[str, Any]:
    """The one JSON-LD block of a parsed page."""
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def served_file(output: Path, url: str, site_url: str = SITEURL) -> Path:
    """The file an absolute URL of the site is served from."""
    path = url.removeprefix(site_url).split("#", 1)[0].lstrip("/")
    return output / path / "index.html" if not path or path.endswith("/") else output / path


# -- exports -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
def test_each_export_is_versioned_and_valid_against_its_shipped_schema(sample_site, name):
    data = load(sample_site, f"api/{name}.json")
    schema = load(sample_site, f"api/schema/{name}.schema.json")
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(data)
    assert data["version"] == 1
    assert data["$schema"] == schema["$id"] == f"{SITEURL}/api/schema/{name}.schema.json"
    assert data["site"] == {"url": SITEURL + "/"}


def test_export_urls_are_absolute_and_every_one_is_a_page_of_the_site(sample_site):
    urls = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "url" and isinstance(item, str):
                    urls.append(item)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(exports(sample_site))
    assert len(urls) > 100
    for url in urls:
        assert url.startswith(SITEURL + "/"), url
        assert served_file(sample_site.output, url).is_file(), url


def test_ids_are_unique_and_every_reference_resolves(sample_site):
    data = exports(sample_site)
    ids = {name: [item["id"] for item in data[name][name]] for name in EXPORTS}
    ids["series"] = [item["id"] for item in data["events"]["series"]]
    for name, values in ids.items():
        assert len(values) == len(set(values)), name
    talks, notes = set(ids["talks"]), set(ids["notes"])
    assert talks and notes and ids["events"] and ids["series"], "nothing to cross-check"
    for talk in data["talks"]["talks"]:
        assert talk["note"] in notes
        assert {s["id"] for s in talk["speakers"]} <= set(ids["speakers"])
        assert {p["id"] for p in talk["packages"]} <= set(ids["packages"])
        assert talk["event"] is None or talk["event"]["id"] in ids["events"]
    for note in data["notes"]["notes"]:
        assert set(note["talks"]) <= talks
    for kind in ("speakers", "packages"):
        for item in data[kind][kind]:
            assert set(item["talks"]) <= talks and set(item["mentioned_in"]) <= talks | notes
    for event in data["events"]["events"]:
        assert set(event["talks"]) <= talks and set(event["notes"]) <= notes
    for series in data["events"]["series"]:
        assert set(series["events"]) <= set(ids["events"])


def test_each_lightning_talk_is_a_talk_of_its_own(sample_site):
    talks = [t for t in load(sample_site, "api/talks.json")["talks"] if t["note"] == LIGHTNING]
    assert len(talks) == 6
    jwt = next(t for t in talks if t["title"] == "To JWT or not to JWT")
    assert jwt["id"] == f"{LIGHTNING}#to-jwt-or-not-to-jwt" == f"{LIGHTNING}#{jwt['anchor']}"
    assert jwt["url"] == f"{SITEURL}/{LIGHTNING}/#to-jwt-or-not-to-jwt"
    assert [s["name"] for s in jwt["speakers"]] == ["Benedikt"]
    assert jwt["kind"] == "lightning" and jwt["event"]["id"] == "djangocon-europe-2026"
    note = next(n for n in load(sample_site, "api/notes.json")["notes"] if n["id"] == LIGHTNING)
    assert note["talks"] == [t["id"] for t in talks]


NOTES = {
    "x/shown.md": """\
        Title: </script><script>alert(1)</script> & 'quotes' <b>bold</b>
        Date: 2026-03-01
        Event: Example Con
        Speakers: Ann Lee
        Summary: A <em>short</em> summary

        Body.
        """,
    "x/draft.md": "Title: Draft note\nDate: 2026-03-02\nEvent: Example Con\nStatus: draft\n\nx\n",
    "x/hidden.md": "Title: Hidden note\nDate: 2026-03-03\nStatus: hidden\n\nx\n",
}
EVIL_TITLE = "</script><script>alert(1)</script> & 'quotes' <b>bold</b>"


def test_drafts_and_hidden_notes_are_in_no_export_sitemap_or_search(make_site):
    site = make_site(NOTES)
    data = exports(site)
    assert [n["title"] for n in data["notes"]["notes"]] == [EVIL_TITLE]
    assert [t["title"] for t in data["talks"]["talks"]] == [EVIL_TITLE]
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "draft" not in sitemap and "hidden" not in sitemap
    plan = plan_index(site.output)
    assert [page.url for page in plan.pages] == ["/example-con/shown/"] and plan.records == ()


def test_html_in_metadata_is_text_in_exports_and_cannot_break_out_of_json_ld(make_site):
    site = make_site(NOTES)
    for name in exports(site):
        raw = (site.output / "api" / f"{name}.json").read_text(encoding="utf-8")
        assert "<" not in raw and ">" not in raw and "&" not in raw, name
    note = load(site, "api/notes.json")["notes"][0]
    assert note["summary"] == "A <em>short</em> summary"  # as written: text, never markup
    page = site.page("example-con/shown/")
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    data = json_ld(page)
    assert data["headline"] == data["name"] == EVIL_TITLE
    raw_page = (site.output / "example-con" / "shown" / "index.html").read_text(encoding="utf-8")
    assert "</script><script>alert(1)" not in raw_page


# -- sitemap and robots.txt --------------------------------------------------------------------


def test_the_sitemap_lists_every_page_and_nothing_else(sample_site):
    tree = ET.parse(sample_site.output / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)]
    assert len(locs) == len(set(locs))
    pages = {f"{SITEURL}/" + str(path.relative_to(sample_site.output).as_posix())
             .removesuffix("index.html")
             for path in sample_site.output.rglob("*.html")}
    assert set(locs) == pages
    lastmods = tree.getroot().findall("s:url/s:lastmod", SITEMAP_NS)
    assert lastmods and all(re.fullmatch(r"\d{4}-\d\d-\d\d", m.text) for m in lastmods)


def test_robots_txt_points_at_the_sitemap(sample_site):
    robots = (sample_site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()
    assert "Disallow: /drafts/" in robots.splitlines()


def test_published_urls_are_absolute_under_a_subpath(make_site):
    site = make_site({"x/a.md": "Title: A\nDate: 2026-01-01\n\nBody.\n"},
                     SITEURL="https://example.org/notes-site", RELATIVE_URLS=False)
    page = site.page("notes/a/")
    assert page.find("link", rel="canonical")["href"] == "https://example.org/notes-site/notes/a/"
    assert json_ld(page)["url"] == "https://example.org/notes-site/notes/a/"
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow: /notes-site/drafts/" in robots
    assert "Sitemap: https://example.org/notes-site/sitemap.xml" in robots


# -- structured data ---------------------------------------------------------------------------


def test_a_note_is_a_blog_posting_about_its_talks(sample_site):
    data = json_ld(sample_site.page(f"{LIGHTNING}/"))
    assert data["@type"] == "BlogPosting" and data["url"] == f"{SITEURL}/{LIGHTNING}/"
    assert len(data["about"]) == 6
    jwt = next(talk for talk in data["about"] if talk["name"] == "To JWT or not to JWT")
    assert jwt["@type"] == "Event" and jwt["url"].endswith("#to-jwt-or-not-to-jwt")
    assert jwt["performer"] == [{"@type": "Person", "@id": f"{SITEURL}/speakers/benedikt/#person",
                                 "name": "Benedikt", "url": f"{SITEURL}/speakers/benedikt/"}]
    assert jwt["superEvent"]["@id"] == f"{SITEURL}/events/djangocon-europe-2026/#event"
    single = json_ld(sample_site.page("djangocon-us-2025/django-for-ai/"))
    assert single["about"]["@type"] == "Event" and single["datePublished"].startswith("2025-09")


def test_an_event_page_is_an_event_with_dates_place_series_and_talks(sample_site):
    data = json_ld(sample_site.page("events/djangocon-europe-2026/"))
    assert data["@type"] == "Event" and data["name"] == "DjangoCon Europe 2026"
    assert (data["startDate"], data["endDate"]) == ("2026-04-15", "2026-04-19")
    assert data["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Athens",
                                           "addressCountry": "Greece"}
    assert data["superEvent"]["@type"] == "EventSeries"
    assert len(data["subEvent"]) >= 6
    assert all(talk["performer"] for talk in data["subEvent"])


def test_speakers_are_people_and_packages_software(sample_site):
    person = json_ld(sample_site.page("speakers/paolo-melchiorre/"))
    assert person["@type"] == "Person" and person["name"] == "Paolo Melchiorre"
    assert "https://fosstodon.org/@paulox" in person["sameAs"]
    assert person["performerIn"]
    package = json_ld(sample_site.page("packages/django-csp/"))
    assert package["@type"] == "SoftwareSourceCode"
    assert package["codeRepository"] == "https://github.com/mozilla/django-csp"
    home = json_ld(sample_site.page(""))
    assert home["@type"] == "WebSite"
    search = home["potentialAction"]["target"]["urlTemplate"]
    assert search == f"{SITEURL}/search/?q={{search_term_string}}"


# -- the search index --------------------------------------------------------------------------


def test_indexing_splits_multi_talk_notes_and_never_keeps_stale_files(make_site):
    site = make_site({
        "ev/lightning.md": """\
            Title: Lightning talks
            Date: 2026-05-01
            Event: Example Con
            Kind: lightning
            Packages: htmx

            Before the talks.

            ## First talk - Ann Lee

            About htmx.

            ## Second talk - Bob Ray

            About nothing.
            """,
        "ev/single.md": "Title: Single\nDate: 2026-05-02\nEvent: Example Con\n\nBody.\n",
    })
    stale = site.output / "pagefind" / "fragment" / "old.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_text("stale", encoding="utf-8")
    report = index_site(site.output)
    assert not stale.exists()
    assert (site.output / "pagefind" / "pagefind.js").is_file()
    assert (report.pages, report.records) == (1, 2)
    records = {r.url: r for r in plan_index(site.output).records}
    first = records["/example-con/lightning/#first-talk"]
    assert first.meta["title"] == "First talk" and first.meta["note"] == "Lightning talks"
    assert first.filters == {"event": ["Example Con"], "kind": ["lightning"], "year": ["2026"],
                             "speaker": ["Ann Lee"], "package": ["htmx"]}
    assert "About htmx." in first.content and "nothing" not in first.content
    intro = records["/example-con/lightning/"]
    assert "Before the talks." in intro.content and "speaker" not in intro.filters


def _entry_counts(bundle: Path) -> dict[str, int]:
    """How many results each part of an index holds, by the parts' listing."""
    listing = json.loads((bundle / "confnotes-parts.json").read_text(encoding="utf-8"))
    return {part: json.loads((bundle / part / "pagefind-entry.json").read_text(
        encoding="utf-8"))["languages"]["en"]["page_count"] for part in listing["parts"]}


def _part_holding(path: Path) -> str:
    """The part a file of an index belongs to: `part-N`, or the root's part 1."""
    return path.parts[0] if path.parts[0].startswith("part-") else "./"


FIVE_NOTES = {f"ev/note-{n}.md": f"Title: Note {n}\nDate: 2026-05-0{n}\nEvent: Example Con\n\n"
              f"Body {n}.\n" for n in range(1, 6)}


def test_a_large_index_is_built_in_parts_that_together_hold_every_result(make_site):
    site = make_site(FIVE_NOTES)
    bundle = site.output / "pagefind"
    stale = bundle / "part-9" / "pagefind-entry.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    report = index_site(site.output, part_size=2)
    counts = _entry_counts(bundle)
    assert len(counts) == report.parts > 1 and f"({report.parts} parts)" in report.summary()
    assert sum(counts.values()) == 5
    assert not stale.parent.exists()
    folders = sorted(p.name for p in bundle.iterdir() if p.is_dir())
    assert folders == sorted(["filter", "fragment", "index",
                              *(part.rstrip("/") for part in counts if part != "./")])
    assert not (site.output / ".pagefind-parts").exists()


def test_indexing_again_rebuilds_only_the_parts_whose_notes_changed(make_site):
    site = make_site(FIVE_NOTES)
    bundle = site.output / "pagefind"
    first = index_site(site.output, part_size=2)
    times = {p: p.stat().st_mtime_ns for p in bundle.rglob("*") if p.is_file()}
    again = index_site(site.output, part_size=2)
    assert again.rebuilt == 0 and "0 rebuilt" in again.summary()
    assert {p: p.stat().st_mtime_ns for p in bundle.rglob("*") if p.is_file()} == times
    page = site.output / "example-con" / "note-3" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Body 3.", "Body three, edited."),
                    encoding="utf-8")
    edited = index_site(site.output, part_size=2)
    assert edited.rebuilt == 1 and edited.parts == first.parts
    changed = {_part_holding(p.relative_to(bundle)) for p in bundle.rglob("*")
               if p.is_file() and times.get(p) != p.stat().st_mtime_ns}
    assert len(changed) == 1, changed
    assert sum(_entry_counts(bundle).values()) == 5


def test_a_part_left_unfinished_is_built_again_and_the_others_kept(make_site):
    site = make_site(FIVE_NOTES)
    bundle = site.output / "pagefind"
    index_site(site.output, part_size=2)
    parts = sorted(_entry_counts(bundle))
    (bundle / parts[0] / "confnotes-input.digest").unlink()  # as if stopped before the end
    shutil.rmtree(bundle / parts[-1])
    report = index_site(site.output, part_size=2)
    assert report.rebuilt == 2 and sorted(_entry_counts(bundle)) == parts
    assert sum(_entry_counts(bundle).values()) == 5


def test_a_small_index_is_one_part(make_site):
    site = make_site({"ev/one.md": "Title: One\nDate: 2026-05-01\nEvent: Example Con\n\nBody.\n"})
    report = index_site(site.output)
    assert report.parts == 1 and "(1 part)" in report.summary()
    assert list(_entry_counts(site.output / "pagefind").values()) == [1]
