"""Automatic first-mention links and mention recording."""

import re

from confnotes.graph.autolink import Linkable, NameMatcher, link_mentions
from confnotes.graph.entities import Event, Package, Speaker

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


# -- which names link (a real build) ---------------------------------------------------------

GENERIC = {
    "speakers/benedikt.md": "Name: Benedikt\nAutolink: yes\n\nBio.\n",
    "speakers/zags.md": "Name: Benjamin Zagorsky\nAliases: Zags\n\nBio.\n",
    "speakers/carlton-gibson.md": "Name: Carlton Gibson\nAutolink: no\n\nBio.\n",
    "x/talks.md": ("Title: Talks\nDate: 2026-01-01\n"
                   "Speakers: April, Panel, Lightning Talks, et al, PhD, Ann Lee, J. Smith\n\n"
                   "Body.\n"),
    "x/prose.md": (
        "Title: Prose\nDate: 2026-01-02\n\n"
        "In April a Panel of PhD students gave Lightning Talks (Smith et al) and J. Smith "
        "came too.\n\nZags and Benedikt spoke; so did Carlton Gibson.\n\n"
        "Then Ann Lee and Benjamin Zagorsky.\n"),
    "x/urls.md": (
        "Title: Addresses\nDate: 2026-01-03\nPackages: htmx\n\n"
        "See https://github.com/Benedikt/htmx and www.example.org/Benedikt?htmx=1 before "
        "Benedikt's htmx talk.\n"),
}


def linked_texts(site, url):
    return [a.get_text() for a in site.page(url).select("a.autolink")]


def test_only_distinctive_names_link_and_profiles_can_opt_in_or_out(make_site):
    site = make_site(GENERIC)
    # Two-word names link; one-word names, initials and placeholders do not, unless the
    # profile says `Autolink: yes` (Benedikt); `Autolink: no` keeps Carlton Gibson unlinked.
    assert linked_texts(site, "notes/prose/") == ["Benedikt", "Ann Lee", "Benjamin Zagorsky"]
    assert not [m for m in site.messages() if m.startswith("speakers/")]  # a known key


def test_names_inside_a_web_address_are_not_linked(make_site):
    site = make_site(GENERIC)
    [paragraph] = [p for p in site.page("notes/urls/").main.find_all("p")
                   if "https://github.com" in p.get_text()]
    assert paragraph.get_text() == ("See https://github.com/Benedikt/htmx and "
                                    "www.example.org/Benedikt?htmx=1 before Benedikt's htmx talk.")
    links = paragraph.select("a.autolink")
    assert [a.get_text() for a in links] == ["Benedikt", "htmx"]  # after the addresses
    assert str(links[0].previous_sibling).endswith("htmx=1 before ")


def test_generic_speaker_names_still_get_their_talk_but_link_nowhere_else(make_site):
    site = make_site(GENERIC)
    assert site.exists("speakers/panel/")  # what the note said is kept
    assert not site.page("speakers/panel/").find(id="mentions")


def test_speaker_names_that_are_no_ones_are_warned_about_with_file_and_line(make_site):
    files = {**GENERIC, "x/multi.md": (
        "Title: Day one\nDate: 2026-01-04\nTalks: sections\n\nIntro.\n\n"
        "## Five-minute talks - Lightning Talks\n\nShort ones.\n\n"
        "## Deploying - Ann Lee\n\nLong one.\n")}
    site = make_site(files)
    warned = sorted(m.split(" does not look")[0] for m in site.messages()
                    if "does not look like a person's name (" in m)
    assert warned == [
        "x/multi.md:7: the speaker name 'Lightning Talks'",
        "x/talks.md:3: the speaker name 'April'",
        "x/talks.md:3: the speaker name 'Lightning Talks'",
        "x/talks.md:3: the speaker name 'Panel'",
        "x/talks.md:3: the speaker name 'PhD'",
        "x/talks.md:3: the speaker name 'et al'",
    ]
