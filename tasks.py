"""Tasks for bloggers and developers: `invoke --list` shows them all."""

from __future__ import annotations

import os
import shlex
import sys
from datetime import date
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

CONFIG = {
    "settings_base": str(ROOT / "pelicanconf.py"),
    "settings_publish": str(ROOT / "publishconf.py"),
    "content": ROOT / "content",
    "output": ROOT / "output",
    "host": "127.0.0.1",
    "port": int(os.environ.get("CONFNOTES_PORT", "8000")),
    # Where `invoke publish` sends the site: an rsync target such as user@host:/var/www/site/
    "rsync_target": os.environ.get("CONFNOTES_RSYNC_TARGET", ""),
    "github_pages_branch": "gh-pages",
}
PELICAN = shlex.quote(sys.executable) + " -m pelican"


def _pelican(c, settings: str, extra: str = "", **kwargs):
    """Run Pelican with the given settings file."""
    return c.run(f"{PELICAN} -s {shlex.quote(settings)} {extra}", pty=False, **kwargs)


def _index_search(output: Path | None = None) -> None:
    """Index the built site with Pagefind (the old index is deleted first)."""
    from confnotes.search_index import index_site

    print(index_site(output or CONFIG["output"]).summary())


@task
def build(c, strict=False):
    """Build the site into output/ with development settings, then its search index."""
    _pelican(c, CONFIG["settings_base"], "--fatal errors" if strict else "")
    _index_search()


@task
def rebuild(c):
    """Delete output/ and build from scratch (search index included)."""
    _pelican(c, CONFIG["settings_base"], "--delete-output-directory")
    _index_search()


@task
def serve(c):
    """Build the bundled site and serve it on http://127.0.0.1:8000/."""
    build(c)
    print(f"Serving on http://{CONFIG['host']}:{CONFIG['port']}/ (Ctrl-C stops)")
    _pelican(c, CONFIG["settings_base"],
             f"--listen --bind {CONFIG['host']} --port {CONFIG['port']}")


@task(help={"port": "the port to serve on (default: 8000, or $CONFNOTES_PORT)",
            "bind": "the address to listen on (default: 127.0.0.1, or $CONFNOTES_BIND)"})
def livereload(c, port=None, bind=None):
    """Build, serve, and refresh the site on every save to content, theme or settings.

    The site stays in memory: saving a note's text re-renders only the pages that show it
    (usually well under two seconds); other changes rebuild the site.  Open pages reload by
    themselves after each refresh, and show the build's errors (file and line) until they are
    fixed.  The search index is refreshed in the background after each change.
    """
    from confnotes.live import LiveSite, SearchRefresher, serve_in_background, watch

    # Before the settings are read: the development SITEURL follows the address served.
    host = bind or os.environ.get("CONFNOTES_BIND") or CONFIG["host"]
    port = int(port or os.environ.get("CONFNOTES_PORT") or CONFIG["port"])
    os.environ["CONFNOTES_BIND"], os.environ["CONFNOTES_PORT"] = host, str(port)
    site = LiveSite(CONFIG["settings_base"], reload_pages=True)
    print(site.build().describe())
    search = SearchRefresher(site.output_path)
    search.start()
    serve_in_background(site, host, port)
    print(f"Serving on http://{host}:{port}/ and watching for changes (Ctrl-C stops)")

    def refreshed(update):
        print(update.describe())
        search.start()

    try:
        watch(site, refreshed)
    except KeyboardInterrupt:
        pass
    finally:
        search.stop()


@task
def preview(c):
    """Build with publishing settings (strict, absolute URLs) and serve the result."""
    _pelican(c, CONFIG["settings_publish"], "--fatal errors")
    _index_search()
    _pelican(c, CONFIG["settings_publish"],
             f"--listen --bind {CONFIG['host']} --port {CONFIG['port']}")


@task(help={"gh_pages": "push output/ to the gh-pages branch with ghp-import instead of rsync"})
def publish(c, gh_pages=False):
    """Build strictly with publishconf.py and index it, then rsync (or push to GitHub Pages)."""
    _pelican(c, CONFIG["settings_publish"], "--fatal errors")
    _index_search()
    if gh_pages:
        c.run(f"{shlex.quote(sys.executable)} -m ghp_import -b {CONFIG['github_pages_branch']} "
              f"-n -p -m 'Publish site' {shlex.quote(str(CONFIG['output']))}")
        return
    if not CONFIG["rsync_target"]:
        raise Exit("Set CONFNOTES_RSYNC_TARGET (user@host:/path/) or use --gh-pages.", code=2)
    c.run(f"rsync -avc --delete {shlex.quote(str(CONFIG['output']))}/ "
          f"{shlex.quote(CONFIG['rsync_target'])}")


@task(help={"title": "the talk's title", "event": "the event's slug, name or alias",
            "speakers": "speaker names, comma-separated", "day": "YYYY-MM-DD (default today)",
            "kind": "talk, keynote, lightning, ...", "slug": "file name (default from title)"})
def new(c, title, event="", speakers="", day="", kind="talk", slug=""):
    """Scaffold a new note from a title, an event and speakers (never overwrites)."""
    from confnotes_tools.scaffold import ScaffoldError, scaffold_note

    try:
        path = scaffold_note(CONFIG["content"], title=title, event=event, speakers=speakers,
                             day=day or date.today().isoformat(), kind=kind, slug=slug)
    except ScaffoldError as error:
        raise Exit(str(error), code=2) from error
    print(f"Created {path.relative_to(ROOT)}")


@task
def check(c):
    """Validate all content without writing output; exit non-zero on errors."""
    from confnotes.check import run_check

    report = run_check(CONFIG["settings_base"])
    print(report.render())
    if not report.ok:
        raise Exit(code=1)


@task(name="import-schedule", help={"schedule": "path to a pretalx/frab schedule JSON export"})
def import_schedule(c, schedule):
    """Turn a pretalx/frab schedule JSON export into draft notes and profiles."""
    from confnotes_tools.schedule import ScheduleError, import_schedule

    try:
        report = import_schedule(Path(schedule), CONFIG["content"])
    except ScheduleError as error:
        raise Exit(str(error), code=2) from error
    for path in report.created:
        print(f"Created {path.relative_to(ROOT)}")
    for path, reason in report.skipped:
        print(f"Skipped {path.relative_to(ROOT)}: {reason}")


@task(iterable=["notes"], help={
    "notes": "corpus sizes (repeat the flag); default 20000 (--simple: 1000 and 5000)",
    "repeats": "builds per variant, alternating",
    "simple": "only plain Pelican against confnotes, without Hugo, edits and workers",
    "names": "--simple: known speaker+package names; adds a no-autolink build",
    "base": "the size growth is measured from (5000)",
    "index": "include the search index in the cold build (--no-index skips it)",
    "edit_index": "re-index after the separate-process edit (only the parts that changed)",
    "profile": "cProfile a one-worker cold build of the largest corpus",
    "keep": "keep corpora, settings and outputs in this folder"})
def bench(c, notes=None, repeats=1, simple=False, names=0, base=5000, index=True,
          edit_index=True, profile=False, keep=""):
    """The archive-scale figures: cold builds against Hugo and plain Pelican, an edit (in a
    separate build and in a live session), memory, growth, one worker against two."""
    workdir = Path(keep) if keep else None
    if not simple:
        from bench.archive import all_ok, format_archive, run_archive

        results, footer = run_archive(
            [int(n) for n in notes] if notes else [20000], repeats=int(repeats),
            workdir=workdir, base=int(base), index=index, edit_index=edit_index,
            profile=profile, progress=print)
        print(format_archive(results, footer))
        if not all_ok(results):
            raise Exit("Some builds failed or differ: see above.", code=1)
        return
    from bench.runner import format_table, run_bench

    sizes = [int(n) for n in notes] if notes else [1000, 5000]
    results = run_bench(sizes, repeats=int(repeats), autolink_names=int(names) or None,
                        workdir=workdir, progress=print)
    print(format_table(results))


@task
def lint(c):
    """Run ruff over the project."""
    c.run(f"{shlex.quote(sys.executable)} -m ruff check .")


@task
def test(c):
    """Lint, then run the whole test suite."""
    lint(c)
    c.run(f"{shlex.quote(sys.executable)} -m pytest")
