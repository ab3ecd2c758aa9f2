"""Which variables a template can read, so a page's fingerprint digests only those.

Pelican hands some templates more than they show: every tag page gets the list of all
notes, for instance.  Digesting a variable no template in the page's chain mentions would make
the page depend on every note for nothing.  The chain is the template, what it extends,
includes and imports, found with Jinja's own `meta` helpers; a template named by a computed
expression makes the answer unknown, and then every variable counts.

A list the chain reads only through constant slices from its start (`articles[:30]` on the
home page) needs only that many items digested: the home page then depends on the latest
notes, not on all twenty thousand.
"""

from __future__ import annotations

from jinja2 import Environment, meta, nodes

# Pelican's Writer reads these itself (paths, pagination), whatever the template says.
WRITER_PARAMETERS = frozenset({"template", "args", "relative_urls", "paginated",
                               "template_name", "override_output", "url"})


class TemplateUsage:
    """Answers, per template, whether a variable can reach its output (remembered per build)."""

    def __init__(self, environment: Environment) -> None:
        self._environment = environment
        self._variables: dict[str, frozenset[str] | None] = {}
        self._prefixes: dict[str, dict[str, int | None]] = {}
        self._needs: dict[tuple[str, str], bool] = {}

    def needs(self, template: str, variable: str) -> bool:
        """True unless the template's chain certainly never reads `variable`.

        Pelican derives `articles_page`, `dates_paginator`, ... from `articles` and `dates`,
        so a variable also counts when the chain reads one named after it.
        """
        key = (template, variable)
        if key not in self._needs:
            used = self.variables(template)
            self._needs[key] = (variable in WRITER_PARAMETERS or used is None
                                or variable in used
                                or any(name.startswith(f"{variable}_") for name in used))
        return self._needs[key]

    def prefix(self, template: str, variable: str) -> int | None:
        """How many leading items of `variable` the chain of `template` can read, when it
        reads it only as `variable[:N]` with a constant N; None when it may read all of it."""
        used = self.variables(template)
        if used is None or any(name.startswith(f"{variable}_") for name in used):
            return None
        return self._prefixes[template].get(variable)

    def variables(self, template: str) -> frozenset[str] | None:
        """Every variable the chain of `template` reads from its context; None if unknown."""
        if template not in self._variables:
            self._variables[template] = self._walk(template)
        return self._variables[template]

    def _walk(self, template: str) -> frozenset[str] | None:
        """Parse the template and everything it pulls in."""
        found: set[str] = set()
        prefixes: dict[str, int | None] = {}
        pending, seen = [template], set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            source, _, _ = self._environment.loader.get_source(self._environment, name)
            tree = self._environment.parse(source)
            found |= meta.find_undeclared_variables(tree)
            _collect_prefixes(tree, None, prefixes)
            for referenced in meta.find_referenced_templates(tree):
                if referenced is None:
                    return None
                pending.append(referenced)
        self._prefixes[template] = prefixes
        return frozenset(found)


def _collect_prefixes(node: nodes.Node, parent: nodes.Node | None,
                      prefixes: dict[str, int | None]) -> None:
    """For every name in the tree, the largest constant N of `name[:N]` reads, or None once
    the name is used any other way (a filter, a loop over it whole, a store, a parameter)."""
    if isinstance(node, nodes.Name):
        stop = _constant_prefix(node, parent)
        known = prefixes.get(node.name, 0)
        prefixes[node.name] = None if stop is None or known is None else max(known, stop)
    for child in node.iter_child_nodes():
        _collect_prefixes(child, node, prefixes)


def _constant_prefix(name: nodes.Name, parent: nodes.Node | None) -> int | None:
    """N when `name` is read as `name[:N]` (N a constant, no start, no step), else None."""
    if (name.ctx != "load" or not isinstance(parent, nodes.Getitem) or parent.node is not name
            or not isinstance(parent.arg, nodes.Slice)):
        return None
    bounds = parent.arg
    if bounds.start is not None or bounds.step is not None:
        return None
    stop = bounds.stop
    if (isinstance(stop, nodes.Const) and isinstance(stop.value, int)
            and not isinstance(stop.value, bool) and stop.value >= 0):
        return stop.value
    return None
