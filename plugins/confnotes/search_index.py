"""The search index: Pagefind run over a built site, one result per published talk.

Runs after Pelican (`invoke build`, `publish`, `preview`, and the test fixtures).  What to index
comes from the site's own exports (`api/notes.json`, `api/talks.json`), so drafts and hidden notes
are never indexed:

- a single-talk note is indexed from its page, whose template marks the body, the filters
  (event, speaker, package, kind, year) and the metadata the search page shows;
- a multi-talk note is split: each talk becomes a record of its own, linking to its section's
  anchor, with its own speakers and packages, and the note's introduction one more record.

The old bundle (`<output>/pagefind/`) is deleted first, so stale index files never survive.

Pagefind holds its whole index in memory while building it (about 200 KB per page), so a large
site is indexed in parts of at most `PART_SIZE` results, each by its own Pagefind process, as
many at once as there are cores.  The first part is the bundle at `pagefind/`; the others are
written to `pagefind/part-N/` and listed in `pagefind/confnotes-parts.json`, which the search
page reads to merge them (Pagefind's `mergeIndex`), so readers search one index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from .pagefind_service import run_requests

BUNDLE_DIR = "pagefind"
PARTS_FILE = "confnotes-parts.json"
PART_SIZE = 2000
EXCLUDE_SELECTORS = ("a.headerlink",)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)\]])")


@dataclass(frozen=True)
class PageFile:
    """A built page to index as it is: its file and the URL results link to."""

    path: Path
    url: str


@dataclass(frozen=True)
class Record:
    """A custom record: a talk of a multi-talk note, or such a note's introduction."""

    url: str
    content: str
    language: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexPlan:
    """Everything one index holds."""

    pages: tuple[PageFile, ...]
    records: tuple[Record, ...]

    def parts(self, size: int) -> list[IndexPlan]:
        """The plan cut in order into parts of at most `size` results (at least one part)."""
        items: list[PageFile | Record] = [*self.pages, *self.records]
        cuts = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
        return [IndexPlan(tuple(i for i in cut if isinstance(i, PageFile)),
                          tuple(i for i in cut if isinstance(i, Record))) for cut in cuts]


@dataclass(frozen=True)
class IndexReport:
    """What was indexed, for the task's one-line summary."""

    pages: int
    records: int
    bundle: Path
    parts: int = 1

    def summary(self) -> str:
        """'Search: 4 note pages and 7 talk sections indexed into output/pagefind'."""
        parts = f" ({self.parts} parts)" if self.parts > 1 else ""
        return (f"Search: {self.pages} note pages and {self.records} talk sections indexed "
                f"into {self.bundle}{parts}")


def index_site(output: Path, part_size: int = PART_SIZE,
               processes: int | None = None) -> IndexReport:
    """Delete the old bundle, then index the site built in `output` with Pagefind.

    The index is built in parts of at most `part_size` results, `processes` Pagefind
    processes at a time (default: one per core).
    """
    output = Path(output)
    bundle = output / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    plan = plan_index(output)
    parts = plan.parts(part_size)
    _write_parts(parts, bundle, processes or os.cpu_count() or 1)
    return IndexReport(len(plan.pages), len(plan.records), bundle, len(parts))


def plan_index(output: Path) -> IndexPlan:
    """Which pages and records the index holds, from the site's notes and talks exports."""
    notes = _load(output / "api" / "notes.json")
    talks = {talk["id"]: talk for talk in _load(output / "api" / "talks.json")["talks"]}
    root = notes["site"]["url"]
    pages: list[PageFile] = []
    records: list[Record] = []
    for note in notes["notes"]:
        path = page_file(output, root, note["url"])
        if len(note["talks"]) == 1 and not talks[note["talks"][0]]["anchor"]:
            pages.append(PageFile(path, site_path(root, note["url"])))
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        records.extend(note_records(note, [talks[t] for t in note["talks"]], soup, root))
    return IndexPlan(tuple(pages), tuple(records))


def note_records(note: dict[str, Any], talks: list[dict[str, Any]], soup: BeautifulSoup,
                 root: str) -> Iterator[Record]:
    """The records of a multi-talk note: its introduction, then one per talk."""
    language = note["lang"] or (soup.html.get("lang") if soup.html else "") or "en"
    prose = soup.select_one("article .prose") or soup
    sections = section_texts(prose, {talk["anchor"] for talk in talks})
    common = {"event": [note["event"]["name"]] if note["event"] else [],
              "kind": [note["kind"]], "year": [note["date"][:4]]}
    note_meta = {"title": note["title"], "date": note["date"][:10], "kind": note["kind"],
                 **({"event": note["event"]["name"]} if note["event"] else {})}
    intro = " ".join([note["title"], note["summary"], sections.get("", "")]).strip()
    yield Record(site_path(root, note["url"]), intro, language, note_meta, _nonempty(common))
    for talk in talks:
        speakers = [s["name"] for s in talk["speakers"]]
        meta = {**note_meta, "title": talk["title"], "note": note["title"],
                **({"speakers": _join(speakers)} if speakers else {})}
        filters = {**common, "speaker": speakers, "package": [p["name"] for p in talk["packages"]]}
        content = " ".join([talk["title"], sections.get(talk["anchor"], "")]).strip()
        yield Record(site_path(root, talk["url"]), content, language, meta, _nonempty(filters))


def section_texts(prose: Tag | BeautifulSoup, anchors: set[str]) -> dict[str, str]:
    """The text of each talk section (keyed by anchor; "" is the text before the first talk)."""
    texts: dict[str, list[str]] = {"": []}
    current = ""
    for child in prose.children:
        if not isinstance(child, Tag):
            text = str(child).strip()
            if text:
                texts[current].append(text)
            continue
        if child.name == "h2" and child.get("id") in anchors:
            current = str(child["id"])
            texts[current] = []
            continue
        for link in child.select("a.headerlink"):
            link.decompose()
        texts[current].append(_tidy(child.get_text(" ", strip=True)))
    return {anchor: " ".join(part for part in parts if part) for anchor, parts in texts.items()}


def _tidy(text: str) -> str:
    """Text joined across inline elements, without the space that lands before punctuation."""
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)


def site_path(root: str, url: str) -> str:
    """An absolute URL of the site as a path from the site root: `/x/y/#z`."""
    return "/" + url.removeprefix(root).lstrip("/")


def page_file(output: Path, root: str, url: str) -> Path:
    """The file a page URL of the site is served from."""
    path = site_path(root, url).split("#", 1)[0].lstrip("/")
    return output / path / "index.html" if not path or path.endswith("/") else output / path


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: build the site (with the confnotes plugin) "
                                "before indexing it.")
    return json.loads(path.read_text(encoding="utf-8"))


def _join(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _nonempty(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: values for key, values in filters.items() if values}


def part_folder(number: int) -> str:
    """Where part `number` (counted from 1) lives inside the bundle; part 1 is the bundle."""
    return "" if number == 1 else f"part-{number}/"


def _write_parts(parts: Sequence[IndexPlan], bundle: Path, processes: int) -> None:
    """Build every part into a scratch folder beside the bundle, then move them into place.

    Pagefind empties the folder it writes to, so parts cannot be written inside each other.
    """
    scratch = bundle.with_name(f".{bundle.name}-parts")
    shutil.rmtree(scratch, ignore_errors=True)
    folders = [scratch / str(number) for number in range(1, len(parts) + 1)]
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(processes, len(parts)))) as pool:
            list(pool.map(_write, parts, folders))
        folders[0].rename(bundle)
        for number, folder in enumerate(folders[1:], start=2):
            folder.rename(bundle / part_folder(number))
        listing = {"parts": [part_folder(number) for number in range(2, len(parts) + 1)]}
        (bundle / PARTS_FILE).write_text(json.dumps(listing) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write(plan: IndexPlan, bundle: Path) -> None:
    """Feed the plan to a Pagefind service and write the bundle."""
    pages = ({"type": "AddFile", "file_path": None, "url": page.url,
              "file_contents": page.path.read_text(encoding="utf-8")} for page in plan.pages)
    records = ({"type": "AddRecord", "url": record.url, "content": record.content,
                "language": record.language, "meta": record.meta, "filters": record.filters,
                "sort": None} for record in plan.records)
    run_requests({"type": "NewIndex", "config": {"exclude_selectors": list(EXCLUDE_SELECTORS)}},
                 [*pages, *records], {"type": "WriteFiles", "output_path": str(bundle)})
