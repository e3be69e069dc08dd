"""Fictional articles for the web app's browser tests and load test (written for these tests).

Every name, place and figure is invented. Together the articles carry what the pages must show:
direct quotations, "according to" cues, a hedge ("reportedly"), a reported-via chain (an official
who told a newspaper, cited by a news agency), a shared source across articles (for the graph and
the entity pages), and hostile markup in a title and a body (for the XSS checks).

Shared by ``tests/e2e`` and ``benchmarks/bench_web.py``: ``build_store(db, tmp)`` ingests the articles
with the real ``sourcetrace ingest`` command; ``Server`` runs the real ``sourcetrace serve`` on a free
loopback port; ``CHROMIUM`` and ``CHROMIUM_ARGS`` launch Debian's Chromium the way this machine needs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCETRACE = [sys.executable, "-m", "sourcetrace.cli"]

CHROMIUM = os.environ.get("SOURCETRACE_CHROMIUM", "/usr/bin/chromium")
# What Chromium needs on these machines: no sandbox as root, no GPU, and none of its background
# connections (update checks, sync, QUIC probes), which a closed network refuses. Playwright gives
# each launch a fresh, empty user-data-dir and adds --headless itself.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def skip_reason() -> str | None:
    if not Path(CHROMIUM).is_file():
        return (f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does) "
                "to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: pip install -e '.[dev]'"
    return web_app_available()


XSS_TITLE = "Council vote <script>alert(1)</script> postponed"
XSS_BODY_MARKUP = "<img src=x onerror=alert(1)>"

ARTICLES = [
    {
        "id": "tram-strike",
        "title": "Tram drivers in Velmora vote to strike",
        "published": "2026-03-09",
        "text": (
            "Tram drivers in Velmora voted on Sunday to strike for 48 hours next week, the drivers' union said. "
            "\"We have asked for safer timetables for two years and nobody listened,\" said Irena Kostova, "
            "the head of the Velmora Transit Union. According to the city transport office, about 90,000 "
            "passengers use the trams every weekday. Mayor Pavel Dorn reportedly met union leaders on "
            "Saturday evening. Dorn said the city would present a new offer on Tuesday."
        ),
    },
    {
        "id": "reservoir-leak",
        "title": "Leak found at Osk reservoir dam",
        "published": "2026-03-10",
        "text": (
            "Engineers found a leak in the wall of the Osk reservoir dam on Monday. A senior water board "
            "official told the Harbin Ledger newspaper that the leak was small, the Norwin Press Agency "
            "reported. \"There is no danger to the villages below the dam,\" said Lukas Feld, a spokesman "
            "for the Osk Water Board. The repairs will reportedly cost about 3 million euros. According to "
            "the regional fire service, two pumps were sent to the site as a precaution."
        ),
    },
    {
        "id": "council-vote",
        "title": XSS_TITLE,
        "published": "2026-03-11",
        "text": (
            "The Velmora city council postponed its vote on the new parking rules on Wednesday. "
            "A notice posted on the council website contained the code " + XSS_BODY_MARKUP + " and was "
            "removed within an hour, the council said. \"Someone tested our website, and we fixed it,\" "
            "said Irena Kostova, who also sits on the council. The vote may take place in April, "
            "according to the council clerk."
        ),
    },
    {
        "id": "bakery-award",
        "title": "Small bakery in Tessin wins national bread prize",
        "published": "2026-03-12",
        "text": (
            "A family bakery in Tessin won the national bread prize on Thursday, the judges announced. "
            "\"We bake the same rye loaf my grandmother baked,\" said owner Marta Oleska. The bakery sells "
            "about 400 loaves a day, according to the Tessin chamber of commerce. Oleska said she would "
            "use the prize money of 5,000 euros to buy a second oven."
        ),
    },
]


def write_jsonl(path: Path, articles: list[dict] | None = None, copies: int = 1) -> Path:
    """The articles as JSONL; ``copies`` > 1 repeats them with distinct ids (for the load test)."""
    rows = articles if articles is not None else ARTICLES
    with path.open("w", encoding="utf-8") as fh:
        for n in range(copies):
            for row in rows:
                out = dict(row)
                if n:
                    out["id"] = f"{row['id']}-{n}"
                fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    return path


def build_store(db: Path, workdir: Path, *, copies: int = 1, workers: int = 1, timeout: float = 600) -> Path:
    """Ingest the articles into ``db`` with the real CLI; raises with its stderr when it fails."""
    src = write_jsonl(workdir / "web-articles.jsonl", copies=copies)
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.run([*SOURCETRACE, "ingest", str(src), "--db", str(db), "--workers", str(workers),
                           "--no-progress"], capture_output=True, text=True, timeout=timeout, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"sourcetrace ingest failed ({proc.returncode}):\n{proc.stderr}")
    return db


def serve_command() -> list[str]:
    """``sourcetrace serve`` from the environment running this code (the venv's console script)."""
    script = Path(sys.executable).with_name("sourcetrace")
    return [str(script)] if script.exists() else [*SOURCETRACE]


def free_port(host: str = "127.0.0.1") -> int:
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Server:
    """The real web app, ``sourcetrace serve --db DB --port P``, as a subprocess on loopback.

    ``start()`` returns once ``GET /api/stats`` answers 200, or raises with the server's stderr when the
    process exits or does not answer within ``timeout`` seconds. ``stop()`` terminates it.
    """

    def __init__(self, db: Path, log: Path, *, host: str = "127.0.0.1", port: int | None = None,
                 timeout: float = 90.0, extra_args: list[str] | None = None, preexec_fn=None):
        self.db, self.log, self.host = Path(db), Path(log), host
        self.port = port or free_port(host)
        self.timeout = timeout
        self.cmd = [*serve_command(), "serve", "--db", str(self.db), "--host", host, "--port", str(self.port),
                    *(extra_args or [])]
        self.preexec_fn = preexec_fn
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stderr(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def start(self) -> "Server":
        import time

        import httpx

        env = dict(os.environ, PYTHONPATH=str(REPO / "src"), PYTHONUNBUFFERED="1")
        with self.log.open("wb") as fh:  # a file, not a pipe: a chatty server never blocks on a full pipe
            self.proc = subprocess.Popen(self.cmd, stdout=fh, stderr=subprocess.STDOUT, env=env,
                                         preexec_fn=self.preexec_fn)
        deadline = time.monotonic() + self.timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                raise RuntimeError(f"`{' '.join(self.cmd)}` exited with status {code} before answering:\n"
                                   f"{self.stderr()}")
            try:
                r = httpx.get(self.url + "/api/stats", timeout=5)
                if r.status_code == 200:
                    return self
                last = f"HTTP {r.status_code}: {r.text[:200]}"
            except httpx.HTTPError as err:
                last = repr(err)
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"`{' '.join(self.cmd)}` did not answer GET /api/stats within {self.timeout:.0f} s "
                           f"(last: {last}); its output:\n{self.stderr()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def web_app_available() -> str | None:
    """None when this install has ``sourcetrace serve``, else the reason it has not.

    Only an absent web package or an absent ``serve`` command count as unavailable; a ``serve`` that
    is there but broken is left to fail loudly when the server is started.
    """
    import importlib.util

    spec = importlib.util.find_spec("sourcetrace.web")
    if spec is None or spec.origin is None:
        return "sourcetrace.web is not part of this install, so `sourcetrace serve` is unavailable"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.run([*serve_command(), "serve", "--help"], capture_output=True, text=True, env=env,
                          timeout=120)
    if proc.returncode != 0 and "invalid choice: 'serve'" in proc.stderr:
        return "this install's command line has no `sourcetrace serve` command"
    return None
