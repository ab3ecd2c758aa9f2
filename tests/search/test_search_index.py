"""The search index's layout and contents: one copy of Pagefind's program for all the parts,
a multi-talk note's introduction kept out of the talks' filters, and aliases indexed.

Searching itself, in a browser, is proven in tests/browser/test_search.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from confnotes.search.index import index_site, is_program_file, plan_index

FIVE_NOTES = {f"ev/note-{n}.md": f"Title: Note {n}\nDate: 2026-05-0{n}\nEvent: Example Con\n\n"
              f"Body {n}.\n" for n in range(1, 6)}

LIGHTNING = """\
Title: Lightning talks
Date: 2026-05-01
Event: Example Con
Kind: lightning
Speakers: Ann Lee
Packages: djangorestframework

{intro}## First talk - Ann Lee

About tokens in djangorestframework.

## Second talk - Bob Ray

About nothing.
"""

SINGLE = "Title: Single\nDate: 2026-05-02\nEvent: Example Con\nSpeakers: Ann Lee\n\nBody.\n"

PROFILES = {
    "speakers/ann-lee.md": "Name: Ann Lee\nAliases: Annie Leigh\n\nA speaker.\n",
    "packages/djangorestframework.md": "Name: Django REST framework\nAliases: DRF\n\nAPIs.\n",
}


def program_files(bundle: Path) -> list[str]:
    """Every file of Pagefind's program in the bundle, relative to it."""
    return sorted(str(path.relative_to(bundle)) for path in bundle.rglob("*")
                  if path.is_file() and is_program_file(path.name))


def listing(bundle: Path) -> list[str]:
    """The parts the search page loads, as it reads them."""
    return json.loads((bundle / "confnotes-parts.json").read_text(encoding="utf-8"))["parts"]


def test_the_parts_share_one_copy_of_pagefinds_program_at_the_bundles_root(make_site):
    site = make_site(FIVE_NOTES)
    bundle = site.output / "pagefind"
    report = index_site(site.output, part_size=2)
    assert report.parts > 1
    parts = listing(bundle)
    assert parts[0] == "./" and all(part.startswith("part-") for part in parts[1:]), parts
    assert program_files(bundle) == ["pagefind-worker.js", "pagefind.js", "wasm.en.pagefind",
                                     "wasm.unknown.pagefind"]
    for part in parts:
        assert (bundle / part / "pagefind-entry.json").is_file(), part
    assert not list(bundle.rglob("pagefind-ui.*")), "Pagefind's own UI is not used or shipped"


def test_an_index_written_with_a_program_in_each_part_is_tidied(make_site):
    """An index from before (each part in `part-N/` with its own program) loses the copies
    and its old folders on the next indexing."""
    site = make_site(FIVE_NOTES)
    bundle = site.output / "pagefind"
    index_site(site.output, part_size=2)
    old = bundle / "part-1"
    old.mkdir()
    (old / "pagefind.js").write_text("old", encoding="utf-8")
    for part in listing(bundle)[1:]:
        (bundle / part / "pagefind.js").write_text("old", encoding="utf-8")
        (bundle / part / "pagefind-ui.css").write_text("old", encoding="utf-8")
    report = index_site(site.output, part_size=2)
    assert report.rebuilt == 0
    assert not old.exists()
    assert program_files(bundle) == ["pagefind-worker.js", "pagefind.js", "wasm.en.pagefind",
                                     "wasm.unknown.pagefind"]
    assert not list(bundle.rglob("pagefind-ui.*"))


def test_a_root_part_without_its_program_is_built_again(make_site):
    site = make_site(FIVE_NOTES)
    bundle = site.output / "pagefind"
    index_site(site.output, part_size=2)
    (bundle / "pagefind.js").unlink()
    report = index_site(site.output, part_size=2)
    assert report.rebuilt == 1 and (bundle / "pagefind.js").is_file()


def test_a_lightning_notes_introduction_is_a_result_without_filters(make_site):
    site = make_site({"ev/lightning.md": LIGHTNING.format(intro="Welcome to the slot.\n\n")})
    records = {record.url: record for record in plan_index(site.output).records}
    intro = records["/example-con/lightning/"]
    assert "Welcome to the slot." in intro.content and intro.filters == {}
    assert intro.meta["title"] == "Lightning talks" and "kind" not in intro.meta  # no badge
    talks = [record for url, record in records.items() if "#" in url]
    assert [t.filters["kind"] for t in talks] == [["lightning"], ["lightning"]]
    report = index_site(site.output)
    assert (report.pages, report.records) == (0, 2), "talks are counted, not introductions"


def test_a_lightning_note_without_an_introduction_gives_only_its_talks(make_site):
    site = make_site({"ev/lightning.md": LIGHTNING.format(intro="")})
    urls = [record.url for record in plan_index(site.output).records]
    assert urls == ["/example-con/lightning/#first-talk", "/example-con/lightning/#second-talk"]


def test_aliases_of_speakers_and_packages_are_indexed_with_their_talks(make_site):
    site = make_site({**PROFILES, "ev/lightning.md": LIGHTNING.format(intro=""),
                      "ev/single.md": SINGLE})
    plan = plan_index(site.output)
    first, second = plan.records
    assert first.content.endswith("Annie Leigh DRF"), first.content
    assert "Annie" not in second.content and "DRF" not in second.content  # Bob Ray's talk
    assert "Annie" not in json.dumps([first.meta, first.filters])  # never shown
    (single,) = plan.pages
    assert single.aliases == ("Annie Leigh",)
    indexed = single.contents()
    assert '<div data-pagefind-body hidden>Annie Leigh</div></body>' in indexed
    assert "Annie" not in single.path.read_text(encoding="utf-8"), "the page itself is as built"


def test_changing_an_alias_rebuilds_the_part_holding_its_talks(make_site):
    site = make_site({**PROFILES, "ev/single.md": SINGLE})
    assert index_site(site.output).rebuilt == 1
    assert index_site(site.output).rebuilt == 0
    speakers = site.output / "api" / "speakers.json"
    speakers.write_text(speakers.read_text(encoding="utf-8").replace("Annie Leigh", "Annie L."),
                        encoding="utf-8")
    assert index_site(site.output).rebuilt == 1
