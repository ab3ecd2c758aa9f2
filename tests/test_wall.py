"""The wall around the engine, checked on the plugin's source (ast), not by convention.

- content/, graph/, site/ and search/ import nothing from `confnotes.engine` (at module level
  or inside a function, relative or absolute);
- the engine's hints (`FINGERPRINT...`) are named only in the engine;
- only plugin.py connects signals (`.connect(`);
- an underscore attribute of another object (`x._something`, not `self._...`) is read or
  written only in the engine: that is where Pelican's private internals are touched.

Each rule has a negative test: the same scanner finds a violation planted in a source string.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[1] / "plugins" / "confnotes"
DOMAIN = ("content", "graph", "site", "search")  # the stages that never see the engine
ENGINE = "confnotes.engine"

# Underscore names that are public API despite the underscore, outside the engine.
ALLOWED_PRIVATE: dict[str, str] = {
    "_replace": "namedtuple's public method for a modified copy",
    "_asdict": "namedtuple's public method",
    "_fields": "namedtuple's public attribute",
}


def module_name(path: Path) -> str:
    """`plugins/confnotes/site/feeds/ids.py` -> `confnotes.site.feeds.ids`."""
    parts = path.relative_to(PLUGIN.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imported_modules(source: str, module: str, package: bool = False) -> list[tuple[int, str]]:
    """Every module a source imports (absolute names), with its line; function-level too.

    `from . import x` counts as importing `<package>.x` (it may be a module)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not package:
                    base = base[:-1]
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join([*base, *([node.module] if node.module else [])])
            else:
                prefix = node.module or ""
            found.append((node.lineno, prefix))
            found += [(node.lineno, f"{prefix}.{alias.name}") for alias in node.names]
    return found


def engine_imports(source: str, module: str, package: bool = False) -> list[str]:
    """`line: name` for every import of the engine."""
    return [f"{line}: {name}" for line, name in imported_modules(source, module, package)
            if name == ENGINE or name.startswith(f"{ENGINE}.")]


def fingerprint_hints(source: str) -> list[str]:
    """Names, attributes and strings (docstrings too) that mention FINGERPRINT."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = None
        if isinstance(node, ast.Name):
            text = node.id
        elif isinstance(node, ast.Attribute):
            text = node.attr
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            text = node.name
        if text is not None and "fingerprint" in text.lower() and "FINGERPRINT" in text:
            found.append(f"{node.lineno}: {text[:60]!r}")
    return found


def signal_connections(source: str) -> list[str]:
    """Every `.connect(...)` call."""
    return [f"{node.lineno}: {ast.unparse(node.func)}"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "connect"]


def private_accesses(source: str) -> list[str]:
    """`x._name` where x is not self/cls and _name is not a dunder nor allow-listed."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__") and node.attr.endswith("__"):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            continue
        if node.attr in ALLOWED_PRIVATE:
            continue
        found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def plugin_modules() -> list[Path]:
    return sorted(PLUGIN.rglob("*.py"))


def stage(path: Path) -> str:
    """The first folder under confnotes/ ('' for top-level modules)."""
    parts = path.relative_to(PLUGIN).parts
    return parts[0] if len(parts) > 1 else ""


def domain_modules() -> list[Path]:
    return [path for path in plugin_modules() if stage(path) in DOMAIN]


def violations(check, paths: list[Path]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        source = path.read_text(encoding="utf-8")
        if check is engine_imports:
            hits = check(source, module_name(path), is_package(path))
        else:
            hits = check(source)
        if hits:
            found[str(path.relative_to(PLUGIN))] = hits
    return found


def test_the_scan_covers_every_stage():
    stages = {stage(path) for path in domain_modules()}
    assert stages == set(DOMAIN)
    assert len(domain_modules()) > 30


def test_no_domain_module_imports_the_engine():
    assert violations(engine_imports, domain_modules()) == {}


def test_the_engines_hints_are_named_only_in_the_engine():
    outside = [path for path in plugin_modules() if stage(path) != "engine"]
    assert violations(fingerprint_hints, outside) == {}


def test_only_plugin_py_connects_signals():
    others = [path for path in plugin_modules() if path != PLUGIN / "plugin.py"]
    assert violations(signal_connections, others) == {}
    assert signal_connections((PLUGIN / "plugin.py").read_text(encoding="utf-8"))


def test_private_attributes_of_other_objects_are_touched_only_in_the_engine():
    outside = [path for path in plugin_modules() if stage(path) != "engine"]
    assert violations(private_accesses, outside) == {}


@pytest.mark.parametrize(("planted", "module", "package"), [
    ("from ..engine.writer import worker_count\n", "confnotes.content.reader", False),
    ("from ...engine import fingerprints\n", "confnotes.site.feeds.entries", False),
    ("from .. import engine\n", "confnotes.graph.graph", False),
    ("from ..engine import memo\n", "confnotes.site", True),
    ("import confnotes.engine.memo\n", "confnotes.search.index", False),
    ("def f():\n    from confnotes.engine.writer import ConfnotesWriter\n",
     "confnotes.site.generator", False),
])
def test_the_import_scan_finds_a_planted_engine_import(planted, module, package):
    assert engine_imports(planted, module, package)


def test_the_import_scan_leaves_sibling_imports_alone():
    source = "from ..graph.graph import Graph\nfrom .outputs import Site\nimport os\n"
    assert engine_imports(source, "confnotes.site.generator") == []
    # `engine_x` is not the engine
    assert engine_imports("from ..engine_x import y\n", "confnotes.site.generator") == []


def test_the_other_scans_find_planted_violations():
    source = '''
class RelatedTalk:
    FINGERPRINT_ALONE = True

def build(content, writer):
    """Says FINGERPRINT_ALSO."""
    signals.finalized.connect(writer.flush)
    html = content._content
    self._mine = 1
    point = point._replace(x=1)
    return html.__len__()
'''
    assert [hit.split(":")[0] for hit in fingerprint_hints(source)] == ["3", "6"]
    assert signal_connections(source) == ["7: signals.finalized.connect"]
    assert private_accesses(source) == ["8: content._content"]


# Every private attribute the engine touches on another object, with where and why. A new one
# fails this test: add it here, with a comment at the access (and a check in
# tests/engine/test_pelican_internals.py when it is Pelican's).
ENGINE_PRIVATE = {
    ("pelican_internals.py", "content._content"): "Pelican: a note's HTML before links",
    ("pelican_internals.py", "generator._add_failed_source_path"): "Pelican: unreadable file",
    ("pelican_internals.py", "pelican._get_generator_classes"): "Pelican: `check`'s generators",
    ("logged.py", "LimitFilter._raised_messages"): "Pelican: its memory of logged messages",
    ("logged.py", "LimitFilter._ignore"): "Pelican: its memory of logged messages",
    ("logged.py", "LimitFilter._group_count"): "Pelican: its memory of logged messages",
    ("writer.py", "super()._open_w"): "Pelican: where the Writer opens every output file",
    ("writer.py", "os._exit"): "Python: a forked worker leaves without exit handlers",
    ("prefetch.py", "os._exit"): "Python: a forked worker leaves without exit handlers",
}


def test_the_engine_touches_only_the_known_private_attributes():
    found = {(path.name, hit.split(": ", 1)[1])
             for path in sorted((PLUGIN / "engine").glob("*.py"))
             for hit in private_accesses(path.read_text(encoding="utf-8"))}
    assert found == set(ENGINE_PRIVATE)
