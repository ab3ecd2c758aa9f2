"""The entity graph, built directly from records (no Pelican)."""

from datetime import datetime

from confnotes.content.talks import Section
from confnotes.graph.graph import NoteRecord, Profile, build_graph
from confnotes.settings import ConfnotesSettings
from confnotes.site import views
from pelican.settings import DEFAULT_CONFIG

SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


def note(path, title, day, event="", speakers=(), packages=(), kind="talk", sections=()):
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    return NoteRecord(source_path=path, title=title, slug=slug, date=datetime.fromisoformat(day),
                      url=f"notes/{slug}/", event=event, speakers=tuple(speakers),
                      packages=tuple(packages), kind=kind, sections=tuple(sections))


def profile(kind, slug, **metadata):
    return Profile(kind=kind, slug=slug, metadata=metadata, body="",
                   source_path=f"{kind}s/{slug}.md")


PROFILES = [
    profile("speaker", "paolo-melchiorre", name="Paolo Melchiorre", aliases="Paulo Melchiori"),
    profile("package", "djangorestframework", name="Django REST framework", aliases="DRF"),
    profile("event", "djangocon-europe-2026", name="DjangoCon Europe 2026",
            aliases="Djangocon EU 2026", series="DjangoCon Europe", start="2026-04-15"),
    profile("event", "djangocon-europe-2025", name="DjangoCon Europe 2025",
            series="DjangoCon Europe", start="2025-04-23"),
]

LIGHTNING = note(
    "dceu/lightning.md", "Lightning talks", "2026-04-16", event="Djangocon EU 2026",
    speakers=["Benedikt", "Alissa Gerhard"], packages=["django-mediastorage"], kind="lightning",
    sections=[Section("to-jwt", "To JWT or not to JWT", ("Benedikt",), "tokens"),
              Section("django-mediastorage", "django-mediastorage", ("Alissa Gerhard",),
                      "django-mediastorage serves files")])


def graph_of(*notes):
    return build_graph(notes, PROFILES, ConfnotesSettings(), SUBS)


def test_aliases_case_and_diacritics_resolve_to_one_speaker():
    graph = graph_of(
        note("a.md", "A", "2026-04-15", speakers=["paolo melchiorre"]),
        note("b.md", "B", "2026-04-16", speakers=["Paulo Melchiori"]),
        note("c.md", "C", "2026-04-17", speakers=["Páolo  Melchiorre"]),
    )
    assert list(graph.speakers) == ["paolo-melchiorre"]
    speaker = graph.speakers["paolo-melchiorre"]
    assert speaker.name == "Paolo Melchiorre"
    assert [t.title for t in graph.speaker_talks["paolo-melchiorre"]] == ["A", "B", "C"]


def test_unknown_names_get_an_entity_named_as_first_written():
    graph = graph_of(note("a.md", "A", "2026-01-01", speakers=["Ann Lee"]),
                     note("b.md", "B", "2026-01-02", speakers=["ann lee"]))
    assert graph.speakers["ann-lee"].name == "Ann Lee"
    assert len(graph.speaker_talks["ann-lee"]) == 2


def test_package_names_resolve_the_pypi_way_and_through_aliases():
    graph = graph_of(note("a.md", "A", "2026-01-01", packages=["DRF", "Zope_Interface"]),
                     note("b.md", "B", "2026-01-02", packages=["zope.interface"]))
    assert set(graph.packages) == {"djangorestframework", "zope-interface"}
    assert len(graph.package_talks["zope-interface"]) == 2


def test_each_section_of_a_multi_talk_note_is_a_talk_of_its_own():
    graph = graph_of(LIGHTNING)
    event_talks = graph.event_talks["djangocon-europe-2026"]
    assert [t.title for t in event_talks] == ["To JWT or not to JWT", "django-mediastorage"]
    assert [t.url for t in event_talks] == [
        "djangocon-europe-2026/lightning/#to-jwt",
        "djangocon-europe-2026/lightning/#django-mediastorage"]
    assert [t.title for t in graph.speaker_talks["benedikt"]] == ["To JWT or not to JWT"]
    # the package is credited only to the section that talks about it
    assert [t.title for t in graph.package_talks["django-mediastorage"]] == ["django-mediastorage"]


def test_events_resolve_by_alias_and_series_list_editions_in_order():
    graph = graph_of(LIGHTNING, note("x.md", "X", "2025-04-24", event="djangocon-europe-2025"))
    assert graph.note_event["dceu/lightning.md"].slug == "djangocon-europe-2026"
    assert [e.slug for e in graph.series_events["djangocon-europe"]] == [
        "djangocon-europe-2025", "djangocon-europe-2026"]


def test_an_event_without_profile_takes_its_year_from_its_first_talk():
    graph = graph_of(note("a.md", "A", "2024-05-02", event="PyCon Atlantis 2024"))
    event = graph.events["pycon-atlantis-2024"]
    assert (event.name, event.year, event.series) == ("PyCon Atlantis 2024", 2024, None)


def test_two_profiles_claiming_one_alias_are_reported_with_both_files():
    profiles = [*PROFILES, profile("speaker", "paulo", name="Paulo Melchiori")]
    graph = build_graph([], profiles, ConfnotesSettings(), SUBS)
    assert any("speakers/paulo.md" in p.source_path and "speakers/paolo-melchiorre.md" in p.message
               for p in graph.problems)


def test_an_event_page_keeps_notes_outside_its_dates_apart():
    profiles = [*PROFILES, profile("event", "pycon-atlantis-2026", name="PyCon Atlantis 2026",
                                   start="2026-05-14", end="2026-05-16")]
    graph = build_graph([
        note("a.md", "Preview", "2026-05-13 20:00", event="PyCon Atlantis 2026"),
        note("b.md", "First day", "2026-05-14 09:00", event="PyCon Atlantis 2026"),
        note("c.md", "Last day", "2026-05-16 23:59", event="PyCon Atlantis 2026"),
        note("d.md", "Recap", "2026-05-23", event="PyCon Atlantis 2026"),
    ], profiles, ConfnotesSettings(), SUBS)
    page = views.event_page(graph, graph.events["pycon-atlantis-2026"])
    assert [t.title for t in page["before"]] == ["Preview"]
    assert [(day.isoformat(), [t.title for _kind, talks in kinds for t in talks])
            for day, kinds in page["days"]] == [("2026-05-14", ["First day"]),
                                                ("2026-05-16", ["Last day"])]
    assert [t.title for t in page["after"]] == ["Recap"]
    assert len(page["talks"]) == 4  # the structured data still lists every note of the event


def test_an_event_with_a_start_only_lasts_one_day():
    graph = graph_of(note("a.md", "Opening", "2025-04-23", event="djangocon-europe-2025"),
                     note("b.md", "Next day", "2025-04-24", event="djangocon-europe-2025"))
    page = views.event_page(graph, graph.events["djangocon-europe-2025"])
    assert [day.isoformat() for day, _kinds in page["days"]] == ["2025-04-23"]
    assert [t.title for t in page["after"]] == ["Next day"] and page["before"] == []


def test_the_series_index_lists_series_a_to_z_with_editions_newest_first():
    graph = graph_of(LIGHTNING, note("x.md", "X", "2025-04-24", event="djangocon-europe-2025"))
    listing = views.series_index(graph)["series_list"]
    assert [(series.name, [s.event.slug for s in editions]) for series, editions in listing] == [
        ("DjangoCon Europe", ["djangocon-europe-2026", "djangocon-europe-2025"])]
    assert views.events_index(graph)["has_series"] is True
    alone = build_graph([note("a.md", "A", "2026-01-01", event="PyCon Atlantis 2026")], [],
                        ConfnotesSettings(), SUBS)
    assert views.events_index(alone)["has_series"] is False
    assert views.series_index(alone)["series_list"] == []


def test_one_note_with_a_placeholder_date_does_not_move_its_events_year():
    graph = graph_of(note("z.md", "Imported", "1970-01-01", event="PyCon Atlantis 2017"),
                     note("a.md", "A", "2017-10-28", event="PyCon Atlantis 2017"),
                     note("b.md", "B", "2017-10-29", event="PyCon Atlantis 2017"))
    assert graph.events["pycon-atlantis-2017"].year == 2017
    years = [label for label, _groups in views.events_index(graph)["years"]]
    assert years == ["2026", "2025", "2017"]  # the profiles' events, then this one


def test_a_tie_between_a_placeholder_and_a_real_year_goes_to_the_later_year():
    graph = graph_of(note("z.md", "Imported", "1900-01-01", event="PyCon Atlantis 2019"),
                     note("a.md", "A", "2019-05-02", event="PyCon Atlantis 2019"))
    assert graph.events["pycon-atlantis-2019"].year == 2019


def test_an_events_year_comes_from_its_profile_dates_before_its_notes():
    profiles = [*PROFILES,
                profile("event", "pycon-atlantis-2018", name="PyCon Atlantis 2018",
                        start="2018-11-30", end="2018-12-02"),
                profile("event", "pycon-atlantis-2016", name="PyCon Atlantis 2016",
                        end="2016-06-01")]
    graph = build_graph([note("a.md", "Recap", "2019-01-10", event="PyCon Atlantis 2018"),
                         note("b.md", "Late", "2017-01-10", event="PyCon Atlantis 2016")],
                        profiles, ConfnotesSettings(), SUBS)
    assert graph.events["pycon-atlantis-2018"].year == 2018
    assert graph.events["pycon-atlantis-2016"].year == 2016


def test_an_event_without_dates_or_notes_is_listed_as_undated_last():
    profiles = [*PROFILES, profile("event", "pycon-atlantis", name="PyCon Atlantis")]
    graph = build_graph([note("a.md", "A", "2026-04-16", event="djangocon-europe-2026")],
                        profiles, ConfnotesSettings(), SUBS)
    years = views.events_index(graph)["years"]
    assert [label for label, _groups in years] == ["2026", "2025", "Undated"]
    assert [s.event.slug for _series, summaries in years[-1][1] for s in summaries] == [
        "pycon-atlantis"]


def test_the_events_page_never_lists_a_year_0(make_site):
    site = make_site({
        "events/pycon-atlantis.md": "Name: PyCon Atlantis\n\nAll its notes were rejected.\n",
        "pycon/a.md": "Title: A\nDate: 2017-10-28\nEvent: PyCon Atlantis 2017\n\nA.\n",
        "pycon/b.md": "Title: B\nDate: 2017-10-29\nEvent: PyCon Atlantis 2017\n\nB.\n",
        "pycon/c.md": "Title: Imported\nDate: 1970-01-01\nEvent: PyCon Atlantis 2017\n\nC.\n",
    })
    page = site.page("events/")
    headings = [h.get_text(strip=True) for h in page.select("section.year h2")]
    assert headings == ["2017", "Undated"]
    undated = page.select("section.year")[-1]
    assert [a.get_text(strip=True) for a in undated.select(".event-list a")][:1] == [
        "PyCon Atlantis"]
