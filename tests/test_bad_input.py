"""What bad input gets: a message naming the file (and line), the rest of the site intact."""

import pytest
from confnotes.plugin import ConfnotesBuildError

from tests.conftest import GOOD


def only_error_mentioning(site, text):
    errors = [e for e in site.errors() if text in e]
    assert errors, f"no error mentions {text!r}: {site.errors()}"
    return errors[0]


def test_malformed_header_line_is_reported_with_file_and_line(make_site):
    site = make_site({
        "pycon/good.md": GOOD,
        "pycon/bad.md": """\
            Title: Broken
            Date 2026-04-16
            Speakers: Ann Lee

            Body.
            """,
    }, expect_errors=True)
    message = only_error_mentioning(site, "bad.md")
    assert "pycon/bad.md:2" in message and "Key: value" in message
    assert site.exists("pycon-atlantis-2026/good/")
    assert not site.exists("notes/broken/")


def test_invalid_date_is_reported_with_file_and_line(make_site):
    site = make_site({"pycon/good.md": GOOD, "pycon/late.md": """\
        Title: Late
        Speakers: Ann Lee
        Date: 2026-13-45

        Body.
        """}, expect_errors=True)
    message = only_error_mentioning(site, "late.md")
    assert "pycon/late.md:3" in message and "YYYY-MM-DD" in message
    assert site.exists("pycon-atlantis-2026/good/")


def test_missing_title_is_reported(make_site):
    site = make_site({"pycon/good.md": GOOD, "pycon/untitled.md": "Date: 2026-01-01\n\nBody.\n"},
                     expect_errors=True)
    assert "Title" in only_error_mentioning(site, "pycon/untitled.md")


def test_unreadable_encoding_is_reported_and_left_out(make_site, tmp_path):
    latin1 = tmp_path / "content" / "pycon" / "latin1.md"
    latin1.parent.mkdir(parents=True)
    latin1.write_bytes("Title: Caf\u00e9\nDate: 2026-01-01\n\nCaf\u00e9\n".encode("latin-1"))
    site = make_site({"pycon/good.md": GOOD}, expect_errors=True)
    message = only_error_mentioning(site, "latin1.md")
    assert "pycon/latin1.md:1" in message and "UTF-8" in message
    assert site.exists("pycon-atlantis-2026/good/")


@pytest.mark.parametrize("line", ["Save_as: ../../etc/passwd", "Save_as: /tmp/evil.html",
                                  "URL: ../outside/"])
def test_notes_cannot_write_outside_the_output_folder(make_site, tmp_path, line):
    site = make_site({"pycon/good.md": GOOD, "pycon/escape.md": f"""\
        Title: Escape
        Date: 2026-01-01
        {line}

        Body.
        """}, expect_errors=True)
    assert "pycon/escape.md:3" in only_error_mentioning(site, "escape.md")
    assert not (tmp_path / "outside").exists()
    assert not (tmp_path / "evil.html").exists()


def test_two_sources_with_one_output_path_fail_before_anything_is_written(make_site, tmp_path):
    with pytest.raises(ConfnotesBuildError) as raised:
        make_site({
            "pycon/good.md": GOOD,
            "elsewhere/good.md": GOOD.replace("A good note", "Another"),
        })
    message = str(raised.value)
    assert "pycon/good.md" in message and "elsewhere/good.md" in message
    assert "pycon-atlantis-2026/good/index.html" in message
    output = tmp_path / "output"
    assert not output.exists() or not any(output.rglob("*.html"))


def test_a_speaker_event_package_and_tag_sharing_a_name_do_not_collide(make_site):
    site = make_site({
        "events/django-girls.md": "Name: Django Girls\nStart: 2026-03-01\n\nA workshop.\n",
        "speakers/django-girls.md": "Name: Django Girls\n\nA collective, speaking together.\n",
        "packages/ann-lee.md": "Name: Ann Lee\n\nA package named like a person.\n",
        "dg/intro.md": """\
            Title: Intro
            Date: 2026-03-01
            Event: Django Girls
            Speakers: Django Girls, Ann Lee
            Packages: Ann Lee
            Tags: Django Girls

            Body.
            """,
    })
    for url in ("events/django-girls/", "speakers/django-girls/", "tags/django-girls/",
                "speakers/ann-lee/", "packages/ann-lee/", "django-girls/intro/"):
        assert site.exists(url), url
    assert site.page("speakers/django-girls/").h1.get_text(strip=True) == "Django Girls"
    assert "A workshop." in site.page("events/django-girls/").main.get_text()


def test_strict_builds_fail_on_a_bad_note(make_site):
    with pytest.raises(ConfnotesBuildError, match=r"pycon/bad\.md"):
        make_site({"pycon/good.md": GOOD, "pycon/bad.md": "Title: Bad\nDate: soon\n\nx\n"},
                  expect_errors=True, CONFNOTES={"STRICT": True})


def test_dates_come_from_the_header_in_the_site_timezone(make_site):
    site = make_site({"pycon/good.md": GOOD.replace("2026-04-16", "2026-04-16 09:30")})
    time = site.page("pycon-atlantis-2026/good/").main.find("time")
    assert time["datetime"].startswith("2026-04-16T09:30:00+02:00")


def test_empty_and_repeated_header_values_are_errors_with_lines(make_site):
    site = make_site({"pycon/good.md": GOOD,
                      "pycon/empty.md": "Title:\nDate: 2026-01-01\n\nBody.\n",
                      "pycon/twice.md": "Title: One\nTitle: Two\nDate: 2026-01-01\n\nBody.\n"},
                     expect_errors=True)
    assert "Title is empty" in only_error_mentioning(site, "pycon/empty.md:1")
    assert "given twice" in only_error_mentioning(site, "pycon/twice.md:2")


def test_notes_sharing_a_file_name_at_two_events_are_not_translations(make_site):
    site = make_site({
        "a/keynote.md": "Title: A\nDate: 2026-01-01\nEvent: Alpha Con\n\nBody.\n",
        "b/keynote.md": "Title: B\nDate: 2026-02-01\nEvent: Beta Con\n\nBody.\n",
    })
    for url in ("alpha-con/keynote/", "beta-con/keynote/"):
        assert not site.page(url).select(".translations"), url


def test_drafts_and_hidden_notes_live_under_their_event(make_site):
    site = make_site({
        "a/talk.md": "Title: A\nDate: 2026-01-01\nEvent: Alpha Con\nStatus: draft\n\nBody.\n",
        "b/talk.md": "Title: B\nDate: 2026-02-01\nEvent: Beta Con\nStatus: draft\n\nBody.\n",
        "c/talk.md": "Title: C\nDate: 2026-02-01\nEvent: Beta Con\n\nPublished.\n",
        "d/secret.md": "Title: D\nDate: 2026-02-02\nEvent: Beta Con\nStatus: hidden\n\nx\n",
    })
    assert site.exists("drafts/alpha-con/talk/") and site.exists("drafts/beta-con/talk/")
    assert site.exists("beta-con/secret/")
    event = site.page("events/beta-con/").main.get_text()
    assert "C" in event and "D" not in event.replace("DjangoCon", "")


def test_summaries_are_text_and_profile_links_resolve(make_site):
    site = make_site({
        "speakers/ann-lee.md": "Name: Ann Lee\n\nWorks on [htmx]({package}htmx).\n",
        "x/n.md": "Title: N\nDate: 2026-01-01\nSpeakers: Ann Lee\nPackages: htmx\n"
                  "Summary: About <b>bold</b> claims\n\nBody.\n",
    })
    bio_links = [a["href"] for a in site.page("speakers/ann-lee/").main.find_all("a")]
    assert "../../packages/htmx/" in bio_links
    note = site.page("notes/n/")
    assert note.find("b", string="bold") is None
