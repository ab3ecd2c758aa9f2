"""Build a synthetic corpus with plain Pelican and with confnotes, and compare the two.

Each build runs in a fresh Python subprocess that imports Pelican, reads a settings file
written here, runs ``pelican.Pelican(settings).run()`` in-process and reports its wall time,
its peak resident memory (``getrusage``), and how many ERROR and WARNING records it logged.
Corpus generation happens before any build and is never timed.
"""

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from bench.corpus import CorpusStats, generate_corpus

VARIANTS = ("plain", "confnotes")

# Runs in the child: argv = [settings file, result file].  Pelican prints to stdout, so the
# result goes to a file.  The timed span is read_settings + Pelican(...) + run().
CHILD_SOURCE = """\
import json, logging, resource, sys, time, traceback

class Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.errors = 0
        self.warnings = 0
        self.first_errors = []
    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
            if len(self.first_errors) < 10:
                self.first_errors.append(f"{record.name}: {record.getMessage()}"[:500])
        else:
            self.warnings += 1

settings_file, result_file = sys.argv[1], sys.argv[2]
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
counter = Counter()
logging.getLogger().addHandler(counter)
result = {"exception": None}
import pelican
from pelican.settings import read_settings
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

cpu_start, start = cpu(), time.perf_counter()
try:
    pelican.Pelican(read_settings(settings_file)).run()
except BaseException:
    result["exception"] = traceback.format_exc()
result["seconds"] = time.perf_counter() - start
result["cpu_seconds"] = cpu() - cpu_start
maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result["peak_mib"] = maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
result["errors"] = counter.errors
result["warnings"] = counter.warnings
result["first_errors"] = counter.first_errors
with open(result_file, "w", encoding="utf-8") as out:
    json.dump(result, out)
sys.exit(1 if result["exception"] else 0)
"""


@dataclass(frozen=True)
class RunSample:
    """One build in one subprocess."""

    seconds: float  # wall time of read_settings + Pelican().run(), measured in the child
    cpu_seconds: float  # user + system CPU time of the same span
    process_seconds: float  # wall time of the whole subprocess, measured by the parent
    peak_mib: float
    pages: int
    errors: int
    warnings: int
    returncode: int
    failure: str = ""  # exception text or the tail of stderr when the build failed
    crashed: bool = False  # the build raised, or the child died before reporting

    @property
    def ok(self) -> bool:
        """True when the child exited cleanly and logged no error."""
        return self.returncode == 0 and self.errors == 0 and not self.failure


@dataclass(frozen=True)
class BenchResult:
    """One variant's builds of one corpus, summarised by medians over the repeats."""

    notes: int
    variant: str
    seconds: float
    cpu_seconds: float
    peak_mib: float
    pages: int
    errors: int  # the most ERROR log records any repeat logged
    warnings: int
    samples: tuple[RunSample, ...]
    corpus: CorpusStats
    seconds_ratio: float | None = None  # confnotes / plain, on the confnotes row
    mib_ratio: float | None = None

    @property
    def ok(self) -> bool:
        """True when every repeat built cleanly."""
        return all(sample.ok for sample in self.samples)


def project_root() -> Path:
    """The confnotes project folder (the parent of bench/)."""
    return Path(__file__).resolve().parent.parent


def settings_header(content: Path, output: Path, root: Path) -> list[str]:
    """The first lines of every bench settings file: the project's settings, redirected."""
    return [
        "import sys",
        f"sys.path.insert(0, {str(root)!r})",
        "from pelicanconf import *  # noqa: F403",
        f"PATH = {str(content)!r}",
        f"OUTPUT_PATH = {str(output)!r}",
        'SITEURL = ""',
    ]


def settings_text(variant: str, content: Path, output: Path, root: Path) -> str:
    """The Python source of a bench settings file for `variant`."""
    lines = [
        *settings_header(content, output, root),
        "DELETE_OUTPUT_DIRECTORY = True",
        "LOAD_CONTENT_CACHE = False",
        "CACHE_CONTENT = False",
    ]
    if variant == "plain":
        # Plain Pelican: our settings with the plugin off and Pelican's default theme, with
        # Pelican's default category URLs (its theme links every article's category).
        lines += [
            "from pelican.settings import DEFAULT_CONFIG",
            "PLUGINS = []",
            'THEME = DEFAULT_CONFIG["THEME"]',
            'CATEGORY_URL = DEFAULT_CONFIG["CATEGORY_URL"]',
            'CATEGORY_SAVE_AS = DEFAULT_CONFIG["CATEGORY_SAVE_AS"]',
        ]
    elif variant == "confnotes-noautolink":
        lines.append('CONFNOTES = {**CONFNOTES, "AUTOLINK": False}')
    elif variant != "confnotes":
        raise ValueError(f"unknown variant {variant!r}")
    return "\n".join(lines) + "\n"


def write_settings(folder: Path, variant: str, content: Path, root: Path) -> tuple[Path, Path]:
    """Write ``bench_<variant>.py`` in `folder`; return (settings file, output folder)."""
    output = folder / f"output-{variant}"
    settings = folder / f"bench_{variant}.py"
    settings.write_text(settings_text(variant, content, output, root), encoding="utf-8")
    return settings, output


def count_pages(output: Path) -> int:
    """How many .html files a build wrote."""
    return sum(1 for _ in output.rglob("*.html")) if output.is_dir() else 0


def _tail(text: str, limit: int = 1500) -> str:
    """The last `limit` characters of `text`."""
    return text if len(text) <= limit else "..." + text[-limit:]


def run_build(settings: Path, output: Path, python: str = sys.executable,
              timeout: float | None = None) -> RunSample:
    """Build once in a fresh subprocess and measure it."""
    result_file = settings.with_suffix(".result.json")
    result_file.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.run([python, "-c", CHILD_SOURCE, str(settings), str(result_file)],
                          cwd=settings.parent, capture_output=True, text=True,
                          timeout=timeout, check=False)
    elapsed = time.perf_counter() - start
    if not result_file.exists():
        return RunSample(seconds=elapsed, cpu_seconds=0.0, process_seconds=elapsed,
                         peak_mib=0.0, pages=0,
                         errors=0, warnings=0, returncode=proc.returncode,
                         failure=_tail(proc.stderr or proc.stdout or "no result"), crashed=True)
    data = json.loads(result_file.read_text(encoding="utf-8"))
    failure = "\n".join(filter(None, [*data["first_errors"], data["exception"]]))
    return RunSample(seconds=data["seconds"], cpu_seconds=data["cpu_seconds"],
                     process_seconds=elapsed,
                     peak_mib=data["peak_mib"], pages=count_pages(output),
                     errors=data["errors"], warnings=data["warnings"],
                     returncode=proc.returncode, failure=failure,
                     crashed=bool(data["exception"]))


def _summarise(notes: int, variant: str, samples: list[RunSample],
               corpus: CorpusStats) -> BenchResult:
    """Medians of the samples of one variant."""
    return BenchResult(notes=notes, variant=variant,
                       seconds=statistics.median(s.seconds for s in samples),
                       cpu_seconds=statistics.median(s.cpu_seconds for s in samples),
                       peak_mib=statistics.median(s.peak_mib for s in samples),
                       pages=max(s.pages for s in samples),
                       errors=max(s.errors for s in samples),
                       warnings=max(s.warnings for s in samples),
                       samples=tuple(samples), corpus=corpus)


def _with_ratios(plain: BenchResult, confnotes: BenchResult) -> BenchResult:
    """The confnotes result with its ratios to the plain one filled in."""
    def ratio(ours: float, theirs: float) -> float | None:
        return ours / theirs if theirs > 0 else None

    return replace(confnotes, seconds_ratio=ratio(confnotes.seconds, plain.seconds),
                   mib_ratio=ratio(confnotes.peak_mib, plain.peak_mib))


def bench_corpus(folder: Path, corpus: CorpusStats, repeats: int = 1, *,
                 root: Path | None = None, python: str = sys.executable,
                 progress: Callable[[str], None] | None = None,
                 variants: tuple[str, ...] = VARIANTS) -> list[BenchResult]:
    """Build ``folder/content`` with each variant, alternating their order per repeat."""
    root = root or project_root()
    content = folder / "content"
    builds = {v: write_settings(folder, v, content, root) for v in variants}
    samples: dict[str, list[RunSample]] = {v: [] for v in variants}
    for repeat in range(repeats):
        order = variants if repeat % 2 == 0 else tuple(reversed(variants))
        for variant in order:
            sample = run_build(*builds[variant], python=python)
            samples[variant].append(sample)
            if progress:
                progress(f"{corpus.notes} notes, {variant} #{repeat + 1}: "
                         f"{sample.seconds:.2f} s, {sample.peak_mib:.0f} MiB, "
                         f"{sample.pages} pages, {sample.errors} errors")
    plain = _summarise(corpus.notes, "plain", samples["plain"], corpus)
    others = [_with_ratios(plain, _summarise(corpus.notes, v, samples[v], corpus))
              for v in variants if v != "plain"]
    return [plain, *others]


def run_bench(notes_list: list[int], repeats: int = 1, workdir: Path | None = None,
              autolink_names: int | None = None, *, root: Path | None = None,
              python: str = sys.executable,
              progress: Callable[[str], None] | None = None) -> list[BenchResult]:
    """Generate a corpus per size, build it plain and with confnotes, return the results.

    `workdir` keeps corpora, settings and outputs (a temporary folder otherwise);
    `autolink_names` sets how many speaker and package names the corpora know.
    """
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="confnotes-bench-") as tmp:
            return run_bench(notes_list, repeats, Path(tmp), autolink_names, root=root,
                             python=python, progress=progress)
    results: list[BenchResult] = []
    for notes in notes_list:
        folder = Path(workdir) / f"n{notes}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        start = time.perf_counter()
        corpus = generate_corpus(folder, notes, known_names=autolink_names)
        if progress:
            progress(f"corpus of {notes} notes in {time.perf_counter() - start:.1f} s: {corpus}")
        variants = VARIANTS + (("confnotes-noautolink",) if autolink_names else ())
        results += bench_corpus(folder, corpus, repeats, root=root, python=python,
                                progress=progress, variants=variants)
    return results


def _ratio_cell(value: float | None) -> str:
    """A ratio as ``2.31x``, or ``-``."""
    return "-" if value is None else f"{value:.2f}x"


def _failure_kind(samples: tuple[RunSample, ...]) -> str:
    """Why builds failed, in a few words: a crash, ERROR records, an exit code."""
    reasons = []
    if any(s.crashed for s in samples):
        reasons.append("crashed")
    if any(s.errors for s in samples):
        reasons.append(f"{max(s.errors for s in samples)} ERROR records")
    return ", ".join(reasons) or f"exit code {max(s.returncode for s in samples)}"


def _row(result: BenchResult) -> list[str]:
    """The table cells of one result."""
    status = "ok" if result.ok else "FAILED: " + _failure_kind(result.samples)
    return [str(result.notes), result.variant, f"{result.seconds:.2f}",
            f"{result.cpu_seconds:.2f}", f"{result.peak_mib:.0f}", str(result.pages),
            _ratio_cell(result.seconds_ratio), _ratio_cell(result.mib_ratio),
            str(result.warnings), status]


def _problems(results: list[BenchResult]) -> list[str]:
    """One paragraph per failed build: what went wrong, with the end of its log."""
    lines = []
    for result in results:
        for number, sample in enumerate(result.samples, start=1):
            if not sample.ok:
                lines.append(f"!! {result.notes} notes, {result.variant} #{number}: exit code "
                             f"{sample.returncode}, {sample.errors} ERROR log records")
                lines.extend("   " + line for line in sample.failure.splitlines())
    return lines


def format_table(results: list[BenchResult]) -> str:
    """An aligned table: notes, variant, seconds (wall, CPU), peak MiB, pages, ratios, status."""
    header = ["notes", "variant", "seconds", "cpu s", "peak MiB", "pages", "ratio s",
              "ratio MiB", "warnings", "status"]
    rows = [header, *(_row(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    left = {1, 9}  # text columns; numbers are right-aligned
    lines = ["  ".join(cell.ljust(w) if i in left else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines + _problems(results))
