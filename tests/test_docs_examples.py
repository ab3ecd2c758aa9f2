"""Every example in README.md and docs/ is run, so the documentation cannot drift from the code.

- A ```markdown block is a note (or a profile, or a piece of a note's body): it is saved where the
  text beside it says (or in a folder of its own) into a copy of the bundled content and built with
  the real Pelican; the build logs no error, and a URL the text promises ("published at `/x/`")
  is really written.
- A ```python block is either settings (built into the bundled site; a file the text says it
  writes is written) or a test (run against a real tiny site).
- A ```sh block is made of commands: `invoke` commands must name real tasks and flags (the
  read-only ones are run), `make` targets must exist, Python one-liners are run.
- A ```text block of `error:` and `warning:` lines in docs/checking.md is `invoke check` output:
  tests/test_check.py reproduces every line of it from one demo content folder.

Other blocks (file trees, figures, server configuration) are illustrations, not examples.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from invoke import Collection
from invoke.parser import ParseError, Parser
from pelican.settings import read_settings

from tests.conftest import ROOT, SETTINGS_FILE, build

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\S*)\s*$")
CONTENT_PATH = re.compile(r"`content/([^`\s]+\.md)`")
PUBLISHED_AT = re.compile(r"published at\s+`(/[^`]*)`")
WRITES = re.compile(r"`((?:feeds|api|speakers|packages|events|series)/[^`\s]+)`")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a document, with the prose around it."""

    doc: Path
    line: int
    lang: str
    text: str
    before: str
    after: str

    @property
    def name(self) -> str:
        """`docs/x.md:12`, as test ids and failure messages show it."""
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def read_blocks(doc: Path) -> Iterator[Block]:
    """The fenced blocks of one Markdown document, each with a paragraph of context."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        yield Block(doc, index + 1, opening.group(1), "\n".join(lines[index + 1:end]) + "\n",
                    _paragraph(lines, index - 1, step=-1), _paragraph(lines, end + 1, step=1))
        index = end + 1


def _paragraph(lines: list[str], start: int, step: int) -> str:
    """The prose next to a block: lines up to the next blank line (skipping one first)."""
    found: list[str] = []
    index = start
    while 0 <= index < len(lines) and not lines[index].strip():
        index += step
    while 0 <= index < len(lines) and lines[index].strip() and not FENCE.match(lines[index]):
        found.append(lines[index])
        index += step
    return "\n".join(found if step > 0 else reversed(found))


ALL_BLOCKS = [block for doc in DOCS for block in read_blocks(doc)]


def blocks(*langs: str) -> list[Any]:
    """The blocks in the given languages, as pytest parameters with readable ids."""
    return [pytest.param(block, id=block.name) for block in ALL_BLOCKS if block.lang in langs]


# --- Markdown: notes, profiles and pieces of a note's body -------------------------------------

PROFILE_FOLDERS = {  # a key only one kind of profile has -> its folder
    "start": "events", "end": "events", "series": "events", "city": "events",
    "pypi": "packages", "repository": "packages", "documentation": "packages",
    "website": "speakers", "mastodon": "speakers", "github": "speakers",
    "affiliation": "speakers", "bluesky": "speakers",
}


def header_keys(text: str) -> list[str]:
    """The lower-case keys of a Markdown file's header lines (empty for a body fragment)."""
    keys = []
    for line in text.splitlines():
        if not line.strip():
            break
        match = re.match(r"^([A-Za-z_]+):\s", line)
        if not match:
            return []
        keys.append(match.group(1).lower())
    return keys


def saved_as(block: Block) -> tuple[str, str]:
    """Where the example goes under content/, and the text to save there."""
    stated = CONTENT_PATH.findall(block.before) or CONTENT_PATH.findall(block.after)
    keys = header_keys(block.text)
    if "title" in keys and "date" in keys:
        return (stated[0] if stated else f"doc-examples/example-{block.line}.md"), block.text
    if "name" in keys:
        folder = next((PROFILE_FOLDERS[key] for key in keys if key in PROFILE_FOLDERS), None)
        assert folder or stated, f"{block.name}: say which kind of profile this is"
        return (stated[0] if stated else f"{folder}/doc-example-{block.line}.md"), block.text
    # A piece of a note's body: it goes into a note of the bundled site's main event.
    return (f"doc-examples/example-{block.line}.md",
            "Title: An example\nDate: 2026-04-16\nEvent: djangocon-europe-2026\n\n" + block.text)


@pytest.mark.parametrize("block", blocks("markdown", "md"))
def test_markdown_examples_build(block: Block, tmp_path: Path, caplog) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    relative, text = saved_as(block)
    (content / relative).parent.mkdir(parents=True, exist_ok=True)
    (content / relative).write_text(text, encoding="utf-8")
    site = build(content, tmp_path / "output", caplog)
    assert site.errors() == [], f"{block.name}: the example does not build"
    for url in PUBLISHED_AT.findall(block.before + "\n" + block.after):
        assert site.exists(url), f"{block.name}: nothing is published at {url}"
        title = next(line[6:].strip() for line in text.splitlines() if line.startswith("Title:"))
        assert title in site.page(url).get_text(), f"{block.name}: {url} is another page"


# --- Python: settings and tests ----------------------------------------------------------------

def settings_from(block: Block) -> dict[str, Any]:
    """The settings a block assigns, with CONFNOTES merged into the site's own."""
    namespace: dict[str, Any] = {}
    exec(compile(block.text, block.name, "exec"), namespace)  # the docs' own example
    assigned = {key: value for key, value in namespace.items() if key.isupper()}
    base = read_settings(SETTINGS_FILE)["CONFNOTES"]
    if "CONFNOTES" in assigned:
        assigned["CONFNOTES"] = {**base, **assigned["CONFNOTES"]}
    return assigned


@pytest.mark.parametrize("block", blocks("python"))
def test_python_examples_run(block: Block, tmp_path: Path, caplog, make_site) -> None:
    if re.search(r"^def test_", block.text, re.MULTILINE):
        namespace: dict[str, Any] = {}
        exec(compile(block.text, block.name, "exec"), namespace)  # the docs' own example
        for name, function in namespace.items():
            if name.startswith("test_"):
                function(make_site)
        return
    settings = settings_from(block)
    assert settings, f"{block.name}: a Python example should set settings or be a test"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    site = build(content, tmp_path / "output", caplog, **settings)
    assert site.errors() == [], f"{block.name}: these settings do not build"
    for path in WRITES.findall(block.after):
        assert site.exists(path), f"{block.name}: the text says {path} is written"


# --- Shell: invoke and make ----------------------------------------------------------------------

def commands(block: Block) -> Iterator[list[str]]:
    """Each command of a shell block as words (continuation lines joined, comments dropped)."""
    for line in block.text.replace("\\\n", " ").splitlines():
        line = line.split(" #", 1)[0].strip()  # noqa: PLW2901
        if line and not line.startswith("#"):
            words = shlex.split(line.removeprefix("$ "))
            while words and re.match(r"^[A-Z_]+=", words[0]):  # VAR=value in front
                words.pop(0)
            if words:
                yield words


def invoke_tasks() -> Collection:
    """The project's invoke tasks, as `invoke --list` shows them."""
    sys.path.insert(0, str(ROOT))
    import tasks  # noqa: PLC0415  (tasks.py sits at the project's root)

    return Collection.from_module(tasks)


READ_ONLY_TASKS = {"check", "--list", "-l"}
SHELL_BUILTINS = {"cd", "export", "source", "set", "unset"}


@pytest.mark.parametrize("block", blocks("sh", "bash", "console", "shell"))
def test_shell_examples_name_real_commands(block: Block) -> None:
    parser = Parser(contexts=invoke_tasks().to_contexts())
    for words in commands(block):
        program = Path(words[0]).name
        if program == "invoke":
            try:
                parser.parse_argv(words[1:])
            except ParseError as error:
                pytest.fail(f"{block.name}: `{shlex.join(words)}`: {error}")
            if (words[1:] and words[1] in READ_ONLY_TASKS) or "--help" in words:
                result = subprocess.run([sys.executable, "-m", "invoke", *words[1:]], cwd=ROOT,
                                        capture_output=True, text=True, check=False)
                assert result.returncode == 0, f"{block.name}: {result.stdout}{result.stderr}"
        elif program == "make":
            for target in words[1:]:
                result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True,
                                        text=True, check=False)
                assert result.returncode == 0, f"{block.name}: no make target {target}"
        elif program.startswith("python"):
            result = subprocess.run([sys.executable, *words[1:]], cwd=ROOT, capture_output=True,
                                    text=True, check=False)
            assert result.returncode == 0, f"{block.name}: {result.stdout}{result.stderr}"
        elif program not in SHELL_BUILTINS:
            assert shutil.which(program), f"{block.name}: `{program}` is not a command here"


def test_the_docs_have_examples_of_each_kind() -> None:
    """The collection above really finds the examples (an empty list would pass every test)."""
    assert len(blocks("markdown")) >= 5
    assert len(blocks("python")) >= 2
    assert len(blocks("sh")) >= 2
