"""Name folding, splitting and slugs."""

import pytest
from confnotes.content.names import (
    distinctive_name,
    fold,
    last_first,
    looks_like_person,
    make_slug,
    non_name_reason,
    package_key,
    person_key,
    split_heading,
    split_names,
)
from confnotes.graph.duplicates import Spelling, close_event_names, package_duplicates, transposed


@pytest.mark.parametrize(("a", "b"), [
    ("Paolo Melchiorre", "paolo  melchiorre"),
    ("José Núñez", "Jose Nunez"),
    ("Zoë\tBrown", "zoe brown"),
    ("  Carlton Gibson ", "CARLTON GIBSON"),
])
def test_fold_makes_spellings_of_one_name_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Micha\u0142 \u0141ukasiewicz", "Michal Lukasiewicz"), ("Y\u0131ld\u0131z", "Yildiz"),
    ("S\u00f8ren", "Soren"), ("Wei\u00df", "Weiss"),
])
def test_fold_reads_letters_unicode_does_not_decompose(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Russell Keith-Magee", "Russell Keith Magee"), ("Kenneth O'Brien", "Kenneth OBrien"),
    ("Tim Schilling.", "tim schilling"), ("Jean\u2011Pierre Dupont", "Jean Pierre Dupont"),
])
def test_one_person_written_with_or_without_hyphens_and_punctuation_has_one_key(a, b):
    assert person_key(a) == person_key(b)


def test_person_keys_keep_other_names_apart():
    assert person_key("Ann & Bo") != person_key("Ann Bo")
    assert person_key("...") == "..." and person_key("Dr. Ann Lee") != person_key("Ann Lee")


@pytest.mark.parametrize("name", ["...", "Panel", "Lightning Talks", "et al", "et al.", "TBA",
                                  "PhD", "April", "Panel Discussion", "Q&A"])
def test_names_that_are_no_ones(name):
    assert non_name_reason(name) and not distinctive_name(name)


@pytest.mark.parametrize(("name", "distinctive"), [
    ("Ann Lee", True), ("Guido van Rossum", True), ("María José García-López", True),
    ("Benedikt", False), ("J. Smith", False), ("J. R. Smith", False), ("April Wensel", True),
])
def test_distinctive_names_have_two_words_besides_initials(name, distinctive):
    assert non_name_reason(name) is None
    assert distinctive_name(name) is distinctive


def test_fold_keeps_different_names_apart():
    assert fold("Paolo Melchiorre") != fold("Paulo Melchiori")


@pytest.mark.parametrize("name", ["zope.interface", "Zope_Interface", "zope-interface",
                                  "ZOPE--interface"])
def test_package_names_compare_the_pypi_way(name):
    assert package_key(name) == "zope-interface"


def test_speakers_split_on_commas_or_on_semicolons_when_a_name_has_a_comma():
    assert split_names("Will Vincent, Carlton Gibson") == ["Will Vincent", "Carlton Gibson"]
    assert split_names("Gibson, Carlton; Vincent, Will") == ["Gibson, Carlton", "Vincent, Will"]
    assert split_names("") == []


@pytest.mark.parametrize(("heading", "title", "speakers"), [
    ("To JWT or not to JWT - Benedikt", "To JWT or not to JWT", ["Benedikt"]),
    ("Django on the Med / Django Italia - Paolo Melchiorre", "Django on the Med / Django Italia",
     ["Paolo Melchiorre"]),
    ("Pre-commit - the good parts \u2013 Ann Lee", "Pre-commit - the good parts", ["Ann Lee"]),
    ("Pairing \u2014 Ann Lee & Bo Ek and Cy Do", "Pairing", ["Ann Lee", "Bo Ek", "Cy Do"]),
    ("Ops - Andy Smith, Sandra Ek", "Ops", ["Andy Smith", "Sandra Ek"]),
])
def test_heading_splits_at_last_separator(heading, title, speakers):
    assert split_heading(heading) == (title, speakers)


def test_heading_without_separator_is_an_ordinary_heading():
    assert split_heading("Some closing thoughts") is None
    assert split_heading("Well-known tools") is None


def test_slugs_are_ascii_and_never_empty():
    subs = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
    assert make_slug("José Núñez", subs) == "jose-nunez"
    assert make_slug("!!!", subs).startswith("x-")


# -- typos bloggers make (check.py's advice relies on these) ---------------------------------

@pytest.mark.parametrize(("a", "b"), [("djagno", "django"), ("hmtx", "htmx"),
                                      ("django-nijna", "django-ninja")])
def test_two_swapped_letters_are_a_typo(a, b):
    assert transposed(a, b) and transposed(b, a)


@pytest.mark.parametrize(("a", "b"), [("abc", "acb"), ("py23x", "py32x"), ("django", "django"),
                                      ("attrs", "cattrs"), ("htmx", "hmxt")])
def test_other_differences_are_not_swapped_letters(a, b):
    assert not transposed(a, b)


def test_a_package_with_swapped_letters_is_a_probable_duplicate():
    found = package_duplicates([Spelling("django", "django", ("a.md", "b.md")),
                                Spelling("djagno", "djagno", ("c.md",))])
    assert [(d.first.text, d.second.text, d.why) for d in found] == [
        ("djagno", "django", "two letters swapped")]


def test_real_packages_are_not_flagged():
    names = ["django", "django-ninja", "django-htmx", "htmx", "pydantic", "msgspec", "cattrs",
             "attrs", "flask", "falcon", "fastapi", "alpinejs", "dj-lite", "django-csp",
             "django-tasks", "neapolitan", "nanodjango", "djangorestframework", "numpy",
             "scipy", "pandas", "polars", "pytest", "pyyaml", "ujson", "orjson", "uvicorn",
             "gunicorn", "celery", "redis", "httpx", "requests"]
    found = package_duplicates([Spelling(n, n, (f"{n}.md",)) for n in names])
    assert found == []


@pytest.mark.parametrize(("given", "known"), [
    ("DjangoCon Eruope 2026", "djangocon-europe-2026"),
    ("DjangCon Europe 2026", "DjangoCon Europe 2026"),
    ("PyCno Italia 2026", "PyCon Italia 2026"),
    ("Django Con Europe 2026", "djangocon-europe-2026"),
])
def test_misspelt_event_names_are_close(given, known):
    assert close_event_names(given, known)


@pytest.mark.parametrize(("given", "known"), [
    ("DjangoCon Europe 2025", "DjangoCon Europe 2026"),
    ("PyCon US 2026", "PyCon UK 2026"),
    ("djangocon-us-2025", "djangocon-eu-2025"),
    ("DjangoCon Africa 2026", "DjangoCon America 2026"),
    ("PyCon AU 2026", "PyCon AT 2026"),
    ("Django on the Med 2025", "Django on the Med 2026"),
])
def test_other_events_are_not_close(given, known):
    assert not close_event_names(given, known)


@pytest.mark.parametrize("name", ["Paolo Melchiorre", "Benedikt", "jezdez", "danah boyd",
                                  "Guido van Rossum", "Will Vincent", "The Django Fellows",
                                  "Ann Lee & Bo Chen", "María José García-López"])
def test_names_look_like_people(name):
    assert looks_like_person(name)


@pytest.mark.parametrize("name", ["what to expect", "how we did it", "Thanks everyone",
                                  "what", "the rest of the sprint day", "Is it worth it?",
                                  "A long story about the things we learned"])
def test_phrases_do_not_look_like_people(name):
    assert not looks_like_person(name)


def test_last_first_names_are_turned_around():
    assert last_first("Melchiorre, Paolo") == "Paolo Melchiorre"
    assert last_first("van Rossum, Guido") == "Guido van Rossum"
    assert last_first("Paolo Melchiorre") is None
    assert last_first("Gibson, Carlton, Will") is None
    assert last_first("Martin Luther King, Jr.") is None
