"""Fixtures of the browser suite: the sample site with its search index, served, and Chromium.

One browser for the whole session; each test gets a fresh context (cookies, storage, viewport).
Chromium is Debian's (/usr/bin/chromium, installed by `make test`); Playwright never downloads one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from confnotes.search.index import index_site
from support import (
    AXE_JS,
    DESKTOP,
    RECORD_CSP_VIOLATIONS,
    STRICT_CSP,
    PageWatch,
    serve,
)

# Small parts, so every search test also proves the parts are merged into one index.
SEARCH_PART_SIZE = 3


@pytest.fixture(scope="session")
def indexed_site(sample_site: Any) -> Any:
    """The bundled sample site, built once, with its Pagefind index in several parts."""
    index_site(sample_site.output, part_size=SEARCH_PART_SIZE)
    return sample_site


@pytest.fixture(scope="session")
def base_url(indexed_site: Any) -> Iterator[str]:
    """The sample site served on 127.0.0.1 with the site's Content-Security-Policy."""
    with serve(indexed_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def strict_base_url(indexed_site: Any) -> Iterator[str]:
    """The same site with `default-src 'self'` on every response, the search page's too."""
    with serve(indexed_site.output, search_csp=STRICT_CSP) as url:
        yield url


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js, installed from npm by `make test` (never from a CDN)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: `make test-tools` installs axe-core from npm.")
    return AXE_JS.read_text(encoding="utf-8")


def _new_page(browser: Any, **options: Any) -> tuple[Any, Any, PageWatch]:
    """A fresh context and page that record console errors and CSP violations."""
    context = browser.new_context(viewport=DESKTOP, **options)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    return context, page, watch


@pytest.fixture
def page_and_watch(browser: Any) -> Iterator[tuple[Any, PageWatch]]:
    """A page of a fresh context, with JavaScript, and its console watch."""
    context, page, watch = _new_page(browser)
    yield page, watch
    context.close()


@pytest.fixture
def page_without_javascript(browser: Any) -> Iterator[Any]:
    """A page of a fresh context with JavaScript turned off."""
    context, page, _watch = _new_page(browser, java_script_enabled=False)
    yield page
    context.close()
