"""`invoke import-schedule`: turn a pretalx/frab schedule JSON export into draft notes.

The schedule is read and the whole import planned before anything is written (see
schedule_format.py for the format and schedule_notes.py for a note's text); then writes.py writes
the planned files all or nothing. The user's guide is docs/import-schedule.md.

What the plan holds:

- ``content/events/<slug>.md``: the event's profile (Name, Kind, Start, End, Timezone), unless a
  profile already answers to the conference's acronym or title.
- ``content/<event-slug>/<title-slug>.md``: a draft note per talk (breaks are left out), with a
  ``Uid``, a ``Room`` and an ``Imported`` digest. A talk already in a note (the same Uid, or the
  same title in a note of the event) gets no second note: an imported note the blogger has not
  changed is brought up to date with the schedule, any other note is left alone and the report
  says what the schedule says now.
- ``content/speakers/<slug>.md``: a profile for each speaker that no profile answers to yet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from confnotes.content.names import fold

from confnotes_tools.content import (
    RESERVED_FOLDERS,
    ProfileIndex,
    markdown_files,
    profile_names,
    read_header,
    render,
    slug_of,
)
from confnotes_tools.schedule_format import (
    Break,
    Conference,
    Person,
    Schedule,
    ScheduleError,
    Talk,
    load_schedule,
    parse_schedule,
)
from confnotes_tools.schedule_notes import note_text, untouched
from confnotes_tools.writes import Write, WriteError, write_all

__all__ = ["ImportReport", "ScheduleError", "import_schedule"]


@dataclass
class ImportReport:
    """What an import created, updated, left as it was (with the reason) and skipped as breaks."""

    created: list[Path] = field(default_factory=list)
    updated: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)

    def skip(self, path: Path, reason: str) -> None:
        """Record a file left as it was (once per file)."""
        if all(skipped != path for skipped, _ in self.skipped):
            self.skipped.append((path, reason))

    def lines(self, root: Path) -> list[str]:
        """The report as lines for the terminal, paths relative to `root` when inside it."""

        def shown(path: Path) -> Path:
            return path.relative_to(root) if path.is_relative_to(root) else path

        lines = [f"Created {shown(path)}" for path in self.created]
        lines += [f"Updated {shown(path)}: {what}" for path, what in self.updated]
        lines += [f"Skipped {shown(path)}: {reason}" for path, reason in self.skipped]
        lines += [f"Skipped the break {entry.title!r} ({_place(entry.when, entry.room)})"
                  for entry in self.breaks]
        lines.append(f"{len(self.created)} created, {len(self.updated)} updated, "
                     f"{len(self.skipped)} left as they were, {len(self.breaks)} break(s) skipped")
        return lines


def import_schedule(schedule: Path, content_dir: Path) -> ImportReport:
    """Import a schedule JSON export: plan everything, then write it all or nothing."""
    source = str(schedule)
    parsed = parse_schedule(load_schedule(Path(schedule)), source)
    report = ImportReport(breaks=list(parsed.breaks))
    writes = _Planner(parsed, Path(content_dir), report, source).plan()
    try:
        write_all(writes)
    except WriteError as error:
        raise ScheduleError(_write_failure(error)) from None
    return report


def _write_failure(error: WriteError) -> str:
    """The message for a failed write: the file, why, what was undone and what to do."""
    message = f"{error.path}: cannot write it ({error.reason}); "
    if error.kept:
        kept = ", ".join(str(path) for path in error.kept)
        message += (f"the import was undone except in {kept}, which changed while it ran or "
                    "could not be restored (left as they are now: check them). ")
    else:
        message += "nothing was imported. "
    return message + ("Fix the problem (permissions, disk space, a file changed while the "
                      "import ran) and import again.")


def _place(when: str, room: str) -> str:
    """"2026-04-15 14:30 in Room B", or the time alone when there is no room."""
    return f"{when} in {room}" if room else when


class _Planner:
    """Works out every file an import writes, recording in the report what it leaves alone."""

    def __init__(self, schedule: Schedule, content_dir: Path, report: ImportReport,
                 source: str) -> None:
        self.schedule = schedule
        self.content_dir = content_dir
        self.report = report
        self.source = source
        self.writes: list[Write] = []
        self.planned: set[Path] = set()

    def plan(self) -> list[Write]:
        """The files to write, in order: the event's profile, then each note and its speakers."""
        event_slug, event_names = self._event(self.schedule.conference)
        notes = _NoteIndex(self.content_dir, event_slug, event_names,
                           {talk.uid for talk in self.schedule.talks})
        speakers = ProfileIndex(self.content_dir, "speakers")
        titles = Counter(fold(talk.title) for talk in self.schedule.talks)
        matched: set[Path] = set()
        for talk, file_slug in _file_slugs(self.schedule.talks):
            existing = notes.by_uid.get(talk.uid)
            if existing is None and titles[fold(talk.title)] == 1:
                existing = notes.by_title(talk.title)
            if existing is None:
                self._new_note(talk, event_slug, file_slug)
            else:
                matched.add(existing)
                self._existing_note(talk, existing, event_slug)
            for person in talk.persons:
                self._speaker(person, speakers)
        for path in (path for path in notes.dropped if path not in matched):
            self.report.skip(path, "left alone: the schedule no longer lists this talk; delete "
                             "the note if the talk was cancelled")
        return self.writes

    def _add(self, path: Path, text: str, old: str | None = None) -> None:
        """Plan one write; a new file is reported as created."""
        self.writes.append(Write(path, text, old))
        self.planned.add(path)
        if old is None:
            self.report.created.append(path)

    def _event(self, conference: Conference) -> tuple[str, list[str]]:
        """Plan the event's profile unless one answers to the conference; its slug and names."""
        events = ProfileIndex(self.content_dir, "events")
        existing = events.find(conference.acronym, conference.title)
        if existing is not None:
            reason = f"the profile of {conference.title!r} already exists"
            if conference.timezone and "timezone" not in read_header(existing):
                reason += (f"; add the line \"Timezone: {conference.timezone}\" to record the "
                           "schedule's time zone")
            self.report.skip(existing, reason)
            return existing.stem, profile_names(existing)
        slug = slug_of(conference.acronym or conference.title)
        if slug in RESERVED_FOLDERS:
            raise ScheduleError(
                f"{self.source}: schedule.conference.acronym: the event slug {slug!r} is a folder "
                "reserved for profiles or static files; create content/events/<slug>.md with "
                "this conference's title as its Name, then import again")
        path = events.path_for(conference.acronym or conference.title)
        aliases = conference.acronym if conference.acronym not in ("", slug) else ""
        header = [("Name", conference.title), ("Aliases", aliases), ("Kind", "conference"),
                  ("Start", conference.start), ("End", conference.end),
                  ("Timezone", conference.timezone), ("Website", conference.url)]
        if path.exists():
            self.report.skip(path, "an event profile with this file name exists")
        else:
            self._add(path, render(header, ""))
        return slug, [slug, conference.title, conference.acronym]

    def _new_note(self, talk: Talk, event_slug: str, file_slug: str) -> None:
        """Plan a new note for a talk no note holds yet, unless its file name is taken."""
        path = self.content_dir / event_slug / f"{file_slug}.md"
        if path.exists() or path in self.planned:
            self.report.skip(path, f"a different note has this file name; the talk "
                             f"{talk.title!r} was not imported (rename that file and import "
                             "again)")
            return
        slug = file_slug if file_slug != slug_of(talk.title) else ""
        self._add(path, note_text(talk, event_slug, slug))

    def _existing_note(self, talk: Talk, path: Path, event_slug: str) -> None:
        """Bring an untouched imported note up to date; leave any other note alone."""
        text = path.read_text(encoding="utf-8", errors="replace")
        header = read_header(path)
        recorded = header.get("imported", "")
        if untouched(text, recorded):
            new = note_text(talk, header.get("event") or event_slug, header.get("slug", ""))
            if new == text:
                self.report.skip(path, "up to date with the schedule")
            else:
                self._add(path, new, old=text)
                what = _changes(header, talk) or "the talk's details changed in the schedule"
                self.report.updated.append((path, what))
            return
        if recorded:
            reason, now = "left alone: you edited it", "now says"
        elif header.get("uid") == talk.uid:
            reason, now = "left alone: it has no Imported line, so it is yours", "says"
        else:
            reason, now = f"left alone: your note for the talk {talk.title!r}", "says"
        moved = (talk.when != header.get("date", "")
                 or (talk.room and talk.room != header.get("room", "")))
        if moved:
            reason += f"; the schedule {now} {_place(talk.when, talk.room)}"
        self.report.skip(path, reason)

    def _speaker(self, person: Person, speakers: ProfileIndex) -> None:
        """Plan a speaker's profile unless a profile already answers to their name or slug."""
        existing = speakers.find(person.name)
        if existing is not None:
            if existing not in self.planned:
                self.report.skip(existing, f"the profile of {person.name!r} already exists")
            return
        path = speakers.path_for(person.name)
        if path.exists() or path in self.planned:
            self.report.skip(path, "a speaker profile with this file name exists")
            return
        self._add(path, render([("Name", person.name)], person.biography))
        speakers.add(path, [person.name])


class _NoteIndex:
    """The notes already under content/: by Uid, and the event's notes by folded title."""

    def __init__(self, content_dir: Path, event_slug: str, event_names: list[str],
                 schedule_uids: set[str]) -> None:
        self.by_uid: dict[str, Path] = {}
        self.dropped: list[Path] = []  # imported notes of the event whose talk is gone
        self._by_title: dict[str, list[Path]] = defaultdict(list)
        folded_names = {fold(name) for name in event_names if name}
        for path in markdown_files(content_dir):
            if path.relative_to(content_dir).parts[0] in RESERVED_FOLDERS:
                continue
            header = read_header(path)
            uid = header.get("uid", "")
            if uid:
                self.by_uid.setdefault(uid, path)
            event = header.get("event", "")
            of_event = (content_dir / event_slug in path.parents or fold(event) in folded_names
                        or (event and slug_of(event) == event_slug))
            if not of_event or uid in schedule_uids:
                continue
            if header.get("title"):
                self._by_title[fold(header["title"])].append(path)
            if uid and header.get("imported"):
                self.dropped.append(path)

    def by_title(self, title: str) -> Path | None:
        """The one note of the event with this title (folded), or None (none, or several)."""
        found = self._by_title.get(fold(title), [])
        return found[0] if len(found) == 1 else None


def _file_slugs(talks: tuple[Talk, ...]) -> list[tuple[Talk, str]]:
    """Give each talk a file slug; talks sharing a title get -2, -3... in date order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for number, talk in enumerate(talks):
        groups[slug_of(talk.title)].append(number)
    slugs: dict[int, str] = {}
    for base, numbers in groups.items():
        ordered = sorted(numbers, key=lambda n: (talks[n].when, talks[n].uid))
        for rank, number in enumerate(ordered, start=1):
            slugs[number] = base if rank == 1 else f"{base}-{rank}"
    return [(talk, slugs[number]) for number, talk in enumerate(talks)]


def _changes(header: dict[str, str], talk: Talk) -> str:
    """What moved, as "Date a -> b; Room c -> d" (empty when neither changed)."""
    changes = []
    for key, new in (("date", talk.when), ("room", talk.room)):
        old = header.get(key, "")
        if old != new:
            changes.append(f"{key.capitalize()} {old or '(none)'} -> {new or '(none)'}")
    return "; ".join(changes)
