"""The content cache keeps one folder per build key, and only the few most recently used."""

from __future__ import annotations

import os

NOTE = {"conf/talk.md": "Title: A talk\nDate: 2026-05-01\nSpeakers: Ann Lee\n\nBody.\n"}


def test_a_build_keeps_its_cache_and_the_two_most_recent_others(make_site, tmp_path):
    root = tmp_path / "cache"
    old = [root / f"confnotes-{index:016x}" for index in range(4)]
    for age, folder in enumerate(old):  # the first is the most recently used
        folder.mkdir(parents=True)
        (folder / "ArticlesGenerator-Readers").write_bytes(b"old")
        os.utime(folder, (1_700_000_000 - age * 1000,) * 2)
    unrelated = root / "my-notes"
    unrelated.mkdir()
    make_site(NOTE, CACHE_PATH=str(root), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
              DELETE_OUTPUT_DIRECTORY=False)
    kept = sorted(path.name for path in root.iterdir() if path.is_dir())
    current = [name for name in kept if name.startswith("confnotes-")
               and name not in {folder.name for folder in old}]
    assert len(current) == 1 and (root / current[0] / "ArticlesGenerator-Readers").is_file()
    assert sorted(set(kept) - set(current)) == sorted([old[0].name, old[1].name, "my-notes"])


def test_a_second_build_with_the_same_settings_reuses_its_cache_folder(make_site, tmp_path):
    root = tmp_path / "cache"
    settings = {"CACHE_PATH": str(root), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                "DELETE_OUTPUT_DIRECTORY": False}
    make_site(NOTE, **settings)
    first = sorted(path for path in root.iterdir() if path.is_dir())
    make_site(NOTE, **settings)
    assert sorted(path for path in root.iterdir() if path.is_dir()) == first
    assert len(first) == 1
