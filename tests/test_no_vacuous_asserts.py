"""No test asserts something that cannot fail: a scan of every test file for the plain cases."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def _has_call(node: ast.AST) -> bool:
    return any(isinstance(child, ast.Call) for child in ast.walk(node))


def _truthy_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and bool(node.value)


def vacuous(test: ast.expr) -> str | None:
    """Why an assert's test can never be false, or None."""
    if _truthy_constant(test):
        return "a true constant"
    if isinstance(test, ast.Tuple) and test.elts:
        return "a non-empty tuple (a message written as a second element?)"
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and any(
            _truthy_constant(value) for value in test.values):
        return "`or` a true constant"
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _vacuous_comparison(test.left, test.ops[0], test.comparators[0])
    if (isinstance(test, ast.Call) and isinstance(test.func, ast.Name)
            and test.func.id == "isinstance" and len(test.args) == 2
            and isinstance(test.args[0], ast.Call) and isinstance(test.args[0].func, ast.Name)
            and isinstance(test.args[1], ast.Name) and test.args[0].func.id == test.args[1].id):
        return "isinstance of the class's own constructor call"
    return None


def _vacuous_comparison(left: ast.expr, op: ast.cmpop, right: ast.expr) -> str | None:
    """Why a single comparison always holds, or None."""
    if (isinstance(op, (ast.Eq, ast.Is, ast.GtE, ast.LtE)) and not _has_call(left)
            and ast.dump(left) == ast.dump(right)):
        return "a value compared with itself"
    if (isinstance(op, ast.GtE) and isinstance(left, ast.Call)
            and isinstance(left.func, ast.Name) and left.func.id == "len"
            and isinstance(right, ast.Constant) and right.value == 0):
        return "a length that is always >= 0"
    return None


def findings(source: str, name: str) -> list[str]:
    """`name:line: why` for each assert of `source` that cannot fail."""
    found = []
    with warnings.catch_warnings():  # Python itself warns of `assert (x, "message")`
        warnings.simplefilter("ignore", SyntaxWarning)
        tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            why = vacuous(node.test)
            if why:
                found.append(f"{name}:{node.lineno}: {why}")
    return found


def test_no_test_file_asserts_something_that_cannot_fail():
    files = sorted(TESTS.rglob("*.py"))
    assert len(files) > 40
    found = [f for path in files
             for f in findings(path.read_text(encoding="utf-8"), str(path.relative_to(TESTS)))]
    assert found == []


@pytest.mark.parametrize("line", [
    "assert True", "assert 'message'", "assert (x == 1, 'message')", "assert x or True",
    "assert len(items) >= 0", "assert x == x", "assert a.b is a.b",
    "assert isinstance(Foo(1), Foo)",
])
def test_the_scan_catches_each_pattern(line):
    assert len(findings(line, "t.py")) == 1


@pytest.mark.parametrize("line", [
    "assert x", "assert x == 1", "assert f() == f()", "assert len(items) >= 1",
    "assert x or y", "assert isinstance(make(), Foo)", "assert x == 1 or y",
])
def test_the_scan_leaves_real_asserts_alone(line):
    assert findings(line, "t.py") == []
