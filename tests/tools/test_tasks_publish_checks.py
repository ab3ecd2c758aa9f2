"""The checks `invoke publish` makes before building, one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from tasks_project import ROOT

from confnotes_tools.publishing import (
    PLACEHOLDER_SITEURL,
    PublishError,
    check_siteurl,
    is_local,
    published_siteurl,
    rsync_target,
)


def test_publishconf_defaults_to_the_placeholder_the_check_refuses(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFNOTES_SITEURL", raising=False)

    siteurl = published_siteurl(str(ROOT / "publishconf.py"))

    assert siteurl == PLACEHOLDER_SITEURL
    with pytest.raises(PublishError, match="CONFNOTES_SITEURL"):
        check_siteurl(siteurl)


def test_confnotes_siteurl_sets_the_published_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFNOTES_SITEURL", "https://notes.example.com")

    assert published_siteurl(str(ROOT / "publishconf.py")) == "https://notes.example.com"


@pytest.mark.parametrize("siteurl", [PLACEHOLDER_SITEURL, PLACEHOLDER_SITEURL + "/"])
def test_the_placeholder_is_refused(siteurl: str) -> None:
    with pytest.raises(PublishError, match="--allow-placeholder-siteurl"):
        check_siteurl(siteurl)


@pytest.mark.parametrize("siteurl", ["", "notes.example.com", "/confnotes"])
def test_a_siteurl_that_is_not_an_http_address_is_refused(siteurl: str) -> None:
    with pytest.raises(PublishError, match="not an http:// or https:// address"):
        check_siteurl(siteurl, allow_placeholder=True)


@pytest.mark.parametrize(("target", "local"), [
    ("/var/www/site/", True),
    ("site", True),
    ("./dir:with:colons/", True),
    ("user@host:/var/www/site/", False),
    ("host:site", False),
    ("rsync://host/module/", False),
])
def test_local_and_remote_rsync_targets(target: str, local: bool) -> None:
    assert is_local(target) is local


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with content/ and output/, beside a home folder ($HOME) of its own."""
    home = tmp_path / "home"
    folder = home / "confnotes"
    for part in ("content", "output"):
        (folder / part).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return folder


def _rsync_to(target: str, project: Path) -> list[str]:
    """The command `invoke publish --target TARGET` would run from `project`."""
    return rsync_target(target, project, project / "output", project / "content",
                        which=lambda name: f"/usr/bin/{name}").command()


def test_a_remote_rsync_target_is_left_for_rsync_to_check(project: Path) -> None:
    assert _rsync_to("user@host:/var/www/site/", project) == [
        "/usr/bin/rsync", "-avc", "--delete", f"{project}/output/", "user@host:/var/www/site/"]


def test_rsync_missing_is_reported_before_the_target_is_looked_at(project: Path) -> None:
    with pytest.raises(PublishError, match="apt-get install rsync"):
        rsync_target(".", project, project / "output", project / "content",
                     which=lambda name: None)


@pytest.mark.parametrize(("target", "problem"), [
    (".", "is the project folder"),
    ("./", "is the project folder"),
    ("{project}", "is the project folder"),
    ("output", "is the output folder"),
    ("{project}/output/", "is the output folder"),
    ("content", "is the content folder"),
    ("static", "is inside the project folder"),
    ("content/djangocon-us-2025", "is inside the project folder"),
    ("..", "is your home folder"),
    ("~", "is your home folder"),
    ("~/", "is your home folder"),
    ("../..", "is a folder holding your home folder"),
    ("/", "is the root folder"),
])
def test_a_local_target_that_would_delete_the_project_or_a_home_is_refused(
        project: Path, target: str, problem: str) -> None:
    with pytest.raises(PublishError, match=problem) as refused:
        _rsync_to(target.format(project=project), project)

    assert "give the site a folder of its own outside the project" in str(refused.value)


def test_a_target_holding_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    moved = elsewhere / "confnotes"
    project.rename(moved)

    with pytest.raises(PublishError, match=f"holds the project folder {moved}"):
        _rsync_to(str(elsewhere), moved)


def test_a_symlink_to_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    link = tmp_path / "www"
    link.symlink_to(project / "content")

    with pytest.raises(PublishError, match=f"{link} \\({project}/content\\) is the content"):
        _rsync_to(str(link), project)


def test_a_relative_target_is_read_from_the_project_not_the_current_folder(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project.parent / "www").mkdir()
    monkeypatch.chdir(project / "content")

    assert _rsync_to("../www/site", project)[-1] == str(project.parent / "www" / "site")
    assert _rsync_to("~/www/site/", project)[-1] == str(project.parent / "www" / "site")
    with pytest.raises(PublishError, match=f"parent {tmp_path}/nowhere does not exist"):
        _rsync_to("../../nowhere/site", project)


@pytest.mark.parametrize("target", [
    "user@host:", "user@host:/", "user@host:~", "user@host:~/", "user@host:~other",
    "host:.", "host:./", "host:..", "host::", "rsync://host/", "rsync://host",
])
def test_a_remote_target_naming_its_root_or_home_is_refused(project: Path,
                                                            target: str) -> None:
    with pytest.raises(PublishError, match="remote machine's root or home folder"):
        _rsync_to(target, project)


@pytest.mark.parametrize("target", [
    "user@host:/var/www/site/", "host:site", "host:~/www/confnotes", "host::module",
    "rsync://host/module/",
])
def test_a_remote_target_naming_a_folder_is_sent_as_written(project: Path, target: str) -> None:
    assert _rsync_to(target, project)[-1] == target


def test_a_trailing_slash_is_refused_with_the_address_to_set() -> None:
    with pytest.raises(PublishError, match=r"CONFNOTES_SITEURL=https://notes\.example\.com$"):
        check_siteurl("https://notes.example.com/")
