"""What no Pelican build of a corpus can beat on this machine: ``python -m bench.floors SETTINGS``.

Two floors, measured on a corpus that has been built once (so Pelican's content cache exists;
``invoke bench --keep DIR`` leaves one, with its settings file):

- *Markdown alone*: converting every note with the site's own Markdown settings and
  extensions, in one process per CPU, with nothing else (no validation, sanitising, linking,
  templates or files written).  Any cold build reads its notes at least this long.
- *Pelican's articles from a warm cache*: a new Pelican process, from start to the moment its
  article generator has made every article object from the content cache.  Pelican makes all
  of them on every run, so a build in a separate process after any edit takes at least this
  long before it can render anything.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

# Runs in a child: the time from its start until Pelican's articles exist (argv: settings).
ARTICLES_CHILD = """\
import sys, time
start = time.perf_counter()
import pelican
from pelican import signals
from pelican.settings import read_settings

class Done(Exception):
    pass

def stop(generator):
    raise Done

signals.article_generator_finalized.connect(stop)
try:
    pelican.Pelican(read_settings(sys.argv[1])).run()
except Done:
    print(time.perf_counter() - start)
"""


def markdown_settings(settings_file: str) -> dict:
    """The site's Markdown settings with its extensions listed, as Pelican's reader uses them."""
    settings = read_settings(settings_file)
    MarkdownReader(settings)  # lists every configured extension in settings["MARKDOWN"]
    return settings


def _convert_all(job: tuple[dict, list[str]]) -> int:
    """Convert a share of the notes; how many."""
    markdown_options, paths = job
    converter = Markdown(**markdown_options)
    for path in paths:
        converter.reset()
        converter.convert(Path(path).read_text(encoding="utf-8"))
    return len(paths)


def note_paths(settings: dict) -> list[str]:
    """Every note of the corpus (profiles and pages left out), as confnotes tells them."""
    # The plugin is importable once the settings have said where it is.
    sys.path[:0] = [path for path in settings["PLUGIN_PATHS"] if path not in sys.path]
    from confnotes.content.reader import role_of  # noqa: PLC0415
    from confnotes.settings import load_settings  # noqa: PLC0415

    confnotes, pages = load_settings(settings), frozenset(settings.get("PAGE_PATHS", ()))
    return sorted(str(path) for path in Path(settings["PATH"]).rglob("*.md")
                  if role_of(str(path), settings["PATH"], confnotes, pages) == "note")


def markdown_floor(settings_file: str, processes: int) -> tuple[int, float]:
    """(notes, seconds) to convert every note with Markdown alone in `processes` processes."""
    settings = markdown_settings(settings_file)
    paths = note_paths(settings)
    jobs = [(settings["MARKDOWN"], paths[index::processes]) for index in range(processes)]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        converted = sum(pool.map(_convert_all, jobs))
    return converted, time.perf_counter() - start


def articles_floor(settings_file: str) -> float:
    """Seconds a new Pelican process takes to make its articles from the warm content cache."""
    result = subprocess.run([sys.executable, "-c", ARTICLES_CHILD, settings_file],
                            capture_output=True, text=True, check=True,
                            cwd=Path(settings_file).parent)
    return float(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """Print both floors for the corpus a settings file describes."""
    parser = argparse.ArgumentParser(prog="python -m bench.floors", description=__doc__)
    parser.add_argument("settings", help="the corpus's confnotes settings file")
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    options = parser.parse_args(argv)
    notes, seconds = markdown_floor(options.settings, options.processes)
    print(f"Markdown alone: {notes:,} notes in {seconds:.1f} s "
          f"({options.processes} processes)")
    print(f"Pelican's articles from a warm cache, in a new process: "
          f"{articles_floor(options.settings):.1f} s")


if __name__ == "__main__":
    main()
