"""One note naming many speakers: output grows with the speakers, not with their square."""

import re

from confnotes.check import run_check

from tests.conftest import SETTINGS_FILE, write_files

MANY = 300


def panel(count: int) -> str:
    """A panel note naming `count` speakers on its Speakers line (line 3)."""
    names = ", ".join(f"Panelist Number{i:04d}" for i in range(count))
    return f"Title: Everyone on stage\nDate: 2026-04-16\nSpeakers: {names}\nKind: panel\n\nHi.\n"


def output_bytes(site) -> int:
    return sum(path.stat().st_size for path in site.output.rglob("*") if path.is_file())


def test_a_note_with_hundreds_of_speakers_builds_linearly_and_is_warned_about(make_site):
    site = make_site({"conf/panel.md": panel(MANY)})
    assert all(site.exists(f"speakers/panelist-number{i:04d}/") for i in (0, MANY - 1))
    # Listing every co-speaker on every speaker page (and in each speaker's feeds and JSON-LD)
    # took about 0.76 kB per speaker per page: 300 x 300 x 0.76 kB = 68 MB here.
    assert output_bytes(site) < 40_000 * MANY
    warnings = [m for m in site.messages() if "conf/panel.md:3:" in m]
    assert warnings, site.messages()
    assert f"{MANY} speakers" in warnings[0] and "MAX_SPEAKERS_PER_TALK" in warnings[0]


def test_speaker_pages_show_the_first_few_and_say_how_many_more(make_site):
    site = make_site({"conf/panel.md": panel(MANY)})
    page = site.page("speakers/panelist-number0001/")
    co_speakers = page.find(id="co-speakers").find_parent("section")
    assert len(co_speakers.select("li a")) == 20
    assert co_speakers.select_one("li.more").get_text() == f"and {MANY - 1 - 20} more"
    card = page.select_one(".card-speakers")
    assert len(card.select("a")) == 10
    assert card.get_text().endswith(f"and {MANY - 10} more")
    # The note's own page still names everyone.
    note = site.page("notes/panel/")
    assert len(note.select('[data-pagefind-meta="speakers"] a')) == MANY


def test_feeds_of_a_speaker_name_the_first_few(make_site):
    site = make_site({"conf/panel.md": panel(MANY)})
    atom = (site.output / "speakers/panelist-number0001/atom.xml").read_text(encoding="utf-8")
    assert atom.count("<contributor>") == 10
    assert f"{MANY - 10} more" in atom


def test_a_handful_of_speakers_is_shown_in_full(make_site):
    site = make_site({"conf/trio.md": panel(3)})
    card = site.page("speakers/panelist-number0000/").select_one(".card-speakers")
    assert card.get_text() == "Panelist Number0000, Panelist Number0001 and Panelist Number0002"
    assert not site.page("speakers/panelist-number0000/").select("li.more")
    assert not [m for m in site.messages() if "MAX_SPEAKERS_PER_TALK" in m]


def test_the_maximum_is_a_setting(make_site):
    site = make_site({"conf/panel.md": panel(60)}, CONFNOTES={"MAX_SPEAKERS_PER_TALK": 100})
    assert not [m for m in site.messages() if "MAX_SPEAKERS_PER_TALK" in m]


def test_check_reports_a_talk_section_with_too_many_speakers(tmp_path):
    names = ", ".join(f"Panelist Number{i:04d}" for i in range(60))
    content = write_files(tmp_path / "content", {"conf/day.md": (
        "Title: Lightning talks\nDate: 2026-04-16\nKind: lightning\n\n"
        f"## Short one - Ann Lee\n\nHi.\n\n## Crowded - {names}\n\nHi.\n")})
    report = run_check(SETTINGS_FILE, {"PATH": str(content)})
    found = [m for m in report.warnings if re.match(r"conf/day\.md:9: this talk has 60 ", m)]
    assert found, report.render()


def test_a_talk_heading_with_hundreds_of_speakers_builds_linearly(make_site):
    names = ", ".join(f"Panelist Number{i:04d}" for i in range(MANY))
    site = make_site({"conf/day.md": (
        "Title: Lightning talks\nDate: 2026-04-16\nKind: lightning\n\n"
        f"## Short one - Ann Lee\n\nHi.\n\n## Crowded - {names}\n\nHi.\n")})
    # The section, byline included, is repeated in each of its speakers' two feeds.
    assert output_bytes(site) < 40_000 * MANY
    note = site.page("notes/day/")
    assert note.select(".talk-byline")[1].get_text().endswith(f"and {MANY - 10} more")
    assert len(note.select(".toc li")[1].select("a[href*=speakers]")) == MANY


def test_speakers_of_one_talk_are_never_probable_duplicates(make_site):
    site = make_site({
        "conf/duo.md": "Title: Duo\nDate: 2026-04-16\nSpeakers: Ann Lee, A. Lee\n\nHi.\n",
        "conf/solo.md": "Title: Solo\nDate: 2026-04-17\nSpeakers: Bob Ray\n\nHi.\n",
        "conf/again.md": "Title: Again\nDate: 2026-04-18\nSpeakers: B. Ray\n\nHi.\n",
    })
    duplicates = [m for m in site.messages() if "probably the same speaker" in m]
    assert any("Bob Ray" in m and "B. Ray" in m for m in duplicates), site.messages()
    assert not any("Ann Lee" in m for m in duplicates)
