"""Feed checkers shared by the feed tests: strict XML, feedparser, RFC 4287, RSS 2.0, JSON Feed.

Each `*_problems` function returns a list of readable problems (empty when the feed is sound).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

ATOM_SCHEMA = Path(__file__).resolve().parent / "site" / "atom.rng"
ATOM_NS = "http://www.w3.org/2005/Atom"
A = "{" + ATOM_NS + "}"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ABSOLUTE_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
WEB_URL = re.compile(r"^https?://[^/\s]+/\S*$")
KEPT_SCHEMES = ("mailto:", "tel:", "data:")
URL_ATTRIBUTES = ("href", "src", "cite", "poster")


@cache
def atom_schema() -> etree.RelaxNG:
    """The RELAX NG schema of RFC 4287 kept beside the tests."""
    return etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))


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
