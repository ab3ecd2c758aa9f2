"""The table of entity kinds is the one place that lists them: everything else agrees with it."""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path

import pytest
from confnotes.content.headers import HeaderLine, known_keys, unknown_keys
from confnotes.content.reader import role_of
from confnotes.graph.graph import Graph
from confnotes.graph.kinds import KINDS, default_profile_folders, profile_folders, profile_kinds
from confnotes.settings import ConfnotesSettings, load_settings
from confnotes.site import views
from confnotes.site.exports import EXPORTS
from confnotes.site.generator import PROFILE_KINDS

from confnotes_tools.content import RESERVED_FOLDERS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "theme" / "templates"
SCHEMAS = ROOT / "plugins" / "confnotes" / "site" / "schemas"
SETTINGS = ConfnotesSettings()
FOLDER_KINDS = profile_kinds()


def test_names_and_plurals_are_unique_and_rooms_are_one_of_the_kinds():
    names = [kind.name for kind in KINDS]
    assert len(set(names)) == len(names)
    assert len({kind.plural for kind in KINDS}) == len(KINDS)
    assert {"event", "series", "speaker", "package", "room"} == set(names)


@pytest.mark.parametrize("kind", FOLDER_KINDS, ids=lambda k: k.name)
def test_the_reader_gives_a_file_in_a_kinds_folder_that_kinds_role(kind):
    folder = getattr(SETTINGS, kind.folder)
    path = f"/site/content/{folder}/x/some-profile.md"
    assert role_of(path, "/site/content", SETTINGS, frozenset({"pages"})) == kind.name


def test_the_reader_takes_any_other_folder_for_notes_or_pages():
    pages = frozenset({"pages"})
    assert role_of("/c/djangocon-2026/talk.md", "/c", SETTINGS, pages) == "note"
    assert role_of("/c/pages/about.md", "/c", SETTINGS, pages) == "page"


def test_a_renamed_profile_folder_moves_the_role_and_the_profile_folders_with_it():
    settings = load_settings({"CONFNOTES": {"ROOMS_PATH": "halls"}})
    assert role_of("/c/halls/con/main.md", "/c", settings, frozenset()) == "room"
    assert role_of("/c/rooms/con/main.md", "/c", settings, frozenset()) == "note"
    assert "halls" in settings.profile_dirs and "rooms" not in settings.profile_dirs


def test_settings_profile_dirs_are_the_tables_folders():
    assert SETTINGS.profile_dirs == {getattr(SETTINGS, k.folder) for k in FOLDER_KINDS}
    assert set(profile_folders(SETTINGS).values()) == {k.name for k in FOLDER_KINDS}


def test_the_tools_never_take_a_profile_folder_for_an_event():
    assert set(default_profile_folders()) <= RESERVED_FOLDERS
    assert "rooms" in RESERVED_FOLDERS


def test_pelicanconf_excludes_exactly_the_profile_folders_and_the_pages():
    excludes = runpy.run_path(str(ROOT / "pelicanconf.py"))["ARTICLE_EXCLUDES"]
    assert set(excludes) == {*default_profile_folders(), "pages"}


def test_the_generator_reads_the_profiles_of_every_kind_with_a_folder():
    assert PROFILE_KINDS == FOLDER_KINDS


@pytest.mark.parametrize("kind", FOLDER_KINDS, ids=lambda k: k.name)
def test_a_profiles_header_keys_come_from_its_row_of_the_table(kind):
    assert "name" in kind.profile_keys and known_keys(kind.name) == kind.profile_keys
    lines = [HeaderLine(1, "name", "Main Hall"), HeaderLine(2, "nmae", "typo")]
    (warning,) = unknown_keys(lines, kind.name, f"{kind.plural}/x.md")
    assert warning.startswith(f"{kind.plural}/x.md:2: unknown key 'Nmae' in a {kind.name}'s")
    assert 'Did you mean "Name:"?' in warning


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kinds_templates_views_and_settings_exist(kind):
    assert (TEMPLATES / f"{kind.template}.html").is_file()
    assert callable(getattr(views, kind.view))
    if kind.index_template:
        assert (TEMPLATES / f"{kind.index_template}.html").is_file()
        assert callable(getattr(views, kind.index_view))
        assert getattr(SETTINGS, kind.index_save_as).endswith(".html")
    url, save_as = kind.urls(SETTINGS, "a-slug", event="an-event")
    assert "a-slug" in url and save_as.startswith(url) and save_as.endswith("index.html")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_has_its_graph_dict_feed_and_export(kind):
    graph_fields = {f.name for f in dataclasses.fields(Graph)}
    assert kind.plural in graph_fields
    assert kind.feed_title.format(entity=_Named()) != kind.feed_title
    assert kind.feed_items in ("talks", "notes")
    if kind.feed_items == "talks":
        assert f"{kind.name}_talks" in graph_fields
    if kind.export:
        assert kind.export in EXPORTS
        assert (SCHEMAS / f"{kind.export}.schema.json").is_file()


def test_a_room_lives_under_its_event():
    room = next(kind for kind in KINDS if kind.name == "room")
    assert room.parent == "event"
    assert room.urls(SETTINGS, "main-hall", event="democon-2026") == (
        "democon-2026/rooms/main-hall/", "democon-2026/rooms/main-hall/index.html")


class _Named:
    """Stands for an entity in a feed title pattern."""

    name = "Main Hall"
    event = type("E", (), {"name": "DemoCon"})()
