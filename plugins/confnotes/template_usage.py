"""Which variables a template can read, so a page's fingerprint digests only those.

Pelican hands some templates more than they show: every tag page gets the list of all
notes, for instance.  Digesting a variable no template in the page's chain mentions would make
the page depend on every note for nothing.  The chain is the template, what it extends,
includes and imports, found with Jinja's own `meta` helpers; a template named by a computed
expression makes the answer unknown, and then every variable counts.
"""

from __future__ import annotations

from jinja2 import Environment, meta

# Pelican's Writer reads these itself (paths, pagination), whatever the template says.
WRITER_PARAMETERS = frozenset({"template", "args", "relative_urls", "paginated",
                               "template_name", "override_output", "url"})


class TemplateUsage:
    """Answers, per template, whether a variable can reach its output (remembered per build)."""

    def __init__(self, environment: Environment) -> None:
        self._environment = environment
        self._variables: dict[str, frozenset[str] | None] = {}
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

    def variables(self, template: str) -> frozenset[str] | None:
        """Every variable the chain of `template` reads from its context; None if unknown."""
        if template not in self._variables:
            self._variables[template] = self._walk(template)
        return self._variables[template]

    def _walk(self, template: str) -> frozenset[str] | None:
        """Parse the template and everything it pulls in."""
        found: set[str] = set()
        pending, seen = [template], set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            source, _, _ = self._environment.loader.get_source(self._environment, name)
            tree = self._environment.parse(source)
            found |= meta.find_undeclared_variables(tree)
            for referenced in meta.find_referenced_templates(tree):
                if referenced is None:
                    return None
                pending.append(referenced)
        return frozenset(found)
