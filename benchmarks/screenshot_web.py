#!/usr/bin/env python3
"""A PNG of the web app's article page with one claim selected, for the docs.

Builds a store from the fictional articles of ``tests/e2e/e2e_support.py`` (or takes ``--db``),
starts the real server (``sourcetrace serve``) on a free loopback port, opens ``/articles/ARTICLE``
in Debian's Chromium (Playwright with ``executable_path``; no browser is downloaded), clicks the
first claim of the ledger whose text contains ``--claim``, and saves a full-page screenshot.

Usage: python benchmarks/screenshot_web.py [-o docs/img/article-page.png] [--db FILE]
           [--article reservoir-leak] [--claim "that the leak was small"]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

import e2e_support  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, default=REPO / "docs" / "img" / "article-page.png")
    ap.add_argument("--db", type=Path, help="an existing store (default: the fixture articles)")
    ap.add_argument("--article", default="reservoir-leak", help="article id (default: reservoir-leak)")
    ap.add_argument("--claim", default="that the leak was small",
                    help="select the first ledger claim containing this text")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args(argv)

    reason = e2e_support.skip_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="screenshot-web-") as tmp:
        tmp = Path(tmp)
        db = args.db or e2e_support.build_store(tmp / "web.db", tmp)
        with e2e_support.Server(db, tmp / "serve.log") as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=e2e_support.CHROMIUM, args=e2e_support.CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(f"{server.url}/articles/{args.article}")
            claim = page.locator("#ledger li.claim", has_text=args.claim).first
            claim.click()
            page.locator("#claim-detail").wait_for(state="visible")
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output), full_page=True)
            browser.close()
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
