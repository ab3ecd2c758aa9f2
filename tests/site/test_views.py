"""What each page is given to show, computed from small hand-built graphs (no Pelican build)."""

from __future__ import annotations

from types import SimpleNamespace

from confnotes.content.limits import ENTITIES_SHOWN
from confnotes.site import views

from tests.conftest import graph_from, note_record, profile_record

ATLANTIS = profile_record("event", "pycon-atlantis-2026", name="PyCon Atlantis 2026",
                          series="PyCon Atlantis", start="2026-05-14", end="2026-05-16")
EDITIONS = [
    profile_record("event", "pycon-atlantis-2024", name="PyCon Atlantis 2024",
                   series="PyCon Atlantis", start="2024-05-10"),
    profile_record("event", "pycon-atlantis-2025", name="PyCon Atlantis 2025",
                   series="PyCon Atlantis", start="2025-05-12"),
]


def titles(talks):
    return [talk.title for talk in talks]


def names(counted):
    return [(entity.name, count) for entity, count in counted]


# -- event pages -------------------------------------------------------------------------------


def test_an_event_page_lists_days_in_date_order_and_kinds_in_schedule_order():
    graph = graph_from([
        note_record("a.md", "Lightning talks", "2026-05-14 17:00", "PyCon Atlantis 2026",
                    kind="lightning"),
        note_record("b.md", "Second day talk", "2026-05-15 10:00", "PyCon Atlantis 2026"),
        note_record("c.md", "Morning talk", "2026-05-14 09:00", "PyCon Atlantis 2026"),
        note_record("d.md", "Opening keynote", "2026-05-14 11:00", "PyCon Atlantis 2026",
                    kind="keynote"),
        note_record("e.md", "Afternoon talk", "2026-05-14 15:00", "PyCon Atlantis 2026"),
    ], [ATLANTIS])
    page = views.event_page(graph, graph.events["pycon-atlantis-2026"])
    shown = [(day.isoformat(), [(kind, titles(talks)) for kind, talks in kinds])
             for day, kinds in page["days"]]
    assert shown == [
        ("2026-05-14", [("keynote", ["Opening keynote"]),
                        ("talk", ["Morning talk", "Afternoon talk"]),
                        ("lightning", ["Lightning talks"])]),
        ("2026-05-15", [("talk", ["Second day talk"])]),
    ]
    assert page["page_title"] == "PyCon Atlantis 2026"


def test_talks_dated_before_or_after_the_event_are_listed_apart_in_date_order():
    graph = graph_from([
        note_record("late.md", "Recap", "2026-06-01", "PyCon Atlantis 2026"),
        note_record("early2.md", "Travel", "2026-05-13", "PyCon Atlantis 2026"),
        note_record("early1.md", "Preview", "2026-05-01", "PyCon Atlantis 2026"),
        note_record("during.md", "Talk", "2026-05-16 18:00", "PyCon Atlantis 2026"),
        note_record("later.md", "Late recap", "2026-05-17", "PyCon Atlantis 2026"),
    ], [ATLANTIS])
    page = views.event_page(graph, graph.events["pycon-atlantis-2026"])
    assert titles(page["before"]) == ["Preview", "Travel"]
    assert titles(page["after"]) == ["Late recap", "Recap"]
    assert [day.isoformat() for day, _kinds in page["days"]] == ["2026-05-16"]


def test_an_event_without_dates_shows_every_talk_on_its_days():
    graph = graph_from([note_record("a.md", "A", "2026-01-01", "PyCon Nowhere"),
                        note_record("b.md", "B", "2026-03-01", "PyCon Nowhere")])
    page = views.event_page(graph, graph.events["pycon-nowhere"])
    assert page["before"] == [] and page["after"] == []
    assert [day.isoformat() for day, _kinds in page["days"]] == ["2026-01-01", "2026-03-01"]


def test_an_event_page_lists_speakers_a_to_z_with_their_talk_counts():
    graph = graph_from([
        note_record("a.md", "A", "2026-05-14", "PyCon Atlantis 2026", speakers=["Zoe Quinn"]),
        note_record("b.md", "B", "2026-05-14", "PyCon Atlantis 2026",
                    speakers=["Zoe Quinn", "Émile Borel"]),
        note_record("c.md", "C", "2026-05-15", "PyCon Atlantis 2026", speakers=["ann lee"]),
    ], [ATLANTIS])
    page = views.event_page(graph, graph.events["pycon-atlantis-2026"])
    assert names(page["speakers"]) == [("ann lee", 1), ("Émile Borel", 1), ("Zoe Quinn", 2)]


def test_other_editions_of_the_series_are_listed_newest_first_without_this_one():
    graph = graph_from([
        note_record("a.md", "A", "2024-05-10", "PyCon Atlantis 2024", speakers=["Ann Lee"]),
        note_record("b.md", "B", "2024-05-10", "PyCon Atlantis 2024", speakers=["Bob Ray"]),
        note_record("c.md", "C", "2025-05-12", "PyCon Atlantis 2025", speakers=["Ann Lee"]),
    ], [ATLANTIS, *EDITIONS])
    page = views.event_page(graph, graph.events["pycon-atlantis-2025"])
    editions = [(s.event.slug, s.talk_count, s.speaker_count) for s in page["other_editions"]]
    assert editions == [("pycon-atlantis-2026", 0, 0), ("pycon-atlantis-2024", 2, 2)]


def test_an_event_outside_any_series_has_no_other_editions():
    graph = graph_from([note_record("a.md", "A", "2026-01-01", "PyCon Nowhere")], EDITIONS)
    assert views.event_page(graph, graph.events["pycon-nowhere"])["other_editions"] == []


# -- speaker and package pages -----------------------------------------------------------------


def test_a_speaker_page_caps_co_speakers_and_says_how_many_more():
    crowd = [f"Speaker {chr(ord('A') + i)}{chr(ord('a') + i)}" for i in range(ENTITIES_SHOWN + 5)]
    graph = graph_from([
        note_record("panel.md", "Panel", "2026-05-14", speakers=["Ann Lee", *crowd]),
        note_record("pair.md", "Pair", "2026-05-15", speakers=["Ann Lee", crowd[-1]]),
    ])
    page = views.speaker_page(graph, graph.speakers["ann-lee"])
    shown = names(page["co_speakers"])
    assert len(shown) == ENTITIES_SHOWN
    assert page["co_speakers_more"] == len(crowd) - ENTITIES_SHOWN
    assert shown[0] == (crowd[-1], 2)  # the most frequent first
    assert shown[1:] == [(name, 1) for name in crowd[:ENTITIES_SHOWN - 1]]  # then A to Z
    assert "Ann Lee" not in [name for name, _count in shown]


def test_a_speaker_page_groups_talks_by_event_newest_first_and_counts_packages():
    graph = graph_from([
        note_record("a.md", "Old", "2024-05-10", "PyCon Atlantis 2024", speakers=["Ann Lee"],
                    packages=["htmx"]),
        note_record("b.md", "New", "2026-05-14", "PyCon Atlantis 2026", speakers=["Ann Lee"],
                    packages=["htmx", "Django"]),
        note_record("c.md", "Newer", "2026-05-15", "PyCon Atlantis 2026", speakers=["Ann Lee"]),
        note_record("d.md", "Other", "2026-05-15", "PyCon Atlantis 2026", speakers=["Bob Ray"]),
    ], [ATLANTIS, *EDITIONS])
    page = views.speaker_page(graph, graph.speakers["ann-lee"])
    assert [(event.slug, titles(talks)) for event, talks in page["talks_by_event"]] == [
        ("pycon-atlantis-2026", ["Newer", "New"]), ("pycon-atlantis-2024", ["Old"])]
    assert names(page["packages"]) == [("htmx", 2), ("Django", 1)]
    assert page["packages_more"] == 0
    assert titles(page["talks"]) == ["Newer", "New", "Old"]


def test_a_package_page_lists_related_packages_without_itself_and_its_talks():
    graph = graph_from([
        note_record("a.md", "A", "2026-05-14", "PyCon Atlantis 2026",
                    packages=["htmx", "Django", "Alpine.js"]),
        note_record("b.md", "B", "2026-05-15", "PyCon Atlantis 2026",
                    packages=["htmx", "Django"]),
        note_record("c.md", "C", "2026-05-16", "PyCon Atlantis 2026", packages=["Flask"]),
        note_record("d.md", "D", "2025-01-01", packages=["htmx"]),
    ], [ATLANTIS])
    page = views.package_page(graph, graph.packages["htmx"])
    assert names(page["related"]) == [("Django", 2), ("Alpine.js", 1)]
    assert page["related_more"] == 0
    assert [(event.slug if event else None, titles(talks))
            for event, talks in page["talks_by_event"]] == [
        ("pycon-atlantis-2026", ["B", "A"]), (None, ["D"])]
    assert page["page_title"] == "htmx"


def test_a_package_page_caps_related_packages():
    many = [f"pkg{i:02d}" for i in range(ENTITIES_SHOWN + 3)]
    graph = graph_from([note_record("a.md", "A", "2026-05-14", packages=["htmx", *many])])
    page = views.package_page(graph, graph.packages["htmx"])
    assert len(page["related"]) == ENTITIES_SHOWN and page["related_more"] == 3


# -- indexes -----------------------------------------------------------------------------------


def test_the_events_index_lists_years_newest_first_and_undated_events_last():
    profiles = [*EDITIONS, profile_record("event", "someday-conf", name="Someday Conf")]
    graph = graph_from([note_record("a.md", "A", "2023-03-01", "Meetup 2023")], profiles)
    index = views.events_index(graph)
    assert [(label, [(series.name if series else None, [s.event.slug for s in summaries])
                     for series, summaries in groups])
            for label, groups in index["years"]] == [
        ("2025", [("PyCon Atlantis", ["pycon-atlantis-2025"])]),
        ("2024", [("PyCon Atlantis", ["pycon-atlantis-2024"])]),
        ("2023", [(None, ["meetup-2023"])]),
        ("Undated", [(None, ["someday-conf"])]),
    ]


def test_within_a_year_series_come_a_to_z_and_events_of_no_series_last():
    profiles = [
        profile_record("event", "zope-day", name="Zope Day", series="Zope", start="2026-02-01"),
        profile_record("event", "alpha", name="Alpha Conf", series="alpha", start="2026-03-01"),
        profile_record("event", "lone", name="Lone Meetup", start="2026-01-01"),
    ]
    groups = views.events_index(graph_from([], profiles))["years"][0][1]
    assert [series.name if series else None for series, _summaries in groups] == [
        "alpha", "Zope", None]


def letters_of(graph):
    return [(letter, [(s.speaker.name, s.talk_count) for s in group])
            for letter, group in views.speakers_index(graph)["letters"]]


def test_the_speakers_index_groups_by_folded_initial_and_puts_the_rest_under_hash():
    graph = graph_from([
        note_record("a.md", "A", "2026-01-01", speakers=["Émile Borel", "eve Adams", "Bob Ray"]),
        note_record("b.md", "B", "2026-01-02", speakers=["3D Printing Crew", "bob ray"]),
        note_record("c.md", "C", "2026-01-03", speakers=["_underscore"]),
    ])
    assert letters_of(graph) == [
        ("#", [("3D Printing Crew", 1), ("_underscore", 1)]),
        ("B", [("Bob Ray", 2)]),
        ("E", [("Émile Borel", 1), ("eve Adams", 1)]),
    ]


def test_every_speaker_whose_name_starts_with_no_letter_is_in_one_hash_section():
    graph = graph_from([note_record(
        "a.md", "A", "2026-01-01", speakers=["3D Printing Crew", "Bob Ray", "«Les Amis»"])])
    assert [letter for letter, _group in letters_of(graph)] == ["#", "B"]


def test_the_speakers_index_counts_talks_and_mentions():
    graph = graph_from([note_record("a.md", "A", "2026-01-01", speakers=["Ann Lee"])])
    graph.speaker_mentions["ann-lee"].append(graph.talks[0])
    (_letter, [summary]), = views.speakers_index(graph)["letters"]
    assert (summary.talk_count, summary.mention_count) == (1, 1)


# -- note pages --------------------------------------------------------------------------------


def article(title):
    return SimpleNamespace(title=title, video="https://video.example.org/x", slides="")


def test_a_note_links_the_previous_and_next_notes_of_its_own_event_only():
    first, second, third = article("First"), article("Second"), article("Third")
    graph = graph_from([
        note_record("b.md", "Second", "2026-05-14 11:00", "PyCon Atlantis 2026", article=second),
        note_record("a.md", "First", "2026-05-14 09:00", "PyCon Atlantis 2026", article=first),
        note_record("x.md", "Elsewhere", "2026-05-14 10:00", "Other Conf",
                    article=article("Elsewhere")),
        note_record("c.md", "Third", "2026-05-15", "PyCon Atlantis 2026", article=third),
        note_record("n.md", "No event", "2026-05-14 10:30", article=article("No event")),
    ], [ATLANTIS])
    shown = views.note_views(graph)
    assert (shown["a.md"].previous, shown["a.md"].next) == (None, second)
    assert (shown["b.md"].previous, shown["b.md"].next) == (first, third)
    assert (shown["c.md"].previous, shown["c.md"].next) == (second, None)
    assert (shown["x.md"].previous, shown["x.md"].next) == (None, None)
    assert (shown["n.md"].previous, shown["n.md"].next, shown["n.md"].event) == (None, None, None)
    assert shown["a.md"].video == "https://video.example.org/x" and shown["a.md"].slides == ""


def test_a_note_view_carries_its_event_people_packages_and_kind():
    graph = graph_from([note_record(
        "a.md", "A", "2026-05-14", "PyCon Atlantis 2026", speakers=["Ann Lee", "Bob Ray"],
        packages=["htmx"], kind="keynote", article=article("A"))], [ATLANTIS])
    view = views.note_views(graph)["a.md"]
    assert view.event.slug == "pycon-atlantis-2026"
    assert [s.name for s in view.speakers] == ["Ann Lee", "Bob Ray"]
    assert [p.name for p in view.packages] == ["htmx"]
    assert view.kind == "keynote"


# -- related talks -----------------------------------------------------------------------------


def related(graph, path):
    return [(r.talk.title, r.reason) for r in views.related_talks(graph, path)]


def test_related_talks_weigh_a_shared_speaker_over_a_package_over_the_event():
    graph = graph_from([
        note_record("me.md", "Me", "2026-05-14", "PyCon Atlantis 2026", speakers=["Ann Lee"],
                    packages=["htmx"]),
        note_record("event.md", "Same event", "2026-05-15", "PyCon Atlantis 2026"),
        note_record("pkg.md", "Same package", "2025-01-01", packages=["htmx"]),
        note_record("spk.md", "Same speaker", "2024-01-01", speakers=["Ann Lee"]),
        note_record("both.md", "Speaker and package", "2023-01-01", speakers=["Ann Lee"],
                    packages=["htmx"]),
        note_record("none.md", "Unrelated", "2026-05-14", speakers=["Bob Ray"]),
    ], [ATLANTIS])
    assert related(graph, "me.md") == [
        ("Speaker and package", "also by Ann Lee"),  # 3 + 2, named by the weightier
        ("Same speaker", "also by Ann Lee"),  # 3
        ("Same package", "also about htmx"),  # 2
        ("Same event", "also at PyCon Atlantis 2026"),  # 1, though the newest
    ]


def test_related_talks_stop_at_the_limit_newest_first_on_a_tie():
    notes = [note_record(f"n{i}.md", f"Talk {i}", f"2026-01-{i + 1:02d}", packages=["htmx"])
             for i in range(views.RELATED_LIMIT + 3)]
    graph = graph_from([note_record("me.md", "Me", "2025-01-01", packages=["htmx"]), *notes])
    shown = related(graph, "me.md")
    assert len(shown) == views.RELATED_LIMIT
    assert [title for title, _reason in shown] == [
        f"Talk {i}" for i in range(views.RELATED_LIMIT + 2, 2, -1)]


def test_a_note_is_never_related_to_its_own_talks():
    graph = graph_from([note_record("me.md", "Me", "2026-01-01", speakers=["Ann Lee"])])
    assert related(graph, "me.md") == []
