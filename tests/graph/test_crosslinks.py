"""Explicit {speaker}/{package}/{event} links and automatic first-mention links, on a small
hand-built graph (no Pelican build)."""

from __future__ import annotations

import re

from confnotes.graph.crosslinks import (
    UnknownTarget,
    build_matcher,
    link_note,
    resolve_explicit_links,
    speaker_autolinks,
)

from tests.conftest import graph_from, note_record, profile_record

PROFILES = [
    profile_record("speaker", "paolo-melchiorre", name="Paolo Melchiorre",
                   aliases="Paulo Melchiori"),
    profile_record("speaker", "benedikt", name="Benedikt", autolink="yes"),
    profile_record("speaker", "zags", name="Benjamin Zagorsky", aliases="Zags"),
    profile_record("speaker", "carlton-gibson", name="Carlton Gibson", autolink="no"),
    profile_record("speaker", "panel", name="Panel", autolink="yes"),
    profile_record("package", "djangorestframework", name="Django REST framework",
                   aliases="DRF"),
    profile_record("package", "django", name="Django"),
    profile_record("event", "django-on-the-med-2025", name="Django on the Med 2025",
                   aliases="Django on the Med"),
]
GRAPH = graph_from([
    note_record("a.md", "A", "2025-10-01", "Django on the Med 2025",
                speakers=["Paolo Melchiorre", "Ann Lee"], packages=["htmx", "TBA", "ty"]),
], PROFILES)
MATCHER = build_matcher(GRAPH)


def hrefs(html: str) -> list[str]:
    """The entity each confnotes link points at (`speaker/paolo-melchiorre`)."""
    return re.findall(r'href="\{filename\}/@confnotes/([^"]+)"', html)


def autolinked(html: str) -> list[str]:
    """The text of each automatic link."""
    return re.findall(r'<a class="autolink" href="[^"]*">([^<]*)</a>', html)


def link(html: str, sections: frozenset[str] = frozenset()):
    return link_note(html, GRAPH, MATCHER, sections)


# -- explicit links ----------------------------------------------------------------------------


def test_explicit_links_resolve_by_slug_name_or_alias_to_the_entity_page():
    html, unknown = resolve_explicit_links(
        '<p><a href="{speaker}Paulo Melchiori">P</a>, <a href="{package}DRF">D</a>, '
        '<a href="{event}django-on-the-med-2025">M</a>, '
        '<a href="{speaker}ann%20lee">A</a></p>', GRAPH)
    assert hrefs(html) == ["speaker/paolo-melchiorre", "package/djangorestframework",
                           "event/django-on-the-med-2025", "speaker/ann-lee"]
    assert unknown == []


def test_an_explicit_link_keeps_its_anchor_attributes_and_text():
    html, _ = resolve_explicit_links(
        '<a class="x" href="{package}Django REST framework#install" title="t">the <em>API</em>'
        "</a>", GRAPH)
    assert html == ('<a class="x" href="{filename}/@confnotes/package/djangorestframework'
                    '#install" title="t">the <em>API</em></a>')


def test_unknown_targets_lose_their_link_keep_their_text_and_are_reported_once():
    html, unknown = resolve_explicit_links(
        '<a href="{speaker}Nobody">N</a> <a href="{package}nothing">x</a> '
        '<a href="{speaker}Nobody">again</a>', GRAPH)
    assert unknown == [UnknownTarget("speaker", "Nobody"), UnknownTarget("package", "nothing")]
    assert "<a " not in html
    assert html == ('<span class="unresolved-link">N</span> '
                    '<span class="unresolved-link">x</span> '
                    '<span class="unresolved-link">again</span>')


def test_a_speaker_name_is_not_an_event_target():
    _, unknown = resolve_explicit_links('<a href="{event}Paolo Melchiorre">P</a>', GRAPH)
    assert unknown == [UnknownTarget("event", "Paolo Melchiorre")]


def test_ordinary_links_and_text_are_left_as_written():
    html = '<p>{curly} <a href="https://example.org/{speaker}">x</a></p>'
    assert resolve_explicit_links(html, GRAPH) == (html, [])


# -- which speaker names link by themselves ----------------------------------------------------


def test_two_word_names_and_aliases_link_single_words_only_when_the_profile_says_yes():
    assert speaker_autolinks(GRAPH.speakers["paolo-melchiorre"]) == [
        "Paolo Melchiorre", "Paulo Melchiori"]
    assert speaker_autolinks(GRAPH.speakers["zags"]) == ["Benjamin Zagorsky"]
    assert speaker_autolinks(GRAPH.speakers["benedikt"]) == ["Benedikt"]


def test_autolink_no_in_a_profile_links_none_of_its_names():
    assert speaker_autolinks(GRAPH.speakers["carlton-gibson"]) == []


def test_a_name_that_is_no_ones_never_links_even_when_asked():
    assert speaker_autolinks(GRAPH.speakers["panel"]) == []


# -- automatic links ---------------------------------------------------------------------------


def test_only_the_first_mention_of_each_name_is_linked():
    html, _, mentions = link("<p>Paolo Melchiorre and htmx.</p><p>Paolo Melchiorre, htmx.</p>")
    assert autolinked(html) == ["Paolo Melchiorre", "htmx"]
    assert [(m.kind, m.entity.slug) for m in mentions] == [
        ("speaker", "paolo-melchiorre"), ("package", "htmx")]


def test_an_alias_counts_as_the_first_mention_of_its_entity():
    html, _, _ = link("<p>Paulo Melchiori, then Paolo Melchiorre.</p>")
    assert autolinked(html) == ["Paulo Melchiori"]
    assert hrefs(html) == ["speaker/paolo-melchiorre"]


def test_names_in_code_pre_links_and_headings_are_never_linked():
    html, _, mentions = link(
        "<h1>htmx</h1><h2>htmx</h2><h3>htmx</h3><h4>htmx</h4><h5>htmx</h5><h6>htmx</h6>"
        "<p><code>htmx</code></p><pre><code>htmx\nPaolo Melchiorre</code></pre>"
        '<p><a href="https://htmx.org/">htmx and Paolo Melchiorre</a></p>'
        "<p>finally htmx</p>")
    assert autolinked(html) == ["htmx"]
    assert html.endswith('<p>finally <a class="autolink" '
                         'href="{filename}/@confnotes/package/htmx">htmx</a></p>')
    assert [m.entity.slug for m in mentions] == ["htmx"]


def test_an_explicit_link_is_the_first_mention():
    html, unknown, mentions = link('<p><a href="{speaker}paolo-melchiorre">him</a>; '
                                   "Paolo Melchiorre again.</p>")
    assert unknown == []
    assert autolinked(html) == []
    assert [m.entity.slug for m in mentions] == ["paolo-melchiorre"]


def test_each_talk_section_links_its_own_first_mention():
    html, _, mentions = link('<p>htmx</p><h2 id="one">One</h2><p>htmx, htmx</p>'
                             '<h2 id="other">Not a talk</h2><p>htmx</p>',
                             frozenset({"one"}))
    assert autolinked(html) == ["htmx", "htmx"]
    assert [m.section for m in mentions] == ["", "one"]


def test_event_names_block_the_package_names_inside_them_and_link_nowhere():
    html, _, _ = link("<p>At Django on the Med we used Django.</p>")
    assert autolinked(html) == ["Django"]
    assert html.startswith("<p>At Django on the Med we used ")


def test_placeholders_and_names_shorter_than_three_characters_are_not_linked():
    html, _, _ = link("<p>TBA: ty and htmx.</p>")
    assert autolinked(html) == ["htmx"]


def test_a_note_with_autolinks_off_still_resolves_explicit_links_and_records_them():
    html, unknown, mentions = link_note(
        '<p><a href="{package}DRF">DRF</a> and htmx, Paolo Melchiorre.</p>', GRAPH, None,
        frozenset())
    assert autolinked(html) == []
    assert hrefs(html) == ["package/djangorestframework"]
    assert unknown == []
    assert [(m.kind, m.entity.slug) for m in mentions] == [("package", "djangorestframework")]
