"""Feed entry ids that never change once published (see docs/feeds.md, "Entry ids").

A note's id is `urn:uuid:<its Uid header>`: the `new` task and the schedule importer write one,
and it survives any change of title, slug, file name, folder or domain.  A note without a Uid
gets a UUID5 of its Date (as written, without time zone) and its source path: stable across
domains, http/https and title or slug changes, but not across renaming or moving the file.
A talk of a multi-talk note is a UUID5 of its note's UUID and the talk's anchor.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

NAMESPACE = uuid.UUID("6b7f1d2e-3c1a-5e0b-9a51-c0f1e7a0b7e5")
"""confnotes' own UUID5 namespace: changing it would change every derived id."""


@dataclass(frozen=True)
class DuplicateUid:
    """Two notes that carry the same Uid: the later one gets an id of its own."""

    uid: str
    kept_by: str
    source_path: str

    def message(self) -> str:
        """What to tell the blogger."""
        return (f"{self.source_path}: its Uid {self.uid} is also the Uid of {self.kept_by}, so "
                "its feed entries get an id made from its file name instead. Give it a Uid of "
                "its own (python -c 'import uuid; print(uuid.uuid4())').")


def uid_of(article: Any) -> str:
    """The note's Uid header ('' when it has none)."""
    return str(getattr(article, "uid", "") or "").strip()


def source_key(article: Any) -> str:
    """The note's source path relative to the content folder, with / separators."""
    return article.relative_source_path.replace("\\", "/")


def wall_clock(moment: datetime) -> str:
    """A date as written in the header: local time, no offset (TIMEZONE may change)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def uid_uuid(uid: str) -> uuid.UUID:
    """A Uid as a UUID: itself when it is one, else a UUID5 of its text."""
    try:
        return uuid.UUID(uid)
    except ValueError:
        return uuid.uuid5(NAMESPACE, "uid:" + uid)


def fallback_uuid(date: datetime, path: str) -> uuid.UUID:
    """The id of a note without Uid: its Date as written and its source path."""
    return uuid.uuid5(NAMESPACE, f"note:{wall_clock(date)}:{path}")


def note_uuids(notes: Iterable[tuple[str, Any]]) -> tuple[dict[str, uuid.UUID],
                                                          list[DuplicateUid]]:
    """Every note's UUID by source key, from (source_key, article) pairs.

    Of notes sharing a Uid, the oldest (then the first by source key) keeps it.
    """
    uuids: dict[str, uuid.UUID] = {}
    owners: dict[uuid.UUID, str] = {}
    duplicates: list[DuplicateUid] = []
    for path, article in sorted(notes, key=lambda pair: (pair[1].date, pair[0])):
        uid = uid_of(article)
        if not uid:
            uuids[path] = fallback_uuid(article.date, path)
            continue
        value = uid_uuid(uid)
        if value in owners:
            duplicates.append(DuplicateUid(uid, owners[value], path))
            value = uuid.uuid5(value, "copy:" + path)
        else:
            owners[value] = path
        uuids[path] = value
    return uuids, duplicates


def talk_uuid(note: uuid.UUID, anchor: str) -> uuid.UUID:
    """The id of one talk of a multi-talk note (its anchor comes from its title)."""
    return uuid.uuid5(note, "talk:" + anchor)


def feed_uuid(site_name: str, feed_key: str) -> uuid.UUID:
    """A feed's own id, from the site's name and what the feed follows."""
    return uuid.uuid5(NAMESPACE, f"feed:{site_name}:{feed_key}")


def urn(value: uuid.UUID) -> str:
    """A UUID as an absolute IRI, fit for atom:id, an RSS guid and a JSON Feed id."""
    return value.urn
