"""Benchmark harness for confnotes: synthetic corpora and plain-vs-confnotes timed builds.

- `bench.corpus.generate_corpus` writes a deterministic, realistic content folder.
- `bench.runner.run_bench` builds it with plain Pelican and with confnotes, each in a fresh
  subprocess, and `bench.runner.format_table` prints the comparison.
- `python -m bench --notes 1000 5000` does both from the command line.
- `bench.archive.run_archive` (`python -m bench --archive --notes 20000`, or
  `invoke bench --archive`) takes the archive-scale figures: cold builds against Hugo
  (`bench.hugo`, installed from bench/requirements.txt on demand) and plain Pelican, an edit
  and incremental rebuild, memory of the whole process tree (`bench.measure`), growth from
  5,000 notes, and one page-writing worker against two.
"""
