"""Content checks that need the whole site: shared by the build (as warnings) and `check`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .duplicates import ProbableDuplicate, Spelling, package_duplicates, person_duplicates
from .index import Graph, NoteRecord, Problem, Profile
from .names import split_names


def site_problems(graph: Graph, notes: Iterable[NoteRecord],
                  profiles: Iterable[Profile]) -> list[Problem]:
    """Events without a profile and probable duplicate names, each naming its files."""
    notes, profiles = list(notes), list(profiles)
    problems = _events_without_profile(graph, notes)
    speakers, packages = _spellings(graph, notes, profiles)
    by_event: dict[str, set[str]] = defaultdict(set)
    for talk in graph.talks:
        if talk.event is not None:
            by_event[talk.event.slug].update(s.slug for s in talk.speakers)
    together = {frozenset((a.slug, b.slug)) for talk in graph.talks
                for a in talk.speakers for b in talk.speakers if a != b}
    for duplicate in person_duplicates(speakers, by_event):
        if frozenset((duplicate.first.slug, duplicate.second.slug)) not in together:
            problems.append(_duplicate_problem(duplicate, "speaker", graph))
    for duplicate in package_duplicates(packages):
        problems.append(_duplicate_problem(duplicate, "package", graph))
    return problems


def _events_without_profile(graph: Graph, notes: list[NoteRecord]) -> list[Problem]:
    """One warning per event named in notes that has no profile."""
    first_use: dict[str, str] = {}
    for note in notes:
        event = graph.note_event.get(note.source_path)
        if event is not None and not event.source_path:
            first_use.setdefault(event.slug, note.source_path)
    return [Problem(path, f"event {graph.events[slug].name!r} has no profile; add "
                          f"events/{slug}.md with its Name, Start, End and City.")
            for slug, path in sorted(first_use.items())]


def _spellings(graph: Graph, notes: list[NoteRecord],
               profiles: list[Profile]) -> tuple[list[Spelling], list[Spelling]]:
    """Every distinct spelling of speaker and package names, with the files using it."""
    speaker_files: dict[str, list[str]] = defaultdict(list)
    package_files: dict[str, list[str]] = defaultdict(list)
    for note in notes:
        names = [*note.speakers, *(n for s in note.sections for n in s.speaker_names)]
        for name in dict.fromkeys(names):
            speaker_files[name].append(note.source_path)
        for name in dict.fromkeys(note.packages):
            package_files[name].append(note.source_path)
    for profile in profiles:
        target = {"speaker": speaker_files, "package": package_files}.get(profile.kind)
        if target is not None:
            for name in [profile.get("name") or profile.slug, *split_names(profile.get("aliases"))]:
                target[name].append(profile.source_path)
    speakers = [Spelling(name, entity.slug, tuple(files)) for name, files in speaker_files.items()
                if (entity := graph.find_speaker(name)) is not None]
    packages = [Spelling(name, entity.slug, tuple(files)) for name, files in package_files.items()
                if (entity := graph.find_package(name)) is not None]
    return speakers, packages


def _duplicate_problem(duplicate: ProbableDuplicate, kind: str, graph: Graph) -> Problem:
    """A warning naming both spellings, every file that uses each, and the alias to add."""
    first, second = duplicate.first, duplicate.second
    find = graph.find_speaker if kind == "speaker" else graph.find_package

    def weight(spelling: Spelling) -> tuple[bool, bool, int, int]:
        entity = find(spelling.slug)
        plain = "." not in spelling.text  # no "Dr." and no initials
        return (bool(entity and entity.source_path), plain, len(spelling.files),
                len(spelling.text))

    keep, other = sorted((first, second), key=weight, reverse=True)
    keep_entity = find(keep.slug)
    profile = (keep_entity.source_path if keep_entity and keep_entity.source_path
               else f"{kind}s/{keep.slug}.md")
    return Problem(
        first.files[0],
        f"{kind}s {first.text!r} (in {', '.join(first.files)}) and {second.text!r} "
        f"(in {', '.join(second.files)}) are probably the same {kind} ({duplicate.why}). "
        f"If so, add {other.text!r} to the Aliases of {profile}; if not, ignore this.",
        duplicate=True)
