"""docs/publishing.md: its rehearsal runs as written, its flags exist, its messages are real."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from tasks_project import ROOT, copy_project, git, run_invoke, task_env

DOC = ROOT / "docs" / "publishing.md"
REHEARSAL = "## Try both on this machine first"
_FENCE = re.compile(r"^```(?P<lang>\w+)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
_INVOKE = re.compile(r"(?:^|\s)(?:\.venv/bin/)?invoke (?P<task>[a-z-]+)(?P<rest>[^\n]*)")
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _blocks(text: str, lang: str) -> list[str]:
    """The bodies of the fenced blocks of one language, in order."""
    return [m["body"] for m in _FENCE.finditer(text) if m["lang"] == lang]


def _section(text: str, heading: str) -> str:
    """The text of a level-2 section, up to the next level-2 heading."""
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The project as a blogger's clone: a git repository with the venv in .venv."""
    project = copy_project(tmp_path / "confnotes")
    (project / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all", "--", ":!.venv")
    git(project, "commit", "--quiet", "--message", "Clone")
    return project


def test_the_rehearsal_runs_as_written(clone: Path) -> None:
    script = "\n".join(_blocks(_section(DOC.read_text(encoding="utf-8"), REHEARSAL), "sh"))
    assert "--gh-pages" in script
    assert "--target" in script

    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=clone,
                          env=task_env(), capture_output=True, text=True, timeout=600,
                          check=False)

    assert done.returncode == 0, done.stdout + done.stderr
    assert (clone.parent / "confnotes-www" / "site" / "feeds" / "all.atom.xml").is_file()


def test_every_command_the_doc_shows_has_its_flags(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "confnotes")
    text = DOC.read_text(encoding="utf-8")
    shown: dict[str, set[str]] = {}
    for block in _blocks(text, "sh"):
        for command in _INVOKE.finditer(block.replace("\\\n", " ")):
            shown.setdefault(command["task"], set()).update(_FLAG.findall(command["rest"]))
    assert {"new", "publish", "livereload"} <= shown.keys()

    for task, flags in shown.items():
        done = run_invoke(project, task, "--help")
        assert done.returncode == 0, done.stderr
        for flag in flags:
            assert flag in done.stdout, f"invoke {task} has no {flag}"


def test_the_flag_tables_name_real_flags(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "confnotes")
    text = DOC.read_text(encoding="utf-8")
    helps = "".join(run_invoke(project, task, "--help").stdout
                    for task in ("new", "publish", "serve", "preview"))

    rows = list(re.finditer(r"^\| `(--[a-z-]+)`(?:, `(--[a-z-]+)`)?", text, re.MULTILINE))
    assert len(rows) >= 5, "the flag tables were not found: nothing would be checked"
    for row in rows:
        for flag in filter(None, row.groups()):
            assert flag in helps, f"no task has {flag}"


def test_the_messages_shown_are_the_ones_printed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "confnotes")
    shown = _blocks(DOC.read_text(encoding="utf-8"), "text")

    refused = run_invoke(project, "publish", "--target", str(tmp_path / "site"))
    warned = run_invoke(project, "new", "--title", "Keynote", "--event",
                        "DjangoCon Erope 2026", "--day", "2026-04-15")

    assert len(shown) == 2
    assert shown[0].strip() in warned.stdout.splitlines()
    assert shown[1].strip() in refused.stderr.splitlines()


def test_the_new_example_writes_its_note(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "confnotes")
    (project / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    commands = [line for block in _blocks(DOC.read_text(encoding="utf-8"), "sh")
                for line in block.replace("\\\n", " ").splitlines()
                if line.startswith("invoke new ")]
    assert len(commands) == 1

    done = subprocess.run(["bash", "-euo", "pipefail", "-c", f".venv/bin/{commands[0]}"],
                          cwd=project, env=task_env(), capture_output=True, text=True,
                          timeout=120, check=False)

    assert done.returncode == 0, done.stderr
    note = Path("content/djangocon-europe-2026/to-jwt-or-not-to-jwt.md")
    assert done.stdout.splitlines() == [f"Created {note}"]
    assert "Packages: djangorestframework\n" in (project / note).read_text(encoding="utf-8")
