"""Run one build in a child process and measure it: wall time, CPU and memory of its whole tree.

The parent waits with ``os.wait4``, whose resource usage covers the child and every descendant
it waited for (forked page writers, the Pagefind binary): CPU is their sum, ``ru_maxrss`` the
largest single process.  A sampler thread also adds up the proportional set size (PSS, shared
pages split between the processes sharing them) of the live tree every few tenths of a second,
so the peak of the tree's real footprint is seen too (Linux only; 0 elsewhere).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

SAMPLE_SECONDS = 0.2

# Runs in the child: argv = [settings file, result file, profile file or ""].
# The timed span is read_settings + Pelican(...).run().
PELICAN_CHILD = """\
import json, logging, resource, sys, time, traceback

class Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.errors, self.warnings, self.first_errors = 0, 0, []
    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
            if len(self.first_errors) < 10:
                self.first_errors.append(f"{record.name}: {record.getMessage()}"[:500])
        else:
            self.warnings += 1

settings_file, result_file, profile_file = sys.argv[1:4]
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
counter = Counter()
logging.getLogger().addHandler(counter)
result = {"exception": None}
import pelican
from pelican.settings import read_settings

def build():
    settings = read_settings(settings_file)
    pelican.Pelican(settings).run()
    return settings

profiler = None
if profile_file:
    import cProfile
    profiler = cProfile.Profile()
start = time.perf_counter()
try:
    profiler.runcall(build) if profiler else build()
except BaseException:
    result["exception"] = traceback.format_exc()
result["seconds"] = time.perf_counter() - start
if profiler:
    profiler.dump_stats(profile_file)
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
result["self_mib"] = own.ru_maxrss / 1024
result["children_mib"] = kids.ru_maxrss / 1024
result["errors"], result["warnings"] = counter.errors, counter.warnings
result["first_errors"] = counter.first_errors
with open(result_file, "w", encoding="utf-8") as out:
    json.dump(result, out)
sys.exit(1 if result["exception"] else 0)
"""

# Runs in a second child after a successful build, as `invoke build` indexes after Pelican
# exits: argv = [plugin folder, output folder, result file].
INDEX_CHILD = """\
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from confnotes.search.index import index_site
start = time.perf_counter()
summary = index_site(Path(sys.argv[2])).summary()
result = {"seconds": time.perf_counter() - start, "summary": summary,
          "self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
          "children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
with open(sys.argv[3], "w", encoding="utf-8") as out:
    json.dump(result, out)
"""


@dataclass(frozen=True)
class ProcessRun:
    """What the parent saw of one child process and its descendants."""

    wall_seconds: float
    cpu_seconds: float  # user + system of the child and every descendant it waited for
    max_rss_mib: float  # the largest single process of the tree
    peak_pss_mib: float  # the largest sampled sum of PSS over the live tree
    returncode: int
    stderr: str
    other_cpu_seconds: float = 0.0  # CPU the rest of the machine used meanwhile (disturbance)


@dataclass(frozen=True)
class PelicanRun:
    """A Pelican build (and maybe its search index) as measured in the child and the parent."""

    process: ProcessRun
    seconds: float  # Pelican run plus index, timed in the child
    pelican_seconds: float
    index_seconds: float
    self_mib: float  # the build process's own peak RSS
    children_mib: float  # the largest peak RSS of its workers and the Pagefind binary
    errors: int
    warnings: int
    failure: str = ""
    index_summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the child exited cleanly and logged no error."""
        return self.process.returncode == 0 and self.errors == 0 and not self.failure


def _children_of(pids: set[int]) -> set[int]:
    """Every live descendant of `pids` (and `pids` themselves), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                text = stat.read()
        except OSError:
            continue
        parents[int(entry.name)] = int(text.rsplit(")", 1)[1].split()[1])
    tree = set(pids)
    grew = True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return tree


def machine_cpu_seconds() -> float:
    """CPU seconds every process of the machine has used since boot (0 without /proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def _pss_kib(pid: int) -> int:
    """The PSS of one process in KiB (0 if it is gone or unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _PssSampler(threading.Thread):
    """Samples the PSS of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        """Watch the tree rooted at `pid`."""
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        """Sample until `done` is set."""
        if not Path("/proc/self/smaps_rollup").exists():
            return
        while not self.done.wait(SAMPLE_SECONDS):
            total = sum(_pss_kib(pid) for pid in _children_of({self.pid}))
            self.peak_kib = max(self.peak_kib, total)


def run_measured(argv: list[str], *, cwd: Path, env: dict[str, str] | None = None,
                 timeout: float | None = None) -> ProcessRun:
    """Run `argv` to completion and measure its whole process tree."""
    machine_start = machine_cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    sampler = _PssSampler(proc.pid)
    sampler.start()
    stderr_chunks: list[str] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()),
                              daemon=True)
    reader.start()
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            proc.kill()
        time.sleep(0.05)
    wall = time.perf_counter() - start
    machine = machine_cpu_seconds() - machine_start
    sampler.done.set()
    sampler.join()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return ProcessRun(wall_seconds=wall, cpu_seconds=cpu,
                      max_rss_mib=usage.ru_maxrss / 1024, peak_pss_mib=sampler.peak_kib / 1024,
                      returncode=proc.returncode, stderr="".join(stderr_chunks),
                      other_cpu_seconds=max(0.0, machine - cpu))


def one_after_another(first: ProcessRun, second: ProcessRun) -> ProcessRun:
    """Two runs in sequence as one: times and CPU add up, memory is the larger peak."""
    return ProcessRun(wall_seconds=first.wall_seconds + second.wall_seconds,
                      cpu_seconds=first.cpu_seconds + second.cpu_seconds,
                      max_rss_mib=max(first.max_rss_mib, second.max_rss_mib),
                      peak_pss_mib=max(first.peak_pss_mib, second.peak_pss_mib),
                      returncode=first.returncode or second.returncode,
                      stderr=first.stderr + second.stderr,
                      other_cpu_seconds=first.other_cpu_seconds + second.other_cpu_seconds)


def _tail(text: str, limit: int = 1500) -> str:
    """The last `limit` characters of `text`."""
    return text if len(text) <= limit else "..." + text[-limit:]


def run_pelican(settings: Path, *, index: bool = False, workers: int | None = None,
                profile: Path | None = None, python: str = sys.executable) -> PelicanRun:
    """Build with `settings` in a fresh child; then, when `index`, index the output in another.

    Two processes, as `invoke build` runs them: the index's memory never adds to Pelican's.
    """
    result_file = settings.with_suffix(".result.json")
    result_file.unlink(missing_ok=True)
    env = dict(os.environ)
    env.pop("CONFNOTES_WORKERS", None)
    if workers is not None:
        env["CONFNOTES_WORKERS"] = str(workers)
    argv = [python, "-c", PELICAN_CHILD, str(settings), str(result_file), str(profile or "")]
    process = run_measured(argv, cwd=settings.parent, env=env)
    if not result_file.exists():
        return PelicanRun(process=process, seconds=process.wall_seconds,
                          pelican_seconds=process.wall_seconds, index_seconds=0.0,
                          self_mib=0.0, children_mib=0.0, errors=0, warnings=0,
                          failure=_tail(process.stderr or "no result"))
    data = json.loads(result_file.read_text(encoding="utf-8"))
    failure = "\n".join(filter(None, [*data["first_errors"], data["exception"]]))
    built = PelicanRun(process=process, seconds=data["seconds"],
                       pelican_seconds=data["seconds"], index_seconds=0.0,
                       self_mib=data["self_mib"], children_mib=data["children_mib"],
                       errors=data["errors"], warnings=data["warnings"], failure=failure)
    return _indexed(built, settings, python, env) if index and built.ok else built


def _indexed(built: PelicanRun, settings: Path, python: str, env: dict[str, str]) -> PelicanRun:
    """`built` followed by the search index of its output, measured in a child of its own."""
    from pelican.settings import read_settings  # noqa: PLC0415 - only the bench parent

    read = read_settings(str(settings))
    result_file = settings.with_suffix(".index.json")
    result_file.unlink(missing_ok=True)
    argv = [python, "-c", INDEX_CHILD, read["PLUGIN_PATHS"][0], read["OUTPUT_PATH"],
            str(result_file)]
    process = run_measured(argv, cwd=settings.parent, env=env)
    both = one_after_another(built.process, process)
    if not result_file.exists():
        return replace(built, process=both, failure=_tail(process.stderr or "no index"))
    data = json.loads(result_file.read_text(encoding="utf-8"))
    return replace(built, process=both, seconds=built.seconds + data["seconds"],
                   index_seconds=data["seconds"], index_summary=data["summary"],
                   children_mib=max(built.children_mib, data["self_mib"], data["children_mib"]))
