"""`invoke publish`: check the target and the site's address before the slow build.

Each check raises PublishError with a message saying what is wrong and what to do; nothing is
built or sent until every check has passed. The task then builds and runs `Target.command`.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDER_SITEURL = "https://confnotes.example.org"
GIT_TIMEOUT = 60  # seconds for `git ls-remote`; a remote that does not answer by then is down

Which = Callable[[str], str | None]


class PublishError(RuntimeError):
    """Publishing cannot start: the message says what to set or install."""


@dataclass(frozen=True)
class Target:
    """Where the built site goes: the command that sends it, and a line for the blogger."""

    description: str
    argv: tuple[str, ...]

    def command(self) -> list[str]:
        """The command to run once the site is built."""
        return list(self.argv)


def check_siteurl(siteurl: str, allow_placeholder: bool = False) -> None:
    """Refuse the placeholder address (unless allowed), and anything but an http(s) URL
    without a trailing slash."""
    if siteurl.rstrip("/") == PLACEHOLDER_SITEURL and not allow_placeholder:
        raise PublishError(
            f"SITEURL is still the placeholder {PLACEHOLDER_SITEURL}, so every absolute link and "
            "feed would point there. Set CONFNOTES_SITEURL to your site's address (for example "
            "CONFNOTES_SITEURL=https://notes.example.com invoke publish), or pass "
            "--allow-placeholder-siteurl to publish anyway."
        )
    if not siteurl.startswith(("http://", "https://")):
        raise PublishError(
            f"SITEURL {siteurl!r} is not an http:// or https:// address; feeds and canonical "
            "links need one. Set CONFNOTES_SITEURL to your site's address, e.g. "
            "https://notes.example.com."
        )
    if siteurl.endswith("/"):
        raise PublishError(
            f"SITEURL {siteurl!r} ends with a slash, which would double every link's slash: "
            f"set CONFNOTES_SITEURL={siteurl.rstrip('/')}"
        )


def rsync_target(target: str, output: Path, which: Which = shutil.which) -> Target:
    """The rsync command for `target`, after checking rsync is installed and the target is set.

    A local target (no ``host:``) must have an existing parent folder; a remote one is checked
    by rsync itself when it connects.
    """
    if not target:
        raise PublishError(
            "No rsync target: set CONFNOTES_RSYNC_TARGET (for example "
            "user@host:/var/www/confnotes/) or pass --target, or publish to GitHub Pages with "
            "--gh-pages."
        )
    rsync = which("rsync")
    if rsync is None:
        raise PublishError(
            "rsync is not installed, and publishing to an rsync target needs it: install it "
            "(sudo apt-get install rsync) or publish with --gh-pages instead."
        )
    if is_local(target):
        parent = Path(target).expanduser().absolute().parent
        if not parent.is_dir():
            raise PublishError(
                f"The rsync target {target} is a local folder whose parent {parent} does not "
                "exist: create it, or fix CONFNOTES_RSYNC_TARGET / --target."
            )
    source = f"{output}{os.sep}"
    return Target(f"{target} with rsync",
                  (rsync, "-avc", "--delete", source, target))


def is_local(target: str) -> bool:
    """True when an rsync target is a local path rather than ``host:path`` or ``rsync://``."""
    if "://" in target:
        return False
    head, colon, _rest = target.partition(":")
    return not colon or "/" in head


def gh_pages_target(project: Path, output: Path, remote: str = "", branch: str = "gh-pages", *,
                    which: Which = shutil.which, python: str = "python3") -> Target:
    """The ghp-import command, after checking ghp-import, git, the repository and its remote.

    `remote` is a remote's name (default ``origin``) or a repository URL or path; it must answer
    `git ls-remote` before anything is built.
    """
    if importlib.util.find_spec("ghp_import") is None:
        raise PublishError(
            "ghp-import is not installed: run `make setup` (it is pinned in requirements.txt)."
        )
    git = which("git")
    if git is None:
        raise PublishError("git is not installed, and --gh-pages needs it: "
                           "sudo apt-get install git.")
    if _git(git, project, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise PublishError(
            f"{project} is not a git repository, and --gh-pages commits the site to its "
            f"{branch} branch: clone the project with git (or run `git init` there and add a "
            "remote)."
        )
    name = remote or "origin"
    if not _looks_like_url(name) and _git(git, project, "remote", "get-url", name).returncode:
        raise PublishError(
            f"The git repository in {project} has no remote {name!r} to push {branch} to: add "
            f"one (git remote add {name} git@github.com:you/confnotes.git) or pass --remote "
            "with a remote's name or a repository URL."
        )
    answer = _git(git, project, "ls-remote", "--heads", name)
    if answer.returncode != 0:
        detail = answer.stderr.strip().splitlines()[-1:] or ["no answer"]
        raise PublishError(
            f"The remote {name!r} cannot be reached ({detail[0]}): check its URL "
            f"(git remote -v) and your access, or pass --remote."
        )
    return Target(f"the {branch} branch of {name}",
                  (python, "-m", "ghp_import", "--no-jekyll", "--push", "--remote", name,
                   "--branch", branch, "--message", "Publish site", str(output)))


def _looks_like_url(remote: str) -> bool:
    """True for a repository URL or path rather than a remote's name."""
    return "://" in remote or "/" in remote or ":" in remote or remote.endswith(".git")


def _git(git: str, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a git command in `project` without prompting, capturing its output."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run([git, *args], cwd=project, capture_output=True, text=True,
                              env=env, timeout=GIT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess([git, *args], 1, "",
                                           f"no answer within {GIT_TIMEOUT} seconds")


def published_siteurl(settings_file: str) -> str:
    """The SITEURL a build with `settings_file` would use (CONFNOTES_SITEURL included)."""
    from pelican.settings import read_settings  # noqa: PLC0415 - only when publishing

    return str(read_settings(settings_file).get("SITEURL", ""))
