"""Whole-site checks over every HTML page of the bundled sample site: the Nu HTML checker finds
no error, no internal link or anchor is broken, every <title> is unique, every <img> has an alt,
and every page has an absolute canonical link, Open Graph tags and parseable JSON-LD.

Reports (counts and findings) are kept in test-artifacts/ (git-ignored)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
VNU_JAR = ROOT / "tests" / ".node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SKIPPED_DIRS = ("pagefind",)  # Pagefind's bundle: not pages of ours
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("source", "src"), ("form", "action"), ("iframe", "src"))
BASE = "http://site.invalid/"


def html_pages(output: Path) -> list[Path]:
    """Every HTML file of the site, Pagefind's bundle left out."""
    return sorted(path for path in output.rglob("*.html")
                  if path.relative_to(output).parts[0] not in SKIPPED_DIRS)


def page_url(output: Path, path: Path) -> str:
    """The site-relative URL a file is served at (`x/index.html` is `x/`)."""
    return str(path.relative_to(output).as_posix()).removesuffix("index.html")


def write_report(name: str, data: Any) -> None:
    """Keep a JSON report in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n",
                                  encoding="utf-8")


@pytest.fixture(scope="module")
def pages(sample_site) -> dict[str, BeautifulSoup]:
    """Every page of the sample site, parsed, by site-relative URL."""
    output = sample_site.output
    found = {page_url(output, path): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
             for path in html_pages(output)}
    assert len(found) > 50, "the checks below loop over these pages: an empty site passes them"
    return found


@pytest.fixture(scope="module")
def site_url() -> str:
    """The bundled site's SITEURL, with its trailing slash."""
    from pelican.settings import read_settings  # noqa: PLC0415

    return str(read_settings(str(ROOT / "pelicanconf.py"))["SITEURL"]).rstrip("/") + "/"


def test_every_page_passes_the_nu_html_checker(sample_site):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("The Nu HTML checker needs Java and tests/.node/ (`make test-tools`).")
    files = [str(path) for path in html_pages(sample_site.output)]
    css = sorted(str(path) for path in (sample_site.output / "theme").rglob("*.css"))
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--also-check-css", *files, *css],
        capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    kinds = Counter(m.get("subType", m["type"]) if m["type"] == "info" else m["type"]
                    for m in messages)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    write_report("vnu.json", {"files": len(files) + len(css), "counts": dict(kinds),
                              "messages": messages})
    assert len(files) > 50
    assert errors == [], "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}"
                                   for m in errors)


def test_no_internal_link_or_anchor_is_broken(sample_site, pages, site_url):
    ids = {url: ids_of(soup) for url, soup in pages.items()}
    broken: list[str] = []
    counts: Counter = Counter()
    for url, soup in pages.items():
        for tag, attribute in LINK_ATTRIBUTES:
            for element in soup.find_all(tag, attrs={attribute: True}):
                target = internal_target(url, element[attribute], site_url)
                if target is None:
                    counts["external"] += 1
                    continue
                counts["internal"] += 1
                path, fragment = target
                problem = check_target(sample_site.output, path, fragment, ids)
                if fragment:
                    counts["anchors"] += 1
                if problem:
                    broken.append(f"{url}: <{tag} {attribute}={element[attribute]!r}> {problem}")
    write_report("links.json", {"pages": len(pages), "counts": dict(counts), "broken": broken})
    assert counts["internal"] > 500 and counts["anchors"] > 10
    assert broken == []


def test_every_title_is_unique_and_every_image_has_an_alt(pages):
    titles: dict[str, list[str]] = defaultdict(list)
    missing_alt = []
    for url, soup in pages.items():
        assert soup.title is not None and soup.title.get_text(strip=True), url
        titles[soup.title.get_text(strip=True)].append(url)
        missing_alt += [f"{url}: {img}" for img in soup.find_all("img") if not img.has_attr("alt")]
    repeated = {title: urls for title, urls in titles.items() if len(urls) > 1}
    write_report("titles.json", {"pages": len(pages), "repeated": repeated,
                                 "images_without_alt": missing_alt})
    assert repeated == {}
    assert missing_alt == []


def test_every_page_has_canonical_open_graph_and_json_ld(pages, site_url):
    for url, soup in pages.items():
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None, url
        assert canonical["href"] == site_url + url, (url, canonical["href"])
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:url"] == canonical["href"], url
        assert og["og:title"] and og["og:site_name"] and og["og:type"], url
        scripts = soup.find_all("script", type="application/ld+json")
        assert len(scripts) == 1, url
        data = json.loads(scripts[0].string)
        assert data["@context"] == "https://schema.org", url
        assert "<" not in scripts[0].string, url  # <, > and & are \u escapes


def internal_target(page: str, href: str, site_url: str) -> tuple[str, str] | None:
    """(site path, fragment) of an href that points into the site, else None."""
    href = href.strip()
    if href.startswith(site_url):
        href = "/" + href.removeprefix(site_url)
    resolved = urljoin(BASE + page, href)
    if not resolved.startswith(BASE):
        return None
    parts = urlsplit(resolved)
    return unquote(parts.path).lstrip("/"), unquote(parts.fragment)


def check_target(output: Path, path: str, fragment: str, ids: dict[str, frozenset[str]]) -> str:
    """What is wrong with a link into the site ("" when nothing is)."""
    file = output / path / "index.html" if path.endswith("/") or not path else output / path
    if not file.is_file():
        return "points at a missing file"
    if not fragment:
        return ""
    anchors = ids.get(path.removesuffix("index.html"))
    if anchors is None:
        return ""
    if fragment not in anchors:
        return f"points at a missing anchor #{fragment}"
    return ""


def ids_of(soup: BeautifulSoup) -> frozenset[str]:
    """The ids (and old-style a[name] anchors) of a page."""
    found = {str(el["id"]) for el in soup.find_all(id=True)}
    found |= {str(a["name"]) for a in soup.find_all("a", attrs={"name": True})}
    return frozenset(found)
