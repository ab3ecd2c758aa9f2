"""The archive-scale bench: the five figures of "Build speed at archive scale", in one run.

For each corpus size, cold builds alternate between four variants, each into an emptied output
folder with an emptied cache (deleting them is not timed):

- ``confnotes``: the full build, two page-writing workers: Pelican with the plugin (pages, feeds,
  exports), then the Pagefind search index, as ``invoke build`` does;
- ``confnotes-w1``: the same Pelican build with one worker (no index: it does not use workers);
  its output must equal the two-worker one byte for byte (pagefind/ aside: see `compare_trees`);
- ``plain``: plain Pelican on the same notes: its default theme, its default feeds, author,
  category and tag pages;
- ``hugo``: Hugo on an equivalent site (bench/hugo.py), with speaker, event, series, tag and
  package taxonomies and their RSS feeds.

Then, in the warm ``confnotes`` output, one note is edited and the site rebuilt incrementally
(content cache and page manifest kept); the files whose mtime changed are counted and the
note's page is checked for the edit.  Memory is measured for the whole process tree.
"""

from __future__ import annotations

import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import hugo
from bench.corpus import CorpusStats, generate_corpus
from bench.live import LiveResult, measure_live
from bench.measure import PelicanRun, ProcessRun, run_pelican
from bench.runner import project_root, settings_header

VARIANTS = ("confnotes", "plain", "hugo", "confnotes-w1")
WORKERS = {"confnotes": 2, "confnotes-w1": 1}
BASE_NOTES = 5000
TARGET_EDIT_SECONDS = 2.0
TARGET_PEAK_MIB = 1024.0
TARGET_GROWTH = 4.4
NONDETERMINISTIC = ("pagefind",)  # Pagefind names its fragment and filter files at random
# Plain Pelican's defaults for these (ours switch its feeds and author pages off).
PELICAN_DEFAULTS = (
    "FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS", "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS",
    "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS", "AUTHOR_URL", "AUTHOR_SAVE_AS",
    "AUTHORS_SAVE_AS", "CATEGORY_URL", "CATEGORY_SAVE_AS", "CATEGORIES_SAVE_AS", "TAG_URL",
    "TAG_SAVE_AS", "TAGS_SAVE_AS", "TAGS_URL",
)
WHAT = {"confnotes": "cold, 2 workers", "confnotes-w1": "cold, 1 worker, no index",
        "plain": "cold, default theme+feeds", "hugo": "cold"}
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Build:
    """One build of one variant, measured."""

    variant: str
    seconds: float  # the whole build: Pelican (+ index), timed in the child; Hugo: wall time
    pelican_seconds: float
    index_seconds: float
    cpu_seconds: float  # the whole process tree
    max_rss_mib: float  # the largest single process of the tree
    peak_pss_mib: float  # the largest sampled total of the live tree
    files: int
    pages: int
    warnings: int = 0
    failure: str = ""
    self_mib: float = 0.0  # the build process's own peak RSS
    children_mib: float = 0.0  # the largest peak RSS among its workers and the Pagefind binary
    other_cpu_seconds: float = 0.0  # CPU other processes of the machine used meanwhile

    @property
    def ok(self) -> bool:
        """True when the build succeeded."""
        return not self.failure

    @property
    def peak_mib(self) -> float:
        """The memory figure judged against the target: the larger of the two measures."""
        return max(self.max_rss_mib, self.peak_pss_mib)


@dataclass(frozen=True)
class Edit:
    """An incremental rebuild after editing one note."""

    build: Build
    note: str
    rewritten: int  # files whose mtime changed, pagefind/ aside
    added: int
    removed: int
    index_rewritten: int  # files under pagefind/ rewritten, added or removed
    edit_seen: bool


@dataclass(frozen=True)
class TreeDiff:
    """Two output folders compared byte for byte."""

    files: int
    differing: tuple[str, ...]
    excluded: tuple[str, ...]

    @property
    def identical(self) -> bool:
        """True when every compared file exists in both with the same bytes."""
        return not self.differing


@dataclass(frozen=True)
class SizeResult:
    """Everything measured on one corpus."""

    notes: int
    corpus: CorpusStats
    builds: dict[str, list[Build]]
    edits: list[Edit]
    workers_diff: TreeDiff | None
    indexed: bool
    edit_indexed: bool
    hugo_version: str = ""
    live: LiveResult | None = None

    def median(self, variant: str, attribute: str = "seconds") -> float:
        """The median of one attribute over a variant's builds."""
        return statistics.median(getattr(b, attribute) for b in self.builds[variant])

    def edit_median(self, attribute: str = "seconds") -> float:
        """The median of one attribute over the incremental builds."""
        return statistics.median(getattr(e.build, attribute) for e in self.edits)


def settings_text(variant: str, content: Path, output: Path, cache: Path, root: Path) -> str:
    """The Python source of an archive-bench settings file."""
    lines = [
        *settings_header(content, output, root),
        f"CACHE_PATH = {str(cache)!r}",
        "DELETE_OUTPUT_DIRECTORY = False  # the bench empties it before a cold build",
    ]
    if variant.startswith("confnotes"):
        return "\n".join([*lines, "CACHE_CONTENT = True", "LOAD_CONTENT_CACHE = True"]) + "\n"
    if variant != "plain":
        raise ValueError(f"unknown variant {variant!r}")
    lines += [
        "CACHE_CONTENT = False",
        "LOAD_CONTENT_CACHE = False",
        "from pelican.settings import DEFAULT_CONFIG as _DEFAULTS",
        "PLUGINS = []",
        'THEME = _DEFAULTS["THEME"]',
        f"for _name in {PELICAN_DEFAULTS!r}:",
        "    if _name in _DEFAULTS:",
        "        globals()[_name] = _DEFAULTS[_name]",
        "    else:",
        "        globals().pop(_name, None)",
    ]
    return "\n".join(lines) + "\n"


def snapshot_project(root: Path, dest: Path) -> str:
    """Copy the settings, plugin and theme into `dest`; describe the state they were copied in.

    Builds use the copy, so edits made to the project while the bench runs cannot change its
    figures halfway (a theme edit would make every page differ, and re-render them all).
    """
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copy2(root / "pelicanconf.py", dest / "pelicanconf.py")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("plugins", "theme"):
        shutil.copytree(root / folder, dest / folder, ignore=ignore)
    git = ["git", "-C", str(root)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False).stdout.strip() or "unknown"
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "pelicanconf.py", "plugins",
                            "theme"], capture_output=True, text=True, check=False).stdout
    changed = len(dirty.splitlines())
    return (f"project snapshot of {time.strftime('%Y-%m-%d %H:%M')}: commit {head}"
            + (f" + {changed} uncommitted file(s) in pelicanconf.py, plugins/, theme/"
               if changed else ", clean"))


def _files(output: Path) -> Iterator[Path]:
    """Every file under `output`."""
    for folder, _, names in os.walk(output):
        for name in names:
            yield Path(folder) / name


def count_files(output: Path) -> tuple[int, int]:
    """(files, .html pages) under `output`."""
    files = list(_files(output)) if output.is_dir() else []
    return len(files), sum(1 for f in files if f.suffix == ".html")


def snapshot(output: Path) -> dict[str, int]:
    """Every file's mtime in nanoseconds, by path relative to `output`."""
    return {str(path.relative_to(output)): path.stat().st_mtime_ns for path in _files(output)}


def _under(relative: str, folders: tuple[str, ...]) -> bool:
    """True when `relative` lies in one of the top-level `folders`."""
    return relative.split(os.sep, 1)[0] in folders


def compare_trees(first: Path, second: Path,
                  exclude: tuple[str, ...] = NONDETERMINISTIC) -> TreeDiff:
    """Compare two folders byte for byte, skipping the top-level folders in `exclude`."""
    names = {str(p.relative_to(first)) for p in _files(first)}
    names |= {str(p.relative_to(second)) for p in _files(second)}
    compared = sorted(n for n in names if not _under(n, exclude))
    differing = []
    for name in compared:
        a, b = first / name, second / name
        if not (a.is_file() and b.is_file()) or a.read_bytes() != b.read_bytes():
            differing.append(name)
    return TreeDiff(files=len(compared), differing=tuple(differing), excluded=exclude)


def _from_pelican(variant: str, run: PelicanRun, output: Path) -> Build:
    """A Build from a measured Pelican child."""
    files, pages = count_files(output)
    return Build(variant=variant, seconds=run.seconds, pelican_seconds=run.pelican_seconds,
                 index_seconds=run.index_seconds, cpu_seconds=run.process.cpu_seconds,
                 max_rss_mib=max(run.process.max_rss_mib, run.self_mib, run.children_mib),
                 peak_pss_mib=run.process.peak_pss_mib, files=files, pages=pages,
                 warnings=run.warnings, failure="" if run.ok else (
                     run.failure or f"exit code {run.process.returncode}"),
                 self_mib=run.self_mib, children_mib=run.children_mib,
                 other_cpu_seconds=run.process.other_cpu_seconds)


def _from_hugo(run: ProcessRun, output: Path) -> Build:
    """A Build from a measured Hugo process."""
    files, pages = count_files(output)
    failure = "" if run.returncode == 0 else f"exit code {run.returncode}: {run.stderr[-1500:]}"
    return Build(variant="hugo", seconds=run.wall_seconds, pelican_seconds=0.0,
                 index_seconds=0.0, cpu_seconds=run.cpu_seconds, max_rss_mib=run.max_rss_mib,
                 peak_pss_mib=run.peak_pss_mib, files=files, pages=pages, failure=failure,
                 self_mib=run.max_rss_mib, other_cpu_seconds=run.other_cpu_seconds)


@dataclass(frozen=True)
class _Setup:
    """One corpus folder ready to build: its settings files, outputs and Hugo site."""

    folder: Path
    settings: dict[str, Path]
    hugo_site: Path
    hugo_binary: Path
    python: str

    def output(self, variant: str) -> Path:
        """Where a variant writes."""
        return self.folder / f"output-{variant}"

    def cache(self, variant: str) -> Path:
        """A variant's own cache folder."""
        return self.folder / f"cache-{variant}"


def _prepare(folder: Path, root: Path, python: str, hugo_binary: Path, *,
             with_hugo: bool = True) -> _Setup:
    """Write settings for the Pelican variants and (when `with_hugo`) the Hugo site."""
    content = folder / "content"
    settings = {}
    for variant in VARIANTS:
        if variant == "hugo":
            continue
        path = folder / f"bench_{variant.replace('-', '_')}.py"
        path.write_text(settings_text(variant, content, folder / f"output-{variant}",
                                      folder / f"cache-{variant}", root), encoding="utf-8")
        settings[variant] = path
    site = folder / "hugo-site"
    if with_hugo:
        shutil.rmtree(site, ignore_errors=True)
        hugo.write_site(content, site)
    return _Setup(folder, settings, site, hugo_binary, python)


def cold_build(setup: _Setup, variant: str, *, index: bool,
               profile: Path | None = None) -> Build:
    """Empty a variant's output and cache, then build it and measure."""
    output = setup.output(variant)
    if variant == "hugo":
        return _from_hugo(hugo.build(setup.hugo_site, output, setup.hugo_binary), output)
    for folder in (output, setup.cache(variant)):
        shutil.rmtree(folder, ignore_errors=True)
    run = run_pelican(setup.settings[variant], index=index and variant == "confnotes",
                      workers=WORKERS.get(variant), profile=profile, python=setup.python)
    return _from_pelican(variant, run, output)


def edited_note(content: Path) -> Path:
    """The note the edit step changes: the middle one, by path, of those with an event."""
    skip = {"events", "speakers", "packages", "pages", "misc"}
    notes = sorted(p for p in content.glob("*/*.md") if p.parent.name not in skip)
    return notes[len(notes) // 2]


def edit_note(path: Path, marker: str) -> None:
    """Add a sentence carrying `marker` at the end of the note's first paragraph."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    first, sep, rest = body.partition("\n\n")
    path.write_text(f"{head}\n\n{first} This sentence was added by the bench: {marker}.{sep}{rest}",
                    encoding="utf-8")


def page_of(output: Path, note: Path) -> Path | None:
    """The page a note was written to, from the site's notes export."""
    notes = json.loads((output / "api" / "notes.json").read_text(encoding="utf-8"))
    wanted = f"{note.parent.name}/{note.stem}"
    for entry in notes["notes"]:
        if entry["id"] == wanted:
            return output / entry["url"].lstrip("/") / "index.html"
    return None


def edit_build(setup: _Setup, repeat: int, *, index: bool) -> Edit:
    """Edit one note, rebuild into the warm output, count what changed."""
    output = setup.output("confnotes")
    note = edited_note(setup.folder / "content")
    marker = f"benchedit{repeat:03d}"
    before = snapshot(output)
    edit_note(note, marker)
    run = run_pelican(setup.settings["confnotes"], index=index, workers=WORKERS["confnotes"],
                      python=setup.python)
    after = snapshot(output)
    changed = {n for n in before.keys() & after.keys() if before[n] != after[n]}
    added, removed = after.keys() - before.keys(), before.keys() - after.keys()
    index_files = {n for n in changed | added | removed if _under(n, NONDETERMINISTIC)}
    page = page_of(output, note) if run.ok else None
    seen = bool(page and page.is_file() and marker in page.read_text(encoding="utf-8"))
    return Edit(build=_from_pelican("confnotes", run, output),
                note=str(note.relative_to(setup.folder / "content")),
                rewritten=len(changed - index_files), added=len(added - index_files),
                removed=len(removed - index_files), index_rewritten=len(index_files),
                edit_seen=seen)


def bench_size(folder: Path, notes: int, repeats: int, *, root: Path, python: str,
               hugo_binary: Path, index: bool, edit_index: bool,
               progress: Progress | None) -> SizeResult:
    """Generate one corpus and take every measurement on it."""
    say = progress or (lambda _message: None)
    start = time.perf_counter()
    corpus = generate_corpus(folder, notes)
    say(f"corpus of {notes} notes in {time.perf_counter() - start:.1f} s: {corpus}")
    start = time.perf_counter()
    setup = _prepare(folder, root, python, hugo_binary)
    say(f"Hugo site written in {time.perf_counter() - start:.1f} s")
    builds: dict[str, list[Build]] = {v: [] for v in VARIANTS}
    for repeat in range(repeats):
        for variant in VARIANTS if repeat % 2 == 0 else tuple(reversed(VARIANTS)):
            build = cold_build(setup, variant, index=index)
            builds[variant].append(build)
            say(f"{notes} notes, {variant} cold #{repeat + 1}: {_describe(build)}")
    workers_diff = compare_trees(setup.output("confnotes"), setup.output("confnotes-w1"))
    say(f"{notes} notes, 1 vs 2 workers: {len(workers_diff.differing)} of "
        f"{workers_diff.files} files differ")
    edits = []
    for repeat in range(repeats):
        edit = edit_build(setup, repeat, index=edit_index)
        edits.append(edit)
        say(f"{notes} notes, edit #{repeat + 1} ({edit.note}): {_describe(edit.build)}, "
            f"{edit.rewritten} files rewritten, edit seen: {edit.edit_seen}")
    live = live_edits(setup, root, max(3, repeats))
    for number, change in enumerate(live.edits, 1):
        say(f"{notes} notes, live edit #{number}: page updated {change.save_to_page:.2f} s "
            f"after saving (refresh {change.refresh:.2f} s, {change.kind}, "
            f"{change.rewritten} files rewritten{', ' + change.reason if change.reason else ''})")
    return SizeResult(notes=notes, corpus=corpus, builds=builds, edits=edits,
                      workers_diff=workers_diff, indexed=index, edit_indexed=edit_index,
                      hugo_version=hugo.hugo_version(hugo_binary), live=live)


def live_edits(setup: _Setup, root: Path, repeats: int) -> LiveResult:
    """Edit the note through a live session on the warm confnotes output (no search index)."""
    output = setup.output("confnotes")
    note = edited_note(setup.folder / "content")
    page = page_of(output, note)
    if page is None:
        return LiveResult(0.0, [], failure=f"no page found for {note}")
    return measure_live(setup.settings["confnotes"], lambda marker: edit_note(note, marker),
                        page, repeats,
                        plugins=root / "plugins", python=setup.python,
                        workers=WORKERS["confnotes"])


def _describe(build: Build) -> str:
    """One progress line's worth of a build."""
    text = (f"{build.seconds:.2f} s (index {build.index_seconds:.1f} s), "
            f"{build.peak_mib:.0f} MiB, {build.files} files")
    return text if build.ok else f"{text}, FAILED: {build.failure[:300]}"


def profile_build(folder: Path, root: Path, python: str, hugo_binary: Path,
                  lines: int = 25) -> str:
    """A cProfile of one cold one-worker confnotes build, top `lines` by cumulative time."""
    setup = _prepare(folder, root, python, hugo_binary, with_hugo=False)
    stats_file = folder / "confnotes-w1.prof"
    build = cold_build(setup, "confnotes-w1", index=False, profile=stats_file)
    if not stats_file.exists():
        return f"profile failed: {build.failure}"
    out = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(lines)
    return f"cProfile, {build.seconds:.1f} s one-worker cold build (profiled):\n{out.getvalue()}"


def run_archive(notes_list: list[int], repeats: int = 1, workdir: Path | None = None, *,
                base: int = BASE_NOTES, index: bool = True, edit_index: bool = True,
                profile: bool = False, root: Path | None = None, python: str = sys.executable,
                progress: Progress | None = None) -> tuple[list[SizeResult], str]:
    """Measure every size (and `base`, for growth) with a snapshot of the project at `root`.

    Returns the results and a text to print after them: the snapshot, then any profile.
    """
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="confnotes-archive-") as tmp:
            return run_archive(notes_list, repeats, Path(tmp), base=base, index=index,
                               edit_index=edit_index, profile=profile, root=root,
                               python=python, progress=progress)
    project = snapshot_project(root or project_root(), Path(workdir) / "project")
    if progress:
        progress(project)
    root = Path(workdir) / "project"
    binary = hugo.find_hugo(python)
    sizes = sorted({base, *notes_list})
    results = []
    for notes in sizes:
        folder = Path(workdir) / f"archive-n{notes}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        results.append(bench_size(folder, notes, repeats, root=root, python=python,
                                  hugo_binary=binary, index=index, edit_index=edit_index,
                                  progress=progress))
    footer = project
    if profile:
        largest = Path(workdir) / f"archive-n{sizes[-1]}"
        footer += "\n\n" + profile_build(largest, root, python, binary)
    return results, footer


def _ratio(ours: float, theirs: float) -> str:
    """`ours / theirs` as ``2.31x``, or ``-``."""
    return f"{ours / theirs:.2f}x" if theirs > 0 else "-"


def _met(value: float, target: float) -> str:
    """Whether a figure meets its (upper-bound) target."""
    return "met" if value <= target else "NOT met"


def _row(what: str, builds: list[Build]) -> list[str]:
    """One table row: medians over `builds`."""
    def med(attribute: str) -> float:
        return statistics.median(getattr(b, attribute) for b in builds)

    bad = [b for b in builds if not b.ok]
    return [builds[0].variant, what, f"{med('seconds'):.2f}", f"{med('pelican_seconds'):.2f}",
            f"{med('index_seconds'):.2f}", f"{med('cpu_seconds'):.2f}",
            f"{med('max_rss_mib'):.0f}", f"{med('peak_pss_mib'):.0f}",
            str(max(b.files for b in builds)), str(max(b.pages for b in builds)),
            f"{med('other_cpu_seconds'):.1f}",
            "ok" if not bad else f"FAILED: {bad[0].failure.splitlines()[-1][:120]}"]


def format_size_table(result: SizeResult) -> str:
    """The table of one corpus size: each variant's median cold build, then the edit."""
    header = ["variant", "build", "seconds", "pelican s", "index s", "cpu s", "max RSS MiB",
              "peak PSS MiB", "files", "pages", "others' cpu s", "status"]
    rows = [header]
    for variant in VARIANTS:
        what = WHAT[variant] + (" + index" if variant == "confnotes" and result.indexed else "")
        rows.append(_row(what, result.builds[variant]))
    edit_what = "edit 1 note" + (" + index" if result.edit_indexed else "")
    rows.append(_row(edit_what, [e.build for e in result.edits]))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    left = {0, 1, 11}
    lines = ["  ".join(c.ljust(w) if i in left else c.rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    c = result.corpus
    title = (f"{c.notes} notes: {c.events} events in {c.series} series, {c.speakers} speakers, "
             f"{c.packages} packages, {c.multi_talk_notes} multi-talk notes, "
             f"{c.profiles} profiles")
    return "\n".join([title, *lines])


def figures(result: SizeResult, base: SizeResult | None) -> list[str]:
    """The issue's five figures for one corpus size."""
    conf, plain, hugo_s = (result.median(v) for v in ("confnotes", "plain", "hugo"))
    conf_pelican = result.median("confnotes", "pelican_seconds")
    index_note = (f" (Pelican {conf_pelican:.1f} s + search index "
                  f"{result.median('confnotes', 'index_seconds'):.1f} s)" if result.indexed
                  else " (no search index)")
    lines = [f"1. cold full build: confnotes {conf:.1f} s{index_note}; "
             f"vs Hugo {hugo_s:.1f} s: {_ratio(conf, hugo_s)}; "
             f"vs plain Pelican {plain:.1f} s: {_ratio(conf, plain)}"
             + (f"; without the index: {_ratio(conf_pelican, hugo_s)} Hugo, "
                f"{_ratio(conf_pelican, plain)} plain" if result.indexed else "")]
    edit = result.edits[len(result.edits) // 2]
    edit_s = result.edit_median()
    seen = "yes" if all(e.edit_seen for e in result.edits) else "NO"
    index_cost = ("; the search index is not in this figure (--no-edit-index)"
                  if result.indexed and not result.edit_indexed else "")
    lines.append(f"2. edit one note ({edit.note}) and rebuild: {edit_s:.2f} s "
                 f"(target <= {TARGET_EDIT_SECONDS:.0f} s: {_met(edit_s, TARGET_EDIT_SECONDS)}); "
                 f"{edit.rewritten} files rewritten, {edit.added} added, {edit.removed} removed"
                 + (f", {edit.index_rewritten} under pagefind/" if result.edit_indexed else "")
                 + f"; edit on the note's page: {seen}{index_cost}")
    lines.append(live_figure(result.live))
    peak = result.median("confnotes", "peak_mib")
    lines.append(f"3. peak memory, cold confnotes build: largest process "
                 f"{result.median('confnotes', 'max_rss_mib'):.0f} MiB (build process "
                 f"{result.median('confnotes', 'self_mib'):.0f}, largest worker or Pagefind "
                 f"{result.median('confnotes', 'children_mib'):.0f}), whole tree (PSS) "
                 f"{result.median('confnotes', 'peak_pss_mib'):.0f} MiB; judged on the larger, "
                 f"{peak:.0f} MiB (target <= {TARGET_PEAK_MIB:.0f} MiB: "
                 f"{_met(peak, TARGET_PEAK_MIB)})")
    if base is not None and base.notes != result.notes:
        growth = conf / base.median("confnotes")
        pelican_growth = conf_pelican / base.median("confnotes", "pelican_seconds")
        lines.append(f"4. growth {base.notes} -> {result.notes} notes: {growth:.2f}x "
                     f"(target <= {TARGET_GROWTH}: {_met(growth, TARGET_GROWTH)}); "
                     f"Pelican part alone {pelican_growth:.2f}x; Hugo "
                     f"{_ratio(hugo_s, base.median('hugo'))}, plain "
                     f"{_ratio(plain, base.median('plain'))}")
    else:
        lines.append("4. growth: (this is the base size)")
    one = result.median("confnotes-w1", "pelican_seconds")
    diff = result.workers_diff
    same = ("byte-identical" if diff and diff.identical else
            f"DIFFERENT ({len(diff.differing) if diff else '?'} files, e.g. "
            f"{', '.join(diff.differing[:5]) if diff else ''})")
    lines.append(f"5. workers (Pelican part, cold): 1 worker {one:.1f} s, 2 workers "
                 f"{conf_pelican:.1f} s: {_ratio(one, conf_pelican)} faster; outputs {same} "
                 f"over {diff.files if diff else 0} files ({'/, '.join(NONDETERMINISTIC)}/ "
                 f"excluded: Pagefind's file names differ from run to run)")
    return lines


def live_figure(live: LiveResult | None) -> str:
    """Figure 2 as bloggers see it: from saving a note to its page, in `invoke livereload`."""
    if live is None or not live.edits:
        return f"2'. live session: {live.failure if live else 'not measured'}"
    shown = statistics.median(e.save_to_page for e in live.edits)
    refresh = statistics.median(e.refresh for e in live.edits)
    kinds = ", ".join(sorted({e.kind for e in live.edits}))
    rewritten = statistics.median(e.rewritten for e in live.edits)
    seen = "yes" if all(e.seen for e in live.edits) else "NO"
    return (f"2'. live session (invoke livereload, after its {live.first_build:.1f} s first "
            f"build): save -> page updated {shown:.2f} s median of {len(live.edits)} "
            f"(target <= {TARGET_EDIT_SECONDS:.0f} s: {_met(shown, TARGET_EDIT_SECONDS)}); the "
            f"refresh itself {refresh:.2f} s ({kinds}), {rewritten:.0f} files rewritten; "
            f"edit seen: {seen}; search re-indexed afterwards in the background")


def format_archive(results: list[SizeResult], footer: str = "") -> str:
    """Every size's table and five figures, then `footer` (the snapshot, any profile)."""
    base = results[0] if results else None
    blocks = []
    for result in results:
        blocks.append(format_size_table(result))
        blocks.append("\n".join(figures(result, base)))
        failures = [f"!! {b.variant}: {b.failure}" for builds in result.builds.values()
                    for b in builds if not b.ok]
        failures += [f"!! edit: {e.build.failure}" for e in result.edits if not e.build.ok]
        if failures:
            blocks.append("\n".join(failures))
    if results:
        blocks.append(results[0].hugo_version)
    if footer:
        blocks.append(footer)
    return "\n\n".join(blocks)


def all_ok(results: list[SizeResult]) -> bool:
    """True when every build succeeded, the edit showed up and the worker outputs matched."""
    return all(all(b.ok for builds in r.builds.values() for b in builds)
               and all(e.build.ok and e.edit_seen for e in r.edits)
               and (r.live is None or all(e.seen for e in r.live.edits))
               and (r.workers_diff is None or r.workers_diff.identical) for r in results)
