"""What the last build wrote, and from what: lets a rebuild skip unchanged pages.

The manifest lives in Pelican's CACHE_PATH.  Its key digests everything a page's fingerprint
does not: the plugin's code, the theme's files and the settings.  When the key differs, the
manifest is ignored and every page is rendered.

It also keeps, for every source file, a digest of its shape (what other pages can list of it:
headers, talks, mentions) and of its text, and for every page the source files it shows.
When the only change since the last build is the text of some notes, a rebuild need not even
fingerprint the pages that show none of them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "confnotes-pages.pickle"
# Settings that never change a page.  DEBUG is set by Pelican's command line and not by
# `read_settings`, so `invoke build` and `invoke livereload` share one cache only without it.
_VOLATILE_SETTINGS = frozenset({"OUTPUT_PATH", "CACHE_PATH", "DELETE_OUTPUT_DIRECTORY",
                                "LOAD_CONTENT_CACHE", "CACHE_CONTENT", "DEBUG"})


SourceState = tuple[str, str]
"""A source file's (shape digest, text digest); a profile or page has its whole digest twice."""


@dataclass
class Manifest:
    """Output paths, the fingerprints they were rendered from and the sources they show."""

    key: str
    pages: dict[str, str] = field(default_factory=dict)
    shows: dict[str, frozenset[str]] = field(default_factory=dict)
    sources: dict[str, SourceState] = field(default_factory=dict)

    def changed_texts(self, sources: Mapping[str, SourceState]) -> frozenset[str] | None:
        """The sources whose text alone changed since this manifest was made; None when
        anything else did (a source added or removed, a header, a talk, a mention)."""
        if not self.sources or self.sources.keys() != sources.keys():
            return None
        changed = set()
        for path, (shape, text) in sources.items():
            old_shape, old_text = self.sources[path]
            if shape != old_shape:
                return None
            if text != old_text:
                changed.add(path)
        return frozenset(changed)


def build_key(settings: Mapping[str, Any]) -> str:
    """A digest of the plugin's code, the theme's files and the plain-valued settings."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent.parent  # every module of the plugin, in every stage
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    theme = Path(str(settings.get("THEME", "")))
    if theme.is_dir():
        for path in sorted(p for p in theme.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(theme)).encode())
            digest.update(path.read_bytes())
    plain = {k: _plain(v) for k, v in sorted(settings.items()) if k not in _VOLATILE_SETTINGS}
    digest.update(repr(plain).encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    """Settings values as plain data; anything else by type only (its repr may hold addresses)."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, Mapping):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    return type(value).__name__


def load(cache_path: str, key: str) -> Manifest:
    """The last build's manifest if it was made with the same key, else an empty one."""
    try:
        with (Path(cache_path) / MANIFEST_NAME).open("rb") as stream:
            manifest = pickle.load(stream)
    except Exception:  # missing, cut short, or from other code: as if there were none
        return Manifest(key)
    if not isinstance(manifest, Manifest) or manifest.key != key:
        return Manifest(key)
    return manifest


def save(cache_path: str, manifest: Manifest) -> None:
    """Write the manifest (a cache file, not part of the site), in place of the last one
    only once it is whole.

    A page showing a file that is not a known source is left out of `shows`, so it is always
    fingerprinted.  Pickled: sets of sources that pages share are written once, and loading
    takes a third of the time JSON did.
    """
    known = manifest.sources.keys()
    kept = Manifest(manifest.key, manifest.pages,
                    {page: shown for page, shown in manifest.shows.items() if shown <= known},
                    manifest.sources)
    folder = Path(cache_path)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{MANIFEST_NAME}.partial"
    with partial.open("wb") as stream:
        pickle.dump(kept, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / MANIFEST_NAME)
