"""Helpers of the browser suite: the test server with its CSP, and what a page is checked for."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"

# Every page must work under the strictest policy.  Pagefind compiles WebAssembly, which CSP
# only allows with 'wasm-unsafe-eval': the search page and its bundle (the worker's policy is
# the one its own script is served with) get that one keyword more.
STRICT_CSP = "default-src 'self'"
SEARCH_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
SEARCH_PATHS = ("/search/", "/pagefind/")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = ("serious", "critical")

# Runs before the page's own scripts (through the DevTools protocol, so CSP does not apply).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${blocked}`);
});
"""


def policy_for(path: str, search_csp: str = SEARCH_CSP) -> str:
    """The Content-Security-Policy the test server sends for a path."""
    return search_csp if path.startswith(SEARCH_PATHS) else STRICT_CSP


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site with a CSP header on every response, quietly."""

    search_csp = SEARCH_CSP

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", policy_for(self.path, self.search_csp))
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@contextmanager
def serve(directory: Path, search_csp: str = SEARCH_CSP) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = type("Handler", (_Handler,), {"search_csp": search_csp})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class PageWatch:
    """Console errors and uncaught exceptions of one page, as they happen."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Start listening to the page."""
        page.on("console", lambda message: self.errors.append(f"console: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))


def csp_violations(page: Any) -> list[str]:
    """The CSP violations the page has reported so far."""
    return page.evaluate("() => window.__cspViolations || []")


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page (axe is evaluated through DevTools, not a <script>)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
    }""")
    return list(result)


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The serious and critical violations."""
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def focus_ring(page: Any) -> dict[str, Any]:
    """How the focused element shows focus: its tag, outline and place in the viewport."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || el === document.body) return {tag: "body"};
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const text = (el.textContent || el.value || "").trim().slice(0, 40);
        return {tag: el.tagName.toLowerCase(), text,
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
                shadow: style.boxShadow, visible: box.width > 0 && box.height > 0
                    && box.bottom > 0 && box.top < innerHeight};
    }""")


def shows_focus(ring: dict[str, Any]) -> bool:
    """True when the focused element draws a focus indicator and is on screen."""
    drawn = (ring.get("outline") not in (None, "none") and ring.get("width", 0) >= 2) or (
        ring.get("shadow") not in (None, "none"))
    return bool(ring.get("visible")) and drawn


def write_report(name: str, data: Any) -> Path:
    """Keep a JSON report in test-artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
