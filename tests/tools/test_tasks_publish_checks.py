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


def test_a_remote_rsync_target_is_left_for_rsync_to_check(tmp_path: Path) -> None:
    target = rsync_target("user@host:/var/www/site/", tmp_path / "output",
                          which=lambda name: f"/usr/bin/{name}")

    assert target.command() == ["/usr/bin/rsync", "-avc", "--delete", f"{tmp_path}/output/",
                                "user@host:/var/www/site/"]


def test_rsync_missing_is_reported_before_the_target_is_looked_at(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="apt-get install rsync"):
        rsync_target(str(tmp_path / "site"), tmp_path / "output", which=lambda name: None)


def test_a_trailing_slash_is_refused_with_the_address_to_set() -> None:
    with pytest.raises(PublishError, match=r"CONFNOTES_SITEURL=https://notes\.example\.com$"):
        check_siteurl("https://notes.example.com/")
