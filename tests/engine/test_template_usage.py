"""What templates read: only constant leading slices of a list count as reading part of it."""

from __future__ import annotations

import pickle

import pytest
from confnotes.engine.manifest import MANIFEST_NAME
from confnotes.engine.template_usage import TemplateUsage
from jinja2 import DictLoader, Environment

from tests.conftest import assert_same_site, build, write_files

TEMPLATES = {
    "slices.html": "{{ articles[:5] }}{% for a in articles[:12] %}{{ a }}{% endfor %}",
    "chain.html": "{% extends 'slices.html' %}{% block x %}{{ articles[:40] }}{% endblock %}",
    "whole.html": "{{ articles[:5] }}{{ articles|length }}",
    "offset.html": "{{ articles[1:5] }}",
    "computed.html": "{% set n = 3 %}{{ articles[:n] }}",
    "paginated.html": "{{ articles[:3] }}{{ articles_page }}",
    "shadowed.html": "{% for articles in groups %}{{ articles[:2] }}{% endfor %}",
}


@pytest.mark.parametrize(("template", "prefix"), [
    ("slices.html", 12), ("chain.html", 40), ("whole.html", None), ("offset.html", None),
    ("computed.html", None), ("paginated.html", None), ("shadowed.html", None)])
def test_a_list_read_only_through_constant_slices_has_a_prefix(template, prefix):
    usage = TemplateUsage(Environment(loader=DictLoader(TEMPLATES)))
    assert usage.prefix(template, "articles") == prefix


def note(index: int) -> str:
    return (f"Title: Note {index}\nDate: 2024-{1 + index // 28:02d}-{1 + index % 28:02d}\n"
            f"Speakers: Speaker {index}\n\nText of note {index}.\n")


def test_the_home_page_depends_on_the_latest_thirty_notes_only(tmp_path, caplog):
    files = {f"misc/note-{index:02d}.md": note(index) for index in range(40)}
    content = write_files(tmp_path / "content", files)
    settings = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": True}
    build(content, tmp_path / "output", caplog, **settings)
    [cache] = [path for path in (tmp_path / "cache-output").glob("confnotes-*") if path.is_dir()]
    with (cache / MANIFEST_NAME).open("rb") as stream:
        shows = pickle.load(stream).shows
    assert shows["index.html"] == {f"misc/note-{index:02d}.md" for index in range(10, 40)}
    assert len(shows["archives/index.html"]) == 40

    oldest = content / "misc" / "note-00.md"
    oldest.write_text(oldest.read_text(encoding="utf-8") + "\nA later thought.\n",
                      encoding="utf-8")
    build(content, tmp_path / "output", caplog, **settings)
    build(content, tmp_path / "clean", caplog)
    assert_same_site(tmp_path / "output", tmp_path / "clean")


def test_a_paginated_home_page_follows_the_whole_list(tmp_path, caplog):
    # Paginated, the home page is written as index.html, index2.html, ...: how many depends
    # on every note, though each file's template reads only a slice.
    files = {f"misc/note-{index:02d}.md": note(index) for index in range(1, 41)}
    content = write_files(tmp_path / "content", files)
    settings = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": True, "DEFAULT_PAGINATION": 10}
    build(content, tmp_path / "output", caplog, **settings)
    (content / "misc" / "note-00.md").write_text(note(0), encoding="utf-8")  # the oldest
    build(content, tmp_path / "output", caplog, **settings)
    build(content, tmp_path / "clean", caplog, DEFAULT_PAGINATION=10)
    assert (tmp_path / "clean" / "index5.html").is_file()
    assert_same_site(tmp_path / "output", tmp_path / "clean")
