"""Fixtures for the browser tests: a store of fictional articles, the real server, Debian's Chromium.

The store is built once per session with ``sourcetrace ingest`` from ``e2e_support.ARTICLES``; the
server is ``sourcetrace serve`` in a subprocess on a free loopback port; the browser is
``/usr/bin/chromium`` driven by Playwright (which never downloads a browser here). Each test gets a
fresh browser context whose ``page`` records what must never happen: JavaScript dialogs (an XSS that
ran), console errors and uncaught exceptions (including CSP violations), and requests to any host but
the server's. The recorded problems fail the test at teardown; tests can also check them earlier with
``watch.assert_clean()``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import e2e_support  # noqa: E402
from e2e_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TIMEOUT_MS = 20_000  # generous: the machine is shared with CPU-heavy jobs


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("web-store")
    return e2e_support.build_store(tmp / "web.db", tmp)


@pytest.fixture(scope="session")
def db(web_store):
    from sourcetrace.store.writer import connect

    conn = connect(web_store, create=False, readonly=True)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def server(web_store, tmp_path_factory):
    srv = e2e_support.Server(web_store, tmp_path_factory.mktemp("server") / "serve.log")
    try:
        srv.start()
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


# Reports CSP violations to the console even when Chromium would only count them: runs before any
# page script, through the DevTools protocol, so the page's own CSP does not block it.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""


@dataclass
class Watch:
    """What the browser saw that a sound page never causes."""

    host: str
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    expected_failures: set[str] = field(default_factory=set)

    def expect_failure(self, url: str) -> None:
        """A page the test opens on purpose with an error status: Chromium's console line about its
        failed load is then expected, not a problem."""
        self.expected_failures.add(unquote(url))

    def on_console(self, msg) -> None:
        if msg.type != "error":
            return
        if msg.text.startswith("Failed to load resource") and unquote(msg.location.get("url", "")) in self.expected_failures:
            return
        self.console_errors.append(f"{msg.text} ({msg.location.get('url')})")

    def problems(self) -> list[str]:
        out = [f"dialog: {d}" for d in self.dialogs]
        out += [f"console error: {c}" for c in self.console_errors]
        out += [f"page error: {e}" for e in self.page_errors]
        out += [f"request leaving {self.host}: {u}" for u in self.foreign_requests]
        return out

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


def _local(url: str, host: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname == host


@pytest.fixture
def watch(server) -> Watch:
    return Watch(host=server.host)


@pytest.fixture
def page(browser, server, watch):
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)

    def route(r):
        url = r.request.url
        watch.requests.append(url)
        if _local(url, server.host):
            r.continue_()
        else:  # never let it out (a CDN, fonts, analytics): record and refuse
            watch.foreign_requests.append(url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", watch.on_console)
    pg.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    yield pg
    context.close()
    watch.assert_clean()
