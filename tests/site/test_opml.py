"""feeds/opml.xml lists only the feeds that have entries; empty feeds are still written."""

from __future__ import annotations

from tests.conftest import opml_feeds

ROOT = "http://127.0.0.1:8000/"

FILES = {
    "speakers/ann-lee.md": "Name: Ann Lee\n\nSpoke at PyCon Atlantis.\n",
    "speakers/bo-quiet.md": "Name: Bo Quiet\n\nNo talk noted yet.\n",
    "packages/htmx.md": "Name: htmx\n\nNever mentioned in a note.\n",
    "events/pycon-atlantis-2026.md": "Name: PyCon Atlantis 2026\nStart: 2026-05-14\n\nHi.\n",
    "events/pycon-atlantis-2027.md": "Name: PyCon Atlantis 2027\nStart: 2027-05-14\n\nSoon.\n",
    "pycon/a.md": ("Title: Async views\nDate: 2026-05-14\nEvent: pycon-atlantis-2026\n"
                   "Speakers: Ann Lee\nPackages: django-ninja\n\nNotes.\n"),
}


def test_the_opml_file_lists_only_feeds_with_entries(make_site):
    site = make_site(FILES)
    listed = opml_feeds(site.output)
    for page in ("speakers/ann-lee/", "packages/django-ninja/", "events/pycon-atlantis-2026/"):
        assert f"{ROOT}{page}atom.xml" in listed and f"{ROOT}{page}rss.xml" in listed, page
    assert f"{ROOT}feeds/all.atom.xml" in listed
    for page in ("speakers/bo-quiet/", "packages/htmx/", "events/pycon-atlantis-2027/"):
        assert f"{ROOT}{page}atom.xml" not in listed, page
        assert f"{ROOT}{page}rss.xml" not in listed, page
        # the page still links its feeds, so they are written, empty
        assert site.exists(f"{page}atom.xml") and site.exists(f"{page}rss.xml"), page


def test_a_site_without_notes_still_lists_its_own_feed(make_site):
    site = make_site({"speakers/bo-quiet.md": "Name: Bo Quiet\n\nNo talk noted yet.\n"})
    listed = opml_feeds(site.output)
    assert set(listed) == {f"{ROOT}feeds/all.atom.xml", f"{ROOT}feeds/all.rss.xml",
                           f"{ROOT}feeds/all.json"}
