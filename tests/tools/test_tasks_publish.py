"""`invoke publish`, run as a blogger runs it, in a copy of the project.

rsync goes to a local folder and --gh-pages to a local bare git repository; every refusal is
checked to happen before anything is built or sent.
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from tasks_project import copy_project, files_under, git, run_invoke

SITEURL = "https://notes.example.com"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with the sample content."""
    return copy_project(tmp_path / "confnotes")


@pytest.fixture
def repository(project: Path) -> Path:
    """The project copy as a git clone with everything committed, and no remote yet."""
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "My notes")
    return project


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """An empty bare repository standing for the GitHub repository."""
    folder = tmp_path / "github" / "confnotes.git"
    folder.mkdir(parents=True)
    git(folder, "init", "--quiet", "--bare")
    return folder


def _published_file(bare: Path, path: str) -> str:
    """A file of the gh-pages branch of the bare repository."""
    return git(bare, "show", f"gh-pages:{path}")


def test_rsync_to_a_local_folder_publishes_the_site_for_its_address(project: Path,
                                                                     tmp_path: Path) -> None:
    target = tmp_path / "www" / "confnotes"
    target.parent.mkdir()

    done = run_invoke(project, "publish", "--target", str(target), CONFNOTES_SITEURL=SITEURL)

    assert done.returncode == 0, done.stderr
    assert f"Publishing to {target} with rsync" in done.stdout
    home = (target / "index.html").read_text(encoding="utf-8")
    assert f'href="{SITEURL}/theme/css/site.css"' in home
    assert (target / "djangocon-us-2025" / "django-for-ai" / "index.html").is_file()
    assert (target / "pagefind").is_dir(), "the search index is published too"
    feed = feedparser.parse((target / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries
    assert all(entry.link.startswith(f"{SITEURL}/") for entry in feed.entries)


def test_a_deleted_note_disappears_from_the_rsync_target(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    run_invoke(project, "publish", "--target", str(target), CONFNOTES_SITEURL=SITEURL)
    published = target / "djangocon-europe-2026" / "lightning-talks-day-2" / "index.html"
    assert published.is_file()

    (project / "content" / "djangocon-europe-2026" / "lightning-talks-day-2.md").unlink()
    done = run_invoke(project, "publish", "--target", str(target), CONFNOTES_SITEURL=SITEURL)

    assert done.returncode == 0, done.stderr
    assert not published.parent.exists()
    assert (target / "djangocon-us-2025" / "carson-gross-keynote" / "index.html").is_file()


def test_deleting_a_note_that_others_link_to_stops_publishing(project: Path,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "site"
    run_invoke(project, "publish", "--target", str(target), CONFNOTES_SITEURL=SITEURL)
    page = target / "djangocon-us-2025" / "django-for-ai" / "index.html"
    before = page.read_bytes()

    (project / "content" / "djangocon-us-2025" / "django-for-ai.md").unlink()
    done = run_invoke(project, "publish", "--target", str(target), CONFNOTES_SITEURL=SITEURL)

    assert done.returncode != 0
    # The recap links to the deleted note: the message names it, and nothing was sent.
    assert "djangocon-us-2025/django-chat-recap.md" in done.stdout + done.stderr
    assert page.read_bytes() == before


def test_the_rsync_target_can_come_from_the_environment(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"

    done = run_invoke(project, "publish", CONFNOTES_SITEURL=SITEURL,
                      CONFNOTES_RSYNC_TARGET=f"{target}/")

    assert done.returncode == 0, done.stderr
    assert (target / "index.html").is_file()


def test_gh_pages_pushes_the_site_to_the_origin_remote(repository: Path, bare: Path) -> None:
    git(repository, "remote", "add", "origin", str(bare))

    done = run_invoke(repository, "publish", "--gh-pages",
                      CONFNOTES_SITEURL="https://blogger.github.io/confnotes")

    assert done.returncode == 0, done.stderr
    assert "Publishing to the gh-pages branch of origin" in done.stdout
    home = _published_file(bare, "index.html")
    assert 'href="https://blogger.github.io/confnotes/theme/css/site.css"' in home
    assert _published_file(bare, ".nojekyll") == "", "GitHub Pages must not run Jekyll"
    assert "django-for-ai" in git(bare, "ls-tree", "--name-only", "gh-pages:djangocon-us-2025")
    assert git(bare, "branch", "--list", "main") == "", "only gh-pages is pushed"


def test_gh_pages_with_a_remote_given_as_a_path(repository: Path, bare: Path) -> None:
    done = run_invoke(repository, "publish", "--gh-pages", "--remote", str(bare),
                      CONFNOTES_SITEURL=SITEURL)

    assert done.returncode == 0, done.stderr
    assert f'href="{SITEURL}/theme/css/site.css"' in _published_file(bare, "index.html")


def test_the_placeholder_siteurl_is_refused_before_building(project: Path,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "site"

    done = run_invoke(project, "publish", "--target", str(target))

    assert done.returncode != 0
    assert "https://confnotes.example.org" in done.stderr
    assert "CONFNOTES_SITEURL" in done.stderr
    assert "--allow-placeholder-siteurl" in done.stderr
    assert not (project / "output").exists(), "nothing may be built"
    assert not target.exists(), "nothing may be sent"


def test_the_placeholder_siteurl_is_refused_for_gh_pages_too(repository: Path,
                                                             bare: Path) -> None:
    git(repository, "remote", "add", "origin", str(bare))

    done = run_invoke(repository, "publish", "--gh-pages")

    assert done.returncode != 0
    assert "CONFNOTES_SITEURL" in done.stderr
    assert not (repository / "output").exists()
    assert git(bare, "branch", "--list") == "", "nothing may be pushed"


def test_the_placeholder_can_be_allowed(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"

    done = run_invoke(project, "publish", "--target", str(target),
                      "--allow-placeholder-siteurl")

    assert done.returncode == 0, done.stderr
    assert 'href="https://confnotes.example.org/theme/css/site.css"' in (
        target / "index.html").read_text(encoding="utf-8")


def test_a_missing_rsync_target_is_explained_before_building(project: Path) -> None:
    done = run_invoke(project, "publish", CONFNOTES_SITEURL=SITEURL)

    assert done.returncode != 0
    for hint in ("CONFNOTES_RSYNC_TARGET", "--target", "--gh-pages"):
        assert hint in done.stderr
    assert not (project / "output").exists()


def test_a_missing_rsync_binary_is_explained_before_building(project: Path,
                                                             tmp_path: Path) -> None:
    no_tools = tmp_path / "empty-bin"
    no_tools.mkdir()

    done = run_invoke(project, "publish", "--target", str(tmp_path / "site"),
                      CONFNOTES_SITEURL=SITEURL, PATH=str(no_tools))

    assert done.returncode != 0
    assert "rsync is not installed" in done.stderr
    assert "apt-get install rsync" in done.stderr
    assert not (project / "output").exists()


def test_a_local_target_whose_parent_is_missing_is_refused(project: Path,
                                                           tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "site"

    done = run_invoke(project, "publish", "--target", str(target), CONFNOTES_SITEURL=SITEURL)

    assert done.returncode != 0
    assert str(target.parent) in done.stderr
    assert not (project / "output").exists()


@pytest.mark.parametrize(("target", "problem"), [
    (".", "is the project folder"),
    ("content", "is the content folder"),
    ("~", "is your home folder"),
])
def test_a_target_rsync_would_empty_the_project_or_home_into_is_refused(
        repository: Path, tmp_path: Path, target: str, problem: str) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.md").write_text("Years of work", encoding="utf-8")
    before = files_under(repository)

    done = run_invoke(repository, "publish", "--target", target, CONFNOTES_SITEURL=SITEURL,
                      HOME=str(home))

    assert done.returncode == 2
    assert f"The rsync target {target} (" in done.stderr
    assert problem in done.stderr
    assert "give the site a folder of its own outside the project" in done.stderr
    assert files_under(repository) == before, "content/ and .git must be left as they were"
    assert git(repository, "status", "--porcelain") == ""
    assert (home / "Documents" / "thesis.md").read_text(encoding="utf-8") == "Years of work"
    assert not (repository / "output").exists(), "nothing may be built"


def test_gh_pages_outside_a_git_repository_is_explained(project: Path) -> None:
    done = run_invoke(project, "publish", "--gh-pages", CONFNOTES_SITEURL=SITEURL)

    assert done.returncode != 0
    assert "not a git repository" in done.stderr
    assert not (project / "output").exists()


def test_gh_pages_without_a_remote_says_how_to_add_one(repository: Path) -> None:
    done = run_invoke(repository, "publish", "--gh-pages", CONFNOTES_SITEURL=SITEURL)

    assert done.returncode != 0
    assert "no remote 'origin'" in done.stderr
    assert "git remote add origin" in done.stderr
    assert "--remote" in done.stderr
    assert not (repository / "output").exists()


def test_gh_pages_to_an_unreachable_remote_is_refused_before_building(
        repository: Path, tmp_path: Path) -> None:
    git(repository, "remote", "add", "origin", str(tmp_path / "gone.git"))

    done = run_invoke(repository, "publish", "--gh-pages", CONFNOTES_SITEURL=SITEURL)

    assert done.returncode != 0
    assert "'origin' cannot be reached" in done.stderr
    assert not (repository / "output").exists()


@pytest.mark.parametrize(("flags", "message"), [
    (("--gh-pages", "--target", "/tmp/site"), "choose one"),
    (("--remote", "origin"), "--remote is for --gh-pages"),
])
def test_flags_for_the_other_kind_of_target_are_refused(project: Path, flags: tuple[str, ...],
                                                        message: str) -> None:
    done = run_invoke(project, "publish", *flags, CONFNOTES_SITEURL=SITEURL)

    assert done.returncode != 0
    assert message in done.stderr
    assert not (project / "output").exists()
