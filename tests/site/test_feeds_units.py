"""The pure parts of the feeds: absolute URLs, entry ids and planet rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from confnotes.settings import ConfnotesSettings, SettingsError
from confnotes.site.feeds.absolute import absolute_html, absolute_srcset, absolute_url, xml_safe
from confnotes.site.feeds.entries import aware, iso
from confnotes.site.feeds.ids import fallback_uuid, note_uuids, talk_uuid, uid_uuid
from confnotes.site.feeds.rules import NoteFacts, check_feed_settings, folded

BASE = "https://notes.example.org/djangocon-europe-2024/engines/"


@pytest.mark.parametrize(("html", "expected"), [
    ('<a href="#x">a</a>', f'<a href="{BASE}#x">a</a>'),
    ('<img src="cat.png" alt="a > b">', f'<img src="{BASE}cat.png" alt="a > b">'),
    ("<img src='../up.png'>", '<img src="https://notes.example.org/djangocon-europe-2024/up.png">'),
    ('<a href="/root/">r</a>', '<a href="https://notes.example.org/root/">r</a>'),
    ('<a href="//cdn.example.net/x">c</a>', '<a href="https://cdn.example.net/x">c</a>'),
    ('<a href="mailto:ada@example.org">m</a>', '<a href="mailto:ada@example.org">m</a>'),
    ('<a href="tel:+39123">t</a>', '<a href="tel:+39123">t</a>'),
    ('<a href="?a=1&amp;b=2">q</a>', f'<a href="{BASE}?a=1&amp;b=2">q</a>'),
    ('<a title="href=&quot;x&quot;" href="y">t</a>',
     f'<a title="href=&quot;x&quot;" href="{BASE}y">t</a>'),
    ('<blockquote cite="source.html">q</blockquote>',
     f'<blockquote cite="{BASE}source.html">q</blockquote>'),
    ("<code>&lt;a href=\"keep.html\"&gt;</code>", "<code>&lt;a href=\"keep.html\"&gt;</code>"),
    ("<p>a = b and href=\"text\"</p>", "<p>a = b and href=\"text\"</p>"),
])
def test_absolute_html_rewrites_url_attributes_only(html, expected):
    assert absolute_html(html, BASE) == expected


def test_srcset_candidates_each_become_absolute():
    assert absolute_srcset("a.png 1x, /b.png 2x,c.png", BASE) == (
        f"{BASE}a.png 1x, https://notes.example.org/b.png 2x, {BASE}c.png")
    assert absolute_srcset("data:image/png;base64,AAA, x.png 480w", BASE) == (
        f"data:image/png;base64,AAA, {BASE}x.png 480w")
    assert absolute_html('<source srcset="s.webp">', BASE) == f'<source srcset="{BASE}s.webp">'


def test_absolute_url_keeps_every_scheme():
    for url in ("https://a.example/x", "HTTP://A.EXAMPLE/", "mailto:x@y.z", "tel:1", "data:,x"):
        assert absolute_url(url, BASE) == url


def test_xml_safe_drops_what_xml_forbids():
    assert xml_safe("a\x00b\x0cc\td\ne\ufffe") == "abc\td\ne"


def article(path: str, date: str, uid: str = "") -> SimpleNamespace:
    """A stand-in for a Pelican article."""
    return SimpleNamespace(date=datetime.fromisoformat(date), uid=uid,
                           get_relative_source_path=lambda: path)


def test_a_uid_is_the_id_whatever_its_spelling():
    value = "0B6F3F1E-5A4C-4D7E-9B1A-2F8E6C5D4A3B"
    assert uid_uuid(value) == uid_uuid("{" + value.lower() + "}") == uuid.UUID(value)
    assert uid_uuid("my-own-note-id") == uid_uuid("my-own-note-id")
    assert uid_uuid("my-own-note-id").version == 5


def test_the_fallback_depends_on_date_and_path_not_on_the_time_zone():
    naive = datetime.fromisoformat("2024-06-05T10:30:00")
    rome = datetime.fromisoformat("2024-06-05T10:30:00+02:00")
    assert fallback_uuid(naive, "ev/talk.md") == fallback_uuid(rome, "ev/talk.md")
    assert fallback_uuid(naive, "ev/other.md") != fallback_uuid(naive, "ev/talk.md")
    assert fallback_uuid(naive.replace(day=6), "ev/talk.md") != fallback_uuid(naive, "ev/talk.md")


def test_of_two_notes_sharing_a_uid_the_older_keeps_it():
    uid = str(uuid.uuid4())
    notes = [article("b/copy.md", "2024-06-09T00:00:00", uid),
             article("a/first.md", "2024-06-05T00:00:00", uid)]
    uuids, duplicates = note_uuids((a.get_relative_source_path(), a) for a in notes)
    assert uuids["a/first.md"] == uuid.UUID(uid)
    assert uuids["b/copy.md"] != uuid.UUID(uid)
    assert [d.source_path for d in duplicates] == ["b/copy.md"]
    assert "a/first.md" in duplicates[0].message()


def test_talk_ids_differ_per_anchor_and_are_stable():
    note = uuid.uuid4()
    assert talk_uuid(note, "a") == talk_uuid(note, "a") != talk_uuid(note, "b")


def facts(**given: tuple[str, ...]) -> NoteFacts:
    """NoteFacts with empty defaults."""
    keys = ("tags", "events", "series", "speakers", "packages", "kinds")
    return NoteFacts(**{key: folded(given.get(key, ())) for key in keys})


def test_planet_rules_match_any_pattern_of_any_kind():
    settings = ConfnotesSettings(feed_planets=(
        {"SLUG": "django", "TITLE": "Django", "TAGS": "Django", "EVENTS": ("djangocon-*",)},))
    (rule,) = check_feed_settings(settings)
    assert rule.matches(facts(tags=("django",)))
    assert rule.matches(facts(events=("djangocon-us-2025", "DjangoCon US 2025")))
    assert not rule.matches(facts(tags=("python",), events=("pycon-it-2024",)))


@pytest.mark.parametrize(("planets", "message"), [
    (({"SLUG": "Bad Slug", "TITLE": "x", "TAGS": "a"},), "SLUG"),
    (({"SLUG": "x", "TAGS": "a"},), "TITLE"),
    (({"SLUG": "x", "TITLE": "x"},), "follows nothing"),
    (({"SLUG": "x", "TITLE": "x", "TAG": "a"},), "unknown key"),
    (({"SLUG": "x", "TITLE": "x", "TAGS": [1]},), "TAGS"),
    (({"SLUG": "x", "TITLE": "x", "TAGS": "a", "MAX_ITEMS": -1},), "MAX_ITEMS"),
    (({"SLUG": "x", "TITLE": "x", "TAGS": "a"}, {"SLUG": "x", "TITLE": "y", "TAGS": "b"}),
     "two planets"),
    (("django",), "must be a dict"),
])
def test_bad_planet_rules_say_what_to_fix(planets, message):
    with pytest.raises(SettingsError, match=message):
        check_feed_settings(ConfnotesSettings(feed_planets=planets))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"feed_max_items": -1}, "FEED_MAX_ITEMS"),
    ({"feed_all_max_items": True}, "FEED_ALL_MAX_ITEMS"),
    ({"feed_all_atom": "/feeds/all.atom.xml"}, "FEED_ALL_ATOM"),
    ({"feed_opml": "feeds/"}, "FEED_OPML"),
    ({"feed_planet_url": "planets/"}, "FEED_PLANET_URL"),
])
def test_bad_feed_settings_say_what_to_fix(overrides, message):
    with pytest.raises(SettingsError, match=message):
        check_feed_settings(ConfnotesSettings(**overrides))


@pytest.mark.parametrize("zone", ["Europe/Rome", "America/New_York", "Asia/Kolkata"])
def test_dates_before_standard_time_have_offsets_feeds_accept(zone):
    moment = datetime(1850, 6, 1, 10, 0, tzinfo=ZoneInfo(zone))
    assert moment.utcoffset().seconds % 60  # local mean time: an offset with seconds
    assert iso(moment) == moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert aware(moment).timestamp() == moment.timestamp()
    modern = datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Rome"))
    assert iso(modern) == "2026-06-01T10:00:00+02:00"
