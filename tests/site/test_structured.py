"""schema.org JSON-LD for each kind of page, computed from a small hand-built graph (no build)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from confnotes.content.limits import SPEAKERS_SHOWN
from confnotes.content.talks import Section
from confnotes.site import views
from confnotes.site.structured import StructuredData, template_globals

from tests.conftest import graph_from, note_record, profile_record

BASE = "https://notes.example.org/blog"
LD = StructuredData(site_url=BASE, site_name="Conf notes", lang="en")
WEBSITE = {"@type": "WebSite", "@id": f"{BASE}/#website", "name": "Conf notes",
           "url": f"{BASE}/"}
PROFILES = [
    profile_record("event", "pycon-atlantis-2026", name="PyCon Atlantis 2026",
                   series="PyCon Atlantis", start="2026-05-14", end="2026-05-16",
                   city="Atlantis", country="Ocean", website="pycon.example.org"),
    profile_record("speaker", "ann-lee", name="Ann Lee", aliases="A. Lee",
                   affiliation="Atlantis University", website="https://ann.example.org/",
                   mastodon="@ann@fosstodon.example", github="annlee"),
    profile_record("package", "htmx", name="htmx", pypi="htmx-py",
                   repository="github.com/bigskysoftware/htmx",
                   documentation="https://htmx.org/docs/", summary="<p>High <b>power</b></p>"),
]
CROWD = [f"Speaker {chr(ord('A') + i)}" for i in range(SPEAKERS_SHOWN + 2)]


def article(path: str, title: str, day: str, **fields: Any) -> SimpleNamespace:
    """What a note's JSON-LD reads of a Pelican article (its view is added below)."""
    values = {"title": title, "date": datetime.fromisoformat(day), "summary": "",
              "url": path, "lang": "", "tags": [], "authors": []}
    return SimpleNamespace(**{**values, **fields})


KEYNOTE = article("pycon-atlantis-2026/keynote/", "K" * 120, "2026-05-14 09:30+03:00",
                  summary="<p>Why <em>we</em> &amp; you</p>", lang="fr",
                  tags=[SimpleNamespace(name="web")],
                  authors=[SimpleNamespace(name="The blogger")])
LIGHTNING = article("pycon-atlantis-2026/lightning/", "Lightning talks",
                    "2026-05-15 17:00-05:00", modified=datetime.fromisoformat(
                        "2026-05-16 08:00-05:00"))
GRAPH = graph_from([
    note_record("pca/keynote.md", KEYNOTE.title, "2026-05-14 09:30+03:00",
                "PyCon Atlantis 2026", speakers=["Ann Lee"], packages=["htmx"],
                kind="keynote", article=KEYNOTE),
    note_record("pca/lightning.md", "Lightning talks", "2026-05-15 17:00-05:00",
                "PyCon Atlantis 2026", kind="lightning", packages=["htmx"], article=LIGHTNING,
                sections=[Section("htmx-tricks", "htmx tricks", ("Ann Lee",), "htmx"),
                          Section("crowd", "Crowd", tuple(CROWD), "")]),
], PROFILES)
for _path, _view in views.note_views(GRAPH).items():
    GRAPH.note_talks[_path][0].note.confnotes = _view
EVENT = GRAPH.events["pycon-atlantis-2026"]
ANN = GRAPH.speakers["ann-lee"]


def urls_in(value: Any) -> list[str]:
    """Every URL-valued field (`@id`, `url`, `urlTemplate`, `mainEntityOfPage`, `sameAs`)."""
    if isinstance(value, dict):
        found = [v for k, v in value.items()
                 if k in {"@id", "url", "urlTemplate", "mainEntityOfPage", "codeRepository"}]
        found += value.get("sameAs", [])
        return found + [url for item in value.values() for url in urls_in(item)]
    if isinstance(value, list):
        return [url for item in value for url in urls_in(item)]
    return []


def test_the_home_page_is_a_website_with_a_search_action():
    data = LD.website()
    assert data["@context"] == "https://schema.org"
    assert {k: data[k] for k in WEBSITE} == WEBSITE
    assert data["potentialAction"]["target"]["urlTemplate"] == (
        f"{BASE}/search/?q={{search_term_string}}")
    assert data["potentialAction"]["query-input"] == "required name=search_term_string"
    assert "description" not in data  # empty values are left out, never written as ""


def test_any_other_page_names_itself_and_the_site_it_is_part_of():
    data = LD.web_page("Speakers", f"{BASE}/speakers/", "CollectionPage")
    assert data == {"@context": "https://schema.org", "@type": "CollectionPage",
                    "@id": f"{BASE}/speakers/", "name": "Speakers", "url": f"{BASE}/speakers/",
                    "inLanguage": "en", "isPartOf": WEBSITE}


def test_a_note_is_a_blog_posting_about_its_talk_with_offset_dates():
    data = LD.note(KEYNOTE)
    url = f"{BASE}/pycon-atlantis-2026/keynote/"
    assert (data["@type"], data["@id"], data["url"], data["mainEntityOfPage"]) == (
        "BlogPosting", url + "#note", url, url)
    assert data["headline"] == "K" * 110 and data["name"] == "K" * 120
    assert data["description"] == "Why we & you"
    assert data["datePublished"] == data["dateModified"] == "2026-05-14T09:30:00+03:00"
    assert data["inLanguage"] == "fr"
    assert data["author"] == [{"@type": "Person", "name": "The blogger"}]
    assert data["keywords"] == ["web"]
    assert data["about"]["@type"] == "Event" and data["about"]["name"] == "K" * 120
    assert data["mentions"] == [{"@type": "SoftwareSourceCode", "@id": f"{BASE}/packages/htmx/"
                                 "#package", "name": "htmx", "url": f"{BASE}/packages/htmx/"}]
    assert data["isPartOf"] == WEBSITE


def test_a_multi_talk_note_is_about_each_of_its_talks():
    data = LD.note(LIGHTNING)
    assert [talk["@id"] for talk in data["about"]] == [
        f"{BASE}/pycon-atlantis-2026/lightning/#htmx-tricks",
        f"{BASE}/pycon-atlantis-2026/lightning/#crowd"]
    assert (data["datePublished"], data["dateModified"]) == (
        "2026-05-15T17:00:00-05:00", "2026-05-16T08:00:00-05:00")
    assert data["inLanguage"] == "en"  # the site's language when the note gives none
    assert "author" not in data and "keywords" not in data


def test_a_talk_is_an_event_of_its_event_with_its_place():
    talk = GRAPH.note_talks["pca/keynote.md"][0]
    data = LD.talk(talk)
    assert data["@id"] == f"{BASE}/pycon-atlantis-2026/keynote/#talk"
    assert data["startDate"] == "2026-05-14"
    assert data["performer"] == [{"@type": "Person", "@id": f"{BASE}/speakers/ann-lee/#person",
                                  "name": "Ann Lee", "url": f"{BASE}/speakers/ann-lee/"}]
    assert data["superEvent"]["@id"] == f"{BASE}/events/pycon-atlantis-2026/#event"
    assert data["location"] == {"@type": "Place", "name": "Atlantis, Ocean",
                                "address": {"@type": "PostalAddress",
                                            "addressLocality": "Atlantis",
                                            "addressCountry": "Ocean"}}
    assert "superEvent" not in LD.talk(talk, with_event=False)


def test_an_event_page_has_its_dates_place_series_website_and_talks():
    data = LD.event(EVENT, GRAPH.event_talks[EVENT.slug])
    assert (data["@type"], data["@id"], data["name"]) == (
        "Event", f"{BASE}/events/pycon-atlantis-2026/#event", "PyCon Atlantis 2026")
    assert (data["startDate"], data["endDate"]) == ("2026-05-14", "2026-05-16")
    assert data["location"]["name"] == "Atlantis, Ocean"
    assert data["sameAs"] == ["https://pycon.example.org"]
    assert data["superEvent"] == {"@type": "EventSeries",
                                  "@id": f"{BASE}/series/pycon-atlantis/#series",
                                  "name": "PyCon Atlantis",
                                  "url": f"{BASE}/series/pycon-atlantis/"}
    assert [talk["name"] for talk in data["subEvent"]] == [KEYNOTE.title, "htmx tricks", "Crowd"]
    assert all("superEvent" not in talk for talk in data["subEvent"])


def test_a_series_page_lists_its_editions():
    data = LD.series(EVENT.series, [EVENT])
    assert data["@type"] == "EventSeries"
    assert [e["@id"] for e in data["subEvent"]] == [f"{BASE}/events/pycon-atlantis-2026/#event"]


def test_a_speaker_page_is_a_person_with_profiles_elsewhere_and_capped_performers():
    data = LD.person(ANN, GRAPH.speaker_talks["ann-lee"])
    assert (data["@type"], data["@id"]) == ("Person", f"{BASE}/speakers/ann-lee/#person")
    assert data["alternateName"] == ["A. Lee"]
    assert data["sameAs"] == ["https://ann.example.org/", "https://fosstodon.example/@ann",
                              "https://github.com/annlee"]
    assert data["affiliation"] == {"@type": "Organization", "name": "Atlantis University"}
    assert data["mainEntityOfPage"] == f"{BASE}/speakers/ann-lee/"
    crowd = LD.person(GRAPH.speakers["speaker-a"], GRAPH.speaker_talks["speaker-a"])
    (talk,) = crowd["performerIn"]
    assert [p["name"] for p in talk["performer"]] == CROWD[:SPEAKERS_SHOWN]


def test_a_package_page_is_source_code_with_its_repository_and_talks():
    package = GRAPH.packages["htmx"]
    data = LD.package(package, GRAPH.package_talks["htmx"])
    assert (data["@type"], data["@id"]) == ("SoftwareSourceCode",
                                            f"{BASE}/packages/htmx/#package")
    assert data["description"] == "High power"
    assert data["codeRepository"] == "https://github.com/bigskysoftware/htmx"
    assert data["programmingLanguage"] == "Python"
    assert data["sameAs"] == ["https://pypi.org/project/htmx-py/", "https://htmx.org/docs/"]
    assert [talk["name"] for talk in data["subjectOf"]] == [KEYNOTE.title, "htmx tricks"]


def test_every_url_of_every_page_kind_is_absolute():
    pages = [LD.website(), LD.note(KEYNOTE), LD.note(LIGHTNING),
             LD.event(EVENT, GRAPH.event_talks[EVENT.slug]), LD.series(EVENT.series, [EVENT]),
             LD.person(ANN, GRAPH.speaker_talks["ann-lee"]),
             LD.package(GRAPH.packages["htmx"], GRAPH.package_talks["htmx"])]
    urls = urls_in(pages)
    assert len(urls) > 30
    assert [url for url in urls if not url.startswith("https://")] == []


def test_relative_hrefs_resolve_against_the_page_they_are_written_on():
    assert LD.absolute("../../speakers/x/", "events/a/index.html") == f"{BASE}/speakers/x/"
    assert LD.absolute("", "events/a/index.html") == f"{BASE}/events/a/"
    assert LD.absolute("https://elsewhere.example/", "index.html") == "https://elsewhere.example/"


def test_templates_get_the_site_url_without_its_trailing_slash():
    found = template_globals({"SITEURL": BASE + "/", "SITENAME": "Conf notes",
                              "DEFAULT_LANG": "de"})
    assert found["ABSOLUTE_SITEURL"] == BASE
    assert found["confnotes_jsonld"].url("speakers/") == f"{BASE}/speakers/"
    assert found["confnotes_jsonld"].website()["inLanguage"] == "de"
