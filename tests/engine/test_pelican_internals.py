"""Every Pelican internal the engine touches, pinned to the installed Pelican version and
checked on real Pelican objects (engine/pelican_internals.py, writer.py, logged.py, memo.py)."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path

import pelican
import pytest
from confnotes.engine import pelican_internals
from confnotes.engine.generator import EngineGenerator
from confnotes.engine.logged import forget_logged_messages
from confnotes.engine.memo import forget_rendered
from confnotes.engine.writer import ConfnotesWriter
from confnotes.site.generator import ConfnotesGenerator
from pelican import Pelican
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator, StaticGenerator
from pelican.log import LimitLogger
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError

from tests.conftest import ROOT, SETTINGS_FILE


def pinned_pelican() -> str:
    """The version requirements.txt pins (`pelican==X`)."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    found = re.search(r"^pelican==(\S+)", text, re.MULTILINE | re.IGNORECASE)
    assert found, "requirements.txt pins no pelican version"
    return found[1]


def test_pelican_is_the_pinned_version():
    assert pelican.__version__ == pinned_pelican(), (
        "Pelican was upgraded: re-check every accessor in engine/pelican_internals.py "
        "(and Writer._open_w in engine/writer.py, LimitFilter in engine/logged.py, the "
        "memoized caches in engine/memo.py), then update this pin.")


@pytest.fixture
def settings(tmp_path: Path) -> dict:
    (tmp_path / "content").mkdir()
    return read_settings(SETTINGS_FILE, override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "SITEURL": ""})


def article(settings: dict, html: str, name: str = "a-note", context: dict | None = None,
            ) -> Article:
    return Article(html, metadata={"title": name, "date": datetime(2026, 1, 2)},
                   settings=settings, source_path=str(Path(settings["PATH"]) / f"{name}.md"),
                   context=context or {"generated_content": {}, "static_content": {},
                                       "localsiteurl": "", "static_links": set()})


def test_html_of_is_the_text_before_pelican_resolves_its_links(settings):
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": "",
               "static_links": set()}
    context["generated_content"]["other.md"] = article(settings, "", "other", context)
    note = article(settings, '<p><a href="{filename}/other.md">other</a></p>', context=context)
    assert pelican_internals.html_of(note) == '<p><a href="{filename}/other.md">other</a></p>'
    assert note.content == '<p><a href="notes/other/">other</a></p>'  # resolved for the page


def test_set_html_is_what_the_public_content_shows(settings):
    note = article(settings, "<p>before</p>")
    pelican_internals.set_html(note, "<p>after</p>")
    assert pelican_internals.html_of(note) == "<p>after</p>"
    assert note.content == "<p>after</p>"


def test_forget_rendered_drops_pelicans_memoized_text_of_one_note(settings):
    note, other = article(settings, "<p>before</p>"), article(settings, "<p>other</p>")
    assert note.content == "<p>before</p>" and other.content == "<p>other</p>"
    pelican_internals.set_html(note, "<p>after</p>")
    assert note.content == "<p>before</p>"  # Pelican's memoized copy (why memo.py exists)
    forget_rendered(note)
    assert note.content == "<p>after</p>"
    assert any(key[0] is other for key in Article.get_content.cache)  # the others stay


def test_mark_unreadable_records_the_file_as_pelicans_generators_do(settings, tmp_path):
    context = {"generated_content": {}, "static_content": {}}
    generator = Generator(context=context, settings=settings, path=settings["PATH"],
                          theme=settings["THEME"], output_path=str(tmp_path / "output"))
    pelican_internals.mark_unreadable(generator, "speakers/ana.md")
    assert context["generated_content"] == {"speakers/ana.md": None}


def test_the_engines_generator_implements_what_the_sites_asks_for(settings, tmp_path):
    context = {"generated_content": {}, "static_content": {}}
    generator = EngineGenerator(context=context, settings=settings, path=settings["PATH"],
                                theme=settings["THEME"], output_path=str(tmp_path / "output"))
    note = article(settings, "<p>text</p>")
    generator.set_html(note, "<p>new</p>")
    assert generator.html_of(note) == "<p>new</p>"
    generator.mark_unreadable("events/x.md")
    assert context["generated_content"] == {"events/x.md": None}
    site_only = ConfnotesGenerator(context=context, settings=settings, path=settings["PATH"],
                                   theme=settings["THEME"], output_path=str(tmp_path / "o"))
    with pytest.raises(NotImplementedError, match="engine"):
        site_only.html_of(note)


def test_generator_classes_are_pelicans_and_the_plugins_in_build_order(settings):
    classes = pelican_internals.generator_classes(Pelican(settings))
    assert classes[0] is ArticlesGenerator and PagesGenerator in classes
    assert classes[-1] is StaticGenerator  # Pelican copies static files last
    assert EngineGenerator in classes


def test_the_writers_overwrite_bookkeeping_is_still_pelicans(settings, tmp_path):
    """ConfnotesWriter overrides Writer._open_w and shares `_written_files`."""
    writer = ConfnotesWriter(str(tmp_path), settings)
    path = str(tmp_path / "page.html")
    with writer._open_w(path, "utf-8") as handle:
        handle.write("x")
    assert path in writer._written_files and writer._overridden_files == set()
    with pytest.raises(FileOverwriteFailedError):  # Pelican's rule, through super()._open_w
        writer._open_w(path, "utf-8")
    assert Path(path).read_text(encoding="utf-8") == "x"


def test_forget_logged_messages_makes_pelican_log_a_repeat_again():
    logger = logging.getLogger("confnotes.test_pelican_internals")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    assert isinstance(logger, LimitLogger)  # Pelican's logger class: each has a LimitFilter
    try:
        forget_logged_messages()
        logger.warning("the same mistake")
        logger.warning("the same mistake")
        assert len(records) == 1  # Pelican's LimitFilter dropped the repeat
        forget_logged_messages()
        logger.warning("the same mistake")
        assert len(records) == 2
    finally:
        logger.removeHandler(handler)
