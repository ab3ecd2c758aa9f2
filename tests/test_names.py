"""Name folding, splitting and slugs."""

import pytest
from confnotes.names import fold, make_slug, package_key, split_heading, split_names


@pytest.mark.parametrize(("a", "b"), [
    ("Paolo Melchiorre", "paolo  melchiorre"),
    ("José Núñez", "Jose Nunez"),
    ("Zoë\tBrown", "zoe brown"),
    ("  Carlton Gibson ", "CARLTON GIBSON"),
])
def test_fold_makes_spellings_of_one_name_equal(a, b):
    assert fold(a) == fold(b)


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
