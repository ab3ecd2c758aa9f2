"""Drafts and hidden notes: shown (marked) in development, drafts left out of published sites.

Each test builds a small site for real, with the project's pelicanconf.py (development) or
publishconf.py (what `invoke publish` and `invoke preview` build).
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from confnotes.engine.live import forget_logged_messages
from confnotes.plugin import ConfnotesBuildError
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT, Site, write_files

PUBLISH_SETTINGS = str(ROOT / "publishconf.py")
VNU_JAR = ROOT / "tests" / ".node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

FILES = {
    "events/pycon-it-2026.md": """\
        Title: PyCon Italia 2026
        Start: 2026-05-27
        End: 2026-05-30

        The Italian PyCon.
        """,
    "pycon-it-2026/opening.md": """\
        Title: Opening keynote
        Date: 2026-05-28 09:30
        Event: pycon-it-2026
        Speakers: Ada Lovelace
        Packages: django

        The conference opens.
        """,
    "pycon-it-2026/unfinished.md": """\
        Title: Half-written thoughts on typing
        Date: 2026-05-28 11:00
        Event: pycon-it-2026
        Speakers: Grace Hopper
        Status: draft

        Still taking notes: draftwordxyz.
        """,
    "notes/someday.md": """\
        Title: A draft with no event yet
        Date: 2026-05-20
        Status: draft

        Nothing to see.
        """,
    "pycon-it-2026/backstage.md": """\
        Title: Backstage with the organisers
        Date: 2026-05-29 18:00
        Event: pycon-it-2026
        Speakers: Alan Turing
        Status: hidden

        Only for those who have the link: hiddenwordxyz.
        """,
    "pages/colophon.md": """\
        Title: Colophon in progress
        Status: draft

        How this site is made.
        """,
}

DRAFT_URLS = ("drafts/pycon-it-2026/unfinished/", "drafts/someday/")
DRAFT_TEXTS = ("Half-written thoughts", "draftwordxyz", "A draft with no event yet",
               "Colophon in progress", "Grace Hopper")
HIDDEN_URL = "pycon-it-2026/backstage/"
HIDDEN_TEXTS = ("Backstage with the organisers", "hiddenwordxyz", "Alan Turing")


def publish_build(content: Path, output: Path, caplog: pytest.LogCaptureFixture) -> Site:
    """Build `content` with publishconf.py, as `invoke publish` does (strict, from scratch)."""
    settings = read_settings(PUBLISH_SETTINGS, override={
        "PATH": str(content), "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / "cache-publish"), "CACHE_CONTENT": False})
    caplog.clear()
    forget_logged_messages()
    with caplog.at_level(logging.INFO):
        Pelican(settings).run()
    return Site(output, list(caplog.records))


def files_mentioning(output: Path, text: str) -> list[str]:
    """Every output file (HTML, feeds, exports, sitemap...) whose text contains `text`."""
    found = []
    for path in sorted(output.rglob("*")):
        readable = path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt")
        if readable and text in path.read_text(encoding="utf-8", errors="replace"):
            found.append(path.relative_to(output).as_posix())
    return found


def robots(soup: BeautifulSoup) -> str | None:
    """The page's robots meta, if any."""
    meta = soup.find("meta", attrs={"name": "robots"})
    return meta["content"] if meta else None


@pytest.fixture
def dev_site(make_site) -> Site:
    return make_site(FILES)


@pytest.fixture
def published_site(tmp_path, caplog) -> Site:
    content = write_files(tmp_path / "content", FILES)
    site = publish_build(content, tmp_path / "published", caplog)
    assert site.errors() == [], "the publishing build logged errors"
    return site


def test_development_shows_drafts_at_their_drafts_url_marked_and_noindex(dev_site):
    for url in DRAFT_URLS:
        page = dev_site.page(url)
        banner = page.find(class_="draft-banner")
        assert banner is not None, f"{url} has no draft banner"
        assert "Draft" in banner.get_text()
        assert robots(page) == "noindex", f"{url} lacks noindex"
    assert "draftwordxyz" in dev_site.page(DRAFT_URLS[0]).get_text()
    page = dev_site.page("drafts/pages/colophon.html")
    assert page.find(class_="draft-banner") is not None
    assert robots(page) == "noindex"


def test_development_lists_drafts_nowhere(dev_site):
    for text in DRAFT_TEXTS:
        listed = [name for name in files_mentioning(dev_site.output, text)
                  if not name.startswith("drafts/")]
        assert listed == [], f"{text!r} is listed outside drafts/"
    robots_txt = (dev_site.output / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow: /drafts/" in robots_txt


def test_published_notes_have_neither_banner_nor_noindex(dev_site, published_site):
    for site in (dev_site, published_site):
        page = site.page("pycon-it-2026/opening/")
        assert page.find(class_="draft-banner") is None
        assert robots(page) is None
        assert robots(site.page("")) is None


def test_publishing_leaves_drafts_out_entirely(published_site):
    output = published_site.output
    assert not (output / "drafts").exists(), "publishing wrote a drafts folder"
    for text in DRAFT_TEXTS:
        assert files_mentioning(output, text) == [], f"{text!r} was published"
    assert not published_site.exists("pycon-it-2026/unfinished/")
    assert not published_site.exists("notes/someday/")
    # Grace Hopper speaks only in the draft: she gets no page either.
    assert not published_site.exists("speakers/grace-hopper/")


def test_hidden_notes_are_built_listed_nowhere_and_noindex(dev_site, published_site):
    for site in (dev_site, published_site):
        page = site.page(HIDDEN_URL)
        assert "hiddenwordxyz" in page.get_text()
        assert robots(page) == "noindex"
        assert page.find(class_="draft-banner") is None
        for text in HIDDEN_TEXTS:
            assert files_mentioning(site.output, text) == [f"{HIDDEN_URL}index.html"], (
                f"{text!r} is listed somewhere")


def test_the_published_sitemap_lists_the_published_note_only(published_site):
    sitemap = (published_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://confnotes.example.org/pycon-it-2026/opening/" in sitemap
    assert "backstage" not in sitemap
    assert "unfinished" not in sitemap and "someday" not in sitemap


def docs_example(heading: str) -> str:
    """The first ```markdown block under `heading` in docs/content-format.md."""
    text = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    return section.split("```markdown\n", 1)[1].split("```", 1)[0]


def test_the_documented_draft_is_where_the_docs_say(make_site, tmp_path, caplog):
    example = docs_example("### Drafts and hidden notes")
    files = {"pycon-it-2026/half-written-thoughts.md": example}
    site = make_site(files)
    # The event has no profile and no published note: the draft goes under its name's slug.
    page = site.page("drafts/pycon-it-2026/half-written-thoughts/")
    assert page.find(class_="draft-banner") is not None
    published = publish_build(write_files(tmp_path / "content", files), tmp_path / "published",
                              caplog)
    assert files_mentioning(published.output, "Half-written thoughts") == []


def test_a_hidden_note_of_an_unknown_event_stays_under_notes(make_site):
    site = make_site({"elsewhere/secret.md": """\
        Title: A secret meetup
        Date: 2026-02-02
        Event: Some meetup nobody profiled
        Status: hidden

        Text.
        """})
    assert robots(site.page("notes/secret/")) == "noindex"


def draft(event: str) -> str:
    """A draft note, for `event` (or none)."""
    return f"Title: Lightning talks\nDate: 2026-05-28\n{event}Status: draft\n\nNotes.\n"


def test_drafts_sharing_a_file_name_clash_only_without_distinct_events(make_site):
    site = make_site({"a/lightning-talks.md": draft("Event: PyCon Italia 2026\n"),
                      "b/lightning-talks.md": draft("Event: EuroPython 2026\n")})
    assert site.exists("drafts/pycon-italia-2026/lightning-talks/")
    assert site.exists("drafts/europython-2026/lightning-talks/")
    with pytest.raises(ConfnotesBuildError, match=r"a/lightning-talks\.md.*b/lightning-talks\.md"):
        make_site({"a/lightning-talks.md": draft(""), "b/lightning-talks.md": draft("")},
                  expect_errors=True)


def test_draft_and_hidden_pages_are_valid_html(dev_site):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("The Nu HTML checker needs Java and tests/.node/ (`make test-tools`).")
    pages = [dev_site.output / url / "index.html" for url in (*DRAFT_URLS, HIDDEN_URL)]
    pages.append(dev_site.output / "drafts/pages/colophon.html")
    completed = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json",
                                *map(str, pages)],
                               capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == [], "\n".join(f"{m.get('url')}: {m['message']}" for m in errors)
