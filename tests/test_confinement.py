"""Untrusted content (issue 15): nothing written or copied outside the output folder, nothing read
from outside the content folder, no clash the guard misses, no name that crashes a writer.

Every build here puts its content in `<tmp>/content` and its output in `<tmp>/output`, so a path
that escapes lands in `<tmp>` where the test looks for it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import feedparser
import pytest
from confnotes.check import run_check
from confnotes.confine import ConfinedFolder, ConfinementError
from confnotes.engine.live import forget_logged_messages
from confnotes.plugin import ConfnotesBuildError
from confnotes.search.index import index_site, page_file

from tests.conftest import GOOD, SETTINGS_FILE, write_files  # GOOD: beside the bad ones

EVENT = "events/pycon-atlantis-2026.md"
BASE = {EVENT: "Name: PyCon Atlantis 2026\nStart: 2026-04-16\n\nIntro.\n", "pycon/good.md": GOOD}
LONG = "Ann " + "x" * 296  # 300 characters


def note(*headers: str, body: str = "Body.") -> str:
    """A note with the given extra header lines."""
    lines = ["Title: Hostile", "Date: 2026-04-16", *headers]
    return "\n".join(lines) + f"\n\n{body}\n"


def errors_naming(site, path: str) -> list[str]:
    """The build's errors that name `path`; fails when there is none."""
    found = [error for error in site.errors() if path in error]
    assert found, f"no error names {path}: {site.errors()}"
    return found


def everything_under(root: Path) -> set[str]:
    """Every file under `root`, relative, as POSIX paths."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def check_errors(tmp_path: Path, files: dict[str, str], symlink: bool = False) -> list[str]:
    """`check` over a fresh content folder (with `pycon/linked.md` a symbolic link out of it
    when `symlink`): its errors."""
    content = write_files(tmp_path / "check-content", files)
    if symlink:
        (tmp_path / "elsewhere.md").write_text(note(), encoding="utf-8")
        (content / "pycon" / "linked.md").symlink_to(tmp_path / "elsewhere.md")
    forget_logged_messages()
    return run_check(SETTINGS_FILE, {"PATH": str(content),
                                     "OUTPUT_PATH": str(tmp_path / "check-output")}).errors


# -- writing outside the output folder -----------------------------------------------------------

def test_a_slug_climbing_out_is_refused_and_the_rest_builds(make_site, tmp_path):
    site = make_site({**BASE, "pycon/evil.md": note("Event: pycon-atlantis-2026",
                                                   "Slug: ../../output-evil")},
                     expect_errors=True)
    assert "pycon/evil.md:4" in errors_naming(site, "pycon/evil.md")[0]
    assert not (tmp_path / "output-evil").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache-output", "content", "output"]
    assert site.exists("pycon-atlantis-2026/good/")
    assert "Hostile" not in site.page("archives/").get_text()


@pytest.mark.parametrize("link", ["{static}/../tasks.py", "{attach}/../README.md",
                                  "{static}../../tasks.py"])
def test_static_links_out_of_the_content_folder_copy_nothing(make_site, tmp_path, link):
    (tmp_path / "tasks.py").write_text("SECRET = 1\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# secret readme\n", encoding="utf-8")
    site = make_site({**BASE, "pycon/linker.md": note(
        "Event: pycon-atlantis-2026", body=f"See [this]({link}).")}, expect_errors=True)
    message = errors_naming(site, "pycon/linker.md")[0]
    assert "outside the content folder" in message
    copied = everything_under(site.output)
    assert not {name for name in copied if name.endswith(("tasks.py", "README.md"))}
    assert site.exists("pycon-atlantis-2026/linker/")  # the note itself is published
    assert (tmp_path / "tasks.py").read_text(encoding="utf-8") == "SECRET = 1\n"


def test_a_symlinked_note_pointing_out_is_left_out(make_site, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(note("Event: pycon-atlantis-2026"), encoding="utf-8")
    link = tmp_path / "content" / "pycon" / "linked.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    site = make_site(BASE, expect_errors=True)
    message = errors_naming(site, "pycon/linked.md")[0]
    assert "symbolic link" in message and str(outside) in message
    assert not site.exists("pycon-atlantis-2026/linked/")
    assert site.exists("pycon-atlantis-2026/good/")


def test_a_setting_allows_symlinks_out(make_site, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(note("Event: pycon-atlantis-2026"), encoding="utf-8")
    (tmp_path / "content" / "pycon").mkdir(parents=True)
    (tmp_path / "content" / "pycon" / "linked.md").symlink_to(outside)
    (tmp_path / "logo.txt").write_text("a logo\n", encoding="utf-8")
    (tmp_path / "content" / "images").mkdir()
    (tmp_path / "content" / "images" / "logo.txt").symlink_to(tmp_path / "logo.txt")
    site = make_site(BASE, CONFNOTES={"FOLLOW_OUTSIDE_LINKS": True})
    assert site.exists("pycon-atlantis-2026/linked/")
    assert (site.output / "images" / "logo.txt").read_text(encoding="utf-8") == "a logo\n"


def test_a_symlinked_static_file_pointing_out_is_not_published(make_site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n", encoding="utf-8")
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    (images / "secret.txt").symlink_to(secret)
    (images / "logo.txt").write_text("a logo\n", encoding="utf-8")
    site = make_site(BASE, expect_errors=True)
    assert "outside the content folder" in errors_naming(site, "images/secret.txt")[0]
    assert not (site.output / "images" / "secret.txt").exists()
    assert (site.output / "images" / "logo.txt").read_text(encoding="utf-8") == "a logo\n"


def test_a_build_does_not_write_through_a_symbolic_link_in_its_output(make_site, tmp_path):
    output = tmp_path / "output"
    (tmp_path / "victim").mkdir()
    (output / "pycon-atlantis-2026").mkdir(parents=True)
    (output / "pycon-atlantis-2026" / "good").symlink_to(tmp_path / "victim")
    with pytest.raises(ConfinementError, match="pycon-atlantis-2026/good"):
        make_site(BASE, DELETE_OUTPUT_DIRECTORY=False)
    assert not any((tmp_path / "victim").iterdir())


def test_a_symbolic_link_in_the_output_folder_is_not_written_through(tmp_path):
    output = tmp_path / "output"
    (tmp_path / "victim").mkdir()
    output.mkdir()
    (output / "notes").symlink_to(tmp_path / "victim")
    folder = ConfinedFolder(str(output))
    with pytest.raises(ConfinementError, match="symbolic link"):
        folder.check("notes/x/index.html")
    with pytest.raises(ConfinementError, match="is outside"):
        folder.check("a/../../output-evil/index.html")
    assert folder.check("a/b/index.html") == str(output / "a/b/index.html")


# -- names too long --------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "line"), [
    (f"Speakers: Bo, {LONG}", 4), (f"Slug: {'s' * 300}", 4), (f"Tags: ok, {'t' * 300}", 4),
    (f"Packages: {'p' * 300}", 4),
])
def test_names_too_long_for_a_folder_are_refused_with_file_and_line(make_site, header, line):
    site = make_site({**BASE, "pycon/long.md": note("Event: pycon-atlantis-2026", header)},
                     expect_errors=True)
    message = errors_naming(site, "pycon/long.md")[0]
    assert f"pycon/long.md:{line}" in message and "at most 120" in message
    assert not site.exists("pycon-atlantis-2026/long/")
    assert site.exists("pycon-atlantis-2026/good/")


def test_a_name_whose_slug_grows_too_long_is_refused(make_site):
    site = make_site({**BASE, "pycon/cjk.md": note("Speakers: " + "\u5317\u4eac" * 60)},
                     expect_errors=True)
    message = errors_naming(site, "pycon/cjk.md")[0]
    assert "pycon/cjk.md:3" in message and "at most 200" in message
    assert site.exists("pycon-atlantis-2026/good/")


def test_a_long_speaker_in_a_talk_heading_is_refused_with_its_line(make_site):
    body = f"Intro.\n\n## A fine talk - Bo\n\nText.\n\n## Another - {LONG}\n\nText."
    site = make_site({**BASE, "pycon/lt.md": note("Event: pycon-atlantis-2026", "Kind: lightning",
                                                 body=body)}, expect_errors=True)
    assert "pycon/lt.md:12" in errors_naming(site, "pycon/lt.md")[0]
    assert site.exists("pycon-atlantis-2026/good/")


def test_a_long_profile_name_is_refused(make_site):
    site = make_site({**BASE, "speakers/ann-lee.md": f"Name: {LONG}\n\nBio.\n"},
                     expect_errors=True)
    assert "speakers/ann-lee.md:1" in errors_naming(site, "speakers/ann-lee.md")[0]
    assert site.exists("speakers/ann-lee/")  # named in a note: still has its page


# -- clashes the guard catches ---------------------------------------------------------------------

@pytest.mark.parametrize(("files", "words"), [
    ({"pycon/export.md": note("Event: api", "Slug: talks.json")},
     ["pycon/export.md", "api/talks.json", "needs a folder"]),
    ({"pycon/css.md": note("Save_as: theme/css/site.css")},
     ["pycon/css.md", "theme/css/site.css", "the theme's static files"]),
    ({"pycon/indexed.md": note("Event: pagefind")},
     ["pycon/indexed.md", "pagefind/indexed/index.html", "the search index"]),
    ({"pycon/shout.md": note("Event: pycon-atlantis-2026", "Slug: Good")},
     ["pycon/shout.md", "pycon/good.md", "differ only in case"]),
])
def test_clashes_stop_the_build_before_anything_is_written(make_site, tmp_path, files, words):
    with pytest.raises(ConfnotesBuildError) as raised:
        make_site({**BASE, **files})
    for word in words:
        assert word in str(raised.value)
    output = tmp_path / "output"
    assert not output.exists() or not everything_under(output)


def test_check_reports_each_fault_naming_its_file(tmp_path):
    (tmp_path / "tasks.py").write_text("SECRET = 1\n", encoding="utf-8")
    errors = check_errors(tmp_path, {
        **BASE,
        "pycon/evil.md": note("Event: pycon-atlantis-2026", "Slug: ../../output-evil"),
        "pycon/long.md": note(f"Speakers: {LONG}"),
        "pycon/linker.md": note(body="[x]({static}/../tasks.py)"),
        "pycon/export.md": note("Event: api", "Slug: talks.json"),
        "pycon/ffff.md": note("Speakers: Ann \uffff Lee"),
        "pycon/deep.md": note(body="\n".join("    " * n + "- item" for n in range(2000))),
        "pycon/css.md": note("Save_as: theme/css/site.css"),
        "pycon/indexed.md": note("Event: pagefind"),
        "pycon/shout.md": note("Event: pycon-atlantis-2026", "Slug: Good"),
    }, symlink=True)
    for path in ("pycon/evil.md:4", "pycon/long.md:3", "pycon/linker.md", "pycon/export.md",
                 "pycon/ffff.md:3", "pycon/deep.md:54", "pycon/css.md", "pycon/indexed.md",
                 "pycon/shout.md", "pycon/linked.md:1"):
        assert any(path in error for error in errors), (path, errors)


def test_strict_builds_fail_on_a_refused_static_link(make_site, tmp_path):
    (tmp_path / "tasks.py").write_text("SECRET = 1\n", encoding="utf-8")
    with pytest.raises(ConfnotesBuildError, match=r"tasks\.py"):
        make_site({**BASE, "pycon/linker.md": note(body="[x]({static}/../tasks.py)")},
                  expect_errors=True, CONFNOTES={"STRICT": True})


# -- text that blew builds up ----------------------------------------------------------------------

def test_a_list_nested_two_thousand_deep_is_refused_with_its_line(make_site):
    deep = "\n".join("    " * n + "- item" for n in range(2000))
    quotes = "\n".join(">" * n + " q" for n in range(1, 2000))
    site = make_site({**BASE, "pycon/deep.md": note(body=deep),
                      "pycon/quotes.md": note(body=quotes)}, expect_errors=True)
    message = errors_naming(site, "pycon/deep.md")[0]
    assert "pycon/deep.md:54" in message and "51 levels deep" in message
    assert "pycon/quotes.md:54" in errors_naming(site, "pycon/quotes.md")[0]
    assert site.exists("pycon-atlantis-2026/good/")


def test_lists_as_deep_as_writers_use_them_still_build(make_site):
    nested = "\n".join("    " * n + "- item" for n in range(10))
    site = make_site({**BASE, "pycon/nested.md": note(body=nested)})
    assert len(site.page("notes/nested/").find_all("ul")) >= 10


def test_characters_xml_forbids_are_refused_with_file_and_line(make_site):
    site = make_site({**BASE, "pycon/ffff.md": note("Speakers: Ann \ufffe Lee"),
                      "pycon/body.md": note(body="Fine.\n\nNot \uffff fine.")},
                     expect_errors=True)
    assert "pycon/ffff.md:3" in errors_naming(site, "pycon/ffff.md")[0]
    assert "U+FFFF" in errors_naming(site, "pycon/body.md:6")[0]
    assert site.exists("pycon-atlantis-2026/good/")
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml", "speakers/ann-lee/atom.xml"):
        assert not feedparser.parse((site.output / feed).read_bytes()).bozo, feed


def test_profile_file_names_become_slugs(make_site):
    site = make_site({**BASE, "speakers/Ann Spacey.md": "Name: Ann Spacey\n\nBio.\n",
                      "pycon/spacey.md": note("Speakers: Ann Spacey")})
    assert site.exists("speakers/ann-spacey/")
    hrefs = [a["href"] for a in site.page("notes/spacey/").find_all("a", href=True)]
    assert any("speakers/ann-spacey/" in href for href in hrefs)
    assert not [href for href in hrefs if " " in href or "%20" in href]


def test_nothing_outside_the_output_folder_changes(make_site, tmp_path):
    """Every hostile note at once: the only folders a build touches are its own."""
    # A note without an event is written under notes/: `../../output-evil` would land in
    # tmp_path itself, where the listing below looks.
    (tmp_path / "tasks.py").write_text("SECRET = 1\n", encoding="utf-8")
    site = make_site({**BASE, "pycon/evil.md": note("Slug: ../../output-evil"),
                      "pycon/long.md": note(f"Speakers: {LONG}"),
                      "pycon/linker.md": note(body="[x]({attach}/../tasks.py)")},
                     expect_errors=True)
    assert "pycon/evil.md:3" in errors_naming(site, "pycon/evil.md")[0]
    assert errors_naming(site, "pycon/long.md") and errors_naming(site, "pycon/linker.md")
    assert site.exists("pycon-atlantis-2026/good/")
    assert sorted(os.listdir(tmp_path)) == ["cache-output", "content", "output", "tasks.py"]
    assert (tmp_path / "tasks.py").read_text(encoding="utf-8") == "SECRET = 1\n"
    assert not (tmp_path.parent / "output-evil").exists()


def test_feeds_of_a_note_dated_before_1900_parse(make_site):
    old = note("Event: pycon-atlantis-2026", "Speakers: Ada Lovelace", "Date: 1850-06-01 12:00")
    site = make_site({**BASE, "pycon/old.md": old.replace("Date: 2026-04-16\n", "")})
    atom = (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "<published>1850-06-01T11:10:04Z</published>" in atom  # 12:00 Rome mean time
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml", "speakers/ada-lovelace/atom.xml"):
        parsed = feedparser.parse((site.output / name).read_bytes())
        assert not parsed.bozo, (name, parsed.bozo_exception)
        dated = [e for e in parsed.entries if e.get("published_parsed")
                 and e.published_parsed.tm_year == 1850]
        assert dated, name


# -- the search index ------------------------------------------------------------------------------

def test_two_clean_builds_give_the_same_search_index(make_site, tmp_path):
    people = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Egan", "Ed Fox", "Flo Gray", "Gus Hill"]
    notes = {f"pycon/note-{n}.md": note(
        "Event: pycon-atlantis-2026", f"Speakers: {people[n]}, {people[(n + 3) % 7]}",
        f"Packages: pkg-{n}, pkg-{(n + 2) % 7}", f"Kind: {('talk', 'keynote', 'panel')[n % 3]}",
        body=f"Words about search number {n}.") for n in range(7)}
    site = make_site({**BASE, **notes})
    bundles = []
    for run in (1, 2, 3):
        copy = tmp_path / f"copy-{run}"
        shutil.copytree(site.output, copy)
        index_site(copy)
        bundles.append({name: (copy / "pagefind" / name).read_bytes()
                        for name in everything_under(copy / "pagefind")})
    assert any(name.endswith(".pf_filter") for name in bundles[0])
    assert bundles[0] == bundles[1] == bundles[2]


def test_the_search_index_reads_only_pages_of_the_output_folder(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (tmp_path / "secret.html").write_text("<p>secret</p>", encoding="utf-8")
    root = "https://example.org"
    assert page_file(output, root, f"{root}/a/b/#x") == output / "a" / "b" / "index.html"
    with pytest.raises(ConfinementError, match="outside the output folder"):
        page_file(output, root, f"{root}/../secret.html")
    (output / "linked.html").symlink_to(tmp_path / "secret.html")
    with pytest.raises(ConfinementError):
        page_file(output, root, f"{root}/linked.html")


# -- symbolic links left in the output folder ------------------------------------------------------

def victim_folder(tmp_path: Path) -> Path:
    """A folder outside the output folder, with one file that must survive every build."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me\n", encoding="utf-8")
    return victim


def test_the_search_index_refuses_a_bundle_linked_out_of_the_output_folder(make_site, tmp_path):
    site = make_site(BASE)
    victim = victim_folder(tmp_path)
    shutil.rmtree(site.output / "pagefind", ignore_errors=True)
    (site.output / "pagefind").symlink_to(victim)
    with pytest.raises(ConfinementError) as raised:
        index_site(site.output)
    message = str(raised.value)
    assert str(site.output / "pagefind") in message and str(victim) in message
    assert "remove that link" in message
    assert everything_under(victim) == {"precious.txt"}
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "keep me\n"


def test_links_inside_the_search_bundle_are_removed_not_followed(make_site, tmp_path):
    site = make_site(BASE)
    victim = victim_folder(tmp_path)
    index_site(site.output)
    bundle = site.output / "pagefind"
    (bundle / "stray").symlink_to(victim)  # a stray: deleted, as a link
    shutil.rmtree(bundle / "fragment")
    (bundle / "fragment").symlink_to(victim)  # part 1's own entry: replaced, as a link
    (bundle / "confnotes-input.digest").write_text("stale\n", encoding="utf-8")  # rebuild
    index_site(site.output)
    assert everything_under(victim) == {"precious.txt"}
    assert not (bundle / "stray").is_symlink() and not (bundle / "stray").exists()
    assert (bundle / "fragment").is_dir() and not (bundle / "fragment").is_symlink()
    assert any((bundle / "fragment").iterdir())


def test_static_files_are_not_copied_through_a_link_in_the_output_folder(make_site, tmp_path):
    victim = victim_folder(tmp_path)
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "logo.txt").write_text("a logo\n", encoding="utf-8")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "images").symlink_to(victim)
    site = make_site(BASE, expect_errors=True, DELETE_OUTPUT_DIRECTORY=False)
    message = errors_naming(site, "images/logo.txt")[0]
    assert "symbolic link" in message and str(victim) in message
    assert "Remove that link" in message
    assert everything_under(victim) == {"precious.txt"}
    assert site.exists("pycon-atlantis-2026/good/")  # the rest of the site is built


def test_a_strict_build_fails_on_a_static_file_refused_by_the_output_folder(make_site, tmp_path):
    victim = victim_folder(tmp_path)
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "logo.txt").write_text("a logo\n", encoding="utf-8")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "images").symlink_to(victim)
    with pytest.raises(ConfnotesBuildError, match=r"images/logo\.txt"):
        make_site(BASE, expect_errors=True, DELETE_OUTPUT_DIRECTORY=False,
                  CONFNOTES={"STRICT": True})
    assert everything_under(victim) == {"precious.txt"}


@pytest.mark.parametrize("linked", ["theme", "theme/css"])
def test_the_theme_is_not_copied_through_a_link_in_the_output_folder(make_site, tmp_path, linked):
    victim = victim_folder(tmp_path)
    link = tmp_path / "output" / linked
    link.parent.mkdir(parents=True)
    link.symlink_to(victim)
    with pytest.raises(ConfnotesBuildError) as raised:
        make_site(BASE, expect_errors=True, DELETE_OUTPUT_DIRECTORY=False)
    message = str(raised.value)
    assert "theme's static files" in message and str(link) in message
    assert str(victim) in message and "Remove that link" in message
    assert everything_under(victim) == {"precious.txt"}


def test_a_link_to_a_folder_inside_the_output_folder_still_builds(make_site, tmp_path):
    output = tmp_path / "output"
    (output / "real-images").mkdir(parents=True)
    (output / "images").symlink_to(output / "real-images")
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "logo.txt").write_text("a logo\n", encoding="utf-8")
    site = make_site(BASE, DELETE_OUTPUT_DIRECTORY=False)
    assert (output / "real-images" / "logo.txt").read_text(encoding="utf-8") == "a logo\n"
    assert site.exists("pycon-atlantis-2026/good/")
