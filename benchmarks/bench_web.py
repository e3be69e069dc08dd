#!/usr/bin/env python3
"""A bounded load test of the web app on loopback: latency percentiles, throughput, errors, memory.

Starts the real server (``sourcetrace serve --db STORE``, uvicorn) as a subprocess on a free port of
127.0.0.1, then runs ``--clients`` concurrent clients (default 100) for ``--duration`` seconds
(default 20). Each client is a closed loop over its own keep-alive connection (send, read the whole
body, send the next), cycling through the endpoints:

* ``article``: ``GET /articles/{id}``, the article page (ids rotate over the stored articles);
* ``claims``: ``GET /api/claims``, the first page of the unfiltered claim ledger;
* ``claims-source``: ``GET /api/claims?source=Kostova``, a filtered ledger.

Reported per endpoint: requests completed, throughput, p50/p95/p99/max latency (from sending the
request to the last byte of the body) and errors (exceptions and HTTP statuses >= 400); and the
server's peak resident memory (the process and its children, sampled every 0.1 s) and CPU use.

Client and server share the machine's cores. On 2 cores the server is pinned to core 0 and the load
generator to core 1 (``--no-pin`` lets both float), so the clients cannot starve the server; the
report gives both processes' CPU use so a saturated client is visible. The clients speak HTTP/1.1
through a minimal asyncio client (``RawHttp``): httpx's AsyncClient (``--client httpx``) needs about
ten times more CPU per request and saturates its core before the server does (measured against a
trivial app: 240 req/s with the client at 91% of its core, against 2,130 req/s with the raw client at
19% and the server at 99%). Other jobs on a shared machine
still take their share: the numbers are for one run, read with that in mind.

The store: ``--db FILE`` uses an existing store; without it, the fictional articles of
``tests/e2e/e2e_support.py`` are ingested ``--copies`` times with distinct ids into a temporary store.

Usage: python benchmarks/bench_web.py [--db FILE] [--copies 50] [--clients 100] [--duration 20]
           [--endpoints article claims claims-source] [--client raw|httpx] [--no-pin] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

import e2e_support  # noqa: E402

ENDPOINTS = {
    "article": "/articles/{id}",
    "claims": "/api/claims",
    "claims-source": "/api/claims?source=Kostova",
}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class RssSampler(threading.Thread):
    """Peak resident memory and CPU time of a process and its children, sampled every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.stop_event = threading.Event()

    def rss(self) -> int:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def cpu_seconds(self) -> float:
        t = self.proc.cpu_times()
        return t.user + t.system

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.peak = max(self.peak, self.rss())
            except Exception:  # the process ended
                return
            self.stop_event.wait(self.interval)

    def stop(self) -> int:
        self.stop_event.set()
        self.join()
        return self.peak


class RawHttp:
    """A minimal HTTP/1.1 keep-alive GET client on asyncio streams (Content-Length and chunked bodies).

    About ten times less CPU per request than httpx, so that one core of load generator can saturate a
    server on the other core; a connection is reopened after any error."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            size = int(headers["content-length"])
            await self.reader.readexactly(size)
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            size = 0
            while True:
                n = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(n + 2)
                size += n
                if n == 0:
                    break
        else:
            size = len(await self.reader.read())
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, size


async def run_load(base: str, paths: dict[str, list[str]], clients: int, duration: float,
                   timeout: float, client_kind: str = "raw") -> tuple[dict, float]:
    import httpx

    names = list(paths)
    results = {name: {"latencies": [], "errors": {}, "bytes": 0} for name in names}
    host, port = urlsplit(base).hostname, urlsplit(base).port
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as shared:
        for name in names:  # warm-up, not recorded: first template render, SQLite page cache
            for path in paths[name][:3]:
                (await shared.get(path)).raise_for_status()
        start = time.perf_counter()
        deadline = start + duration

        async def fetch_httpx(path: str) -> tuple[int, int]:
            r = await shared.get(path)
            return r.status_code, len(r.content)

        async def worker(i: int) -> None:
            raw = RawHttp(host, port) if client_kind == "raw" else None
            fetch = raw.get if raw else fetch_httpx
            n = i
            while time.perf_counter() < deadline:
                name = names[n % len(names)]
                options = paths[name]
                path = options[(n // len(names)) % len(options)]
                n += 1
                res = results[name]
                t0 = time.perf_counter()
                try:
                    status, size = await asyncio.wait_for(fetch(path), timeout)
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError,
                        httpx.HTTPError) as err:
                    key = type(err).__name__
                    res["errors"][key] = res["errors"].get(key, 0) + 1
                    if raw:
                        await raw.close()
                    continue
                res["latencies"].append(time.perf_counter() - t0)
                res["bytes"] += size
                if status >= 400:
                    key = f"HTTP {status}"
                    res["errors"][key] = res["errors"].get(key, 0) + 1
            if raw:
                await raw.close()

        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - start
    return results, elapsed


def summarize(results: dict, elapsed: float) -> dict:
    out = {}
    for name, res in results.items():
        lat = res["latencies"]
        n_err = sum(res["errors"].values())
        done = len(lat)
        out[name] = {
            "path": ENDPOINTS[name],
            "requests": done + sum(v for k, v in res["errors"].items() if not k.startswith("HTTP")),
            "per_second": round(done / elapsed, 1),
            "p50_ms": round(percentile(lat, 50) * 1000, 1) if lat else None,
            "p95_ms": round(percentile(lat, 95) * 1000, 1) if lat else None,
            "p99_ms": round(percentile(lat, 99) * 1000, 1) if lat else None,
            "max_ms": round(max(lat) * 1000, 1) if lat else None,
            "mean_bytes": round(res["bytes"] / done) if done else 0,
            "errors": n_err,
            "error_kinds": res["errors"],
        }
    all_lat = [x for res in results.values() for x in res["latencies"]]
    out["all"] = {
        "path": "",
        "requests": sum(v["requests"] for v in out.values()),
        "per_second": round(len(all_lat) / elapsed, 1),
        "p50_ms": round(percentile(all_lat, 50) * 1000, 1) if all_lat else None,
        "p95_ms": round(percentile(all_lat, 95) * 1000, 1) if all_lat else None,
        "p99_ms": round(percentile(all_lat, 99) * 1000, 1) if all_lat else None,
        "max_ms": round(max(all_lat) * 1000, 1) if all_lat else None,
        "errors": sum(v["errors"] for v in out.values()),
        "error_kinds": {},
    }
    return out


def print_table(report: dict) -> None:
    rows = report["endpoints"]
    print(f"\n{report['clients']} clients for {report['duration_s']} s on loopback "
          f"({report['articles']} articles, {report['claims']} claims in the store; "
          f"{'server on core 0, clients on core 1' if report['pinned'] else 'no CPU pinning'})\n")
    print("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        label = f"`{r['path']}`" if r["path"] else "**all**"
        print(f"| {label} | {r['requests']:,} | {r['per_second']:,} | {r['p50_ms']} | {r['p95_ms']} | "
              f"{r['p99_ms']} | {r['max_ms']} | {r['errors']} |")
    kinds = {k: v for r in rows.values() for k, v in r["error_kinds"].items()}
    if kinds:
        print(f"\nerrors by kind: {kinds}")
    print(f"\nserver: peak RSS {report['server_peak_rss_mb']} MB (idle {report['server_idle_rss_mb']} MB), "
          f"CPU {report['server_cpu_percent']}% of one core; load generator: CPU "
          f"{report['client_cpu_percent']}% of one core; wall {report['elapsed_s']} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing store (default: build one from the fixture articles)")
    ap.add_argument("--copies", type=int, default=50,
                    help="without --db: ingest the fixture articles this many times (default 50: 200 articles)")
    ap.add_argument("--clients", type=int, default=100, help="concurrent clients (default 100)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of load (default 20)")
    ap.add_argument("--endpoints", nargs="+", choices=list(ENDPOINTS), default=list(ENDPOINTS))
    ap.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="raw: a minimal asyncio HTTP/1.1 client (default, light); httpx: httpx.AsyncClient")
    ap.add_argument("--no-pin", dest="pin", action="store_false",
                    help="do not pin the server to core 0 and the clients to core 1")
    ap.add_argument("--json", dest="json_out", help="also write the report as JSON to this file ('-': stdout)")
    args = ap.parse_args(argv)

    import psutil

    reason = e2e_support.web_app_available()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    pin = args.pin and hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        tmp = Path(tmp)
        db = args.db
        if db is None:
            t0 = time.perf_counter()
            db = e2e_support.build_store(tmp / "web.db", tmp, copies=args.copies, workers=2)
            print(f"store: {args.copies} x {len(e2e_support.ARTICLES)} fixture articles ingested in "
                  f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
        from sourcetrace.store.writer import connect

        conn = connect(db, create=False, readonly=True)
        ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
        n_claims = conn.execute("SELECT count(*) FROM attributions").fetchone()[0]
        conn.close()
        if not ids:
            print(f"no articles in {db}", file=sys.stderr)
            return 2
        paths = {name: ([ENDPOINTS[name].format(id=i) for i in ids] if "{id}" in ENDPOINTS[name]
                        else [ENDPOINTS[name]]) for name in args.endpoints}

        server_core = {cores[0]} if pin else None
        preexec = (lambda: os.sched_setaffinity(0, server_core)) if pin else None
        server = e2e_support.Server(db, tmp / "serve.log", preexec_fn=preexec)
        with server:
            if pin:
                os.sched_setaffinity(0, {cores[1]})
            sampler = RssSampler(server.proc.pid)
            idle_rss = sampler.rss()
            sampler.start()
            me = psutil.Process()
            server_cpu0, client_cpu0 = sampler.cpu_seconds(), sum(me.cpu_times()[:2])
            results, elapsed = asyncio.run(run_load(server.url, paths, args.clients, args.duration,
                                                      args.timeout, args.client))
            server_cpu = sampler.cpu_seconds() - server_cpu0
            client_cpu = sum(me.cpu_times()[:2]) - client_cpu0
            peak = sampler.stop()
            if pin:
                os.sched_setaffinity(0, set(cores))

    report = {
        "clients": args.clients,
        "duration_s": args.duration,
        "elapsed_s": round(elapsed, 1),
        "articles": len(ids),
        "claims": n_claims,
        "pinned": pin,
        "client": args.client,
        "cores": len(cores) or os.cpu_count(),
        "endpoints": summarize(results, elapsed),
        "server_idle_rss_mb": round(idle_rss / 2**20),
        "server_peak_rss_mb": round(peak / 2**20),
        "server_cpu_percent": round(100 * server_cpu / elapsed),
        "client_cpu_percent": round(100 * client_cpu / elapsed),
        "date": time.strftime("%Y-%m-%d"),
    }
    print_table(report)
    if args.json_out:
        text = json.dumps(report, indent=2)
        if args.json_out == "-":
            print(text)
        else:
            Path(args.json_out).write_text(text + "\n", encoding="utf-8")
    return 1 if report["endpoints"]["all"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
