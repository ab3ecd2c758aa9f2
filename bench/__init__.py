"""Benchmark harness for confnotes: synthetic corpora and plain-vs-confnotes timed builds.

- `bench.corpus.generate_corpus` writes a deterministic, realistic content folder.
- `bench.runner.run_bench` builds it with plain Pelican and with confnotes, each in a fresh
  subprocess, and `bench.runner.format_table` prints the comparison.
- `python -m bench --notes 1000 5000` does both from the command line.
"""
