"""Every feed of the sample site, read strictly: XML, feedparser, RFC 4287, RSS 2.0, JSON Feed.

The checkers (`feed_problems` and friends) live in tests/feedcheck.py, shared through conftest.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.conftest import (
    A,
    all_entry_ids,
    feed_files,
    feed_has_entries,
    feed_problems,
    json_feed_problems,
    opml_feeds,
    parse_strict,
)

SPEAKER = "speakers/paolo-melchiorre/"
LIGHTNING_NOTE = "djangocon-europe-2026/lightning-talks-day-2/"


# -- the sample site ----------------------------------------------------------------------------


def test_every_feed_parses_strictly_and_meets_its_format(sample_site):
    files = feed_files(sample_site.output)
    assert len(files) >= 100
    problems = [problem for path in files for problem in feed_problems(path)]
    assert problems == []


def test_the_json_feed_meets_json_feed_1_1(sample_site):
    path = sample_site.output / "feeds" / "all.json"
    assert json_feed_problems(path) == []


def test_the_opml_file_lists_every_feed_with_its_title(sample_site):
    output = sample_site.output
    listed = opml_feeds(output)
    written = {f"http://127.0.0.1:8000/{p.relative_to(output).as_posix()}"
               for p in feed_files(output) if feed_has_entries(p)}
    assert set(listed) == written | {"http://127.0.0.1:8000/feeds/all.json"}
    assert all(title and title.strip() for title in listed.values())
    assert listed["http://127.0.0.1:8000/speakers/paolo-melchiorre/atom.xml"] == (
        "Talks by Paolo Melchiorre (Atom)")


def test_every_event_series_speaker_package_and_tag_page_has_both_feeds(sample_site):
    output = sample_site.output
    pages = [p.parent for kind in ("events", "series", "speakers", "packages", "tags")
             for p in (output / kind).glob("*/index.html")]
    assert len(pages) > 40
    missing = [str(page) for page in pages
               if not ((page / "atom.xml").is_file() and (page / "rss.xml").is_file())]
    assert missing == []


def test_every_linked_feed_exists(sample_site):
    output = sample_site.output
    missing, checked = [], 0
    for page in output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        page_url = "http://site/" + page.relative_to(output).as_posix()
        links = [*soup.select('link[rel="alternate"][type]'), *soup.select("a.feed-link")]
        checked += len(links)
        for link in links:
            target = urljoin(page_url, link["href"])
            target = re.sub(r"^http://(site|127\.0\.0\.1:8000)/", "", target)
            if not (output / target).is_file():
                missing.append(f"{page}: {link['href']}")
    assert checked > 100, "too few feed links were found to check"
    assert missing == []


@pytest.mark.parametrize(("url", "what"), [
    (SPEAKER, "talks by Paolo Melchiorre"),
    ("packages/htmx/", "talks about htmx"),
    ("events/djangocon-us-2025/", "notes from DjangoCon US 2025"),
    ("series/djangocon-europe/", "notes from DjangoCon Europe"),
    ("tags/htmx/", "notes tagged htmx"),
])
def test_each_page_links_its_own_feeds_by_name(sample_site, url, what):
    page = sample_site.page(url)
    own = {link["type"]: urljoin("http://site/" + url, link["href"])
           for link in page.head.select('link[rel="alternate"]') if what in link["title"]}
    assert own == {"application/atom+xml": f"http://site/{url}atom.xml",
                   "application/rss+xml": f"http://site/{url}rss.xml"}
    visible = page.select("a.feed-link")
    names = [a.get("aria-label") or a.get_text(" ", strip=True) for a in visible]
    assert f"Subscribe to {what} (Atom)" in names
    assert f"RSS: subscribe to {what}" in names  # starts with its visible text (WCAG 2.5.3)


def test_every_page_has_the_site_feeds_for_autodiscovery(sample_site):
    for url in ("", LIGHTNING_NOTE, "archives/", "pages/about/"):
        types = {link["type"] for link in sample_site.page(url).head.select(
            'link[rel="alternate"]') if "all notes" in link.get("title", "")}
        assert types == {"application/atom+xml", "application/rss+xml",
                         "application/feed+json"}, url


def test_speaker_feed_is_titled_by_what_it_follows_and_has_a_talk_per_section(sample_site):
    path = sample_site.output / SPEAKER / "atom.xml"
    root = parse_strict(path)
    assert root.findtext(A + "title") == "Talks by Paolo Melchiorre"
    links = [entry.find(A + "link").get("href") for entry in root.findall(A + "entry")]
    section = f"http://127.0.0.1:8000/{LIGHTNING_NOTE}#django-on-the-med-django-italia"
    assert section in links
    entry = next(e for e in root.findall(A + "entry") if e.find(A + "link").get("href") == section)
    assert entry.findtext(A + "title") == "Django on the Med / Django Italia"
    assert [c.findtext(A + "name") for c in entry.findall(A + "contributor")] == [
        "Paolo Melchiorre"]
    content = entry.findtext(A + "content")
    assert "Pescara" in content and "To JWT or not to JWT" not in content


def test_site_feed_names_every_speaker_and_files_entries_under_event_packages_tags(sample_site):
    root = parse_strict(sample_site.output / "feeds" / "all.atom.xml")
    entry = next(e for e in root.findall(A + "entry")
                 if e.findtext(A + "title") == "Lightning talks, day 2")
    speakers = [c.findtext(A + "name") for c in entry.findall(A + "contributor")]
    assert speakers == ["Andy Miller", "Benedikt", "Paolo Melchiorre", "Anthony Ricaud",
                        "Alissa Gerhard", "Jan Raasch"]
    terms = [c.get("term") for c in entry.findall(A + "category")]
    assert terms[0] == "DjangoCon Europe 2026"
    assert {"django-mediastorage", "lightning-talks", "security"} <= set(terms)
    assert [a.findtext(A + "name") for a in entry.findall(A + "author")] == [
        "The confnotes sample blogger"]


def test_a_note_has_one_id_in_every_feed_and_format(sample_site):
    ids = all_entry_ids(sample_site.output)
    assert ids["feeds/all.atom.xml"] == ids["feeds/all.rss.xml"] == ids["feeds/all.json"]
    note_id = ids["feeds/all.atom.xml"][ids["feeds/all.atom.xml"].index(
        ids["events/djangocon-us-2025/atom.xml"][0])]
    assert note_id.startswith("urn:uuid:")
    lightning = parse_strict(sample_site.output / "feeds" / "all.atom.xml")
    lightning_id = next(e.findtext(A + "id") for e in lightning.findall(A + "entry")
                        if e.findtext(A + "title") == "Lightning talks, day 2")
    assert lightning_id not in ids[f"{SPEAKER}atom.xml"]  # talks have ids of their own


def test_feed_updated_is_the_newest_entry_not_the_build_time(sample_site):
    root = parse_strict(sample_site.output / "feeds" / "all.atom.xml")
    newest = max(datetime.fromisoformat(e.findtext(A + "updated"))
                 for e in root.findall(A + "entry"))
    assert datetime.fromisoformat(root.findtext(A + "updated")) == newest


@pytest.mark.parametrize(("feed", "old", "new", "problem"), [
    ("feeds/all.atom.xml", '&lt;a href="http://127.0.0.1:8000/', '&lt;a href="',
     "relative URL"),
    ("feeds/all.atom.xml", "<name>The confnotes sample blogger</name>", "<name/>",
     "empty person name"),
    ("feeds/all.atom.xml", "+02:00</published>", "</published>", "RELAX NG"),
    ("feeds/all.atom.xml", '<link rel="self"', '<link rel="alternate"', "rel=self"),
    ("feeds/all.rss.xml", ' isPermaLink="false"', "", "not a permalink"),
    ("feeds/all.rss.xml", "<title>", "<titl>", "not well-formed"),
    ("feeds/all.rss.xml", "<dc:creator>The confnotes sample blogger</dc:creator>", "",
     "no dc:creator"),
])
def test_the_checkers_catch_what_they_look_for(sample_site, tmp_path, feed, old, new, problem):
    text = (sample_site.output / feed).read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / Path(feed).name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert any(problem in found for found in feed_problems(broken))


def test_the_json_checker_catches_a_missing_id(sample_site, tmp_path):
    data = json.loads((sample_site.output / "feeds" / "all.json").read_text(encoding="utf-8"))
    del data["items"][0]["id"]
    data["version"] = "https://jsonfeed.org/version/1"
    broken = tmp_path / "all.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    problems = json_feed_problems(broken)
    assert any("version" in p for p in problems) and any("id must be" in p for p in problems)
