"""Content checks that need the whole site: shared by the build (as warnings) and `check`."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from ..content.names import fold, last_first, split_names
from .duplicates import (
    ASIDE,
    TYPO,
    ProbableDuplicate,
    Spelling,
    close_event_names,
    package_duplicates,
    person_duplicates,
)
from .entities import Event
from .graph import Graph, NoteRecord, Problem, Profile

# The `-2`, `-3` ... a slug gets when another entity has it already.
_COUNTER_SLUG = re.compile(r"(?<=.)-[2-9]$|(?<=.)-[1-9][0-9]+$")


def site_problems(graph: Graph, notes: Iterable[NoteRecord],
                  profiles: Iterable[Profile]) -> list[Problem]:
    """Events without a profile (or misspelt), "Last, First" names and probable duplicate
    names, each naming its files."""
    notes, profiles = list(notes), list(profiles)
    problems = _events_without_profile(graph, notes)
    reversed_names = _last_first_names(graph, notes)
    problems += [problem for problem, _pieces in reversed_names]
    pieces = {piece for _problem, names in reversed_names for piece in names}
    speakers, packages = _spellings(graph, notes, profiles)
    by_event: dict[str, set[str]] = defaultdict(set)
    for talk in graph.talks:
        if talk.event is not None:
            by_event[talk.event.slug].update(s.slug for s in talk.speakers)
    talks_of: dict[str, set[int]] = defaultdict(set)  # not every pair: N speakers make N^2
    for number, talk in enumerate(graph.talks):
        for speaker in talk.speakers:
            talks_of[speaker.slug].add(number)
    for duplicate in person_duplicates(speakers, by_event):
        if (not talks_of[duplicate.first.slug] & talks_of[duplicate.second.slug]
                and not {duplicate.first.text, duplicate.second.text} & pieces):
            problems.append(_duplicate_problem(duplicate, "speaker", graph))
    for duplicate in package_duplicates(packages):
        problems.append(_duplicate_problem(duplicate, "package", graph))
    return problems + _room_duplicates(graph)


def _room_duplicates(graph: Graph) -> list[Problem]:
    """Rooms of one event whose names differ only by punctuation or spaces (`Main-Hall`,
    `MainHall`): probably one room.  `Room 1` and `Room 2` differ, and are never reported."""
    problems = []
    for event_slug, rooms in graph.event_rooms.items():
        seen: dict[str, str] = {}
        for room in rooms:
            key = re.sub(r"\W+", "", fold(room.name))
            if key not in seen:
                seen[key] = room.name
                continue
            talks = graph.room_talks.get(room.slug, [])
            where = room.source_path or (talks[0].source_path if talks else event_slug)
            problems.append(Problem(where, (
                f"the rooms {seen[key]!r} and {room.name!r} of {event_slug} are probably one "
                "room; write one spelling, or give the other as an Alias in "
                f"content/rooms/{event_slug}/<room-slug>.md."), duplicate=True))
    return problems


def _events_without_profile(graph: Graph, notes: list[NoteRecord]) -> list[Problem]:
    """One warning per event named in notes that has no profile."""
    first_use: dict[str, str] = {}
    for note in notes:
        event = graph.note_event.get(note.source_path)
        if event is not None and not event.source_path:
            first_use.setdefault(event.slug, note.source_path)
    profiled = [event for event in graph.events.values() if event.source_path]
    problems = []
    for slug, path in sorted(first_use.items()):
        event = graph.events[slug]
        meant = _closest_event(event, profiled)
        if meant is not None:
            problems.append(Problem(path, (
                f"event {event.name!r} has no profile, and is probably {meant.name!r} "
                f"misspelt ({meant.source_path}). Write 'Event: {meant.slug}' in the note (or "
                f"add {event.name!r} to the Aliases of {meant.source_path}).")))
        else:
            problems.append(Problem(path, (
                f"event {event.name!r} has no profile; create content/events/{slug}.md with "
                "its Name, Start, End and City.")))
    return problems


def _closest_event(event: Event, profiled: list[Event]) -> Event | None:
    """The profiled event whose name, slug or an alias is close to an unknown event's."""
    for known in profiled:
        names = (known.slug, known.name, *known.aliases)
        if any(close_event_names(given, name) for given in (event.name, event.slug)
               for name in names):
            return known
    return None


def _last_first_names(graph: Graph, notes: list[NoteRecord]
                      ) -> list[tuple[Problem, tuple[str, ...]]]:
    """Speakers written "Last, First": one name with a comma (when the header uses
    semicolons), or two single words that, turned around, are a speaker with a profile or
    other notes (or are neither of them known elsewhere). Each with the names it made, whose
    other warnings would say the same."""
    found = []
    for note in notes:
        raw = getattr(note.article, "speakers", None) if note.article is not None else None
        raw = ", ".join(raw) if isinstance(raw, list) else str(raw or "")
        for name in note.speakers:
            written = last_first(name)
            if written is not None:
                found.append((Problem(note.source_path, (
                    f"Speakers: {name!r} looks like a name written 'Last, First'; write it "
                    f"{written!r}.")), (name,)))
        pair = note.speakers
        if ";" not in raw and len(pair) == 2 and all(" " not in n for n in pair):
            written = f"{pair[1]} {pair[0]}"
            alone = not any(_used_elsewhere(graph, n, note) for n in pair)
            if alone or _used_elsewhere(graph, written, note):
                found.append((Problem(note.source_path, (
                    f"Speakers: '{pair[0]}, {pair[1]}' makes two speakers, {pair[0]!r} and "
                    f"{pair[1]!r}. If it is one person written 'Last, First', write "
                    f"'Speakers: {written}'.")), pair))
    return found


def _used_elsewhere(graph: Graph, name: str, note: NoteRecord) -> bool:
    """Whether a speaker name has a profile or is a speaker of another note."""
    speaker = graph.find_speaker(name)
    if speaker is None:
        return False
    if speaker.source_path:
        return True
    return any(talk.source_path != note.source_path
               for talk in graph.speaker_talks.get(speaker.slug, ()))


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

    def weight(spelling: Spelling) -> tuple[bool, bool, bool, int, int]:
        entity = find(spelling.slug)
        # Not a `-2` page, no "Dr.", no initials, no nickname or pronouns set apart.
        counted = _COUNTER_SLUG.search(spelling.slug) is not None and (
            _COUNTER_SLUG.sub("", spelling.slug) in (graph.speakers if kind == "speaker"
                                                    else graph.packages))
        plain = "." not in spelling.text and not ASIDE.search(spelling.text)
        return (bool(entity and entity.source_path), not counted, plain, len(spelling.files),
                len(spelling.text))

    keep, other = sorted((first, second), key=weight, reverse=True)
    keep_entity = find(keep.slug)
    profile = (keep_entity.source_path if keep_entity and keep_entity.source_path
               else f"content/{kind}s/{keep.slug}.md (create it, with 'Name: {keep.text}')")
    advice = f"If so, add {other.text!r} to the Aliases of {profile}; if not, ignore this."
    if duplicate.why == TYPO and weight(keep)[:4] == weight(other)[:4]:
        advice = "Correct the one that is misspelt; if both are right, ignore this."
    elif duplicate.why == TYPO:
        advice = (f"If {other.text!r} is the typo, correct it in {', '.join(other.files)}; "
                  "if both are right, ignore this.")
    return Problem(
        first.files[0],
        f"{kind}s {first.text!r} (in {', '.join(first.files)}) and {second.text!r} "
        f"(in {', '.join(second.files)}) are probably the same {kind} ({duplicate.why}). "
        + advice, duplicate=True)
