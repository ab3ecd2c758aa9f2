"""`invoke check`: every problem reported once, with its file; a clean site passes."""

import subprocess
import sys

import pytest
from confnotes.check import run_check
from confnotes.engine.live import forget_logged_messages
from pelican.settings import read_settings

from tests.conftest import ROOT, SETTINGS_FILE, write_files

EVENT = "events/pycon-atlantis-2026.md"
PROBLEMS = {
    EVENT: "Name: PyCon Atlantis 2026\nStart: 2026-05-01\n\nIntro.\n",
    "speakers/paolo-melchiorre.md": "Name: Paolo Melchiorre\n\nBio.\n",
    "pycon/typo-key.md": """\
        Title: Typo in a key
        Date: 2026-05-01
        Event: pycon-atlantis-2026
        Speaker: Ann Lee

        Body.
        """,
    "pycon/spelling.md": """\
        Title: Close spelling
        Date: 2026-05-01
        Event: pycon-atlantis-2026
        Speakers: Paulo Melchiori

        Body.
        """,
    "pycon/first-name.md": """\
        Title: First name alone
        Date: 2026-05-01
        Event: pycon-atlantis-2026
        Speakers: Benedikt, Dr. Ann Lee, J. Raasch

        Body.
        """,
    "pycon/full-name.md": """\
        Title: Full names
        Date: 2026-05-02
        Event: pycon-atlantis-2026
        Speakers: Benedikt Schmidt, Ann Lee, Jan Raasch

        Body with a [broken link]({speaker}nobody-at-all).
        """,
    "misc/no-profile.md": """\
        Title: Event without profile
        Date: 2026-06-01
        Event: Mystery Meetup 2026

        Body.
        """,
    "pycon/lightning.md": """\
        Title: Lightning
        Date: 2026-05-02
        Event: pycon-atlantis-2026
        Kind: lightning

        ## A talk - Ann Lee

        Text.

        ## Closing remarks

        Text.
        """,
    # Two people who share a surname: not a typo, so no warning.
    "pycon/adele.md": "Title: Adele\nDate: 2026-05-04\nSpeakers: Adele Abbott\n\nBody.\n",
    "pycon/alice.md": "Title: Alice\nDate: 2026-05-04\nSpeakers: Alice Abbott\n\nBody.\n",
    "pycon/same.md": "Title: Same\nDate: 2026-05-03\nEvent: pycon-atlantis-2026\n\nA.\n",
    "other/same.md": "Title: Same too\nDate: 2026-05-03\nEvent: pycon-atlantis-2026\n\nB.\n",
    "pycon/control.md": "Title: Bell \x07 here\nDate: 2026-05-03\n\nBody.\n",
    "pycon/malformed.md": "Title: Malformed\nDate 2026-05-03\n\nBody.\n",
    "pycon/bad-date.md": "Title: Bad date\nDate: 2026-02-30\n\nBody.\n",
}
EXPECTED = [  # (severity, words that must all appear in exactly one message)
    ("warning", ["pycon/typo-key.md:4", "Speaker", 'Did you mean "Speakers:"']),
    ("warning", ["'Paolo Melchiorre'", "'Paulo Melchiori'", "pycon/spelling.md",
                 "speakers/paolo-melchiorre.md", "Aliases"]),
    ("warning", ["'Benedikt'", "'Benedikt Schmidt'", "first name alone"]),
    ("warning", ["'Ann Lee'", "'Dr. Ann Lee'", "title", "speakers/ann-lee.md"]),
    ("warning", ["'J. Raasch'", "'Jan Raasch'", "initial"]),
    ("warning", ["misc/no-profile.md", "'Mystery Meetup 2026'", "no profile"]),
    ("warning", ["pycon/lightning.md:10", "Closing remarks"]),
    ("error", ["pycon/full-name.md", "'nobody-at-all'"]),
    ("error", ["pycon/same.md", "other/same.md", "pycon-atlantis-2026/same/index.html"]),
    ("error", ["pycon/control.md:1", "control character"]),
    ("error", ["pycon/malformed.md:2", "Key: value"]),
    ("error", ["pycon/bad-date.md:2", "not a valid date"]),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    content = write_files(tmp_path_factory.mktemp("check") / "content", PROBLEMS)
    return run_check(SETTINGS_FILE, {"PATH": str(content)})


@pytest.mark.parametrize(("severity", "words"), EXPECTED,
                         ids=[" ".join(words[:2]) for _, words in EXPECTED])
def test_each_problem_is_reported_once_with_its_file(report, severity, words):
    messages = report.errors if severity == "error" else report.warnings
    matching = [m for m in messages if all(w in m for w in words)]
    assert len(matching) == 1, (words, report.render())


def test_nothing_else_is_reported(report):
    assert len(report.errors) + len(report.warnings) == len(EXPECTED), report.render()
    assert not report.ok


def test_the_sample_content_passes_check():
    result = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_check_exits_non_zero_on_errors(tmp_path):
    write_files(tmp_path / "content", {"x/bad.md": "Title: Bad\nDate: never\n\nBody.\n"})
    code = (f"import sys; sys.path[:0] = [{str(ROOT / 'plugins')!r}, {str(ROOT)!r}]\n"
            "from confnotes.check import run_check\n"
            f"r = run_check({SETTINGS_FILE!r}, {{'PATH': {str(tmp_path / 'content')!r}}})\n"
            "print(r.render()); sys.exit(0 if r.ok else 1)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "x/bad.md:2" in result.stdout


DUPLICATE_NAMES = {  # three pairs of close spellings, each used by its own note
    f"pycon/{slug}.md": f"Title: {slug}\nDate: 2026-05-0{day}\nSpeakers: {name}\n\nBody.\n"
    for day, (slug, name) in enumerate([
        ("a1", "Paolo Melchiorre"), ("a2", "Paulo Melchiori"), ("b1", "Katarzyna Nowakowska"),
        ("b2", "Katarzyna Nowakowsky"), ("c1", "Bartholomew Fitzgerald"),
        ("c2", "Bartholomew Fitzgeralt")], start=1)}


def test_a_build_shows_the_first_duplicate_warnings_and_check_shows_all(make_site, tmp_path):
    confnotes = {**read_settings(SETTINGS_FILE)["CONFNOTES"], "DUPLICATE_WARNINGS": 1}
    site = make_site(DUPLICATE_NAMES, CONFNOTES=confnotes)
    warnings = site.messages()
    assert len([m for m in warnings if "are probably the same speaker" in m]) == 1, warnings
    assert any(m.startswith("2 more probable duplicate names") and "invoke check" in m
               for m in warnings), warnings
    forget_logged_messages()
    checked = run_check(SETTINGS_FILE, {"PATH": str(tmp_path / "content"),
                                        "CONFNOTES": confnotes})
    assert len([m for m in checked.warnings if "probably the same speaker" in m]) == 3, (
        checked.render())


TYPOS = {
    "events/djangocon-europe-2026.md": "Name: DjangoCon Europe 2026\nStart: 2026-04-15\n\nI.\n",
    "speakers/paolo-melchiorre.md": "Name: Paolo Melchiorre\n\nBio.\n",
    "dce/a.md": "Title: A\nDate: 2026-04-15\nEvent: djangocon-europe-2026\n"
                "Packages: django, htmx\nSpeakers: Paolo Melchiorre\n\nBody.\n",
    "dce/b.md": "Title: B\nDate: 2026-04-15\nEvent: djangocon-europe-2026\n"
                "Packages: django, htmx\nSpeakers: Dr. Ann Lee\n\nBody.\n",
    "dce/c.md": "Title: C\nDate: 2026-04-16\nEvent: DjangoCon Eruope 2026\n"
                "Packages: djagno, hmtx\nSpeakers: Melchiorre, Paolo\n\nBody.\n",
    "dce/semi.md": "Title: S\nDate: 2026-04-16\nEvent: djangocon-europe-2026\n"
                   "Speakers: Gibson, Carlton; Lee, Ann\n\nBody.\n",
    "dce/lightning.md": """\
        Title: Lightning
        Date: 2026-04-16
        Event: djangocon-europe-2026
        Kind: lightning

        ## Fast tests - Ann Lee

        Text.

        ## Next year - what to expect

        Text.
        """,
}
TYPO_WARNINGS = [
    ["dce/c.md", "'djagno'", "'django'", "two letters swapped", "correct it in dce/c.md"],
    ["dce/c.md", "'hmtx'", "'htmx'", "two letters swapped", "correct it in dce/c.md"],
    ["dce/c.md", "'DjangoCon Eruope 2026'", "'DjangoCon Europe 2026'",
     "(events/djangocon-europe-2026.md)", "Write 'Event: djangocon-europe-2026'"],
    ["dce/c.md", "'Melchiorre, Paolo'", "'Speakers: Paolo Melchiorre'"],
    ["dce/lightning.md:10", "'Next year - what to expect'", "'what to expect'", "level-3"],
    ["dce/semi.md", "'Gibson, Carlton'", "'Carlton Gibson'"],
    ["dce/semi.md", "'Lee, Ann'", "'Ann Lee'"],
    ["'Ann Lee'", "'Dr. Ann Lee'", "content/speakers/ann-lee.md (create it, with 'Name: Ann Lee')"],
]


@pytest.fixture(scope="module")
def typos(tmp_path_factory):
    content = write_files(tmp_path_factory.mktemp("typos") / "content", TYPOS)
    return run_check(SETTINGS_FILE, {"PATH": str(content)})


@pytest.mark.parametrize("words", TYPO_WARNINGS, ids=[" ".join(w[:2]) for w in TYPO_WARNINGS])
def test_check_catches_the_typos_bloggers_make(typos, words):
    assert len([m for m in typos.warnings if all(w in m for w in words)]) == 1, typos.render()


def test_typos_are_reported_once_and_nothing_else(typos):
    assert typos.errors == [], typos.render()
    assert len(typos.warnings) == len(TYPO_WARNINGS), typos.render()
    misspelt = next(m for m in typos.warnings if "Eruope" in m)
    assert "create" not in misspelt  # suggest the event, not a new profile


def test_a_build_prints_each_typo_once(make_site):
    warnings = make_site(TYPOS).messages()
    for words in TYPO_WARNINGS:
        assert len([m for m in warnings if all(w in m for w in words)]) == 1, (words, warnings)


def test_a_bad_note_is_reported_once_in_a_build(make_site):
    site = make_site({"x/bad.md": "Title: Bad\nDate 2026-05-03\n\nBody.\n",
                      "x/twice.md": "Title: T\nDate: 2026-05-01\n\n[a]({speaker}nobody) and "
                                    "[b]({speaker}nobody).\n"}, expect_errors=True)
    errors = site.errors()
    assert len([e for e in errors if "x/bad.md" in e]) == 1, errors  # no "Could not process"
    assert len([e for e in errors if "'nobody'" in e]) == 1, errors


# One content folder with one of each problem: docs/checking.md shows its real output.
DOCS_DEMO = {
    'events/pycon-2026.md': (
        'Name: PyCon 2026\n'
        'Start: 2026-05-01\n'
        'End: 2026-05-03\n'
        'City: Atlantis\n'
        '\n'
        'I.\n'
    ),
    'events/djangocon-europe-2026.md': (
        'Name: DjangoCon Europe 2026\n'
        'Start: 2026-04-15\n'
        'End: 2026-04-17\n'
        'City: Athens\n'
        '\n'
        'I.\n'
    ),
    'events/party.md': 'Name: Party\nKind: party\n\nI.\n',
    'speakers/ann-lee.md': 'Name: Ann Lee\nAliases: Ann L.\nTwitter: @ann\n\nBio.\n',
    'speakers/annie.md': 'Name: Annie\nAliases: Ann L.\n\nBio.\n',
    'speakers/jan-raasch.md': 'Name: Jan Raasch\n\nBio.\n',
    'speakers/paolo-melchiorre.md': 'Name: Paolo Melchiorre\n\nBio.\n',
    'packages/bad.md': 'Name: Bad\nPyPI bad\n\nText.\n',
    'images/photo.png': 'not really a photo',
    'pycon-2026/bad-date.md': 'Title: Bad date\nDate: 03/05/2026\nEvent: pycon-2026\n\nBody.\n',
    'pycon-2026/unknown-key.md': (
        'Title: Unknown key\n'
        'Date: 2026-05-01\n'
        'Event: pycon-2026\n'
        'Speaker: Ann Lee\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/malformed.md': 'Title: Malformed\nDate: 2026-05-01\nSpeakers Ann Lee\n\nBody.\n',
    'a/notitle.md': 'Date: 2026-05-01\n\nBody.\n',
    'pycon-2026/control.md': 'Title: A bell \x07 here\nDate: 2026-05-01\n\nBody.\n',
    'x/escape.md': 'Title: Escape\nDate: 2026-05-01\nSave_as: ../../etc/passwd\n\nBody.\n',
    'x/status.md': 'Title: Status\nDate: 2026-05-01\nStatus: drafts\n\nBody.\n',
    'x/nodate.md': 'Title: No date\nDate:\n\nBody.\n',
    'pycon-2026/bad-link.md': (
        'Title: Bad link\n'
        'Date: 2026-05-02\n'
        'Event: pycon-2026\n'
        'Speakers: Jan Raasch\n'
        '\n'
        'With [someone]({speaker}nobody-at-all).\n'
    ),
    'pycon-2026/same.md': 'Title: Same\nDate: 2026-05-02\nEvent: pycon-2026\n\nA.\n',
    'elsewhere/same.md': 'Title: Same too\nDate: 2026-05-02\nEvent: PyCon 2026\n\nB.\n',
    'pycon-2026/lightning.md': (
        'Title: Lightning talks\n'
        'Date: 2026-05-02\n'
        'Event: pycon-2026\n'
        'Kind: lightning\n'
        '\n'
        '## Fast tests - Jan Raasch\n'
        '\n'
        'Text.\n'
        '\n'
        '## Closing words\n'
        '\n'
        'Text.\n'
        '\n'
        '## Next year - what to expect\n'
        '\n'
        'Text.\n'
    ),
    'notes/no-profile.md': (
        'Title: No profile\n'
        'Date: 2026-06-01\n'
        'Event: DjangoCon Atlantis 2026\n'
        'Speakers: Jan Raasch\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/close-a.md': (
        'Title: Close A\n'
        'Date: 2026-05-01\n'
        'Event: pycon-2026\n'
        'Speakers: Paolo Melchiorre\n'
        '\n'
        'Body.\n'
    ),
    'elsewhere/close-b.md': (
        'Title: Close B\n'
        'Date: 2026-05-01\n'
        'Speakers: Paulo Melchiori\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/first-name.md': (
        'Title: First name\n'
        'Date: 2026-05-01\n'
        'Event: pycon-2026\n'
        'Speakers: Carlton\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/full-name.md': (
        'Title: Full name\n'
        'Date: 2026-05-02\n'
        'Event: pycon-2026\n'
        'Speakers: Carlton Gibson\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/title-prefix.md': (
        'Title: Title prefix\n'
        'Date: 2026-05-02\n'
        'Event: pycon-2026\n'
        'Speakers: Dr. Ann Lee\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/initial.md': (
        'Title: Initial\n'
        'Date: 2026-05-02\n'
        'Event: pycon-2026\n'
        'Speakers: J. Raasch\n'
        '\n'
        'Body.\n'
    ),
    'x/a.md': (
        'Title: Packages\n'
        'Date: 2026-05-02\n'
        'Packages: djangorestframework, djangorestframwork\n'
        '\n'
        'Body.\n'
    ),
    'b/talk.md': 'Title: Kind\nDate: 2026-05-02\nKind: keynot\n\nBody.\n',
    'a/draft.md': (
        'Title: Draft\n'
        'Date: 2026-05-02\n'
        'Status: draft\n'
        '\n'
        'With [someone]({speaker}nobody).\n'
    ),
    'pycon-2026/links.md': (
        'Title: Links\n'
        'Date: 2026-05-03\n'
        'Event: pycon-2026\n'
        '\n'
        '## Setup steps\n'
        '\n'
        'See [the lightning talks]({filename}lightnig.md).\n'
        '\n'
        'Then [the first talk](../lightning/#fast-test) and [the steps](#setup-step).\n'
        '\n'
        'The [archives](/archive/), and ![a photo]({static}/images/foto.png).\n'
    ),
    'djangocon/django.md': (
        'Title: Django\n'
        'Date: 2026-04-15\n'
        'Event: djangocon-europe-2026\n'
        'Packages: django, htmx\n'
        '\n'
        'Body.\n'
    ),
    'djangocon/more-django.md': (
        'Title: More Django\n'
        'Date: 2026-04-16\n'
        'Event: djangocon-europe-2026\n'
        'Packages: django, htmx\n'
        '\n'
        'Body.\n'
    ),
    'djangocon/typos.md': (
        'Title: Typos\n'
        'Date: 2026-04-16\n'
        'Event: DjangoCon Eruope 2026\n'
        'Packages: djagno, hmtx\n'
        'Speakers: Melchiorre, Paolo\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/placeholders.md': (
        'Title: Placeholders\n'
        'Date: 2026-05-02\n'
        'Event: pycon-2026\n'
        'Speakers: Panel, et al, TBA\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/order.md': (
        'Title: Word order\n'
        'Date: 2026-05-03\n'
        'Event: pycon-2026\n'
        'Speakers: Pelucchi Mauro, Sam Smith (they/them), Paolo Nelchiorre\n'
        '\n'
        'Body.\n'
    ),
    'pycon-2026/order-too.md': (
        'Title: Word order too\n'
        'Date: 2026-05-03\n'
        'Event: pycon-2026\n'
        'Speakers: Mauro Pelucchi, Sam Smith\n'
        '\n'
        'Body.\n'
    ),
    'djangocon/semicolons.md': (
        'Title: Semicolons\n'
        'Date: 2026-04-17\n'
        'Event: djangocon-europe-2026\n'
        'Speakers: Gibson, Carlton; Lee, Ann\n'
        '\n'
        'Body.\n'
    ),
}
LATIN1 = ('x/latin1.md', b'Title: Caf\xe9\nDate: 2026-05-01\n\nBody.\n')


def test_every_example_in_the_checking_docs_is_real_output(tmp_path):
    content = write_files(tmp_path / "content", DOCS_DEMO)
    (content / LATIN1[0]).write_bytes(LATIN1[1])
    printed = run_check(SETTINGS_FILE, {"PATH": str(content)}).render().replace(
        str(content), "/path/to/content").splitlines()
    docs = (ROOT / "docs" / "checking.md").read_text(encoding="utf-8")
    examples = [line for block in docs.split("```text")[1:]
                for line in block.split("```")[0].splitlines()
                if line.startswith(("error: ", "warning: "))]
    assert len(examples) > 30
    missing = [line for line in examples if line not in printed]
    assert missing == [], "\n".join(missing)


def test_two_first_names_are_not_taken_for_last_first(tmp_path):
    content = write_files(tmp_path / "content", {
        "x/pair.md": "Title: Pair\nDate: 2026-05-01\nSpeakers: Benedikt, Carlton\n\nBody.\n",
        "x/carlton.md": "Title: C\nDate: 2026-05-02\nSpeakers: Carlton\n\nBody.\n",
        "x/reversed.md": "Title: R\nDate: 2026-05-01\nSpeakers: Raasch, Jan\n\nBody.\n",
        "x/jan.md": "Title: J\nDate: 2026-05-02\nSpeakers: Jan Raasch\n\nBody.\n",
        "x/suffix.md": "Title: S\nDate: 2026-05-02\nSpeakers: Martin King, Jr.; Ann Lee\n\nB.\n",
    })
    checked = run_check(SETTINGS_FILE, {"PATH": str(content)})
    last_first = [m for m in checked.warnings if "Last, First" in m]
    assert len(last_first) == 1, checked.render()
    assert last_first[0].startswith("x/reversed.md:") and "'Speakers: Jan Raasch'" in last_first[0]
