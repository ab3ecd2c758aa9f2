"""The bundled sample site, built for real and read back as a reader would."""

from urllib.parse import urljoin

LIGHTNING_NOTE = "djangocon-europe-2026/lightning-talks-day-2/"
DAY_TWO = {
    "Developing Django's community": "Andy Miller",
    "To JWT or not to JWT": "Benedikt",
    "Django on the Med / Django Italia": "Paolo Melchiorre",
    "Two ways I used GeneratedField during a rewrite": "Anthony Ricaud",
    "django-mediastorage": "Alissa Gerhard",
    "Django VPS deployments made simple": "Jan Raasch",
}


def resolve(page_url: str, href: str) -> str:
    """An href on a page, as a URL relative to the site root."""
    return urljoin("http://site/" + page_url, href).removeprefix("http://site/")


def talk_items(site, page_url):
    """(title, talk url, [speaker urls]) of every talk card on a page."""
    main = site.page(page_url).main
    items = []
    for card in main.select("article.card"):
        title_link = card.select_one(".card-title a")
        speakers = [resolve(page_url, a["href"]) for a in card.select(".card-speakers a")]
        items.append((title_link.get_text(strip=True), resolve(page_url, title_link["href"]),
                      speakers))
    return items


def test_each_lightning_talk_of_day_two_is_on_the_event_page(sample_site):
    items = talk_items(sample_site, "events/djangocon-europe-2026/")
    by_title = {title: (url, speakers) for title, url, speakers in items}
    assert set(DAY_TWO) <= set(by_title)
    for title, speaker in DAY_TWO.items():
        url, speakers = by_title[title]
        assert url.startswith(LIGHTNING_NOTE + "#"), url
        speaker_url = "speakers/" + speaker.lower().replace(" ", "-") + "/"
        assert speakers == [speaker_url]
        assert sample_site.page(speaker_url).h1.get_text(strip=True) == speaker


def test_each_speaker_page_links_back_to_the_talk_anchor(sample_site):
    note = sample_site.page(LIGHTNING_NOTE)
    for title, speaker in DAY_TWO.items():
        speaker_url = "speakers/" + speaker.lower().replace(" ", "-") + "/"
        talks = {t: url for t, url, _ in talk_items(sample_site, speaker_url)}
        url = talks[title]
        anchor = url.split("#", 1)[1]
        heading = note.find(id=anchor)
        assert heading is not None and heading.name == "h2", (title, anchor)
        assert heading.get_text(" ", strip=True).startswith(title)


def test_alias_spellings_give_one_speaker_page_titled_by_its_profile(sample_site):
    # The recap writes "Jeff Triplet" (the transcript's spelling); the profile says Triplett.
    assert not sample_site.exists("speakers/jeff-triplet/")
    page = sample_site.page("speakers/jeff-triplett/")
    assert page.h1.get_text(strip=True) == "Jeff Triplett"


def test_every_page_has_one_main_and_one_h1_and_a_language(sample_site):
    pages = sorted(sample_site.output.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        url = str(path.relative_to(sample_site.output)).removesuffix("index.html")
        page = sample_site.page(url)
        assert len(page.find_all("main")) == 1, url
        assert len(page.find_all("h1")) == 1, url
        assert page.html.get("lang") == "en", url
        assert not page.select("[style]"), url
        assert all(s.get("src") or s.get("type") == "application/ld+json"
                   for s in page.find_all("script")), url


def test_note_page_links_its_event_speakers_and_packages(sample_site):
    page = sample_site.page(LIGHTNING_NOTE)
    hrefs = {resolve(LIGHTNING_NOTE, a["href"]) for a in page.main.find_all("a", href=True)}
    assert "events/djangocon-europe-2026/" in hrefs
    assert "speakers/alissa-gerhard/" in hrefs
    assert "packages/django-mediastorage/" in hrefs


def test_event_page_lists_speakers_packages_and_other_editions(sample_site):
    main = sample_site.page("events/djangocon-europe-2026/").main
    hrefs = {resolve("events/djangocon-europe-2026/", a["href"]) for a in main.find_all("a")}
    assert "events/djangocon-europe-2025/" in hrefs  # the other edition of the series
    assert "packages/django-mediastorage/" in hrefs
    assert "series/djangocon-europe/" in hrefs
    series = sample_site.page("series/djangocon-europe/").main.get_text()
    assert series.index("DjangoCon Europe 2026") < series.index("DjangoCon Europe 2025")


def test_indexes_count_talks(sample_site):
    speakers = sample_site.page("speakers/").main.get_text(" ", strip=True)
    assert "Paolo Melchiorre" in speakers
    packages = sample_site.page("packages/").main.get_text(" ", strip=True)
    assert "django-mediastorage" in packages
    events = sample_site.page("events/").main.get_text(" ", strip=True)
    assert events.index("2026") < events.index("2025")


def test_metadata_is_escaped_and_bodies_are_sanitised(make_site):
    site = make_site({"x/evil.md": """\
        Title: <script>alert(1)</script> Talk
        Date: 2026-01-01
        Speakers: <b>Bold</b> Person
        Summary: <img src=x onerror=alert(1)>

        <script>alert(2)</script><p onclick="x()">Body</p>
        """})
    page = site.page("notes/evil/")
    executable = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert not any("alert" in (s.string or "") for s in executable)
    data = [s.string for s in page.find_all("script", type="application/ld+json")]
    assert all("<script>" not in d for d in data)  # JSON-LD escapes "<" so it cannot break out
    assert "<script>alert(1)</script> Talk" in page.h1.get_text()
    assert not page.select("[onclick]") and not page.select("[onerror]")
