"""Broken links: `check` and strict builds fail on them, naming file and line with a
suggestion; a development build warns once per link and still writes the site."""

import os
import shutil
import subprocess
import sys

import pytest
from confnotes.check import run_check
from confnotes.plugin import ConfnotesBuildError
from confnotes.site.links import line_of

from tests.conftest import ROOT, SETTINGS_FILE, write_files

EVENT = "events/pycon-atlantis-2026.md"
GOOD_LINKS = """\
    Title: Good links
    Date: 2026-05-01
    Event: pycon-atlantis-2026

    ## Getting started

    A [note]({filename}lightning.md), its [second talk]({filename}lightning.md#tests-that-last),
    the [same](../lightning/#tests-that-last), [site-absolute](/pycon-atlantis-2026/lightning/),
    [with the site URL](http://127.0.0.1:8000/pycon-atlantis-2026/lightning/),
    [this heading](#getting-started), [the speakers](/speakers/), [a feed](/feeds/all.atom.xml),
    [the stylesheet](/theme/css/site.css), [elsewhere](https://example.org/nowhere/),
    [the index](/pagefind/confnotes-parts.json),
    [mail](mailto:ann@example.org), a footnote[^1] and ![a photo]({static}/images/photo.png).

    [^1]: The footnote.
    """
LIGHTNING = """\
    Title: Lightning talks
    Date: 2026-05-02
    Event: pycon-atlantis-2026
    Kind: lightning

    ## Fast tests - Ann Lee

    Text.

    ## Tests that last - Bo Chen

    Text.
    """
BROKEN_LINKS = """\
    Title: Broken links
    Date: 2026-05-03
    Event: pycon-atlantis-2026

    ## Setup steps

    First [a missing file]({filename}lightnig.md).

    Then [a missing talk](../lightning/#tests-that-lats) and [this one](#setup-step).

    A [missing page](/pycon-atlantis-2026/lightnin/), ![an image]({static}/images/foto.png).

    [Another note's missing anchor]({filename}/pycon/lightning.md#fast-test).
    """
FILES = {
    EVENT: "Name: PyCon Atlantis 2026\nStart: 2026-05-01\nEnd: 2026-05-03\nCity: Atlantis\n\nI.\n",
    "speakers/ann-lee.md": "Name: Ann Lee\n\nBio.\n",
    "speakers/bo-chen.md": "Name: Bo Chen\n\nBio.\n",
    "images/photo.png": "not really a png",
    "pycon/good.md": GOOD_LINKS,
    "pycon/lightning.md": LIGHTNING,
    "pycon/broken.md": BROKEN_LINKS,
}
EXPECTED = [  # words that must all appear in exactly one message
    ["pycon/broken.md:7:", "'{filename}lightnig.md'", "pycon/lightnig.md",
     "Did you mean '{filename}lightning.md'?"],
    ["pycon/broken.md:9:", "'../lightning/#tests-that-lats'", "pycon/lightning.md",
     "Did you mean '#tests-that-last'?"],
    ["pycon/broken.md:9:", "'#setup-step'", "this note", "Did you mean '#setup-steps'?"],
    ["pycon/broken.md:11:", "/pycon-atlantis-2026/lightnin/", "a page the site does not have",
     "Did you mean '/pycon-atlantis-2026/lightning/'?"],
    ["pycon/broken.md:11:", "'{static}/images/foto.png'",
     "Did you mean '{static}/images/photo.png'?"],
    ["pycon/broken.md:13:", "#fast-test", "pycon/lightning.md", "Did you mean '#fast-tests'?"],
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    content = write_files(tmp_path_factory.mktemp("links") / "content", FILES)
    return run_check(SETTINGS_FILE, {"PATH": str(content)})


@pytest.mark.parametrize("words", EXPECTED, ids=[words[1] for words in EXPECTED])
def test_check_reports_each_broken_link_once_with_line_and_suggestion(report, words):
    matching = [m for m in report.errors if all(w in m for w in words)]
    assert len(matching) == 1, (words, report.render())


def test_check_reports_nothing_about_working_links(report):
    assert len(report.errors) == len(EXPECTED), report.render()
    assert report.warnings == [], report.render()
    assert not report.ok


def test_a_development_build_warns_once_per_link_and_still_writes_the_site(make_site):
    site = make_site(FILES)
    warnings = site.messages()
    for words in EXPECTED:
        assert len([m for m in warnings if all(w in m for w in words)]) == 1, (words, warnings)
    assert len(warnings) == len(EXPECTED), warnings  # Pelican does not say it again
    page = site.page("pycon-atlantis-2026/broken/")
    hrefs = [a["href"] for a in page.select(".note-body a, article a")]
    assert "lightnig.md" in hrefs and not any("{filename}" in h for h in hrefs), hrefs
    assert site.exists("pycon-atlantis-2026/good/")
    assert site.exists("images/photo.png")


def test_a_strict_build_stops_before_writing_and_lists_every_broken_link(make_site, tmp_path):
    with pytest.raises(ConfnotesBuildError, match=r"6 broken link"):
        make_site(FILES, expect_errors=True, CONFNOTES={"STRICT": True})
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_strict_build_error_names_every_link(make_site, caplog):
    with pytest.raises(ConfnotesBuildError):
        make_site(FILES, expect_errors=True, CONFNOTES={"STRICT": True})
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1, errors
    for words in EXPECTED:
        assert all(w in errors[0] for w in words), (words, errors[0])


def test_invoke_build_strict_fails_on_a_broken_link(tmp_path):
    """`invoke build --strict` is Pelican's `--fatal errors` with development settings."""
    content = write_files(tmp_path / "content", {
        "misc/a.md": "Title: A\nDate: 2026-05-01\n\nSee [b](../b/) and [c]({filename}c.md).\n",
        "misc/b.md": "Title: B\nDate: 2026-05-01\n\nB.\n",
    })
    output = tmp_path / "output"
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", SETTINGS_FILE, str(content), "-o", str(output),
         "--fatal", "errors", "--ignore-cache", "--cache-path", str(tmp_path / "cache")],
        cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "200"})
    logged = result.stdout + result.stderr
    assert result.returncode != 0, logged
    assert "misc/a.md:4" in logged and "'{filename}c.md'" in logged, logged
    assert "'../b/'" not in logged, logged  # ../b/ is notes/b/: it exists
    assert not (output / "notes" / "a" / "index.html").exists()


def test_broken_links_in_drafts_are_warnings(tmp_path):
    content = write_files(tmp_path / "content", {
        "misc/draft.md": "Title: D\nDate: 2026-05-01\nStatus: draft\n\n[x]({filename}nope.md)\n",
        "misc/hidden.md": "Title: H\nDate: 2026-05-01\nStatus: hidden\n\n[x](#nowhere)\n",
    })
    checked = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert checked.ok, checked.render()
    assert any("misc/draft.md:5" in m and "{filename}nope.md" in m for m in checked.warnings)
    assert any("misc/hidden.md:5" in m and "#nowhere" in m for m in checked.warnings)


def test_links_in_pages_are_checked(tmp_path):
    content = write_files(tmp_path / "content", {
        "pages/about.md": "Title: About\n\n[Notes](/notes/hello/), [me](/pages/abot/).\n",
        "misc/hello.md": "Title: Hello\nDate: 2026-05-01\n\nHi.\n",
    })
    checked = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert len(checked.errors) == 1, checked.render()
    assert "pages/about.md:3" in checked.errors[0]
    assert "Did you mean '/pages/about/'?" in checked.errors[0]


def test_a_link_to_a_note_that_could_not_be_read_says_so(tmp_path):
    content = write_files(tmp_path / "content", {
        "misc/a.md": "Title: A\nDate: 2026-05-01\n\nSee [b]({filename}b.md).\n",
        "misc/b.md": "Title: B\nDate: soon\n\nB.\n",
    })
    checked = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert any(m.startswith("misc/b.md:2:") for m in checked.errors), checked.render()
    assert any(m.startswith("misc/a.md:4:") and "could not be read" in m
               for m in checked.errors), checked.render()


def test_a_site_published_under_a_folder_needs_its_folder_in_site_absolute_links(tmp_path):
    content = write_files(tmp_path / "content", {
        "misc/a.md": "Title: A\nDate: 2026-05-01\n\n[good](/notes/notes/b/), [also](../b/),\n"
                     "[full](https://example.org/notes/notes/b/), [bad](/notes/b/).\n",
        "misc/b.md": "Title: B\nDate: 2026-05-01\n\nB.\n",
    })
    checked = run_check(SETTINGS_FILE, {"PATH": str(content),
                                        "SITEURL": "https://example.org/notes"})
    assert len(checked.errors) == 1, checked.render()
    assert "misc/a.md:5:" in checked.errors[0] and "'/notes/b/'" in checked.errors[0]
    assert "Did you mean '/notes/notes/b/'?" in checked.errors[0], checked.errors[0]


@pytest.mark.parametrize(("text", "target", "line"), [
    ("Title: A\n\n[x](/notes/notes/b/)\n[y](/notes/b/)\n", "/notes/b/", 4),
    ("Title: A\n\n[x][r]\n\n[r]: {filename}b.md\n", "{filename}b.md", 5),
    ('Title: A\n\n[x](/b/ "B")\n', "/b/", 3),
    ('Title: A\n\n<a href="/b/">x</a>\n', "/b/", 3),
    ("Title: A\n\n[x](/b/?q=1&amp;r=2)\n", "/b/?q=1&r=2", 3),
    ("Title: A\n\nno such link\n", "/b/", None),
])
def test_the_line_of_a_link_is_where_it_is_written(text, target, line):
    assert line_of(text, target) == line


def test_a_filename_link_to_a_profile_says_how_to_link_to_its_page(tmp_path):
    content = write_files(tmp_path / "content", {
        "speakers/ann-lee.md": "Name: Ann Lee\n\nBio.\n",
        "misc/a.md": "Title: A\nDate: 2026-05-01\n\nBy [Ann]({filename}/speakers/ann-lee.md).\n",
    })
    checked = run_check(SETTINGS_FILE, {"PATH": str(content)})
    assert len(checked.errors) == 1, checked.render()
    assert checked.errors[0].startswith("misc/a.md:4:")
    assert "does not publish" in checked.errors[0] and "{speaker}slug" in checked.errors[0]


def test_invoke_check_fails_on_a_broken_link_and_names_its_line(tmp_path):
    """`invoke check` as a blogger runs it, in a copy of the project with its own content."""
    project = tmp_path / "project"
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, project / name)
    write_files(project / "content", {
        "misc/a.md": "Title: A\nDate: 2026-05-01\n\nSee\n[b]({filename}bb.md).\n",
        "misc/b.md": "Title: B\nDate: 2026-05-01\nPackages: djagno\n\nB.\n",
        "misc/c.md": "Title: C\nDate: 2026-05-01\nPackages: django\n\nC.\n",
    })
    result = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=project,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    printed = result.stdout.splitlines()
    assert printed[0] == ("error: misc/a.md:5: the link '{filename}bb.md' points to 'misc/bb.md',"
                          " which is not a file of the content folder. Did you mean "
                          "'{filename}b.md'? Fix the path: it is relative to this file's "
                          "folder, or to the content folder when it starts with '/'."), printed
    assert len([line for line in printed if "two letters swapped" in line]) == 1, printed
    assert printed[-1] == "1 error(s), 1 warning(s)", printed
    assert result.stderr == ""  # nothing printed twice on the side
