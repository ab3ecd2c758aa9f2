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
    "host": os.environ.get("CONFNOTES_BIND", "127.0.0.1"),
    # Kept as written: `_address` checks it when a task serves, so a bad value breaks no other.
    "port": os.environ.get("CONFNOTES_PORT", "8000"),
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
    from confnotes.search.index import index_site

    print(index_site(output or CONFIG["output"]).summary())


ADDRESS_HELP = {"port": "port to serve on (default $CONFNOTES_PORT, else 8000)",
                "bind": "address to serve on (default $CONFNOTES_BIND, else 127.0.0.1; "
                        "0.0.0.0 for every interface)"}


def _address(bind: str, port: str) -> tuple[str, int, dict[str, str]]:
    """The address to serve on, and the environment that makes SITEURL follow it."""
    host = bind or CONFIG["host"]
    text = str(port or CONFIG["port"])
    if not text.isdigit() or not 0 < int(text) < 65536:
        if port:
            raise Exit(f"--port {text} is not a port: give a number from 1 to 65535.", code=2)
        raise Exit(f"CONFNOTES_PORT={text} is not a port: set it to a number from 1 to 65535, "
                   "or unset it for 8000 (--port overrides it).", code=2)
    return host, int(text), {"CONFNOTES_BIND": host, "CONFNOTES_PORT": text}


def _serve_output(host: str, port: int) -> None:
    """Serve output/ until Ctrl-C: a real 404 page for a missing page, nothing from outside."""
    from confnotes.engine.live_server import serve_site

    serve_site(CONFIG["output"], host, port)


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


@task(help=ADDRESS_HELP)
def serve(c, port="", bind=""):
    """Build the bundled site and serve it on http://127.0.0.1:8000/ (or --bind, --port)."""
    host, port, env = _address(bind, port)
    _pelican(c, CONFIG["settings_base"], env=env)
    _index_search()
    print(f"Serving on http://{host}:{port}/ (Ctrl-C stops)")
    _serve_output(host, port)


@task(help=ADDRESS_HELP)
def livereload(c, port="", bind=""):
    """Build, serve, and refresh the site on every save to content, theme or settings.

    The site stays in memory: saving a note's text re-renders only the pages that show it
    (usually well under two seconds); other changes rebuild the site.  Open pages reload by
    themselves after each refresh, and show the build's errors (file and line) until they are
    fixed.  The search index is refreshed in the background after each change.
    """
    from confnotes.engine.live import LiveSite, SearchRefresher, serve_in_background, watch

    # Before the settings are read: the development SITEURL follows the address served.
    host, port, env = _address(bind, port)
    os.environ.update(env)
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


@task(help=ADDRESS_HELP)
def preview(c, port="", bind=""):
    """Build as `publish` does (strict, absolute URLs, no drafts) for the local address, and
    serve it there: the site as it will be published, clickable on this machine."""
    host, port, env = _address(bind, port)
    env["CONFNOTES_SITEURL"] = f"http://{host}:{port}"
    _pelican(c, CONFIG["settings_publish"], "--fatal errors", env=env)
    _index_search()
    print(f"Previewing on http://{host}:{port}/ (Ctrl-C stops)")
    _serve_output(host, port)


@task(help={
    "gh_pages": "push the site to the gh-pages branch with ghp-import instead of rsync",
    "target": "rsync destination (default $CONFNOTES_RSYNC_TARGET), e.g. user@host:/var/www/site/",
    "remote": "--gh-pages: the git remote's name or a repository URL (default origin)",
    "allow_placeholder_siteurl": "publish even though SITEURL is the placeholder address"})
def publish(c, gh_pages=False, target="", remote="", allow_placeholder_siteurl=False):
    """Check the target and SITEURL, build strictly with publishconf.py, index, then rsync the
    site (or push it to GitHub Pages). Nothing is built when a check fails."""
    from confnotes_tools.publishing import (
        PublishError,
        check_siteurl,
        gh_pages_target,
        published_siteurl,
        rsync_target,
    )

    if gh_pages and target:
        raise Exit("--target is for rsync and --gh-pages pushes with git: choose one.", code=2)
    if remote and not gh_pages:
        raise Exit("--remote is for --gh-pages; rsync publishing takes --target.", code=2)
    try:
        check_siteurl(published_siteurl(CONFIG["settings_publish"]), allow_placeholder_siteurl)
        if gh_pages:
            destination = gh_pages_target(ROOT, CONFIG["output"], remote,
                                          CONFIG["github_pages_branch"], python=sys.executable)
        else:
            destination = rsync_target(target or CONFIG["rsync_target"], ROOT,
                                       CONFIG["output"], CONFIG["content"])
    except PublishError as error:
        raise Exit(str(error), code=2) from error
    print(f"Publishing to {destination.description}")
    _pelican(c, CONFIG["settings_publish"], "--fatal errors")
    _index_search()
    with c.cd(str(ROOT)):
        c.run(shlex.join(destination.command()), pty=False)


@task(help={"title": "the talk's title (required)", "event": "the event's slug, name or alias",
            "room": "the room (or track) of the event where the talk was given",
            "speakers": "speaker names, comma-separated",
            "packages": "package names, comma-separated",
            "day": "YYYY-MM-DD (default today)", "kind": "talk, keynote, lightning, ...",
            "slug": "file name (default from title)",
            "create_event": "also create the event's profile when it has none",
            "create_speakers": "also create a profile for each speaker who has none"})
def new(c, title="", event="", speakers="", packages="", day="", kind="talk", slug="",
        create_event=False, create_speakers=False, room=""):
    """Scaffold a new draft note from a title, an event, speakers and packages (never
    overwrites); warns when the event is unknown or looks like a misspelling of a known one."""
    from confnotes_tools.scaffold import ScaffoldError, scaffold

    if not title:
        raise Exit('invoke new needs a title: invoke new --title "Talk title" --event ... '
                   "(invoke new --help lists every flag).", code=2)
    try:
        result = scaffold(CONFIG["content"], title=title, event=event, speakers=speakers,
                          packages=packages, day=day or date.today().isoformat(), kind=kind,
                          slug=slug, create_event=create_event, create_speakers=create_speakers,
                          room=room)
    except ScaffoldError as error:
        raise Exit(str(error), code=2) from error
    for path in (result.note, *result.created):
        print(f"Created {path.relative_to(ROOT)}")
    for warning in result.warnings:
        print(f"Warning: {warning}")


@task(help={"path": "the content folder to check (default: content/)"})
def check(c, path=""):
    """Validate all content without writing output; exit non-zero on errors."""
    from confnotes.check import run_check

    if path and not Path(path).is_dir():
        raise Exit(f"{path} is not a folder: give --path the content folder to check.", code=2)
    report = run_check(CONFIG["settings_base"],
                       {"PATH": str(Path(path).resolve())} if path else None)
    print(report.render())
    if not report.ok:
        raise Exit(code=1)


@task(name="import-schedule",
      help={"schedule": "path to a pretalx/frab schedule JSON export (required)"})
def import_schedule(c, schedule=""):
    """Turn a pretalx/frab schedule JSON export into draft notes and profiles."""
    from confnotes_tools.schedule import ScheduleError, import_schedule

    if not schedule:
        raise Exit("invoke import-schedule needs the export: invoke import-schedule --schedule "
                   "schedule.json (see docs/import-schedule.md)", code=2)
    try:
        report = import_schedule(Path(schedule), CONFIG["content"])
    except ScheduleError as error:
        raise Exit(str(error), code=2) from error
    for line in report.lines(ROOT):
        print(line)


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
