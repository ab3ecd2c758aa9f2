"""Every feed of the sample site, read strictly: XML, feedparser, RFC 4287, RSS 2.0, JSON Feed.

The checkers here (`feed_problems` and friends) are reused by test_feeds_build.py.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

TESTS = Path(__file__).resolve().parent
ATOM_NS = "http://www.w3.org/2005/Atom"
A = "{" + ATOM_NS + "}"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ABSOLUTE_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
WEB_URL = re.compile(r"^https?://[^/\s]+/\S*$")
KEPT_SCHEMES = ("mailto:", "tel:", "data:")
URL_ATTRIBUTES = ("href", "src", "cite", "poster")
SPEAKER = "speakers/paolo-melchiorre/"
LIGHTNING_NOTE = "djangocon-europe-2026/lightning-talks-day-2/"


@cache
def atom_schema() -> etree.RelaxNG:
    """The RELAX NG schema of RFC 4287 kept beside the tests."""
    return etree.RelaxNG(etree.parse(str(TESTS / "atom.rng")))


def parse_strict(path: Path) -> etree._Element:
    """Parse an XML file with a strict parser (no recovery, no entities, no network)."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True,
                             load_dtd=False)
    return etree.fromstring(path.read_bytes(), parser)


def feed_files(output: Path) -> list[Path]:
    """Every Atom and RSS feed written in a site's output folder."""
    return sorted(p for p in output.rglob("*.xml")
                  if p.name in {"atom.xml", "rss.xml"} or p.name.endswith((".atom.xml",
                                                                         ".rss.xml")))


def opml_feeds(output: Path) -> dict[str, str]:
    """{feed URL: title} of every feed the OPML file lists."""
    root = parse_strict(output / "feeds" / "opml.xml")
    return {o.get("xmlUrl"): o.get("title") for o in root.iter("outline") if o.get("xmlUrl")}


def feed_has_entries(path: Path) -> bool:
    """Whether an Atom or RSS feed file has at least one entry (item)."""
    root = parse_strict(path)
    return root.find(f"{A}entry") is not None or root.find("channel/item") is not None


def html_url_problems(html: str, where: str) -> list[str]:
    """Relative URLs left in an entry's HTML."""
    problems = []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        values = [tag.get(name) for name in URL_ATTRIBUTES if tag.get(name) is not None]
        for srcset in (tag.get("srcset"),):
            if srcset:
                values += [part.strip().split()[0] for part in srcset.split(",") if part.strip()]
        for value in values:
            if not (WEB_URL.match(value) or value.startswith(KEPT_SCHEMES)):
                problems.append(f"{where}: relative URL {value!r} in <{tag.name}>")
    return problems


def rfc3339(value: str, where: str) -> list[str]:
    """Problems with an RFC 3339 date-time that must carry its offset."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value or ""):
        return [f"{where}: {value!r} is not an RFC 3339 date-time with an offset"]
    return []


def atom_problems(root: etree._Element, where: str) -> list[str]:
    """What RFC 4287 requires beyond its RELAX NG schema, and what confnotes promises."""
    problems = []
    if not atom_schema().validate(root):
        problems.append(f"{where}: RELAX NG: {atom_schema().error_log.last_error}")
    self_links = [link for link in root.findall(A + "link") if link.get("rel") == "self"]
    if len(self_links) != 1 or not WEB_URL.match(self_links[0].get("href", "")):
        problems.append(f"{where}: no single absolute rel=self link")
    problems += _alternates(root, where)
    problems += [f"{where}: an empty person name" for name in root.iter(A + "name")
                 if not (name.text or "").strip()]
    problems += [f"{where}: id {e.text!r} is not an absolute IRI" for e in root.iter(A + "id")
                 if not ABSOLUTE_IRI.match(e.text or "")]
    has_author = bool(root.findall(A + "author"))
    entries = root.findall(A + "entry")
    for index, entry in enumerate(entries):
        problems += atom_entry_problems(entry, f"{where} entry {index}", has_author)
    published = [e.findtext(A + "published") or "" for e in entries]
    if any(rfc3339(value, where) for value in published):
        return problems
    dates = [datetime.fromisoformat(value) for value in published]
    if dates != sorted(dates, reverse=True):
        problems.append(f"{where}: entries are not newest first")
    return problems


def atom_entry_problems(entry: etree._Element, where: str, feed_has_author: bool) -> list[str]:
    """One atom:entry's co-constraints (4.1.2), dates and absolute URLs."""
    problems = []
    if not feed_has_author and not entry.findall(A + "author"):
        problems.append(f"{where}: no author, and the feed has none (4.1.1)")
    content = entry.find(A + "content")
    alternates = [link for link in entry.findall(A + "link")
                  if link.get("rel", "alternate") == "alternate"]
    if content is None and not alternates:
        problems.append(f"{where}: neither content nor an alternate link (4.1.2)")
    if content is not None and content.get("src") and entry.find(A + "summary") is None:
        problems.append(f"{where}: out-of-line content without a summary (4.1.2)")
    problems += _alternates(entry, where)
    problems += [f"{where}: link {link.get('href')!r} is not absolute"
                 for link in entry.iter(A + "link") if not WEB_URL.match(link.get("href", ""))]
    for date in ("published", "updated"):
        problems += rfc3339(entry.findtext(A + date), f"{where} {date}")
    if content is not None and content.get("type") == "html":
        problems += html_url_problems(content.text or "", where)
    return problems


def _alternates(element: etree._Element, where: str) -> list[str]:
    """At most one alternate link per type and hreflang (4.1.1, 4.1.2)."""
    seen = set()
    for link in element.findall(A + "link"):
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                return [f"{where}: two alternate links of type {key}"]
            seen.add(key)
    return []


def rss_problems(root: etree._Element, where: str) -> list[str]:
    """RSS 2.0's required elements, guids, dates and absolute URLs."""
    problems = []
    channels = root.findall("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or len(channels) != 1:
        return [f"{where}: not an RSS 2.0 document with one channel"]
    channel = channels[0]
    problems += [f"{where}: channel without {required}" for required in
                 ("title", "link", "description") if not (channel.findtext(required) or "").strip()]
    if not WEB_URL.match(channel.findtext("link") or ""):
        problems.append(f"{where}: channel link is not absolute")
    selves = [link for link in channel.findall(A + "link") if link.get("rel") == "self"]
    if len(selves) != 1 or not WEB_URL.match(selves[0].get("href", "")):
        problems.append(f"{where}: no single absolute atom:link rel=self")
    items = channel.findall("item")
    for index, item in enumerate(items):
        problems += rss_item_problems(item, f"{where} item {index}")
    dates = [rfc822(item.findtext("pubDate")) for item in items]
    if None not in dates and dates != sorted(dates, reverse=True):
        problems.append(f"{where}: items are not newest first")
    return problems


def rfc822(value: str | None) -> datetime | None:
    """An RFC 822 date with its time zone, or None."""
    try:
        date = parsedate_to_datetime(value or "")
    except (TypeError, ValueError):
        return None
    return date if date.tzinfo is not None else None


def rss_item_problems(item: etree._Element, where: str) -> list[str]:
    """One RSS item: title or description, guid, link, dates, a named creator, absolute URLs."""
    problems = []
    if not (item.findtext("title") or item.findtext("description")):
        problems.append(f"{where}: neither title nor description")
    guid = item.find("guid")
    if guid is None or not (guid.text or "").strip():
        problems.append(f"{where}: no guid")
    elif guid.get("isPermaLink", "true") != "false" and not WEB_URL.match(guid.text):
        problems.append(f"{where}: guid {guid.text!r} is not a permalink and does not say "
                        'isPermaLink="false"')
    if not WEB_URL.match(item.findtext("link") or ""):
        problems.append(f"{where}: link is not absolute")
    if rfc822(item.findtext("pubDate")) is None:
        problems.append(f"{where}: pubDate is not an RFC 822 date with a time zone")
    problems += rfc3339(item.findtext(A + "updated"), f"{where} atom:updated")
    if not [c for c in item.findall("{http://purl.org/dc/elements/1.1/}creator")
            if (c.text or "").strip()]:
        problems.append(f"{where}: no dc:creator")
    return problems + html_url_problems(item.findtext("description") or "", where)


def feed_problems(path: Path) -> list[str]:
    """Every problem of one Atom or RSS file: strict XML, feedparser, then its format."""
    where = str(path)
    try:
        root = parse_strict(path)
    except etree.XMLSyntaxError as error:
        return [f"{where}: not well-formed XML: {error}"]
    parsed = feedparser.parse(path.read_bytes())
    problems = [f"{where}: feedparser: {parsed.bozo_exception}"] if parsed.bozo else []
    if root.tag == A + "feed":
        return problems + atom_problems(root, where)
    return problems + rss_problems(root, where)


def _people_problems(people: object, where: str) -> list[str]:
    """JSON Feed authors: objects with at least a name, url or avatar."""
    if not isinstance(people, list) or not people:
        return [f"{where}: authors must be a non-empty list"]
    return [f"{where}: an author with no name, url or avatar" for person in people
            if not isinstance(person, dict) or not any(
                isinstance(person.get(k), str) and person[k] for k in ("name", "url", "avatar"))]


def json_feed_problems(path: Path) -> list[str]:
    """The required and typed fields of JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    where = str(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    if data.get("version") != JSON_FEED_VERSION:
        problems.append(f"{where}: version is not {JSON_FEED_VERSION}")
    if not isinstance(data.get("title"), str) or not data["title"]:
        problems.append(f"{where}: no title")
    problems += [f"{where}: {key} is not absolute" for key in ("home_page_url", "feed_url")
                 if key in data and not WEB_URL.match(data[key])]
    if "authors" in data:
        problems += _people_problems(data["authors"], where)
    items = data.get("items")
    if not isinstance(items, list):
        return [*problems, f"{where}: items is not a list"]
    ids = [item.get("id") for item in items]
    if len(set(ids)) != len(ids):
        problems.append(f"{where}: two items share an id")
    for index, item in enumerate(items):
        problems += json_item_problems(item, f"{where} item {index}")
    return problems


def json_item_problems(item: dict, where: str) -> list[str]:
    """One JSON Feed item: id, content, URLs, dates, tags and authors."""
    problems = []
    if not isinstance(item.get("id"), str) or not item["id"]:
        problems.append(f"{where}: id must be a non-empty string")
    html, text = item.get("content_html"), item.get("content_text")
    if not isinstance(html, str) and not isinstance(text, str):
        problems.append(f"{where}: neither content_html nor content_text")
    if "url" in item and not WEB_URL.match(item["url"]):
        problems.append(f"{where}: url is not absolute")
    for key in ("date_published", "date_modified"):
        if key in item:
            problems += rfc3339(item[key], f"{where} {key}")
    if "tags" in item and not all(isinstance(tag, str) for tag in item["tags"]):
        problems.append(f"{where}: tags must be strings")
    if "authors" in item:
        problems += _people_problems(item["authors"], where)
    return problems + (html_url_problems(html, where) if isinstance(html, str) else [])


def atom_entries(path: Path) -> list[etree._Element]:
    """The atom:entry elements of an Atom file."""
    return parse_strict(path).findall(A + "entry")


def all_entry_ids(output: Path) -> dict[str, list[str]]:
    """{feed file: [entry ids in order]} for every feed of a site (and its JSON Feed)."""
    ids = {}
    for path in feed_files(output):
        root = parse_strict(path)
        relative = path.relative_to(output).as_posix()
        if root.tag == A + "feed":
            ids[relative] = [entry.findtext(A + "id") for entry in root.findall(A + "entry")]
        else:
            ids[relative] = [item.findtext("guid") for item in root.iter("item")]
    json_feed = output / "feeds" / "all.json"
    if json_feed.exists():
        data = json.loads(json_feed.read_text(encoding="utf-8"))
        ids["feeds/all.json"] = [item["id"] for item in data["items"]]
    return ids


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
    missing = []
    for page in output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        page_url = "http://site/" + page.relative_to(output).as_posix()
        links = [*soup.select('link[rel="alternate"][type]'), *soup.select("a.feed-link")]
        for link in links:
            target = urljoin(page_url, link["href"])
            target = re.sub(r"^http://(site|127\.0\.0\.1:8000)/", "", target)
            if not (output / target).is_file():
                missing.append(f"{page}: {link['href']}")
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
