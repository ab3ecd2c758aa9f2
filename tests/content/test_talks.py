"""Splitting a multi-talk note's HTML into anchored talk sections."""

from bs4 import BeautifulSoup
from confnotes.content.talks import prepare_body
from pelican.settings import DEFAULT_CONFIG

SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
HTML = """<p>Intro.</p>
<h2 id="to-jwt-or-not-to-jwt-benedikt">To JWT or not to JWT - Benedikt</h2>
<p>Tokens are not stateless.</p>
<h2 id="x">Deploys - Jan Raasch &amp; Ann Lee</h2>
<p>Uses django-simple-deploy.</p>
<h3 id="details">Details</h3>
<h2 id="wrap-up">Wrap-up</h2>
<p>Bye.</p>"""


def test_sections_get_anchors_from_their_titles_and_bylines():
    body = prepare_body(HTML, multi_talk=True, slug_subs=SUBS)
    assert [(s.anchor, s.title, s.speaker_names) for s in body.sections] == [
        ("to-jwt-or-not-to-jwt", "To JWT or not to JWT", ("Benedikt",)),
        ("deploys", "Deploys", ("Jan Raasch", "Ann Lee")),
    ]
    soup = BeautifulSoup(body.html, "html.parser")
    heading = soup.find(id="deploys")
    assert heading.name == "h2"
    assert heading.get_text(" ", strip=True).startswith("Deploys")
    byline = heading.find_next_sibling("p")
    assert [a["href"] for a in byline.find_all("a")] == ["{speaker}Jan%20Raasch",
                                                          "{speaker}Ann%20Lee"]


def test_section_text_runs_to_the_next_talk_heading():
    body = prepare_body(HTML, multi_talk=True, slug_subs=SUBS)
    assert "django-simple-deploy" in body.sections[1].text
    assert "Tokens" not in body.sections[1].text


def test_a_heading_without_speaker_is_reported_as_plain():
    body = prepare_body(HTML, multi_talk=True, slug_subs=SUBS)
    assert body.plain_headings == ("Wrap-up",)


def test_two_sections_with_one_title_get_distinct_anchors():
    html = "<h2>Intro - A B</h2><p>x</p><h2>Intro - C D</h2><p>y</p>"
    body = prepare_body(html, multi_talk=True, slug_subs=SUBS)
    assert [s.anchor for s in body.sections] == ["intro", "intro-2"]


def test_single_talk_notes_keep_their_headings_and_get_permalinks():
    body = prepare_body(HTML, multi_talk=False, slug_subs=SUBS)
    assert body.sections == ()
    soup = BeautifulSoup(body.html, "html.parser")
    links = [a["href"] for a in soup.select("a.headerlink")]
    assert links == ["#to-jwt-or-not-to-jwt-benedikt", "#x", "#details", "#wrap-up"]
