"""The live session's web server: the built site, a status the reload script polls, and a real
404 page (listing the last build's errors, which are often why a page is missing)."""

from __future__ import annotations

import html
import json
import os
import socketserver
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

from ..confine import inside
from .live_status import LiveState

STATUS_PATH = "/_confnotes/live"  # polled by theme/static/js/livereload.js


class LiveHTTPServer(socketserver.ThreadingMixIn, RootedHTTPServer):
    """Pelican's rooted server, one thread per request (the page and its polling overlap)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, output: Path, address: tuple[str, int], state: Callable[[], LiveState],
                 headers: Mapping[str, str], theme_url: str, *, reload_script: bool = True) -> None:
        # Pelican's server sets `base_path` on the handler class it is given: a class of this
        # server's own, so two servers in one process each serve their own folder.
        handler = type("LiveRequestHandler", (LiveRequestHandler,), {})
        super().__init__(str(output), address, handler)
        self.live_state = state
        self.extra_headers = dict(headers)
        self.theme_url = theme_url
        self.reload_script = reload_script  # False for `serve` and `preview`: no live session


class LiveRequestHandler(ComplexHTTPRequestHandler):
    """Serves the output folder; answers the status path; 404s with a page, never silently."""

    server: LiveHTTPServer

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        """A file of the site, the session's status, or the 404 page."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == STATUS_PATH:
            self._send_bytes(200, "application/json",
                             json.dumps(self.server.live_state().as_json()).encode("utf-8"))
            return
        found = self.get_path_that_exists(path)
        if not found or not self._stays_inside(found):
            self._send_bytes(404, "text/html; charset=utf-8", self._not_found_page(path))
            return
        self.path = found
        super(ComplexHTTPRequestHandler, self).do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 - the name http.server calls
        """The headers of a file of the site; 404 for anything a GET would not serve."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        found = self.get_path_that_exists(path)
        if not found or not self._stays_inside(found):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.path = found
        super().do_HEAD()

    def _stays_inside(self, url_path: str) -> bool:
        """Whether the file served for `url_path` (a folder's index.html for a folder) really
        lies in the output folder: symbolic links inside it are never followed out."""
        file = self.translate_path(url_path)
        if os.path.isdir(file):
            file = os.path.join(file, "index.html")
        return inside(self.base_path, file)

    def log_message(self, msg_format: str, *args: object) -> None:
        """Log requests as Pelican's server does, except the script's polling."""
        if not getattr(self, "path", "").startswith(STATUS_PATH):
            super().log_message(msg_format, *args)

    def end_headers(self) -> None:
        """Every response: never cached (a save must show at once), plus the extra headers."""
        self.send_header("Cache-Control", "no-store")
        for name, value in self.server.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def _send_bytes(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _not_found_page(self, path: str) -> bytes:
        """The 404 page: what was asked for, and the last build's errors if it had any."""
        state = self.server.live_state()
        problems = "".join(f"<li><code>{html.escape(p.describe())}</code></li>"
                           for p in state.problems)
        errors = (f'<section id="confnotes-live-problems" role="alert">'
                  f"<h2>The last build reported {len(state.problems)} error(s)</h2>"
                  f"<p>A note with an error is left out of the site, which may be why this "
                  f"page is missing. Fix it and save: this page reloads by itself.</p>"
                  f"<ul>{problems}</ul></section>") if state.problems else ""
        theme = html.escape(self.server.theme_url)
        script = (f'<script src="{theme}/js/livereload.js" defer></script>\n'
                  if self.server.reload_script else "")
        page = (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f"<title>Not found: {html.escape(path)}</title>\n"
                f'<link rel="stylesheet" href="{theme}/css/site.css">\n'
                f'{script}</head>\n<body>\n'
                f'<main class="wrap">\n<h1>Not found</h1>\n<p>Nothing is built at '
                f'<code>{html.escape(path)}</code>. <a href="/">Go to the home page</a>.</p>\n'
                f"{errors}\n</main>\n</body>\n</html>\n")
        return page.encode("utf-8")


def start_server(output: Path, host: str, port: int, state: Callable[[], LiveState], *,
                 headers: Mapping[str, str] | None = None,
                 theme_url: str = "/theme") -> LiveHTTPServer:
    """Serve `output` on host:port from a daemon thread; `server.shutdown()` stops it.

    `theme_url` is where the theme's static files are served (its css/ and js/ folders).
    """
    server = LiveHTTPServer(output, (host, port), state, headers or {}, theme_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_site(output: Path, host: str, port: int, theme_url: str = "/theme") -> None:
    """Serve a built site on host:port until Ctrl-C, as `invoke serve` and `invoke preview` do:
    the same server as a live session (a real 404 page, nothing served from outside `output`),
    without the reload script."""
    server = LiveHTTPServer(output, (host, port), LiveState, {}, theme_url, reload_script=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
