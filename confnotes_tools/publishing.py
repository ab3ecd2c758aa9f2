"""`invoke publish`: check the target and the site's address before the slow build.

Each check raises PublishError with a message saying what is wrong and what to do; nothing is
built or sent until every check has passed. The task then builds and runs `Target.command`.
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
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


def rsync_target(target: str, project: Path, output: Path, content: Path, *,
                 which: Which = shutil.which) -> Target:
    """The rsync command for `target`, after checking rsync is installed and the target is safe.

    rsync runs with ``--delete``, so the target folder ends up holding the site and nothing
    else. A local target (no ``host:``) is read from the project's folder (``~`` is the home
    folder) and given to rsync resolved; it is refused when it is, holds or lies inside the
    project, `output` or `content`, when it is ``/`` or the home folder ($HOME) or holds it,
    and when its parent folder is missing. A remote target is
    refused when its path is the remote root or home folder; rsync checks the rest when it
    connects.
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
        destination = local_destination(target, project, output, content)
    else:
        check_remote_destination(target)
        destination = target
    source = f"{output}{os.sep}"
    return Target(f"{destination} with rsync",
                  (rsync, "-avc", "--delete", source, destination))


def local_destination(target: str, project: Path, output: Path, content: Path) -> str:
    """The resolved folder a local rsync `target` names, read from `project`, once it is safe.

    Raises PublishError when rsync --delete there would delete the project, its output or
    content, the whole disk or a home folder, or when the folder's parent is missing.
    """
    folder = (project / Path(target).expanduser()).resolve()
    where = f"The rsync target {target}" + ("" if str(folder) == target else f" ({folder})")
    advice = ("rsync --delete makes the target hold only the built site, deleting everything "
              "else in it: give the site a folder of its own outside the project, such as "
              "../confnotes-www/site, in --target or CONFNOTES_RSYNC_TARGET.")
    home = Path.home().resolve()
    if folder == Path(folder.anchor) or folder == home or folder in home.parents:
        what = "the root folder" if folder == Path(folder.anchor) else (
            "your home folder" if folder == home else f"a folder holding your home folder {home}")
        raise PublishError(f"{where} is {what}. {advice}")
    kept = {"the project folder": project.resolve(), "the output folder": output.resolve(),
            "the content folder": content.resolve()}
    for relation, applies in (("is", lambda path: folder == path),
                              ("holds", lambda path: folder in path.parents),
                              ("is inside", lambda path: path in folder.parents)):
        for name, path in kept.items():
            if applies(path):
                raise PublishError(f"{where} {relation} {name} {path}. {advice}")
    if not folder.parent.is_dir():
        raise PublishError(
            f"The rsync target {target} is a local folder whose parent {folder.parent} does not "
            "exist: create it, or fix CONFNOTES_RSYNC_TARGET / --target."
        )
    return str(folder)


def check_remote_destination(target: str) -> None:
    """Refuse a remote rsync `target` whose path is empty, ``/``, ``.``, ``..`` or a home
    folder (``~``, ``~/``, ``~user``): rsync --delete would empty the remote root or home."""
    if "://" in target:
        _scheme, _sep, rest = target.partition("://")
        _host, _slash, path = rest.partition("/")
        path = "/" + path
    else:
        _host, _colon, path = target.partition(":")
        path = path.removeprefix(":")  # host::module, the rsync daemon's form
    folder = posixpath.normpath(path) if path.strip() else ""
    if folder in {"", ".", "..", "/", "//"} or re.fullmatch(r"~[^/]*", folder):
        shown = "an empty path" if not path.strip() else f"the path {path!r}"
        raise PublishError(
            f"The rsync target {target} has {shown}, which is the remote machine's root or "
            "home folder, and rsync --delete would delete everything else in it: name the "
            "site's own folder, such as user@host:/var/www/confnotes/, in --target or "
            "CONFNOTES_RSYNC_TARGET."
        )


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
