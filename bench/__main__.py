"""Command line: ``python -m bench [--notes 20000] [--repeats N] [--keep DIR]``.

By default it measures the archive-scale figures (cold builds against Hugo and plain Pelican,
an edit in a separate build and in a live session, memory, growth from 5,000 notes, one worker
against two); ``--profile`` adds a cProfile of a one-worker cold build.  ``--simple`` compares
plain Pelican with confnotes only (default sizes 1000 and 5000).
"""

import argparse
import sys
from pathlib import Path

from bench.archive import BASE_NOTES, all_ok, format_archive, run_archive
from bench.runner import format_table, run_bench

DEFAULT_NOTES = (1000, 5000)
DEFAULT_ARCHIVE_NOTES = (20000,)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build synthetic corpora with plain Pelican and with confnotes; compare.")
    parser.add_argument("--notes", type=int, nargs="+", metavar="N",
                        help="corpus sizes, in notes (default 20000; 1000 5000 with --simple)")
    parser.add_argument("--repeats", type=int, default=1, metavar="N",
                        help="builds per variant, alternating plain and confnotes (default 1)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep corpora, settings and outputs in DIR")
    parser.add_argument("--names", type=int, metavar="N", dest="autolink_names",
                        help="total speaker and package names in each corpus")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    archive = parser.add_argument_group("archive scale (--archive)")
    parser.add_argument("--simple", dest="archive", action="store_false",
                        help="only plain Pelican against confnotes (no Hugo, edits, workers)")
    archive.add_argument("--archive", action="store_true", default=True,
                         help="the five archive figures (the default)")
    archive.add_argument("--base", type=int, default=BASE_NOTES, metavar="N",
                         help=f"the size growth is measured from (default {BASE_NOTES})")
    archive.add_argument("--no-index", dest="index", action="store_false",
                         help="leave the Pagefind search index out of the cold builds")
    archive.add_argument("--no-edit-index", dest="edit_index", action="store_false",
                         help="leave re-indexing (of the parts that changed) out of the edit")
    archive.add_argument("--profile", action="store_true",
                         help="profile a one-worker cold build of the largest corpus")
    return parser.parse_args(argv)


def _progress(message: str) -> None:
    """Print a progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print the table; exit 1 if any build failed."""
    args = parse_args(argv)
    progress = None if args.quiet else _progress
    if args.archive:
        results, footer = run_archive(
            list(args.notes or DEFAULT_ARCHIVE_NOTES), repeats=args.repeats, workdir=args.keep,
            base=args.base, index=args.index, edit_index=args.edit_index, profile=args.profile,
            progress=progress)
        print(format_archive(results, footer))
        return 0 if all_ok(results) else 1
    results = run_bench(list(args.notes or DEFAULT_NOTES), repeats=args.repeats,
                        workdir=args.keep, autolink_names=args.autolink_names,
                        progress=progress)
    print(format_table(results))
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
