"""One page of every type, in Chromium under the site's CSP: no console errors, no CSP
violations, no serious or critical axe-core violations (light and dark), visible keyboard focus,
and screenshots at phone and desktop widths kept in test-artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from support import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    blocking,
    csp_violations,
    focus_ring,
    run_axe,
    shows_focus,
    write_report,
)

PAGES = {
    "home": "",
    "note": "djangocon-us-2025/django-for-ai/",
    "multi-talk-note": "djangocon-europe-2026/lightning-talks-day-2/",
    "events": "events/",
    "event": "events/djangocon-europe-2026/",
    "series-index": "series/",
    "series": "series/djangocon-europe/",
    "speakers": "speakers/",
    "speaker": "speakers/paolo-melchiorre/",
    "packages": "packages/",
    "package": "packages/django-csp/",
    "tags": "tags/",
    "tag": "tags/deployment/",
    "archives": "archives/",
    "archives-year": "archives/2025/",
    "page": "pages/about/",
    "search": "search/",
    "search-results": "search/?q=django",
}
TABS = 6


@pytest.fixture(scope="module")
def axe_results() -> Any:
    """Every page's axe-core violations (all impacts), written to test-artifacts/axe.json."""
    results: dict[str, Any] = {}
    yield results
    write_report("axe.json", results)


@pytest.mark.parametrize("name", PAGES)
def test_page_in_a_real_browser(name: str, base_url: str, page_and_watch: Any, axe_source: str,
                                axe_results: dict[str, Any]) -> None:
    page, watch = page_and_watch
    response = page.goto(base_url + PAGES[name], wait_until="networkidle")
    assert response is not None and response.ok, name
    if name == "search-results":
        page.wait_for_selector("#search-results li")

    found: dict[str, Any] = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found[scheme] = run_axe(page, axe_source)
    axe_results[name] = found

    page.evaluate("() => window.scrollTo(0, 0)")
    rings = []
    for _ in range(TABS):
        page.keyboard.press("Tab")
        rings.append(focus_ring(page))

    _screenshots(page, name)
    assert watch.errors == [], f"{name}: console errors {watch.errors}"
    assert csp_violations(page) == [], f"{name}: CSP violations"
    for scheme, violations in found.items():
        assert blocking(violations) == [], f"{name} ({scheme}): {blocking(violations)}"
    assert rings[0]["tag"] == "a" and rings[0]["text"] == "Skip to content", rings[0]
    hidden = [ring for ring in rings if not shows_focus(ring)]
    assert hidden == [], f"{name}: focus not visible on {hidden}"


def _screenshots(page: Any, name: str) -> None:
    """A full-page screenshot at desktop and at phone width."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.emulate_media(color_scheme="light")
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_every_page_of_the_site_in_a_real_browser(base_url, indexed_site, page_and_watch,
                                                   axe_source):
    """All pages, not one per type: no console error, no CSP violation, no serious or critical
    axe-core finding in either colour scheme (report: test-artifacts/axe-site.json)."""
    page, watch = page_and_watch
    output = indexed_site.output
    urls = sorted(str(path.relative_to(output).as_posix()).removesuffix("index.html")
                  for path in output.rglob("*.html")
                  if path.relative_to(output).parts[0] != "pagefind")
    report: dict[str, Any] = {}
    problems: list[str] = []
    for url in urls:
        watch.errors.clear()
        # Only the search page keeps loading after `load` (Pagefind's index and WebAssembly).
        page.goto(base_url + url, wait_until="networkidle" if url.startswith("search/") else "load")
        found = {}
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            found[scheme] = run_axe(page, axe_source)
            problems += [f"{url} ({scheme}): {v['id']} {v['nodes']}"
                         for v in blocking(found[scheme])]
        report[url] = found
        problems += [f"{url}: {error}" for error in watch.errors]
        problems += [f"{url}: CSP {violation}" for violation in csp_violations(page)]
    counts = {impact: sum(1 for found in report.values() for violations in found.values()
                          for v in violations if v["impact"] == impact)
              for impact in ("minor", "moderate", "serious", "critical")}
    write_report("axe-site.json", {"pages": len(urls), "runs": 2 * len(urls),
                                   "violations_by_impact": counts, "pages_found": report})
    assert len(urls) > 50
    assert problems == []


CODE_NOTE = "djangocon-europe-2026/lightning-talks-day-2/"
# Lines of its GeneratedField example: no indent, four spaces, and eight before a long line.
CODE_LINES = (
    "class Venue(models.Model):",
    "    country_code = models.CharField(max_length=2)",
    "        expression=models.Q(is_deleted=True) | models.Q(closed_on__isnull=False),",
)

# Where one line of a <pre> starts and how many boxes it is drawn in, measured on the page.
MEASURE_LINE = """([pre, line]) => {
    const text = pre.textContent;
    const found = text.indexOf(line);
    if (found < 0) return null;
    // From the line's first visible character: where the indentation puts it.
    const start = found + (line.length - line.trimStart().length);
    line = line.trimStart();
    const range = document.createRange();
    let seen = 0, startSet = false;
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.data.length;
        if (!startSet && start < seen + length) {
            range.setStart(node, start - seen);
            startSet = true;
        }
        if (startSet && start + line.length <= seen + length) {
            range.setEnd(node, start + line.length - seen);
            break;
        }
        seen += length;
    }
    const boxes = Array.from(range.getClientRects()).filter((r) => r.width > 0);
    const tops = new Set(boxes.map((r) => Math.round(r.top)));
    return {left: Math.min(...boxes.map((r) => r.left)), width: range.getBoundingClientRect().width,
            rows: tops.size};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_code_blocks_keep_their_indentation(viewport, base_url, page_and_watch, axe_source):
    """An indented line of code starts four characters right of its class line, on one row
    at any width; a line longer than the column scrolls sideways instead of folding."""
    page, _watch = page_and_watch
    page.set_viewport_size(viewport)
    page.goto(base_url + CODE_NOTE, wait_until="load")
    pre = page.locator("pre", has_text="class Venue").first
    lines = pre.evaluate("(pre) => pre.textContent.split('\\n')")
    assert CODE_LINES[1] in lines
    element = pre.evaluate_handle("(pre) => pre")
    measure = {line: page.evaluate(MEASURE_LINE, [element, line]) for line in CODE_LINES}
    assert all(measure.values()), measure
    first = measure[CODE_LINES[0]]
    char = first["width"] / len(CODE_LINES[0])
    for line, box in measure.items():
        indent = len(line) - len(line.lstrip(" "))
        assert box["rows"] == 1, f"{line!r} is folded onto {box['rows']} rows"
        assert abs(box["left"] - first["left"] - indent * char) < 1, (line, box, first, char)
    widest = max(box["width"] for box in measure.values())
    scroll = pre.evaluate("(pre) => [pre.scrollWidth, pre.clientWidth, "
                          "getComputedStyle(pre).overflowX]")
    if widest > scroll[1]:
        assert scroll[0] > scroll[1] and scroll[2] == "auto", scroll
    assert blocking(run_axe(page, axe_source)) == []


def test_a_talk_after_the_event_looks_like_any_other_talk(base_url, page_and_watch):
    """The recap written after DjangoCon US 2025 is listed under "After the event" with the
    same card as the talks of its days (its title was once styled as a kind heading)."""
    page, _watch = page_and_watch
    page.goto(base_url + "events/djangocon-us-2025/", wait_until="load")
    after = page.locator("#after-event ~ ol .card-title").first
    day = page.locator("#day-1 ~ ol .card-title").first
    assert "recap" in after.inner_text()
    style = "(e) => [getComputedStyle(e).textTransform, getComputedStyle(e).fontSize]"
    assert after.evaluate(style) == day.evaluate(style) == ["none", day.evaluate(style)[1]]
