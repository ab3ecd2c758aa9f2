"""The search index: Pagefind run over a built site, one result per published talk.

Runs after Pelican (`invoke build`, `publish`, `preview`, and the test fixtures).  What to index
comes from the site's own exports (`api/notes.json`, `api/talks.json`), so drafts and hidden notes
are never indexed:

- a single-talk note is indexed from its page, whose template marks the body, the filters
  (event, speaker, package, kind, year) and the metadata the search page shows;
- a multi-talk note is split: each talk becomes a record of its own, linking to its section's
  anchor, with its own speakers and packages.  The note's introduction (its text before the
  first talk), if it has one, is one more record linking to the note, with no filters: it is
  found by its words, and never counted under an event, speaker, package, kind or year;
- the aliases of a talk's speakers and packages (from `api/speakers.json` and
  `api/packages.json`) are indexed with the talk, and never shown: `drf` finds the talks about
  djangorestframework.

Pagefind holds its whole index in memory while building it (about 200 KB per result), so the
index is built in parts of about `PART_SIZE` results, each by its own Pagefind process, as
many at once as there are cores.  Part 1 is the Pagefind bundle `pagefind/` itself, with the one
copy of Pagefind's JavaScript and WebAssembly; parts 2 and on, `pagefind/part-N/`, hold only
their index files.  The parts are listed in `pagefind/confnotes-parts.json`, which the search
page reads to load the first and merge the others (Pagefind's `mergeIndex`, which uses the
first part's program), so readers search one index.

A note goes to the part its URL hashes to, so an edit, an addition or a removal changes its
own part and those of the few notes whose pages show it.  Each part keeps a digest of its
input; a part whose input is unchanged is kept as it is, the others are built again and replace
their folder whole.  Multi-talk pages are split into records only for the parts built again.
Anything else in `pagefind/` is deleted, so stale index files never survive.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from ..confine import ConfinedFolder, ConfinementError, inside
from .pagefind_client import run_requests
from .reproducible import stabilise

EXCLUDE_SELECTORS = ("a.headerlink",)
BUNDLE_DIR = "pagefind"
PARTS_FILE = "confnotes-parts.json"
DIGEST_FILE = "confnotes-input.digest"  # in each part: what it was built from
PART_SIZE = 1500
ENTRY_FILE = "pagefind-entry.json"
# What the search page runs, kept once at the bundle's root (wasm.<language>.pagefind too).
PROGRAM_FILES = ("pagefind.js", "pagefind-worker.js")
# A part's index: these and the metadata files (pagefind.<hash>.pf_meta).
INDEX_ENTRIES = (ENTRY_FILE, "fragment", "index", "filter")
PAGEFIND_CONFIG = {"exclude_selectors": list(EXCLUDE_SELECTORS)}
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)\]])")


@dataclass(frozen=True)
class PageFile:
    """A built page to index as it is: its file and the URL results link to."""

    path: Path
    url: str
    aliases: tuple[str, ...] = ()

    def contents(self) -> str:
        """The page as Pagefind reads it: with its talk's aliases as hidden indexed text."""
        text = self.path.read_text(encoding="utf-8")
        if not self.aliases:
            return text
        head, found, tail = text.rpartition("</body>")
        hidden = f'<div data-pagefind-body hidden>{escape(" ".join(self.aliases))}</div>'
        return f"{head}{hidden}{found}{tail}" if found else text + hidden


@dataclass(frozen=True)
class Record:
    """A custom record: a talk of a multi-talk note, or such a note's introduction."""

    url: str
    content: str
    language: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SplitPage:
    """A multi-talk note's page, split into records only when its part is built."""

    path: Path
    url: str
    note: dict[str, Any] = field(repr=False)
    talks: tuple[dict[str, Any], ...] = field(repr=False)
    root: str = ""
    aliases: tuple[tuple[str, ...], ...] = ()  # of each talk, in order

    @property
    def record_count(self) -> int:
        """Each of its talks (an introduction, when there is one, is not counted)."""
        return len(self.talks)

    def records(self) -> list[Record]:
        """The records of its introduction and talks, from the built page."""
        soup = BeautifulSoup(self.path.read_text(encoding="utf-8"), "html.parser")
        return list(note_records(self.note, list(self.talks), soup, self.root,
                                 dict(zip((t["id"] for t in self.talks), self.aliases,
                                          strict=False))))


@dataclass(frozen=True)
class IndexPlan:
    """Everything one index holds."""

    pages: tuple[PageFile, ...]
    split: tuple[SplitPage, ...]

    @property
    def records(self) -> tuple[Record, ...]:
        """The custom records of the split pages (each page parsed again)."""
        return tuple(record for page in self.split for record in page.records())

    @property
    def record_count(self) -> int:
        """How many custom records the split pages make."""
        return sum(page.record_count for page in self.split)

    def parts(self, size: int) -> dict[int, IndexPlan]:
        """The plan dealt into parts of about `size` pages each, by the hash of each page's
        URL (so an edit touches few parts).

        Parts are numbered from 1 without a gap: a share no page hashes to is left out (so
        there is always a part 1, which carries Pagefind's program), and an empty plan is one
        empty part.
        """
        items: list[PageFile | SplitPage] = [*self.pages, *self.split]
        count = max(1, math.ceil((len(self.pages) + self.record_count) / size))
        dealt: dict[int, list[PageFile | SplitPage]] = {}
        for item in items:
            dealt.setdefault(_part_of(item.url, count), []).append(item)
        shares = [dealt[share] for share in sorted(dealt)]
        return {number: IndexPlan(tuple(i for i in share if isinstance(i, PageFile)),
                                  tuple(i for i in share if isinstance(i, SplitPage)))
                for number, share in enumerate(shares, start=1)} or {1: IndexPlan((), ())}

    def digest(self) -> str:
        """A digest of everything Pagefind is given for this plan (without splitting pages:
        a split page's records follow from its bytes and its note's export entry)."""
        digest = hashlib.blake2b(repr((_pagefind_version(), PAGEFIND_CONFIG)).encode(),
                                 digest_size=16)
        for page in self.pages:
            digest.update(json.dumps([page.url, page.aliases]).encode("utf-8"))
            digest.update(page.path.read_bytes())
        for split in self.split:
            digest.update(split.url.encode("utf-8"))
            digest.update(split.path.read_bytes())
            digest.update(json.dumps([split.root, split.note, split.talks, split.aliases],
                                     sort_keys=True).encode("utf-8"))
        return digest.hexdigest()


@dataclass(frozen=True)
class IndexReport:
    """What was indexed, for the task's one-line summary."""

    pages: int
    records: int
    bundle: Path
    parts: int = 1
    rebuilt: int = 1

    def summary(self) -> str:
        """'Search: 4 note pages and 7 talk sections indexed into output/pagefind (1 part)'."""
        parts = f"{self.parts} part{'s' if self.parts > 1 else ''}"
        if self.rebuilt < self.parts:
            parts += f", {self.rebuilt} rebuilt"
        return (f"Search: {self.pages} note pages and {self.records} talk sections indexed "
                f"into {self.bundle} ({parts})")


def index_site(output: Path, part_size: int = PART_SIZE,
               processes: int | None = None) -> IndexReport:
    """Index the site built in `output` with Pagefind, building again only the parts whose
    input changed since the last index, `processes` Pagefind processes at a time (default: one
    per core)."""
    output = Path(output)
    bundle = confined_bundle(output)
    plan = plan_index(output)
    parts = plan.parts(part_size)
    digests = {number: part.digest() for number, part in parts.items()}
    changed = {number: part for number, part in parts.items()
               if _built_from(bundle / part_folder(number), number == 1) != digests[number]}
    _write_parts(changed, digests, bundle, processes or os.cpu_count() or 1)
    listing = bundle / PARTS_FILE
    text = json.dumps({"parts": [part_folder(number) for number in parts]}) + "\n"
    if listing.is_symlink():
        listing.unlink()  # a link is replaced, never written through
    if not listing.is_file() or listing.read_text(encoding="utf-8") != text:
        listing.write_text(text, encoding="utf-8")
    _remove_strays(bundle, {part_folder(number) for number in parts})
    return IndexReport(len(plan.pages), plan.record_count, bundle, len(parts), len(changed))


def confined_bundle(output: Path) -> Path:
    """The bundle folder in `output`, once sure that neither it nor the scratch folder beside
    it is a symbolic link leading out of `output` (the index deletes and replaces what is in
    them); else ConfinementError saying which link to remove."""
    folder = ConfinedFolder(str(output))
    for name in (BUNDLE_DIR, _scratch_name(BUNDLE_DIR)):
        try:
            folder.check(name)
        except ConfinementError as error:
            raise ConfinementError(f"refused to index the site: {error} The search index "
                                   f"deletes and rewrites what is in {output / name}; remove "
                                   "that link and index again.") from None
    return output / BUNDLE_DIR


def _scratch_name(bundle_name: str) -> str:
    """The folder beside the bundle where parts are built before they are put in place."""
    return f".{bundle_name}-parts"


def plan_index(output: Path) -> IndexPlan:
    """Which pages and records the index holds, from the site's notes and talks exports (and
    the speakers and packages exports, for their aliases)."""
    notes = _load(output / "api" / "notes.json")
    talks = {talk["id"]: talk for talk in _load(output / "api" / "talks.json")["talks"]}
    aliases = talk_aliases(output)
    root = notes["site"]["url"]
    pages: list[PageFile] = []
    split: list[SplitPage] = []
    for note in notes["notes"]:
        path = page_file(output, root, note["url"])
        url = site_path(root, note["url"])
        if len(note["talks"]) == 1 and not talks[note["talks"][0]]["anchor"]:
            pages.append(PageFile(path, url, aliases.get(note["talks"][0], ())))
        else:
            split.append(SplitPage(path, url, note, tuple(talks[t] for t in note["talks"]),
                                   root, tuple(aliases.get(t, ()) for t in note["talks"])))
    return IndexPlan(tuple(pages), tuple(split))


def talk_aliases(output: Path) -> dict[str, tuple[str, ...]]:
    """The aliases of each talk's speakers and packages, by talk id, in export order.

    Read from the speakers and packages exports (a site built without them has none)."""
    found: dict[str, list[str]] = {}
    for export, key in (("speakers.json", "speakers"), ("packages.json", "packages")):
        path = output / "api" / export
        for entity in _load(path)[key] if path.is_file() else []:
            for talk in entity["talks"]:
                found.setdefault(talk, []).extend(entity["aliases"])
    return {talk: tuple(dict.fromkeys(names)) for talk, names in found.items()}


def note_records(note: dict[str, Any], talks: list[dict[str, Any]], soup: BeautifulSoup,
                 root: str, aliases: dict[str, tuple[str, ...]] | None = None
                 ) -> Iterator[Record]:
    """The records of a multi-talk note: its introduction if it has one, then one per talk.

    The introduction's record links to the note and has no filters: a reader finds it by its
    words, but it is not a talk, so no event, speaker, package, kind or year counts it (and a
    filtered search never shows it).  `aliases` (by talk id) are indexed, never shown."""
    language = note["lang"] or (soup.html.get("lang") if soup.html else "") or "en"
    prose = soup.select_one("article .prose") or soup
    sections = section_texts(prose, {talk["anchor"] for talk in talks})
    common = {"event": [note["event"]["name"]] if note["event"] else [],
              "kind": [note["kind"]], "year": [note["date"][:4]]}
    note_meta = {"title": note["title"], "date": note["date"][:10], "kind": note["kind"],
                 **({"event": note["event"]["name"]} if note["event"] else {})}
    if sections.get(""):
        intro = " ".join([note["title"], note["summary"], sections[""]]).strip()
        meta = {key: value for key, value in note_meta.items() if key != "kind"}  # not a talk
        yield Record(site_path(root, note["url"]), intro, language, meta)
    for talk in talks:
        speakers = [s["name"] for s in talk["speakers"]]
        meta = {**note_meta, "title": talk["title"], "note": note["title"],
                **({"speakers": _join(speakers)} if speakers else {})}
        filters = {**common, "speaker": speakers, "package": [p["name"] for p in talk["packages"]]}
        content = " ".join([talk["title"], sections.get(talk["anchor"], ""),
                            *(aliases or {}).get(talk["id"], ())]).strip()
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
    file = output / path / "index.html" if not path or path.endswith("/") else output / path
    if not inside(output, file):  # never index (so publish) a file from elsewhere
        raise ConfinementError(f"{url} leads outside the output folder {output}; the search "
                               "index reads only the site's own pages.")
    return file


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
    """The folder of part `number` (counted from 1) inside the bundle: part 1 is the bundle's
    root ("./"), the others `part-N/`."""
    return "./" if number == 1 else f"part-{number}/"


def is_program_file(name: str) -> bool:
    """Whether a file of a Pagefind bundle is its program (JavaScript, WebAssembly), which
    the search page loads once, from the bundle's root."""
    return name in PROGRAM_FILES or (name.startswith("wasm.") and name.endswith(".pagefind"))


def is_index_entry(name: str) -> bool:
    """Whether a file or folder of a Pagefind bundle is part of its index (not its program,
    and not Pagefind's own user interfaces, which the search page does not use)."""
    return name in INDEX_ENTRIES or (name.startswith("pagefind.") and name.endswith(".pf_meta"))


def _part_of(url: str, count: int) -> int:
    """The part a result goes to: a stable hash of its page's URL (anchor left out)."""
    page = url.split("#", 1)[0].encode("utf-8")
    return int.from_bytes(hashlib.blake2b(page, digest_size=8).digest(), "big") % count


def _pagefind_version() -> str:
    """The version of the Pagefind binary's package (its output format may change with it)."""
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _built_from(folder: Path, program: bool = False) -> str:
    """The digest of the input a part folder was built from ("" if unknown or incomplete; the
    root's part is incomplete without the program, when `program` is true)."""
    try:
        digest = (folder / DIGEST_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    complete = (folder / ENTRY_FILE).is_file() and (
        not program or all((folder / name).is_file() for name in PROGRAM_FILES))
    return digest if complete else ""


def _is_root_part_entry(name: str) -> bool:
    """Whether a name at the bundle's root belongs to part 1 (index, program, digest)."""
    return is_index_entry(name) or is_program_file(name) or name == DIGEST_FILE


def _remove_strays(bundle: Path, folders: set[str]) -> None:
    """Delete everything in the bundle but the parts in `folders` (part 1's files at the root,
    the others' folders, without a program of their own) and their listing."""
    if not bundle.is_dir():
        return
    for path in bundle.iterdir():
        if path.is_dir() and not path.is_symlink() and f"{path.name}/" in folders:
            _keep_only_index(path)  # a part kept from an index that had a program in each
            continue
        if path.name == PARTS_FILE:
            continue
        if part_folder(1) in folders and _is_root_part_entry(path.name):
            continue
        _delete(path)


def _delete(path: Path) -> None:
    """Delete a file or folder; a symbolic link is unlinked, never what it leads to."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _write_parts(parts: dict[int, IndexPlan], digests: dict[int, str], bundle: Path,
                 processes: int) -> None:
    """Build the given parts into scratch folders beside the bundle, in parallel, then put each
    in place of its old files and record the digest of its input with it.

    Part 1 goes to the bundle's root with Pagefind's program; the other parts keep only their
    index files (Pagefind's program is the same for every part, and loaded once, from the root).

    Pagefind empties the folder it writes to, so the bundle itself is never its target.  A part
    gets its digest last, so one interrupted (a live session restarts indexing on every save)
    is simply built again next time, and the others are kept.
    """
    if not parts:
        return
    scratch = bundle.with_name(_scratch_name(bundle.name))
    shutil.rmtree(scratch, ignore_errors=True)
    folders = {number: scratch / str(number) for number in parts}
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(processes, len(parts)))) as pool:
            list(pool.map(_write, parts.values(), folders.values()))
        bundle.mkdir(parents=True, exist_ok=True)
        for number, folder in folders.items():
            target = bundle / part_folder(number)
            if number == 1:
                _place_at_root(folder, bundle)
            else:
                _keep_only_index(folder)
                if target.is_symlink() or target.exists():
                    _delete(target)
                folder.rename(target)
            (target / DIGEST_FILE).write_text(digests[number] + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _place_at_root(folder: Path, bundle: Path) -> None:
    """Replace part 1's files at the bundle's root by the index and program in `folder`."""
    for path in bundle.iterdir():
        if _is_root_part_entry(path.name):
            _delete(path)
    for path in sorted(folder.iterdir()):
        if _is_root_part_entry(path.name):
            path.rename(bundle / path.name)


def _keep_only_index(folder: Path) -> None:
    """Delete from a part's folder everything but its index files and digest."""
    for path in folder.iterdir():
        if not is_index_entry(path.name) and path.name != DIGEST_FILE:
            _delete(path)


def _write(plan: IndexPlan, bundle: Path) -> None:
    """Feed the plan to a Pagefind service and write the bundle."""
    pages = ({"type": "AddFile", "file_path": None, "url": page.url,
              "file_contents": page.contents()} for page in plan.pages)
    records = ({"type": "AddRecord", "url": record.url, "content": record.content,
                "language": record.language, "meta": record.meta, "filters": record.filters,
                "sort": None} for record in plan.records)
    run_requests({"type": "NewIndex", "config": PAGEFIND_CONFIG},
                 [*pages, *records], {"type": "WriteFiles", "output_path": str(bundle)})
    stabilise(bundle)  # Pagefind orders filters differently on every run
