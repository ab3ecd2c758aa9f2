"""Feeds of small sites built for real: stable ids, absolute URLs, drafts, planets, caps."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from tests.conftest import (
    A,
    all_entry_ids,
    atom_entries,
    feed_files,
    feed_problems,
    json_feed_problems,
    opml_feeds,
    parse_strict,
)

ROOT = Path(__file__).resolve().parents[2]
UID = "0b6f3f1e-5a4c-4d7e-9b1a-2f8e6c5d4a3b"

SPEAKER = """\
    Name: Ada Lovelace
"""

ANCHORED = """\
    Title: Engines and anchors
    Date: 2024-06-05 10:30
    Event: DjangoCon Europe 2024
    Speakers: Ada Lovelace
    Packages: htmx
    Tags: django, hardware
    Video: https://video.example.org/ada
    Uid: 11111111-2222-4333-8444-555555555555

    ![The engine](engine.png) and ![the plan](/images/plan.png "Plan")
    <img src="diagram.png" srcset="diagram.png 1x, diagram@2x.png 2x" alt="Diagram">

    Jump to [the details](#the-details), write to [Ada](mailto:ada@example.org) or
    call [her](tel:+441234567890). See [elsewhere](https://example.com/x?a=1&b=2).

        <a href="not-a-link.html">code stays as it is</a>

    ## The details

    Numbers and [a sibling note](../other/).
"""


def note(title: str, date: str, **headers: str) -> str:
    """A note's text from its title, date and other header lines."""
    lines = [f"Title: {title}", f"Date: {date}"]
    lines += [f"{key.replace('_', '-').capitalize()}: {value}" for key, value in headers.items()]
    return "\n".join(lines) + f"\n\nNotes on {title}.\n"


def site_files() -> dict[str, str]:
    """A small site: one anchored note, a second talk by the same speaker, a draft, a hidden."""
    return {
        "speakers/ada-lovelace.md": SPEAKER,
        "djangocon-europe-2024/engines.md": ANCHORED,
        "djangocon-europe-2024/second.md": note(
            "Second talk", "2024-06-06", event="DjangoCon Europe 2024",
            speakers="Ada Lovelace", tags="django", modified="2024-07-01 09:00"),
        "misc/unpublished.md": note("Unpublished draft", "2024-06-07",
                                    speakers="Ada Lovelace", status="draft", tags="django"),
        "misc/secret.md": note("Hidden aside", "2024-06-08", speakers="Ada Lovelace",
                               status="hidden", tags="django"),
    }


def all_feed_text(output: Path) -> str:
    """Every feed file's text, joined."""
    paths = [*feed_files(output), output / "feeds" / "all.json"]
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


def every_problem(output: Path) -> list[str]:
    """Every problem of every feed of a built site."""
    problems = [problem for path in feed_files(output) for problem in feed_problems(path)]
    return problems + json_feed_problems(output / "feeds" / "all.json")


def test_a_small_site_writes_valid_feeds_for_everything(make_site):
    site = make_site(site_files())
    assert every_problem(site.output) == []
    for url in ("speakers/ada-lovelace/", "events/djangocon-europe-2024/", "packages/htmx/",
                "tags/django/", "tags/hardware/"):
        assert (site.output / url / "atom.xml").is_file(), url
        assert (site.output / url / "rss.xml").is_file(), url


def test_relative_images_and_in_page_anchors_are_absolute_in_every_feed(make_site):
    site = make_site(site_files())
    note_url = "http://127.0.0.1:8000/djangocon-europe-2024/engines/"
    expected = [
        f'src="{note_url}engine.png"', 'src="http://127.0.0.1:8000/images/plan.png"',
        f'srcset="{note_url}diagram.png 1x, {note_url}diagram@2x.png 2x"',
        f'href="{note_url}#the-details"', 'href="mailto:ada@example.org"',
        'href="tel:+441234567890"', 'href="https://example.com/x?a=1&amp;b=2"',
        'href="http://127.0.0.1:8000/djangocon-europe-2024/other/"', '"not-a-link.html"',
    ]
    feeds = ["feeds/all.atom.xml", "feeds/all.rss.xml", "speakers/ada-lovelace/atom.xml",
             "speakers/ada-lovelace/rss.xml", "events/djangocon-europe-2024/atom.xml",
             "packages/htmx/rss.xml", "tags/hardware/atom.xml"]
    for feed in feeds:
        root = parse_strict(site.output / feed)
        contents = [e.findtext(A + "content") for e in root.iter(A + "entry")]
        contents += [item.findtext("description") for item in root.iter("item")]
        html = next(c for c in contents if "The engine" in c)
        for fragment in expected:
            assert fragment in html, (feed, fragment)
        assert "/not-a-link.html" not in html  # text in code samples is never rewritten
    data = json.loads((site.output / "feeds" / "all.json").read_text(encoding="utf-8"))
    html = next(i["content_html"] for i in data["items"] if i["title"] == "Engines and anchors")
    assert all(fragment in html for fragment in expected)


def test_drafts_and_hidden_notes_appear_in_no_feed(make_site):
    site = make_site(site_files())
    text = all_feed_text(site.output)
    assert "Unpublished draft" not in text and "Hidden aside" not in text
    speaker = [e.findtext(A + "title")
               for e in atom_entries(site.output / "speakers/ada-lovelace/atom.xml")]
    assert speaker == ["Second talk", "Engines and anchors"]
    assert "Unpublished draft" not in (site.output / "feeds" / "opml.xml").read_text()


def test_dates_have_offsets_and_updated_follows_modified_only(make_site):
    site = make_site(site_files())
    entries = {e.findtext(A + "title"): e
               for e in atom_entries(site.output / "feeds" / "all.atom.xml")}
    second, engines = entries["Second talk"], entries["Engines and anchors"]
    assert second.findtext(A + "published") == "2024-06-06T00:00:00+02:00"
    assert second.findtext(A + "updated") == "2024-07-01T09:00:00+02:00"
    assert engines.findtext(A + "published") == engines.findtext(A + "updated") == (
        "2024-06-05T10:30:00+02:00")
    root = parse_strict(site.output / "feeds" / "all.atom.xml")
    assert root.findtext(A + "updated") == "2024-07-01T09:00:00+02:00"


def test_entry_ids_survive_a_new_domain_https_a_new_title_and_a_renamed_file(make_site, tmp_path):
    files = {path.relative_to(ROOT / "content").as_posix(): path.read_text(encoding="utf-8")
             for path in (ROOT / "content").rglob("*.md")}
    renamed = "djangocon-us-2025/django-for-ai.md"
    without_uid = re.sub(r"(?m)^Uid: .*\n", "", files[renamed])
    files[renamed] = without_uid.replace("\nDate:", f"\nUid: {UID}\nDate:", 1)
    before = make_site(files)
    ids_before = all_entry_ids(before.output)
    assert f"urn:uuid:{UID}" in ids_before["feeds/all.atom.xml"]

    content = tmp_path / "content"
    text = (content / renamed).read_text(encoding="utf-8")
    (content / renamed).unlink()
    moved = "2025/chicago/machine-learning-with-django.md"
    (content / moved).parent.mkdir(parents=True)
    (content / moved).write_text(text.replace("Title: Django for AI", "Title: Django & AI", 1),
                                 encoding="utf-8")
    after = make_site({}, SITEURL="https://notes.example.net", FEED_DOMAIN="https://feeds.example.net")
    ids_after = all_entry_ids(after.output)
    assert ids_after == ids_before
    atom = (after.output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "https://notes.example.net/djangocon-us-2025/machine-learning-with-django/" in atom
    assert 'rel="self" type="application/atom+xml" href="https://feeds.example.net/' in atom
    assert "127.0.0.1" not in atom


def test_notes_sharing_a_uid_keep_distinct_ids_and_the_copy_is_reported(make_site, monkeypatch):
    monkeypatch.setenv("CONFNOTES_WORKERS", "1")  # warnings from forked writers skip caplog
    files = site_files()
    files["djangocon-europe-2024/copy.md"] = ANCHORED.replace(
        "Engines and anchors", "A copied note").replace("2024-06-05 10:30", "2024-06-09")
    site = make_site(files)
    ids = all_entry_ids(site.output)["feeds/all.atom.xml"]
    assert len(ids) == len(set(ids)) == 3
    assert any("copy.md" in m and "Uid" in m for m in site.messages(logging.WARNING))


def test_feeds_name_every_author_and_never_write_an_empty_one(make_site):
    files = site_files()
    files["misc/pair.md"] = note("Written by two", "2024-05-01", authors="Ann Writer, Bob Writer")
    site = make_site(files, AUTHOR="")
    assert every_problem(site.output) == []
    root = parse_strict(site.output / "feeds" / "all.atom.xml")
    assert root.find(A + "author").findtext(A + "name") == "confnotes"  # the SITENAME fallback
    entry = next(e for e in root.findall(A + "entry")
                 if e.findtext(A + "title") == "Written by two")
    assert [a.findtext(A + "name") for a in entry.findall(A + "author")] == ["Ann Writer",
                                                                           "Bob Writer"]
    assert "<name/>" not in all_feed_text(site.output)
    assert "<name></name>" not in all_feed_text(site.output)


def test_item_caps_and_a_deterministic_newest_first_order(make_site):
    files = {f"misc/n{index}.md": note(f"Note {index}", "2024-03-01", speakers="Ada Lovelace")
             for index in range(4)}
    files["misc/newest.md"] = note("Newest", "2024-04-01", speakers="Ada Lovelace")
    site = make_site(files, CONFNOTES={"FEED_MAX_ITEMS": 3, "FEED_ALL_MAX_ITEMS": 4})
    everything = [(e.findtext(A + "title"), e.findtext(A + "id"))
                  for e in atom_entries(site.output / "feeds/all.atom.xml")]
    assert len(everything) == 4 and everything[0][0] == "Newest"
    ties = [entry_id for _, entry_id in everything[1:]]
    assert ties == sorted(ties)  # same date: ordered by entry id, which renames never change
    speaker = [(e.findtext(A + "title"), e.findtext(A + "id"))
               for e in atom_entries(site.output / "speakers/ada-lovelace/atom.xml")]
    assert speaker == everything[:3]


def test_planet_feeds_follow_their_rules(make_site):
    files = site_files()
    files["misc/tagged.md"] = note("Tagged elsewhere", "2024-01-01", tags="Django")
    files["pycon-it-2024/other.md"] = note("Unrelated", "2024-05-20", event="PyCon Italia 2024",
                                           tags="python")
    files["djangocon-us-2023/us.md"] = note("Across the ocean", "2023-10-17",
                                            event="DjangoCon US 2023")
    planets = ({"SLUG": "django", "TITLE": "Django notes from confnotes",
                "TAGS": ("django",), "EVENTS": "djangocon-*"},)
    site = make_site(files, CONFNOTES={"FEED_PLANETS": planets})
    atom = site.output / "feeds" / "django" / "atom.xml"
    assert feed_problems(atom) == [] and feed_problems(atom.with_name("rss.xml")) == []
    assert parse_strict(atom).findtext(A + "title") == "Django notes from confnotes"
    titles = {e.findtext(A + "title") for e in atom_entries(atom)}
    assert titles == {"Engines and anchors", "Second talk", "Tagged elsewhere",
                      "Across the ocean"}
    assert "http://127.0.0.1:8000/feeds/django/atom.xml" in opml_feeds(site.output)


def test_a_bad_planet_rule_stops_the_build_and_says_what_to_fix(make_site):
    with pytest.raises(Exception, match=r"FEED_PLANETS.*TITLE"):
        make_site(site_files(), expect_errors=True,
                  CONFNOTES={"FEED_PLANETS": ({"SLUG": "django", "TAGS": "django"},)})


def test_turning_feeds_off_writes_none_and_links_none(make_site):
    site = make_site(site_files(), CONFNOTES={"FEEDS": False})
    assert feed_files(site.output) == []
    assert not (site.output / "feeds").exists()
    page = site.page("speakers/ada-lovelace/")
    assert page.select('link[rel="alternate"]') == [] and page.select("a.feed-link") == []


def test_html_in_titles_and_names_is_escaped_text_in_every_feed(make_site):
    files = site_files()
    files["misc/markup.md"] = note("<b>Bold</b> & <script>x()</script>", "2024-02-02",
                                   speakers="Eve <i>Evil</i>")
    site = make_site(files)
    assert every_problem(site.output) == []
    entry = next(e for e in atom_entries(site.output / "feeds/all.atom.xml")
                 if "Bold" in e.findtext(A + "title"))
    assert entry.findtext(A + "title") == "<b>Bold</b> & <script>x()</script>"


def test_site_feed_paths_follow_the_settings(make_site):
    site = make_site(site_files(), CONFNOTES={"FEED_ALL_ATOM": "atom.xml", "FEED_ALL_JSON": "",
                                              "FEED_ALL_RSS": "feeds/everything.xml"})
    assert (site.output / "atom.xml").is_file() and (site.output / "feeds/everything.xml").is_file()
    assert not (site.output / "feeds" / "all.json").exists()
    head = site.page("").head
    hrefs = {link["type"]: link["href"] for link in head.select('link[rel="alternate"]')}
    assert hrefs["application/atom+xml"].endswith("/atom.xml")
    assert hrefs["application/rss+xml"].endswith("/feeds/everything.xml")
    assert "application/feed+json" not in hrefs
