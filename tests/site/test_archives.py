"""The archives: a year index at /archives/, one page per year with its notes newest first."""

from __future__ import annotations

from confnotes.site.archives import year_folder

NOTES = {
    "pycon/a.md": "Title: Opening 2024\nDate: 2024-05-14\n\nA.\n",
    "pycon/b.md": "Title: Closing 2024\nDate: 2024-05-16 17:00\n\nB.\n",
    "pycon/c.md": "Title: Keynote 2026\nDate: 2026-04-15\nKind: keynote\n\nC.\n",
    "pycon/d.md": "Title: Sprints 2026\nDate: 2026-04-18\n\nD.\n",
    "pycon/e.md": "Title: Late 2026\nDate: 2026-11-02T09:30:00\n\nE.\n",
    "pycon/f.md": "Title: Only 2019\nDate: 2019-01-20\n\nF.\n",
    "pycon/draft.md": "Title: Draft 2025\nDate: 2025-01-01\nStatus: draft\n\nG.\n",
    "pycon/hidden.md": "Title: Hidden 2025\nDate: 2025-01-02\nStatus: hidden\n\nH.\n",
}


def titles(page) -> list[str]:
    return [entry.a.get_text(strip=True) for entry in page.select(".archive-entry")]


def test_the_archives_index_lists_years_newest_first_with_counts_and_links(make_site):
    site = make_site(NOTES)
    page = site.page("archives/")
    items = page.select("ol.archive-years li")
    assert [li.get_text(" ", strip=True) for li in items] == [
        "2026 3 notes", "2024 2 notes", "2019 1 note"]  # no 2025: drafts and hidden are left out
    assert [li.a["href"] for li in items] == [
        "../archives/2026/", "../archives/2024/", "../archives/2019/"]
    assert titles(page) == []  # the notes themselves are on the year pages
    assert not site.exists("archives/2025/")


def test_each_year_page_lists_its_notes_newest_first_and_links_its_neighbours(make_site):
    site = make_site(NOTES)
    page = site.page("archives/2026/")
    assert page.h1.get_text(strip=True) == "Archives 2026"
    assert titles(page) == ["Late 2026", "Sprints 2026", "Keynote 2026"]
    links = [entry.a["href"] for entry in page.select(".archive-entry")]
    assert links == ["../../notes/e/", "../../notes/d/", "../../notes/c/"]
    assert all(site.exists(link.removeprefix("../../")) for link in links)
    assert page.select_one('link[rel="canonical"]')["href"] == (
        "http://127.0.0.1:8000/archives/2026/")
    years = page.select_one('nav[aria-label="Years"]')
    assert [(a.get_text(), a["rel"], a["href"]) for a in years.select("a")] == [
        ("2024", ["next"], "../../archives/2024/")]
    middle = site.page("archives/2024/")
    assert titles(middle) == ["Closing 2024", "Opening 2024"]
    assert [a.get_text() for a in middle.select('nav[aria-label="Years"] a')] == ["2026", "2019"]
    assert middle.select_one('main a[href="../../archives/"]').get_text() == "Every year"


def test_the_sitemap_lists_the_year_pages(make_site):
    site = make_site(NOTES)
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    for year in (2026, 2024, 2019):
        assert f"<loc>http://127.0.0.1:8000/archives/{year}/</loc>" in sitemap
    assert "archives/2025/" not in sitemap


def test_a_site_without_notes_has_an_empty_archives_index_and_no_year_pages(make_site):
    site = make_site({"speakers/ann-lee.md": "Name: Ann Lee\n\nHi.\n"})
    assert site.page("archives/").select_one("main p").get_text() == "No notes yet."
    assert sorted(p.name for p in (site.output / "archives").iterdir()) == ["index.html"]


def test_year_pages_sit_below_the_archives_index_wherever_it_is_saved(make_site):
    site = make_site(NOTES, ARCHIVES_SAVE_AS="past/index.html", ARCHIVES_URL="past/")
    assert [a["href"] for a in site.page("past/").select("ol.archive-years a")] == [
        "../past/2026/", "../past/2024/", "../past/2019/"]
    assert titles(site.page("past/2019/")) == ["Only 2019"]
    assert not site.exists("archives/")


def test_the_year_folder_follows_archives_save_as():
    assert year_folder({"ARCHIVES_SAVE_AS": "archives/index.html"}) == "archives/"
    assert year_folder({"ARCHIVES_SAVE_AS": "archives.html"}) == "archives/"
    assert year_folder({"ARCHIVES_SAVE_AS": ""}) == ""


def test_a_year_page_groups_its_notes_by_month_newest_first(make_site):
    site = make_site(NOTES)
    page = site.page("archives/2026/")
    months = page.select("section.archive-month")
    assert [m.h2.get_text(" ", strip=True) for m in months] == [
        "November 1 note", "April 2 notes"]
    assert [titles(m) for m in months] == [["Late 2026"], ["Sprints 2026", "Keynote 2026"]]
    jump = page.select_one('nav[aria-label="Months"]')
    assert [(a.get_text(), a["href"]) for a in jump.select("a")] == [
        ("November", "#month-11"), ("April", "#month-4")]
    assert [m.h2["id"] for m in months] == ["month-11", "month-4"]
    # one month: no jump list
    assert site.page("archives/2019/").select_one('nav[aria-label="Months"]') is None
