"""Shared pieces of the browser tests: serve a built site on 127.0.0.1, launch Debian's chromium
through Playwright, and open browser contexts that refuse and record any request to another host.

Chromium must be ``/usr/bin/chromium`` (``python3 manage.py test`` installs Debian's package);
Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 (a free port) → its base URL, ending in '/'."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium under Playwright; the test fails (never skips) when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(`python3 manage.py test` installs it; or `apt-get install chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def local_only_context(browser, server: str) -> Iterator[object]:
    """A browser context in which every request to another host is refused and recorded; on exit
    the test fails if any was made."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    origin = urlsplit(server).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == origin:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    ctx.outside = outside  # type: ignore[attr-defined]
    try:
        yield ctx
    finally:
        ctx.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"
