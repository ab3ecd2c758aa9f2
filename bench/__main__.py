"""Command line: ``python -m bench --notes 1000 5000 [--repeats N] [--keep DIR]``."""

import argparse
import sys
from pathlib import Path

from bench.runner import format_table, run_bench


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build synthetic corpora with plain Pelican and with confnotes; compare.")
    parser.add_argument("--notes", type=int, nargs="+", required=True, metavar="N",
                        help="corpus sizes, in notes")
    parser.add_argument("--repeats", type=int, default=1, metavar="N",
                        help="builds per variant, alternating plain and confnotes (default 1)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep corpora, settings and outputs in DIR")
    parser.add_argument("--names", type=int, metavar="N", dest="autolink_names",
                        help="total speaker and package names in each corpus")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return parser.parse_args(argv)


def _progress(message: str) -> None:
    """Print a progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print the table; exit 1 if any build failed."""
    args = parse_args(argv)
    results = run_bench(args.notes, repeats=args.repeats, workdir=args.keep,
                        autolink_names=args.autolink_names,
                        progress=None if args.quiet else _progress)
    print(format_table(results))
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
