"""`invoke preview` and `invoke serve` with --port/--bind, run in a copy of the project and
driven with Debian's Chromium: the served site links to the address it is served on."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import feedparser
import pytest
from tasks_project import copy_project, free_port, invoke_command, task_env

START_TIMEOUT = 180  # seconds for the build before the server answers


@contextmanager
def running(project: Path, *args: str) -> Iterator[subprocess.Popen[str]]:
    """Run a long-lived `invoke ARGS` (a server) in `project`; stop its process group after."""
    log = (project / "task.log").open("w", encoding="utf-8")
    process = subprocess.Popen(invoke_command(*args), cwd=project, env=task_env(), text=True,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def wait_until_served(process: subprocess.Popen[str], url: str, log: Path) -> None:
    """Wait for `url` to answer, failing with the task's output if the task ends first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the task stopped before serving:\n{log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"nothing answered on {url}:\n{log.read_text(encoding='utf-8')}")


def fetch(url: str) -> bytes:
    """The body served at `url`."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with the sample content."""
    return copy_project(tmp_path / "confnotes")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page of a fresh context of the session's Chromium."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_preview_serves_a_styled_clickable_site_on_its_port(project: Path, page: Any) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(project, "preview", "--port", str(port), "--bind", "127.0.0.1") as process:
        wait_until_served(process, f"{base}/", project / "task.log")
        stylesheets: list[tuple[str, int]] = []
        page.on("response", lambda response: stylesheets.append((response.url, response.status))
                if response.request.resource_type == "stylesheet" else None)

        page.goto(f"{base}/")

        assert (f"{base}/theme/css/site.css", 200) in stylesheets
        link_colour = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--link').trim()")
        assert link_colour == "#0a58b5", "site.css is applied"
        page.locator("a[href$='/djangocon-us-2025/django-for-ai/']").first.click()
        page.wait_for_url(f"{base}/djangocon-us-2025/django-for-ai/")
        assert page.locator("h1").first.inner_text().startswith("Django for AI:")
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        assert canonical == f"{base}/djangocon-us-2025/django-for-ai/"

        feed = feedparser.parse(fetch(f"{base}/feeds/all.atom.xml"))
        assert feed.entries
        assert all(entry.link.startswith(f"{base}/") for entry in feed.entries)


def test_serve_follows_the_port_in_its_feeds(project: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(project, "serve", "--port", str(port)) as process:
        wait_until_served(process, f"{base}/", project / "task.log")

        feed = feedparser.parse(fetch(f"{base}/feeds/all.atom.xml"))
        try:
            fetch(f"{base}/no/such/page/")
            missing = None
        except urllib.error.HTTPError as error:
            missing = (error.code, error.read().decode("utf-8"))

    assert feed.entries
    # A missing page gets a real 404 page (Pelican's own server sent an empty response).
    assert missing is not None and missing[0] == 404 and "/no/such/page/" in missing[1]
    assert "livereload.js" not in missing[1]  # no live session behind `serve`
    assert all(entry.link.startswith(f"{base}/") for entry in feed.entries)


@pytest.mark.parametrize("task", ["serve", "preview"])
def test_a_port_that_is_not_a_number_is_refused(project: Path, task: str) -> None:
    done = subprocess.run(invoke_command(task, "--port", "eighty"), cwd=project, env=task_env(),
                          capture_output=True, text=True, timeout=60, check=False)

    assert done.returncode != 0
    assert "--port eighty is not a port" in done.stderr
    assert not (project / "output").exists()


def test_a_bad_confnotes_port_fails_only_the_tasks_that_serve(project: Path) -> None:
    env = task_env(CONFNOTES_PORT="abc")

    listed = subprocess.run(invoke_command("--list"), cwd=project, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    checked = subprocess.run(invoke_command("check"), cwd=project, env=env,
                             capture_output=True, text=True, timeout=120, check=False)
    served = subprocess.run(invoke_command("serve"), cwd=project, env=env,
                            capture_output=True, text=True, timeout=60, check=False)

    assert listed.returncode == 0, listed.stderr
    assert "publish" in listed.stdout
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert served.returncode == 2
    assert "CONFNOTES_PORT=abc is not a port" in served.stderr
    assert not (project / "output").exists()
