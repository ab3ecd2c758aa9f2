"""Tag pages: every note with the tag, newest first, paginated as Pelican would."""

from __future__ import annotations


def note(title: str, day: int, tags: str) -> str:
    return f"""\
        Title: {title}
        Date: 2024-06-{day:02d}
        Event: DjangoCon Europe 2024
        Speakers: Ada Lovelace
        Tags: {tags}

        Notes on {title}.
        """


FILES = {
    "djangocon-europe-2024/first.md": note("First htmx talk", 5, "htmx, django"),
    "djangocon-europe-2024/second.md": note("Second htmx talk", 6, "htmx"),
    "djangocon-europe-2024/third.md": note("Third htmx talk", 7, "htmx"),
    "djangocon-europe-2024/other.md": note("Untagged for htmx", 8, "django"),
}


def listed_titles(site, url: str) -> list[str]:
    return [h.get_text(strip=True) for h in site.page(url).select(".card-list li h2")]


def test_a_tag_page_lists_its_notes_newest_first_and_no_others(make_site):
    site = make_site(FILES)
    assert listed_titles(site, "tags/htmx/") == ["Third htmx talk", "Second htmx talk",
                                                 "First htmx talk"]
    assert listed_titles(site, "tags/django/") == ["Untagged for htmx", "First htmx talk"]


def test_paginated_tag_pages_split_the_notes_in_date_order(make_site):
    site = make_site(FILES, DEFAULT_PAGINATION=2)
    assert listed_titles(site, "tags/htmx/") == ["Third htmx talk", "Second htmx talk"]
    assert listed_titles(site, "tags/htmx/index2.html") == ["First htmx talk"]


def test_with_pelicans_tag_feeds_on_pelican_writes_the_tag_pages(make_site):
    site = make_site(FILES, TAG_FEED_ATOM="feeds/tag-{slug}.atom.xml")
    assert listed_titles(site, "tags/htmx/") == ["Third htmx talk", "Second htmx talk",
                                                 "First htmx talk"]
    assert (site.output / "feeds" / "tag-htmx.atom.xml").is_file()
