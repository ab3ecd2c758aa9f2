"""Automatic first-mention links and mention recording."""

import re

from confnotes.autolink import Linkable, NameMatcher, link_mentions
from confnotes.entities import Event, Package, Speaker

PREFIX = "{filename}/@confnotes/"
HTMX = Package(slug="htmx", name="htmx", url="packages/htmx/", save_as="")
DJANGO = Package(slug="django", name="Django", url="packages/django/", save_as="")
CARSON = Speaker(slug="carson-gross", name="Carson Gross", url="speakers/carson-gross/",
                 save_as="", aliases=("Carson",))
MED = Event(slug="django-on-the-med-2025", name="Django on the Med", url="", save_as="")
ENTITIES = {"speaker": {"carson-gross": CARSON}, "package": {"htmx": HTMX, "django": DJANGO},
            "event": {MED.slug: MED}}
MATCHER = NameMatcher([
    Linkable("htmx", "package", HTMX), Linkable("Django", "package", DJANGO),
    Linkable("Carson Gross", "speaker", CARSON), Linkable("Carson", "speaker", CARSON),
    Linkable("Django on the Med", "event", MED, link=False),
])


def link(html, sections=frozenset()):
    return link_mentions(html, MATCHER, frozenset(sections), PREFIX, ENTITIES)


def hrefs(html):
    return re.findall(r'href="\{filename\}/@confnotes/([^"]+)"', html)


def test_first_mention_only_is_linked():
    html, mentions = link("<p>htmx is neat. I like htmx.</p>")
    assert hrefs(html) == ["package/htmx"]
    assert [m.entity for m in mentions] == [HTMX]


def test_whole_words_only():
    html, _ = link("<p>htmxify and django-htmx and xhtmx, but not (htmx)!</p>")
    assert html.count("<a ") == 1
    assert '">htmx</a>)!' in html


def test_longest_name_wins_and_event_names_block_packages():
    html, _ = link("<p>At Django on the Med, Carson Gross spoke; Django too.</p>")
    assert hrefs(html) == ["speaker/carson-gross", "package/django"]
    assert ">Carson Gross</a>" in html  # not just "Carson"
    assert "Django on the Med," in html and html.index("Django on the Med") < html.index("<a")


def test_case_is_as_written():
    html, _ = link("<p>HTMX and django, then htmx.</p>")
    assert hrefs(html) == ["package/htmx"]
    assert "HTMX and django" in html


def test_code_pre_links_and_headings_are_left_alone():
    html, _ = link('<h3 id="h">htmx</h3><p><code>htmx</code> <a href="x">htmx</a></p>'
                   "<pre>htmx</pre><p>then htmx</p>")
    assert html.count('class="autolink"') == 1
    assert html.endswith('<p>then <a class="autolink" href="{filename}/@confnotes/package/htmx">'
                         "htmx</a></p>")


def test_aliases_link_to_their_entity():
    html, _ = link("<p>Carson said so.</p>")
    assert hrefs(html) == ["speaker/carson-gross"]


def test_first_mention_per_talk_section():
    html, mentions = link(
        '<p>htmx</p><h2 id="one">One</h2><p>htmx htmx</p><h2 id="two">Two</h2><p>htmx</p>',
        sections={"one", "two"})
    assert len(hrefs(html)) == 3
    assert [m.section for m in mentions] == ["", "one", "two"]


def test_explicit_links_count_as_the_first_mention():
    html, mentions = link(f'<p><a href="{PREFIX}package/htmx">the lib</a>, htmx.</p>')
    assert html.count("<a ") == 1
    assert [(m.kind, m.entity) for m in mentions] == [("package", HTMX)]


def test_without_a_matcher_explicit_links_are_still_mentions():
    html, mentions = link_mentions(f'<p><a href="{PREFIX}speaker/carson-gross">C</a> htmx</p>',
                                   None, frozenset(), PREFIX, ENTITIES)
    assert "autolink" not in html
    assert [m.entity for m in mentions] == [CARSON]


def test_autolink_can_be_turned_off_per_note_and_per_site(make_site):
    files = {
        "speakers/ann-lee.md": "Name: Ann Lee\n\nBio.\n",
        "x/on.md": "Title: On\nDate: 2026-01-01\n\nAnn Lee spoke.\n",
        "x/off.md": "Title: Off\nDate: 2026-01-02\nAutolink: no\n\nAnn Lee spoke.\n",
    }
    site = make_site(files)
    assert site.page("notes/on/").select("a.autolink")
    assert not site.page("notes/off/").select("a.autolink")
    site = make_site(files, CONFNOTES={"AUTOLINK": False})
    assert not site.page("notes/on/").select("a.autolink")
