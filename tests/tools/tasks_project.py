"""Helpers of the task tests: a copy of the project to run the real `invoke` commands in."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "content",
                 "confnotes_tools")
_LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc")
INVOKE_TIMEOUT = 300  # seconds: a hung command fails its test instead of the whole run


def copy_project(destination: Path) -> Path:
    """Copy what the tasks need (tasks, settings, plugin, theme, sample content) to a folder."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=_LEFT_OUT)
        else:
            shutil.copy2(source, destination / part)
    return destination


def task_env(**extra: str) -> dict[str, str]:
    """The environment a blogger's shell would have: no CONFNOTES_* settings unless given."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONFNOTES_")}
    env.update({"GIT_AUTHOR_NAME": "Blogger", "GIT_AUTHOR_EMAIL": "blogger@example.org",
                "GIT_COMMITTER_NAME": "Blogger", "GIT_COMMITTER_EMAIL": "blogger@example.org",
                "GIT_CONFIG_NOSYSTEM": "1"})
    env.update(extra)
    return env


def invoke_command(*args: str) -> list[str]:
    """The command line of `invoke ARGS` with the project's Python."""
    return [sys.executable, "-m", "invoke", *args]


def run_invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `invoke ARGS` in `project` as a blogger would, capturing its output."""
    return subprocess.run(invoke_command(*args), cwd=project, env=task_env(**env),
                          capture_output=True, text=True, timeout=INVOKE_TIMEOUT, check=False)


def git(folder: Path, *args: str) -> str:
    """Run git in `folder` and return its standard output (fails the test on an error)."""
    done = subprocess.run(["git", *args], cwd=folder, env=task_env(), capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def files_under(folder: Path) -> set[Path]:
    """Every file below `folder`, relative to it."""
    return {path.relative_to(folder) for path in folder.rglob("*") if path.is_file()}


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
