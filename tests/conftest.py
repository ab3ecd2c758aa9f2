"""Shared fixtures: build small sites (and the bundled sample site) with the real Pelican."""

from __future__ import annotations

import filecmp
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from confnotes.content.talks import Section  # noqa: E402  (after the paths above)
from confnotes.engine.live import forget_logged_messages  # noqa: E402
from confnotes.graph.graph import Graph, NoteRecord, Profile, build_graph  # noqa: E402
from confnotes.settings import ConfnotesSettings  # noqa: E402
from pelican import Pelican  # noqa: E402
from pelican.settings import DEFAULT_CONFIG, read_settings  # noqa: E402

from tests.feedcheck import (  # noqa: E402  (shared feed checkers, re-exported for every folder)
    A,
    all_entry_ids,
    atom_entries,
    feed_files,
    feed_has_entries,
    feed_problems,
    json_feed_problems,
    opml_feeds,
    parse_strict,
)

__all__ = [
    "GOOD",
    "ROOT",
    "SAMPLE_NOTE",
    "SAMPLE_NOTE_PAGE",
    "SETTINGS_FILE",
    "A",
    "Site",
    "add_sentence",
    "all_entry_ids",
    "assert_same_site",
    "atom_entries",
    "build",
    "feed_files",
    "feed_has_entries",
    "feed_problems",
    "graph_from",
    "json_feed_problems",
    "note_record",
    "opml_feeds",
    "parse_strict",
    "profile_record",
    "snapshot",
    "write_files",
]

SETTINGS_FILE = str(ROOT / "pelicanconf.py")
# Debian's Chromium (installed by `make test`); Playwright never downloads a browser of its own.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync")

# A note of the bundled sample site that live-editing tests change, and the page it is on.
SAMPLE_NOTE = "djangocon-europe-2026/lightning-talks-day-2.md"
SAMPLE_NOTE_PAGE = "djangocon-europe-2026/lightning-talks-day-2/"

# A good note, written beside the bad ones in tests of bad input.
GOOD = """\
    Title: A good note
    Date: 2026-04-16
    Event: pycon-atlantis-2026
    Speakers: Ann Lee

    Fine.
    """


@dataclass
class Site:
    """A built site: its output folder and the log records of its build."""

    output: Path
    records: list[logging.LogRecord]

    def page(self, url: str) -> BeautifulSoup:
        """Parse the page served at `url` (relative to the site root)."""
        path = self.output / url.lstrip("/")
        if url.endswith("/") or not url:
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def exists(self, url: str) -> bool:
        """True when the site has a page (or file) at `url`."""
        path = self.output / url.lstrip("/")
        return (path / "index.html").is_file() if url.endswith("/") else path.is_file()

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """Log messages at `level` or above, with exception text appended."""
        found = []
        for record in self.records:
            if record.levelno >= level:
                text = record.getMessage()
                if record.exc_info and record.exc_info[1] is not None:
                    text += f" {record.exc_info[1]}"
                found.append(text)
        return found

    def errors(self) -> list[str]:
        """Messages logged at ERROR or above."""
        return self.messages(logging.ERROR)


def build(content: Path, output: Path, caplog: pytest.LogCaptureFixture,
          **overrides: Any) -> Site:
    """Build `content` into `output` in-process with the project's settings."""
    settings = read_settings(SETTINGS_FILE, override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False,
        "CACHE_PATH": str(output.parent / f"cache-{output.name}"),
        "LOAD_CONTENT_CACHE": False, "DELETE_OUTPUT_DIRECTORY": True, **overrides,
    })
    caplog.clear()
    # Each build stands for a run of its own, as `invoke build` is.
    forget_logged_messages()
    with caplog.at_level(logging.INFO):
        Pelican(settings).run()
    return Site(output, list(caplog.records))


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write a content folder from {relative path: text} (text is dedented)."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return root


# -- small graphs, built without Pelican (unit tests of the graph and of what pages show) ------


def note_record(path: str, title: str, day: str, event: str = "", speakers: Iterable[str] = (),
                packages: Iterable[str] = (), kind: str = "talk",
                sections: Iterable[Section] = (), article: Any = None,
                room: str = "") -> NoteRecord:
    """A published note as the graph sees it; `day` is ISO (`2026-04-16 10:30`)."""
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    return NoteRecord(source_path=path, title=title, slug=slug, date=datetime.fromisoformat(day),
                      url=f"notes/{slug}/", event=event, speakers=tuple(speakers),
                      packages=tuple(packages), kind=kind, sections=tuple(sections),
                      article=article, room=room)


def profile_record(kind: str, slug: str, **metadata: Any) -> Profile:
    """A speaker, package or event profile with the given headers (lower-case keys)."""
    return Profile(kind=kind, slug=slug, metadata=metadata, body="",
                   source_path=f"{kind}s/{slug}.md")


def graph_from(notes: Iterable[NoteRecord], profiles: Iterable[Profile] = ()) -> Graph:
    """The entity graph of those notes and profiles, with the default settings."""
    return build_graph(list(notes), list(profiles), ConfnotesSettings(),
                       DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def add_sentence(path: Path, sentence: str) -> None:
    """Add a sentence after the header block (a body-only edit)."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(f"{head}\n\n{sentence}\n\n{body}", encoding="utf-8")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every written file of a site with its bytes and mtime.

    The theme's static files are left out: Pelican copies them afresh on every build.
    """
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != "theme"}


def assert_same_site(built: Path, clean: Path) -> None:
    """Fail unless two output folders hold the same files with the same bytes."""
    comparison = filecmp.dircmp(built, clean, ignore=[])  # by default it skips "tags"
    stack = [comparison]
    while stack:
        current = stack.pop()
        assert not current.left_only, f"stale in {current.left}: {current.left_only}"
        assert not current.right_only, f"missing in {current.left}: {current.right_only}"
        _, mismatch, errors = filecmp.cmpfiles(current.left, current.right,
                                                current.common_files, shallow=False)
        assert not mismatch and not errors, f"differ in {current.left}: {mismatch + errors}"
        stack.extend(current.subdirs.values())


@pytest.fixture
def make_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Callable[..., Site]:
    """Build a tiny site from {path: text}; fails on logged errors unless expected."""

    def _make(files: dict[str, str], expect_errors: bool = False, **overrides: Any) -> Site:
        content = write_files(tmp_path / "content", files)
        site = build(content, tmp_path / "output", caplog, **overrides)
        if not expect_errors:
            assert site.errors() == [], "the build logged errors"
        return site

    return _make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The bundled sample site, built once per test session."""
    output = tmp_path_factory.mktemp("sample-output")
    handler = _ListHandler()
    root_logger = logging.getLogger()
    root_logger.addHandler(handler)
    previous = root_logger.level
    root_logger.setLevel(logging.INFO)
    try:
        settings = read_settings(SETTINGS_FILE, override={
            "OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
            "CACHE_PATH": str(output.parent / "cache-sample"),
        })
        Pelican(settings).run()
    finally:
        root_logger.removeHandler(handler)
        root_logger.setLevel(previous)
    site = Site(output, handler.records)
    assert site.errors() == [], "the sample site logged errors"
    return site


class _ListHandler(logging.Handler):
    """Collects log records (for session-scoped builds, where caplog is unavailable)."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one for the whole session (Playwright's sync API allows
    only one running instance per process, so every suite shares this one)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only for browser tests

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()
