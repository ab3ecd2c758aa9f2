"""Reader polish, on real builds read back with BeautifulSoup: one date format everywhere,
notes dated outside their event's dates kept apart from its days, the series index."""

from __future__ import annotations

import posixpath
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from bs4 import BeautifulSoup, Tag

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH = "|".join(MONTHS)
# The one format: "8 September 2025" (no leading zero, the month in full, the year).
ONE_DATE = re.compile(rf"([1-9]|[12]\d|3[01]) ({MONTH}) (\d{{4}})")
# Ranges of it, joined by an en dash: "8-12 September 2025", "30 May - 2 June 2026",
# "30 December 2025 - 2 January 2026".
DASH = "\N{EN DASH}"
DATE_RANGE = re.compile(rf"\d{{1,2}}(?: (?:{MONTH})(?: \d{{4}})?)? ?{DASH} ?{ONE_DATE.pattern}")
# Dates written any other way, looked for in the text the theme writes (not in note bodies).
OTHER_DATES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"  # 2025-09-08
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 9/8/2025
    rf"|\b0\d (?:{MONTH})\b"  # 08 September
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"  # 8 Sep
    rf"|\b(?:{MONTH}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"  # September 8, 2025
    r"|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d"  # Mon 08 Sep
)


def html_pages(output: Path) -> list[Path]:
    """Every HTML page of a built site, the search bundle left out."""
    return sorted(path for path in output.rglob("*.html")
                  if path.relative_to(output).parts[0] != "pagefind")


def shown_date(text: str) -> date:
    """The date a "8 September 2025" text stands for."""
    match = ONE_DATE.fullmatch(text)
    assert match, f"{text!r} is not written as '8 September 2025'"
    return date(int(match[3]), MONTHS.index(match[2]) + 1, int(match[1]))


def machine_date(time: Tag) -> date:
    """The day a <time datetime="..."> element names (a date, or a date and time)."""
    value = time.get("datetime", "")
    assert value, f"{time} has no datetime"
    return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)


def theme_text(soup: BeautifulSoup) -> str:
    """The page's visible text that the theme writes: note and profile bodies (the writer's
    own words), code, scripts and <time> elements left out."""
    for element in soup.select("script, style, .prose, pre, code, time, title"):
        element.decompose()
    return " ".join(soup.get_text(" ").split())


def test_every_visible_date_of_the_sample_site_has_one_format(sample_site: Any) -> None:
    pages = html_pages(sample_site.output)
    assert len(pages) > 50
    seen = 0
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(sample_site.output)
        for span in soup.select(".date-range"):
            text = " ".join(span.get_text().split())
            assert DATE_RANGE.fullmatch(text), f"{where}: range {text!r}"
            first, last = (machine_date(t) for t in span.find_all("time"))
            assert last == shown_date(ONE_DATE.search(text)[0]) and first < last, where
            span.decompose()
        for time in soup.find_all("time"):
            assert machine_date(time) == shown_date(time.get_text(strip=True)), f"{where}: {time}"
            seen += 1
        stray = OTHER_DATES.findall(theme_text(soup))
        assert stray == [], f"{where}: dates written another way: {stray}"
    assert seen > 100, seen


EVENT_PROFILE = """\
    Name: PyCon Testland 2026
    Start: {start}
    {end}

    A conference.
    """


def note_file(title: str, day: str, kind: str = "talk") -> str:
    """A note of PyCon Testland 2026 dated `day`."""
    return (f"Title: {title}\nDate: {day}\nEvent: pycon-testland-2026\n"
            f"Speakers: Ada Lovelace\nKind: {kind}\n\nNotes.\n")


def talks_section(soup: BeautifulSoup) -> dict[str, list[str]]:
    """The event page's talks: each day's or group's heading with the titles under it."""
    section = soup.find("section", attrs={"aria-labelledby": "talks"})
    groups = {}
    for group in section.select("section.day"):
        heading = " ".join(group.find("h3").get_text(" ").split())
        groups[heading] = [a.get_text() for a in group.select(".card-title a")]
    return groups


def test_notes_dated_outside_the_event_are_not_shown_as_its_days(make_site):
    site = make_site({
        "events/pycon-testland-2026.md": EVENT_PROFILE.format(start="2026-05-14",
                                                              end="End: 2026-05-15"),
        "pycon/preview.md": note_file("What I hope to see", "2026-05-01", "other"),
        "pycon/keynote.md": note_file("Opening keynote", "2026-05-14", "keynote"),
        "pycon/day-two.md": note_file("A talk on day two", "2026-05-15"),
        "pycon/recap.md": note_file("A week later: my recap", "2026-05-22", "other"),
    })
    page = site.page("events/pycon-testland-2026/")
    assert talks_section(page) == {
        "Before the event": ["What I hope to see"],
        "Thursday 14 May 2026": ["Opening keynote"],
        "Friday 15 May 2026": ["A talk on day two"],
        "After the event": ["A week later: my recap"],
    }
    jump = [a.get_text(" ", strip=True) for a in page.select("nav.jump a")]
    assert jump == ["Before the event", "14 May 2026", "15 May 2026", "After the event"]
    assert [a["href"] for a in page.select("nav.jump a")] == [
        "#before-event", "#day-1", "#day-2", "#after-event"]
    outside = page.select("section.day-outside time")
    assert [t.get_text() for t in outside] == ["1 May 2026", "22 May 2026"]


def test_an_event_with_a_start_only_is_one_day(make_site):
    site = make_site({
        "events/pycon-testland-2026.md": EVENT_PROFILE.format(start="2026-05-14", end=""),
        "pycon/keynote.md": note_file("Opening keynote", "2026-05-14", "keynote"),
        "pycon/recap.md": note_file("The next morning", "2026-05-15", "other"),
    })
    assert talks_section(site.page("events/pycon-testland-2026/")) == {
        "Thursday 14 May 2026": ["Opening keynote"],
        "After the event": ["The next morning"],
    }


def test_an_event_without_dates_shows_every_note_by_day(make_site):
    site = make_site({
        "pycon/keynote.md": note_file("Opening keynote", "2026-05-14", "keynote"),
        "pycon/recap.md": note_file("A week later", "2026-05-22", "other"),
    })
    groups = talks_section(site.page("events/pycon-testland-2026/"))
    assert groups == {"Thursday 14 May 2026": ["Opening keynote"],
                      "Friday 22 May 2026": ["A week later"]}


def test_the_sample_podcast_recap_comes_after_djangocon_us(sample_site):
    groups = talks_section(sample_site.page("events/djangocon-us-2025/"))
    assert list(groups) == ["Monday 8 September 2025", "After the event"]
    assert groups["After the event"] == ["Django Chat: the DjangoCon US 2025 recap episode"]


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def resolve(page_url: str, href: str) -> str:
    """A relative href on the page at `page_url`, as a site-relative URL."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_url), href)).lstrip("./") + (
        "/" if href.endswith("/") else "")


def test_the_series_index_lists_every_series_with_its_editions(sample_site):
    page = sample_site.page("series/")
    assert page.find("h1").get_text() == "Series"
    listing = {section.find("h2").get_text(strip=True):
               [a.get_text() for a in section.select(".event-list li > a")]
               for section in page.select("main section.series")}
    assert listing == {
        "Django on the Med": ["Django on the Med 2026", "Django on the Med 2025"],
        "DjangoCon Europe": ["DjangoCon Europe 2026", "DjangoCon Europe 2025"],
        "DjangoCon US": ["DjangoCon US 2025"],
    }
    links = [resolve("series/index.html", a["href"]) for a in page.select("main a[href]")]
    assert "series/djangocon-europe/" in links and "events/djangocon-us-2025/" in links
    feeds = [link for link in links if link.endswith(".xml")]
    assert "series/djangocon-europe/atom.xml" in feeds and "series/djangocon-us/rss.xml" in feeds
    for link in links:
        assert sample_site.exists(link), f"/series/ links to {link}, which the site lacks"
    assert "6 talks, 6 speakers" in page.find(id="series-djangocon-europe").parent.get_text()


def test_the_events_index_and_the_sitemap_lead_to_the_series_index(sample_site):
    events = sample_site.page("events/")
    link = events.find("a", string=re.compile("Every series"))
    assert link is not None and resolve("events/index.html", link["href"]) == "series/"
    sitemap = ElementTree.parse(sample_site.output / "sitemap.xml").getroot()
    locs = [loc.text or "" for loc in sitemap.iter(f"{SITEMAP_NS}loc")]
    assert any(loc.endswith("/series/") for loc in locs), locs


def test_without_series_the_index_says_how_to_make_one(make_site):
    site = make_site({"pycon/keynote.md": note_file("Opening keynote", "2026-05-14")})
    assert "No series yet" in site.page("series/").find("main").get_text()
    assert site.page("events/").find("a", string=re.compile("Every series")) is None


def test_the_series_index_follows_its_setting(make_site):
    site = make_site({
        "events/pycon-testland-2026.md": "Name: PyCon Testland 2026\nSeries: PyCon Testland\n",
        "pycon/keynote.md": note_file("Opening keynote", "2026-05-14"),
    }, CONFNOTES={"SERIES_INDEX_SAVE_AS": "recurring/index.html"})
    assert site.exists("recurring/") and not site.exists("series/")
    link = site.page("events/").find("a", string=re.compile("Every series"))
    assert resolve("events/index.html", link["href"]) == "recurring/"
    assert site.exists("series/pycon-testland/")
