"""How well `check` finds one speaker written two ways: recall and precision on labelled pairs.

Every name below goes into one call of the real detection function, as one site's speakers
would, so a pair reported between names of two different labelled pairs counts against
precision too.
"""

import pytest
from confnotes.content.names import make_slug
from confnotes.graph.duplicates import Spelling, person_duplicates

# One person, two spellings: the obvious variants an archive converted from schedules has.
SAME_PERSON = {
    "hyphen, space or punctuation": [
        ("Russell Keith-Magee", "Russell Keith Magee"),
        ("Jean-Pierre Dupont", "Jean Pierre Dupont"),
        ("Hans-Peter Schmidt", "Hans Peter Schmidt"),
        ("Lacey Williams Henschel", "Lacey Williams-Henschel"),
        ("Kenneth O'Brien", "Kenneth OBrien"),
        ("Dan O'Neill", "Dan O Neill"),
        ("Mary-Anne Fletcher", "MaryAnne Fletcher"),
        ("Juan Carlos Ruiz", "Juan-Carlos Ruiz"),
        ("Tim Schilling.", "Tim Schilling"),
    ],
    "word order": [
        ("Mauro Pelucchi", "Pelucchi Mauro"),
        ("Wei Zhang", "Zhang Wei"),
        ("Hiroshi Tanaka", "Tanaka Hiroshi"),
        ("Olga Kowalska", "Kowalska Olga"),
        ("Min-jun Kim", "Kim Min-jun"),
        ("Yang Liu", "Liu Yang"),
        ("Sarah Boyce", "Boyce Sarah"),
        ("Nguyen Thi Lan", "Thi Lan Nguyen"),
    ],
    "nickname or pronouns in quotes or brackets": [
        ('Katie "KT" McLaughlin', "Katie McLaughlin"),
        ("Sam Smith (they/them)", "Sam Smith"),
        ("Robert 'Bob' Jones", "Robert Jones"),
        ("William (Bill) Gates", "William Gates"),
        ("Jo Bloggs [she/her]", "Jo Bloggs"),
        ("Alex \u201cLex\u201d Rivera", "Alex Rivera"),
        ("Kristian Glass (he/him)", "Kristian Glass"),
        ('Chris "Moose" Adams', "Chris Adams"),
    ],
    "letters such as \u0142, \u0131, \u00f8 and \u00df": [
        ("Micha\u0142 \u0141ukasiewicz", "Michal Lukasiewicz"),
        ("Sebastian Wei\u00df", "Sebastian Weiss"),
        ("S\u00f8ren Kierkegaard", "Soren Kierkegaard"),
        ("Y\u0131ld\u0131z Kaya", "Yildiz Kaya"),
        ("Pawe\u0142 Kowalczyk", "Pawel Kowalczyk"),
        ("Bj\u00f8rn \u00d8deg\u00e5rd", "Bjorn Odegard"),
        ("Jan Stra\u00dfer", "Jan Strasser"),
        ("Ay\u015fe I\u015f\u0131k", "Ayse Isik"),
    ],
    "a typo in the first letter of the surname": [
        ("Paolo Melchiorre", "Paolo Nelchiorre"),
        ("Carlton Gibson", "Carlton Hibson"),
        ("Simon Willison", "Simon Qillison"),
        ("Thibaud Colas", "Thibaud Xolas"),
        ("Jacob Rief", "Jacob Tief"),
        ("Benjamin Zagorsky", "Benjamin Xagorsky"),
        ("Adrian Holovaty", "Adrian Jolovaty"),
        ("Jeff Triplett", "Jeff Rriplett"),
    ],
    "a close spelling, an initial or a title": [
        ("Markus Holtermann", "Marcus Holtermann"),
        ("J. Raasch", "Jan Raasch"),
        ("Dr. Ann Lee", "Ann Lee"),
        ("Hynek Schlawack", "Hynek Schlawak"),
    ],
}

# Two people whose names are close: reporting them is a false alarm.
DIFFERENT_PEOPLE = [
    ("C\u00e9line Boudier", "\u00c9lie Bouttier"),
    ("Adele Abbott", "Alice Abbott"),
    ("John Smithson", "Jane Smithson"),
    ("Mark Leeming", "Mary Leeming"),
    ("Daniel Roy Greenfeld", "Audrey Roy Greenfeld"),
    ("Carlton Gibbs", "Carl Gibbs"),
    ("Will Vincenzi", "Bill Vincenzi"),
    ("Emma Watson", "Emily Watson"),
    ("Tom Christie", "Tim Christie"),
    ("Jeff Tripp", "Jeff Trapp"),
    ("Li Wang", "Li Wong"),
    ("Wei Zheng", "Wei Zhong"),
    ("Maria Garcia", "Mario Garcia"),
    ("Jan Dvorak", "Jana Dvorak"),
    ("Tom Raaschke", "Tom Raasch"),
    ("Ola Sitarska", "Ola Sendecka"),
    ("Kenneth Love", "Kenneth Lowe"),
    ("David Smith", "David Smyth"),
    ("Michael Brown", "Michelle Brown"),
    ("Stefan Meyer", "Stefan Mayer"),
    ("Jessica Chen", "Jessica Chan"),
    ("Paul Everitt", "Paul Everett"),
    ("Ben Nolan", "Ben Dolan"),
    ("John Lawson", "John Dawson"),
    ("Peter Walton", "Peter Dalton"),
    ("Anne Miller", "Anne Hiller"),
    ("Kate Mason", "Kate Jason"),
    ("Sam Harris", "Sam Parris"),
    ("Lucy Hartley", "Lucy Bartley"),
    ("Francesco Rossi", "Francesca Rossi"),
    ("Paul Moreau", "Paula Moreau"),
    ("Andrea Conti", "Andreas Conti"),
    ("Ivan Petrov", "Ivana Petrova"),
    ("Sara Lind", "Sara Lund"),
    ("Ahmed Hassan", "Ahmad Hasan"),
    ("Tom Kelly", "Tim Kelley"),
    ("Anna Berg", "Hanna Borg"),
    ("Greg Kroah", "Craig Kroah"),
    ("Marta Nowak", "Marek Nowak"),
    ("Jon Snow", "Jan Snow"),
    ("Yuki Sato", "Yuka Saito"),
    ("Eva Novak", "Ewa Nowak"),
    ("Chris Lamb", "Chris Lamber"),
]

RECALL_AT_LEAST = 0.90
PRECISION_AT_LEAST = 0.85


def _reported() -> set[frozenset[str]]:
    """Every pair the detection reports among all the labelled names at once."""
    names = {name for pairs in SAME_PERSON.values() for pair in pairs for name in pair}
    names |= {name for pair in DIFFERENT_PEOPLE for name in pair}
    spellings = [Spelling(name, f"{make_slug(name)}-{i}", (f"notes/{i}.md",))
                 for i, name in enumerate(sorted(names))]
    return {frozenset((d.first.text, d.second.text)) for d in person_duplicates(spellings)}


def test_the_labelled_pairs_are_enough_and_distinct():
    positives = [pair for pairs in SAME_PERSON.values() for pair in pairs]
    assert len(positives) >= 40 and len(DIFFERENT_PEOPLE) >= 40
    names = [name for pair in [*positives, *DIFFERENT_PEOPLE] for name in pair]
    assert len(names) == len(set(names))


def test_recall_on_obvious_variants_and_precision_on_close_names():
    reported = _reported()
    positives = {frozenset(pair) for pairs in SAME_PERSON.values() for pair in pairs}
    found = positives & reported
    recall = len(found) / len(positives)
    precision = len(found) / len(reported)
    missed = sorted(" / ".join(sorted(pair)) for pair in positives - reported)
    false_alarms = sorted(" / ".join(sorted(pair)) for pair in reported - positives)
    assert recall >= RECALL_AT_LEAST, f"recall {recall:.0%}, missed: {missed}"
    assert precision >= PRECISION_AT_LEAST, f"precision {precision:.0%}: {false_alarms}"


@pytest.mark.parametrize("kind", sorted(SAME_PERSON))
def test_every_class_of_variant_is_mostly_found(kind):
    reported = _reported()
    pairs = [frozenset(pair) for pair in SAME_PERSON[kind]]
    found = [pair for pair in pairs if pair in reported]
    assert len(found) / len(pairs) >= RECALL_AT_LEAST - 0.15, (
        kind, sorted(" / ".join(sorted(p)) for p in set(pairs) - set(found)))


# -- in a real build: one page per person, and advice that merges ----------------------------

def _speaker_pages(site):
    return sorted(p.name for p in (site.output / "speakers").iterdir() if p.is_dir())


def _note(title, day, speakers):
    return f"Title: {title}\nDate: 2026-05-0{day}\nSpeakers: {speakers}\n\nBody.\n"


def test_hyphen_and_punctuation_variants_are_one_speaker_with_one_page(make_site):
    site = make_site({
        "x/a.md": _note("A", 1, "Russell Keith-Magee"),
        "x/b.md": _note("B", 2, "Russell Keith Magee"),
        "x/c.md": _note("C", 3, "Kenneth O'Brien"),
        "x/d.md": _note("D", 4, "Kenneth OBrien"),
    })
    assert _speaker_pages(site) == ["kenneth-obrien", "russell-keith-magee"]
    page = site.page("speakers/russell-keith-magee/")
    assert page.find("h1").get_text(strip=True) == "Russell Keith-Magee"  # as first written
    assert {"notes/a/", "notes/b/"} <= {a["href"].split("../")[-1] for a in page.main.select("a")}


@pytest.mark.parametrize(("first", "second", "kept", "alias"), [
    ("Sam Smith (they/them)", "Sam Smith", "sam-smith", "Sam Smith (they/them)"),
    ("Pelucchi Mauro", "Mauro Pelucchi", "mauro-pelucchi", "Pelucchi Mauro"),
    ("Paolo Nelchiorre", "Paolo Melchiorre", "paolo-melchiorre", "Paolo Nelchiorre"),
])
def test_the_advice_names_the_profile_to_write_and_following_it_merges(
        make_site, first, second, kept, alias):
    notes = {"x/a.md": _note("A", 1, first), "x/b.md": _note("B", 2, second),
             "x/c.md": _note("C", 3, second)}
    site = make_site(notes)
    [warning] = [m for m in site.messages() if "probably the same speaker" in m]
    profile = f"content/speakers/{kept}.md"
    assert f"add {alias!r} to the Aliases of {profile} (create it, with 'Name: {second}')" \
        in warning, warning
    assert len(_speaker_pages(site)) == 2

    site = make_site({**notes, f"speakers/{kept}.md": f"Name: {second}\nAliases: {alias}\n\nB.\n"})
    assert not [m for m in site.messages() if "probably the same" in m]
    assert _speaker_pages(site) == [kept]

