"""Mentions and cross-links on the sample site."""

from urllib.parse import urljoin

RECAP = "djangocon-us-2025/django-chat-recap/"


def internal_targets(site, page_url, selector):
    page = site.page(page_url)
    return [urljoin("http://s/" + page_url, a["href"]).removeprefix("http://s/")
            for a in page.main.select(selector)]


def test_the_recap_links_people_and_packages_to_existing_pages(sample_site):
    targets = internal_targets(sample_site, RECAP, "a.autolink")
    assert len(targets) >= 20
    assert any(t.startswith("speakers/") for t in targets)
    assert any(t.startswith("packages/") for t in targets)
    for target in targets:
        assert sample_site.exists(target), target


def test_mentioned_pages_list_the_notes_under_mentioned_in(sample_site):
    # Jeff Triplett is named in the recap's prose; django-template-partials in the keynote
    # note's prose, while the recap lists it in Packages (a subject, not a mention).
    for url, note in (("speakers/jeff-triplett/", RECAP),
                      ("packages/django-template-partials/",
                       "djangocon-us-2025/carson-gross-keynote/")):
        section = sample_site.page(url).find(id="mentions").find_parent("section")
        links = [urljoin("http://s/" + url, a["href"]).removeprefix("http://s/")
                 for a in section.find_all("a")]
        assert note in links, url
        assert RECAP not in links or url.startswith("speakers/"), url


def test_hosts_are_not_listed_as_mentioned_in_their_own_episode(sample_site):
    page = sample_site.page("speakers/will-vincent/")
    heading = page.find(id="mentions")
    if heading is not None:
        links = [a["href"] for a in heading.find_parent("section").find_all("a")]
        assert not any("django-chat-recap" in href for href in links)


def test_note_pages_show_related_talks_with_a_reason(sample_site):
    page = sample_site.page("djangocon-us-2025/django-for-ai/")
    related = page.select(".related-list li")
    assert related
    reasons = [li.select_one(".related-reason").get_text(strip=True) for li in related]
    assert all(r.startswith(("also by", "also about", "also at")) for r in reasons)
