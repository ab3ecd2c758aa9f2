"""The search page in Chromium: one copy of Pagefind for an index in parts, by keyboard, by
speaker, by alias, narrowed by event, a lightning talk opening its own section (its note's
introduction not counted as a talk), and what it says without JavaScript or WebAssembly."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from confnotes.search.index import is_program_file, plan_index
from conftest import SEARCH_PART_SIZE
from support import ROOT, csp_violations

SEARCH = "search/"
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
LABEL = "Search the notes"


def talks_export(site: Any) -> list[dict[str, Any]]:
    """The built site's talks export."""
    return json.loads((site.output / "api" / "talks.json").read_text(encoding="utf-8"))["talks"]


def talk_kinds(site: Any, event: str = "") -> dict[str, int]:
    """How many talks of each kind the site has (of one event, if given): each talk is one
    search result, and nothing else is counted under a kind."""
    return dict(Counter(talk["kind"] for talk in talks_export(site)
                        if not event or (talk["event"] or {}).get("name") == event))


def shown_counts(page: Any, key: str) -> dict[str, int]:
    """The counts a filter shows for its values ("Lightning talk (6)")."""
    options = page.eval_on_selector_all(f"select[data-filter={key}] option", """options =>
        options.filter(o => o.value).map(o => [o.value, o.textContent])""")
    return {value: int(re.search(r"\((\d+)\)$", label).group(1)) for value, label in options}


def search_for(page: Any, words: str) -> list[dict[str, str]]:
    """Type into the labelled search box and wait for the results to settle."""
    box = page.get_by_label(LABEL)
    box.click()
    box.fill("")
    page.keyboard.type(words)
    return settled_results(page, words)


def settled_results(page: Any, words: str = "") -> list[dict[str, str]]:
    """The results once the status names the search (title, href and meta of each)."""
    if words:
        page.wait_for_function(
            "(words) => document.getElementById('search-status').textContent.includes(words)",
            arg=words)
    page.wait_for_function("() => !document.getElementById('search-results').ariaBusy")
    return page.eval_on_selector_all("#search-results .search-result", """items => items.map(i => ({
        title: i.querySelector('.search-result-title a').textContent,
        href: i.querySelector('.search-result-title a').getAttribute('href'),
        meta: i.querySelector('.search-result-meta').textContent}))""")


def test_an_index_in_parts_is_searched_as_one(base_url, indexed_site, page_and_watch):
    page, watch = page_and_watch
    listing = indexed_site.output / "pagefind" / "confnotes-parts.json"
    assert len(json.loads(listing.read_text(encoding="utf-8"))["parts"]) >= 3
    page.goto(base_url + SEARCH, wait_until="networkidle")
    page.wait_for_function("() => document.querySelector('#search-form select option + option')")
    shown = shown_counts(page, "kind")
    assert shown == talk_kinds(indexed_site) and shown["lightning"] > 3, shown  # > a part
    results = {r["title"] for r in search_for(page, "django")}
    assert len(results) > 3
    assert watch.errors == [] and csp_violations(page) == []


def test_one_copy_of_pagefind_searches_every_part(base_url, indexed_site, page_and_watch):
    """The program (pagefind.js, its worker, the WebAssembly) is fetched once, from the
    bundle's root, and no part ships a copy; a query still gets results from several parts,
    with filter counts of the talks themselves."""
    page, watch = page_and_watch
    fetched: list[str] = []
    page.context.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(base_url + SEARCH + "?event=DjangoCon+US+2025", wait_until="networkidle")
    results = settled_results(page)
    page.wait_for_load_state("networkidle")
    program = Counter(url.removeprefix(base_url) for url in fetched
                      if is_program_file(url.rsplit("/", 1)[-1]))
    assert program == {"pagefind/pagefind.js": 1, "pagefind/pagefind-worker.js": 1,
                       "pagefind/wasm.en.pagefind": 1}, program
    bundle = indexed_site.output / "pagefind"
    copies = [p.relative_to(bundle) for p in bundle.glob("part-*/*") if is_program_file(p.name)]
    assert copies == [], copies
    parts = plan_index(indexed_site.output).parts(SEARCH_PART_SIZE)
    part_of = {url: number for number, part in parts.items()
               for url in [*(p.url for p in part.pages), *(r.url for r in part.records)]}
    hrefs = {re.sub(r"^https?://[^/]+", "", result["href"]) for result in results}
    assert len({part_of[href] for href in hrefs}) > 1, hrefs
    counts = {kind: count for kind, count in shown_counts(page, "kind").items() if count}
    assert counts == talk_kinds(indexed_site, "DjangoCon US 2025"), counts
    assert watch.errors == [] and csp_violations(page) == []


def test_a_lightning_notes_introduction_is_found_but_is_not_a_talk(base_url, page_and_watch):
    """Words of the introduction find the note itself; a kind filter, which counts talks only,
    leaves it out."""
    page, watch = page_and_watch
    page.goto(base_url + SEARCH, wait_until="networkidle")
    results = search_for(page, "scribble")  # only in the introduction
    assert [r["title"] for r in results] == ["Lightning talks, day 2"], results
    assert results[0]["href"].endswith("/djangocon-europe-2026/lightning-talks-day-2/")
    assert "Lightning talk" not in results[0]["meta"], results  # not badged as a talk
    page.get_by_label("Kind").select_option("lightning")
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.startsWith('No results')")
    assert settled_results(page, "scribble") == []
    assert watch.errors == [] and csp_violations(page) == []


def test_aliases_of_packages_and_speakers_find_their_talks(base_url, indexed_site,
                                                          page_and_watch):
    """`drf` finds every talk about djangorestframework (the lightning talk about
    django-mediastorage never says it), and a speaker's misspelt alias finds their talks (a
    lightning talk and a note).  Results show the talk's names, never the alias (only an excerpt
    may quote it, marked as the match)."""
    page, watch = page_and_watch
    page.goto(base_url + SEARCH, wait_until="networkidle")
    lightning = ROOT / "content" / "djangocon-europe-2026" / "lightning-talks-day-2.md"
    assert not re.search(r"\b(drf|melchiori)\b", lightning.read_text(encoding="utf-8"), re.I)
    for words, kind, name, section in (
            ("drf", "packages", "Django REST framework", "django-mediastorage"),
            ("Melchiori", "speakers", "Paolo Melchiorre", "Django on the Med / Django Italia")):
        theirs = {t["title"] for t in talks_export(indexed_site)
                  if name in {entity["name"] for entity in t[kind]}}
        assert section in theirs and len(theirs) > 1, (name, theirs)
        results = search_for(page, words)
        assert theirs <= {result["title"] for result in results}, (words, theirs)
        shown = " ".join(result["title"] + result["meta"] for result in results)
        assert words.lower() not in shown.lower(), shown
    assert watch.errors == [] and csp_violations(page) == []


def test_the_search_box_has_a_label_and_works_by_keyboard(base_url, page_and_watch):
    page, watch = page_and_watch
    page.goto(base_url + SEARCH, wait_until="networkidle")
    for _ in range(20):  # from the top of the page, Tab reaches the search box
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "search-q":
            break
    else:
        raise AssertionError("the search box is not reachable with Tab")
    page.keyboard.type("htmx")
    page.keyboard.press("Enter")
    results = settled_results(page, "htmx")
    assert results, "no results for htmx"
    for _ in range(20):  # on through the filters to the first result, and Enter opens it
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.search-result')"):
            break
    else:
        raise AssertionError("no result is reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(base_url) and "/search/" not in page.url
    assert watch.errors == [] and csp_violations(page) == []


def test_typing_a_speakers_name_shows_their_talks(base_url, indexed_site, page_and_watch):
    page, watch = page_and_watch
    page.goto(base_url + SEARCH, wait_until="networkidle")
    for speaker in ("Paolo Melchiorre", "Alissa Gerhard", "Carson Gross"):
        theirs = {t["title"] for t in talks_export(indexed_site)
                  if speaker in {s["name"] for s in t["speakers"]}}
        assert theirs, speaker
        titles = {result["title"] for result in search_for(page, speaker)}
        assert theirs <= titles, (speaker, theirs - titles)
    assert watch.errors == [] and csp_violations(page) == []


def test_filtering_by_an_event_narrows_the_results(base_url, page_and_watch):
    page, watch = page_and_watch
    page.goto(base_url + SEARCH, wait_until="networkidle")
    everywhere = search_for(page, "django")
    events = {result["meta"].split(" at ", 1)[1].split(" · ")[0]
              for result in everywhere if " at " in result["meta"]}
    assert len(events) > 1, events
    page.get_by_label("Event").select_option("DjangoCon US 2025")
    narrowed = settled_results(page, "django")
    assert 0 < len(narrowed) < len(everywhere)
    assert all("at DjangoCon US 2025" in result["meta"] for result in narrowed), narrowed
    assert re.search(r"[?&]event=DjangoCon\+US\+2025", page.url), page.url
    assert watch.errors == [] and csp_violations(page) == []


def test_a_lightning_talks_result_opens_its_section(base_url, page_and_watch):
    page, watch = page_and_watch
    page.goto(base_url + SEARCH, wait_until="networkidle")
    results = search_for(page, "GeneratedField rewrite")
    title = "Two ways I used GeneratedField during a rewrite"
    talk = next(r for r in results if r["title"] == title)
    assert talk["href"].endswith("/djangocon-europe-2026/lightning-talks-day-2/#two-ways-i-used-"
                                 "generatedfield-during-a-rewrite"), talk
    assert "Anthony Ricaud" in talk["meta"] and "Lightning talk" in talk["meta"]
    with page.expect_navigation():
        page.get_by_role("link", name=talk["title"]).click()
    section = page.locator("h2:target")
    assert section.count() == 1
    assert section.get_attribute("id") == "two-ways-i-used-generatedfield-during-a-rewrite"
    top = section.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, top
    assert watch.errors == [] and csp_violations(page) == []


def test_filters_alone_list_a_speakers_talks_one_by_one(base_url, indexed_site, page_and_watch):
    page, watch = page_and_watch
    page.goto(base_url + SEARCH + "?speaker=Benedikt", wait_until="networkidle")
    results = settled_results(page)
    assert [r["title"] for r in results] == ["To JWT or not to JWT"], results
    assert results[0]["href"].endswith("#to-jwt-or-not-to-jwt")
    assert watch.errors == [] and csp_violations(page) == []


def test_without_javascript_the_page_says_so_and_links_to_the_indexes(
        base_url, page_without_javascript):
    page = page_without_javascript
    page.goto(base_url + SEARCH)
    assert page.get_by_text("Searching needs JavaScript").is_visible()
    assert not page.locator("#search-form").is_visible()
    for name in ("events", "speakers", "packages", "tags", "archives"):
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name


def test_under_default_src_self_alone_search_degrades_to_the_indexes(strict_base_url,
                                                                     page_and_watch):
    # Pagefind needs 'wasm-unsafe-eval'; without it the page must still be a page of links.
    page, _watch = page_and_watch
    page.goto(strict_base_url + SEARCH, wait_until="networkidle")
    page.wait_for_selector("#search-unavailable", state="visible")
    assert page.get_by_text("blocks WebAssembly").is_visible()
    assert page.get_by_role("link", name="speakers", exact=True).is_visible()
    assert all(v.endswith("blocked wasm-eval") for v in csp_violations(page)), csp_violations(page)


def test_words_typed_while_the_index_loads_are_kept_and_searched(base_url, page_and_watch):
    """The box shows before Pagefind is ready: a reader typing at once keeps every letter,
    and the results are those of the whole word. The index's files are held back until the
    word is typed, so the reader always types while it loads."""
    page, watch = page_and_watch
    held: list[Any] = []
    loading = {"held": True}

    def hold(route: Any) -> None:
        if loading["held"]:
            held.append(route)
        else:
            route.continue_()

    page.route("**/pagefind/**", hold)
    with page.expect_request("**/pagefind/confnotes-parts.json"):
        page.goto(base_url + SEARCH, wait_until="domcontentloaded")
    box = page.get_by_label(LABEL)
    box.click()
    page.keyboard.type("htmx")
    assert held, "the index was not loading while the reader typed"
    loading["held"] = False
    for route in held:
        route.continue_()
    # The event filter is filled once the index is ready, in the same step as the form.
    page.wait_for_selector("select[data-filter=event] option + option", state="attached")
    assert box.input_value() == "htmx"
    results = settled_results(page, "htmx")
    assert page.locator("#search-status").text_content().startswith(
        tuple(f"{n} result" for n in range(1, 10)))
    assert results and any("htmx" in r["title"].lower() or "Carson" in r["meta"]
                           for r in results), results
    assert watch.errors == [] and csp_violations(page) == []


def test_result_dates_are_written_as_on_the_site(base_url, page_and_watch):
    page, watch = page_and_watch
    page.goto(base_url + SEARCH, wait_until="networkidle")
    search_for(page, "django")
    dates = page.eval_on_selector_all(".search-result-meta time",
                                      "times => times.map(t => [t.dateTime, t.textContent])")
    assert dates
    for iso, text in dates:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso), iso
        year, month, day = (int(part) for part in iso.split("-"))
        assert text == f"{day} {MONTH_NAMES[month - 1]} {year}", (iso, text)
    assert watch.errors == [] and csp_violations(page) == []
