"""Fixtures for the blogger tools' tests: import paths, the sample schedule, a content folder."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for _path in (ROOT / "plugins", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def schedule_file() -> Path:
    """A pretalx frab-compatible schedule.json: 4 talks over 2 days in 2 rooms."""
    return FIXTURES / "democon-2026-schedule.json"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """An empty content/ folder."""
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


def _header_of(path: Path) -> dict[str, str]:
    """The header lines of a written file as a dict (keys as written)."""
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(": ")
        header[key] = value
    return header


@pytest.fixture
def header_of() -> Callable[[Path], dict[str, str]]:
    """A function reading the header lines of a written file."""
    return _header_of
