"""Headless Chromium for the page tests: Debian's browser, driven by Playwright, kept on 127.0.0.1.

Every page a test opens may reach the server under test only (a request to any other host is
aborted and recorded) and may raise no JavaScript error; both are asserted when the page closes,
so a page that loads something from a CDN or breaks a script fails its test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium tries Google's hosts at every start, which
# this machine's closed network refuses.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Containers often give /dev/shm 64 MiB, too little for a renderer drawing a canvas: it
    # crashes ("Target crashed"). Shared memory then goes through /tmp instead.
    "--disable-dev-shm-usage",
]


def require_chromium() -> None:
    """Skip the calling test when Debian's Chromium is not installed."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed: run .ci/install-system-deps as root")


@contextmanager
def loopback_page(context: BrowserContext) -> Iterator[Page]:
    """A new page of ``context`` that may reach 127.0.0.1 only and must raise no script error."""
    outside: list[str] = []

    def guard(route: Route, request: Request) -> None:
        if urlsplit(request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert outside == [], f"the page reached outside the server: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"
