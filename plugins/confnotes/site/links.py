"""Broken links in notes and pages: `{filename}`/`{static}`/`{attach}` targets, internal
links to pages the build does not plan, and `#anchors` that the target page does not have.

The build already knows every file it will write (the overwrite guard's planned outputs), so
nothing is read back from the output folder.  The only files read are the theme's (its static
files and the anchors of its templates) and, for a broken link, the note's Markdown source, to
find the line where the link is written.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from rapidfuzz import fuzz, process

from ..graph.crosslinks import LINK_HREF_PREFIX
from ..search.index import BUNDLE_DIR
from .guard import PlannedOutput, normalise

# A link or an image in a note's HTML.  Only real tags: in code blocks `<` is escaped.
_LINK = re.compile(r'<(?:a|img|source)\b[^<>]*?\s(?:href|src)="(?P<target>[^"]*)"')
_INTRASITE = re.compile(r"^[{|](?P<what>filename|static|attach)[}|](?P<value>.*)$")
_OTHER_INTRASITE = re.compile(r"^[{|][a-z]+[}|]")
_ID = re.compile(r'\sid="([^"]+)"')
_TEMPLATE_ID = re.compile(r'\sid="([A-Za-z][\w:.-]*)"')
BASE = "http://confnotes.invalid"
SUGGESTION_CUTOFF = 60.0
BROWSER_ANCHORS = frozenset({"", "top"})
ENTITY_LINK = LINK_HREF_PREFIX
OTHER_SITES = ("http://", "https://", "mailto:", "tel:", "//")


@dataclass(frozen=True)
class LinkSource:
    """A note or page whose links are checked, and whether it is published."""

    content: Any
    published: bool


@dataclass(frozen=True)
class BrokenLink:
    """One broken link: where it is written, what it points to, and what to do."""

    source_path: str
    line: int | None
    target: str
    problem: str
    published: bool

    def message(self) -> str:
        """`file:line: the link '...' ...`, with the fix."""
        where = f"{self.source_path}:{self.line}" if self.line else self.source_path
        return f"{where}: the link {self.target!r} {self.problem}"


class SiteMap:
    """What a link may point to: content files, planned output paths, content by path.

    The output paths and the content by path are worked out on first use: most notes link
    only to entity pages and their own headings, which need neither.
    """

    def __init__(self, context: dict[str, Any], planned: Callable[[], Iterable[PlannedOutput]],
                 sources: list[LinkSource], *, theme: str, theme_static_dir: str,
                 siteurl: str, html_of: Callable[[Any], str], content_path: str = "") -> None:
        generated = context.get("generated_content", {})
        self.generated = {key: value for key, value in generated.items() if value is not None}
        self.unreadable = frozenset(key for key, value in generated.items() if value is None)
        self.static = dict(context.get("static_content", {}))
        self.siteurl = siteurl.rstrip("/")
        # A site published under a folder (`https://example.github.io/notes`) has its pages
        # at `/notes/...`: site-absolute links must start there.
        self.base_path = unquote(urlsplit(self.siteurl).path).rstrip("/")
        self._planned, self._sources = planned, sources
        self._theme, self._theme_static_dir = theme, theme_static_dir
        self._ids: dict[int, frozenset[str]] = {}
        self.content_path = content_path
        self.html_of = html_of  # a note's or page's HTML, links unresolved (the engine's)

    def on_disk(self, relative: str) -> bool:
        """Whether a path relative to the content folder is a file there."""
        return bool(self.content_path) and (Path(self.content_path) / relative).is_file()

    @cached_property
    def paths(self) -> frozenset[str]:
        """Every output path the build plans, and the theme's static files."""
        paths = {normalise(output.save_as) for output in self._planned() if output.save_as}
        paths |= set(_theme_static_paths(self._theme, self._theme_static_dir))
        return frozenset(paths)

    @cached_property
    def by_path(self) -> dict[str, Any]:
        """Each note and page by its output path."""
        return {normalise(source.content.save_as): source.content for source in self._sources
                if getattr(source.content, "save_as", "")}

    @cached_property
    def template_ids(self) -> frozenset[str]:
        """Anchors that the theme's templates write on every page (`#talks-in-note`)."""
        return frozenset(_template_ids(self._theme))

    def anchors(self, content: Any) -> frozenset[str]:
        """The ids in a note's or page's HTML (worked out once per build)."""
        known = self._ids.get(id(content))
        if known is None:
            known = self._ids[id(content)] = frozenset(_ID.findall(self.html_of(content) or ""))
        return known


def _theme_static_paths(theme: str, static_dir: str) -> Iterator[str]:
    """The theme's static files, where Pelican copies them."""
    folder = Path(theme) / "static"
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file():
                yield posixpath.join(static_dir, path.relative_to(folder).as_posix())


def _template_ids(theme: str) -> Iterator[str]:
    """Anchors that the theme's templates write on every page (`#talks-in-note`)."""
    for template in (Path(theme) / "templates").glob("*.html"):
        yield from _TEMPLATE_ID.findall(template.read_text(encoding="utf-8"))


def find_broken_links(sources: Iterable[LinkSource], site: SiteMap) -> list[BrokenLink]:
    """Every broken link of every note and page, once per file and target."""
    broken: list[BrokenLink] = []
    for source in sources:
        content = source.content
        seen: set[str] = set()
        problems = []
        for match in _LINK.finditer(site.html_of(content) or ""):
            target = html_lib.unescape(match["target"])
            if target in seen:
                continue
            seen.add(target)
            problem = _link_problem(target, content, site)
            if problem is not None:
                problems.append((target, problem))
        if problems:
            text = _source_text(content)
            broken += [BrokenLink(content.relative_source_path, line_of(text, target), target,
                                  problem, source.published) for target, problem in problems]
    return broken


def _link_problem(target: str, content: Any, site: SiteMap) -> str | None:
    """What is wrong with one link of `content`, or None when it resolves."""
    intrasite = _INTRASITE.match(target)
    if intrasite and not target.startswith(ENTITY_LINK):  # entity links always resolve
        return _intrasite_problem(intrasite["what"], intrasite["value"], content, site)
    if target.startswith("#"):
        return _anchor_problem(target[1:], content, content, site)
    if site.siteurl and (target == site.siteurl or target.startswith(site.siteurl + "/")):
        target = site.base_path + (target[len(site.siteurl):] or "/")
    if _elsewhere(target):
        return None
    return _page_problem(target, content, site)


def _elsewhere(target: str) -> bool:
    """Links that are not to a file of this site: other sites, mailto:, tel:, Pelican's own
    `{tag}`, `{category}`, `{index}`, and the entity links made by crosslinks.py."""
    if target.startswith((*OTHER_SITES, ENTITY_LINK)) or _OTHER_INTRASITE.match(target):
        return True
    parts = urlsplit(target)
    return bool(parts.scheme or parts.netloc)


def _intrasite_problem(what: str, value: str, content: Any, site: SiteMap) -> str | None:
    """A `{filename}`, `{static}` or `{attach}` link: its file must be in the build."""
    parts = urlsplit(value)
    table = site.generated if what == "filename" else site.static
    found = None
    for path in dict.fromkeys((parts.path, unquote(parts.path))):
        found = table.get(_content_path(content, path))
        if found is None and what == "filename":
            found = site.static.get(_content_path(content, path))
        if found is not None:
            break
    if found is None and _content_path(content, parts.path) in site.unreadable:
        return (f"points to {_content_path(content, parts.path)!r}, which could not be read. "
                "Fix the error reported for that file.")
    if found is None and site.on_disk(_content_path(content, parts.path)):
        return (f"points to {_content_path(content, parts.path)!r}, a file that the site does "
                "not publish as a page of its own (a profile, or a file left out by the "
                "settings). Link to a speaker, package or event with {speaker}slug, "
                "{package}slug or {event}slug.")
    if found is None:
        wanted = _content_path(content, parts.path)
        candidates = [key for key in (site.generated if what == "filename" else site.static)
                      if not key.startswith("@") and key != content.relative_source_path]
        if what == "filename":
            candidates += list(site.static)
        suggestion = closest(wanted, candidates)
        hint = (f" Did you mean '{{{what}}}{_relative_to(content, suggestion)}'?"
                if suggestion else "")
        return (f"points to {wanted!r}, which is not a file of the content folder.{hint} "
                "Fix the path: it is relative to this file's folder, or to the content folder "
                "when it starts with '/'.")
    if parts.fragment and hasattr(found, "_content"):
        return _anchor_problem(parts.fragment, found, content, site)
    return None


def _page_problem(target: str, content: Any, site: SiteMap) -> str | None:
    """A site-absolute or relative link: the build must plan a file at its path."""
    path, fragment = urlsplit(target).path, urlsplit(target).fragment
    if not path:
        return _anchor_problem(fragment, content, content, site)
    base = site.base_path
    page_url = urljoin(f"{BASE}{base}/", getattr(content, "url", "") or "")
    absolute = unquote(urlsplit(urljoin(page_url, path)).path)
    if not absolute.startswith(f"{base}/"):
        return (f"leads outside the site, which is at {site.siteurl}/. Write it relative to this "
                f"note, or start it with {base}/.")
    resolved = absolute[len(base) + 1:]
    if resolved.startswith(f"{BUNDLE_DIR}/"):
        return None  # the search index, written after Pelican
    found = _planned(resolved, site.paths)
    if found is None:
        suggestion = closest(resolved, [_url_of(p) for p in site.paths])
        if base and _planned(absolute.lstrip("/"), site.paths):  # written without the folder
            suggestion = absolute.lstrip("/")
        hint = ""
        if suggestion is not None:
            hint = f" Did you mean {_written_like(target, suggestion, content, base)!r}?"
        written = urlsplit(target).path
        leads = "" if written == absolute else f" (it leads to {absolute})"
        return (f"points to a page the site does not have{leads}.{hint} Fix the link, or link "
                "to the note's file with {filename}path/to/note.md.")
    linked = site.by_path.get(found)
    if fragment and linked is not None:
        return _anchor_problem(fragment, linked, content, site)
    return None


def _anchor_problem(fragment: str, target: Any, content: Any, site: SiteMap) -> str | None:
    """A `#fragment` on a note or page (`target`, linked from `content`): it must be one of
    the page's anchors."""
    anchor = unquote(fragment)
    html = site.html_of(target) or ""
    if anchor in BROWSER_ANCHORS or f' id="{html_lib.escape(anchor)}"' in html:
        return None
    known = site.anchors(target)
    if anchor in known or anchor in site.template_ids:
        return None
    suggestion = closest(anchor, sorted(known))
    hint = f" Did you mean '#{suggestion}'?" if suggestion else ""
    where = "this note" if target is content else target.relative_source_path
    return (f"points to the anchor #{anchor}, which {where} does not have.{hint} Anchors are "
            "made from headings: copy the link of the # next to the heading on the page.")


def _planned(path: str, paths: frozenset[str]) -> str | None:
    """The planned output a URL path is served from, or None."""
    stripped = path.rstrip("/")
    for candidate in (path, f"{stripped}/index.html" if stripped else "index.html"):
        if candidate in paths:
            return candidate
    return None


def _url_of(save_as: str) -> str:
    """The URL path of an output file (`a/index.html` is `a/`)."""
    return save_as.removesuffix("index.html")


def _written_like(target: str, url_path: str, content: Any, base: str) -> str:
    """A suggested URL written the way the link was: site-absolute or relative."""
    if target.startswith("/") or "://" in target:
        return f"{base}/{url_path}"
    base = posixpath.dirname((getattr(content, "url", "") or "").rstrip("/") + "/x")
    relative = posixpath.relpath("/" + url_path, "/" + base) if base else url_path
    return relative + ("/" if url_path.endswith("/") and not relative.endswith("/") else "")


def _content_path(content: Any, path: str) -> str:
    """A `{filename}` path as a path relative to the content folder, as Pelican finds it."""
    if path.startswith("/"):
        return posixpath.normpath(path[1:])
    folder = posixpath.dirname(content.relative_source_path.replace("\\", "/"))
    return posixpath.normpath(posixpath.join(folder, path))


def _relative_to(content: Any, path: str) -> str:
    """`path` (relative to the content folder) as a link from `content`'s folder."""
    folder = posixpath.dirname(content.relative_source_path.replace("\\", "/"))
    if folder and path.startswith(folder + "/"):
        return path[len(folder) + 1:]
    return "/" + path


def closest(wanted: str, candidates: Iterable[str]) -> str | None:
    """The most similar candidate, if any is reasonably similar, last path segment included
    (`pycon/missing.md` is not like `pycon/a.md`, whatever their shared folder)."""
    last = _last_segment(wanted)
    alike = [c for c in candidates
             if fuzz.ratio(last, _last_segment(c)) >= SUGGESTION_CUTOFF]
    best = process.extractOne(wanted, alike, scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF)
    return best[0] if best else None


def _last_segment(path: str) -> str:
    """The last non-empty segment of a path (`a/b/` -> `b`)."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def _source_text(content: Any) -> str:
    """The Markdown source of a note or page ('' when it cannot be read)."""
    try:
        return Path(content.source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, TypeError):
        return ""


def line_of(text: str, target: str) -> int | None:
    """The first line of `text` where `target` is written: as a whole Markdown or HTML link
    target if it can be found so, else anywhere in a line (then its path, its fragment)."""
    lines = text.splitlines()
    whole = re.compile(r"(?:\(<?|\]:\s*<?|=[\"']|<)" + re.escape(target) + r"(?:[\s)>\"']|$)")
    for number, line in enumerate(lines, start=1):
        if whole.search(line):
            return number
    parts = urlsplit(target)
    needles = [target, html_lib.escape(target, quote=False), parts.path,
               f"#{parts.fragment}" if parts.fragment else ""]
    for needle in (n for n in needles if n):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


def unlink(html: str, targets: Iterable[str]) -> str:
    """A note's HTML without the `{filename}` marker of its broken links, so that Pelican
    does not warn again."""
    for target in targets:
        intrasite = _INTRASITE.match(target)
        if intrasite:
            escaped = html_lib.escape(target)
            bare = html_lib.escape(intrasite["value"])
            html = html.replace(f'="{escaped}"', f'="{bare}"').replace(
                f'="{target}"', f'="{bare}"')
    return html
