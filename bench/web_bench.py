"""Web benchmark: requests/s and p50/p95 latency at 50 concurrent clients, next to the same
responses served as static files on the same machine in the same run: by nginx where it is
installed (apt-get install nginx-light; the practical limit), otherwise by uvicorn + Starlette
StaticFiles.

    python bench/web_bench.py [--seconds 10] [--workers 1] [--postgres URL]

Needs Debian's `wrk` (apt-get install wrk). "cached" is the normal case (the response cache
holds the page until the next import); "uncached" sends a unique cookie with every request (the
cache keys on URL, query and cookie, and no page reads that cookie), so each one is rendered
from the database. A cookie rather than a query parameter: the API refuses unknown parameters.

Before measuring, every target is fetched both ways and must answer 200 with its real content
(the chart's specification, the API's figures); a run in which any request failed (wrk counts
non-2xx answers as errors) exits non-zero, so a benchmark of error pages cannot pass as fast.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

TARGETS = {
    "home": "/",
    "indicator": "/indicators/mbo_beta_share_intake",
    "api": "/api/v1/indicators/mbo_beta_share_intake/observations",
}
# What each target's answer must contain: proof it did the work, not an error page.
CONTENT = {
    "home": (b"<main", b"mbo"),
    "indicator": (b'id="chart-spec"', b'"value": 2'),
    "api": (b'"indicator":"mbo_beta_share_intake"', b'"value":'),
}
LUA_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.3f p95=%.3f errors=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""
LUA_BUST = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path, {["Cookie"] = "bench=" .. counter})
end
"""


def fetch(url: str, cookie: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def check_content(name: str, url: str, cookie: str = "") -> bytes:
    """The target answers 200 with its real content, or the benchmark stops here."""
    status, body = fetch(url, cookie)
    missing = [m.decode() for m in CONTENT[name] if m not in body]
    if status != 200 or missing:
        raise SystemExit(f"{name}: {url} answered {status}, missing {missing}: {body[:200]!r}")
    return body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def drain(base: str) -> None:
    """wrk stops at its deadline, but the server still works off the queued uncached requests;
    wait until a request is quick again so the next measurement starts from an idle server."""
    for attempt in range(240):
        started = time.monotonic()
        probe = f"/api/v1/indicators/mbo_beta_share_intake?drain={attempt}-{started}"
        urllib.request.urlopen(base + probe, timeout=60).read()
        if time.monotonic() - started < 0.1:
            return
        time.sleep(0.5)


def wrk(url: str, seconds: int, script: Path) -> dict[str, float]:
    out = subprocess.run(
        # a generous timeout: wrk's 2 s default drops the slowest uncached answers from the
        # latencies (and counts them as errors), which would flatter the p95
        ["wrk", "-t1", "-c50", f"-d{seconds}s", "--timeout", "30s", "--latency"]
        + ["-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) errors=(\d+)", out)
    if not match:
        raise SystemExit(out)
    rps, p50, p95, errors = match.groups()
    return {"rps": float(rps), "p50": float(p50), "p95": float(p95), "errors": int(errors)}


def start_static(tmp: Path, folder: Path, port: int, workers: int) -> tuple[subprocess.Popen, str]:
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx:
        conf = tmp / "nginx.conf"
        conf.write_text(
            f"worker_processes {workers};\ndaemon off;\npid {tmp / 'nginx.pid'};\n"
            f"error_log {tmp / 'nginx.err'};\nevents {{ worker_connections 1024; }}\n"
            f"http {{ access_log off; sendfile on; keepalive_requests 100000;\n"
            f"  client_body_temp_path {tmp}; proxy_temp_path {tmp}; fastcgi_temp_path {tmp};\n"
            f"  uwsgi_temp_path {tmp}; scgi_temp_path {tmp};\n"
            f"  server {{ listen 127.0.0.1:{port}; root {folder}; }} }}\n",
            encoding="utf-8",
        )
        return subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp)]), "nginx"
    (tmp / "static_app.py").write_text(
        "from starlette.applications import Starlette\n"
        "from starlette.staticfiles import StaticFiles\n"
        f"app = Starlette()\napp.mount('/', StaticFiles(directory={str(folder)!r}))\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "static_app:app",
            "--app-dir",
            str(tmp),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
    )
    return process, "uvicorn StaticFiles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--postgres", help="database URL to serve from instead of SQLite")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = args.postgres or f"sqlite:///{tmp / 'web.sqlite3'}"
        env = os.environ | {"TECHNIEKPACT_DATABASE_URL": url}
        subprocess.run(
            [sys.executable, "-m", "techniekpact", "stats"],
            env=env,
            check=True,
            capture_output=True,
        )
        ours_port, static_port = free_port(), free_port()
        ours = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "techniekpact.web.app:create_app",
                "--port",
                str(ours_port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        static_dir = tmp / "static"
        static_dir.mkdir()
        try:
            base = f"http://127.0.0.1:{ours_port}"
            wait(base + "/")
            for name, path in TARGETS.items():
                (static_dir / name).write_bytes(check_content(name, base + path))
                check_content(name, base + path, cookie="bench=check")  # the uncached way
            static, server_name = start_static(tmp, static_dir, static_port, args.workers)
            print(f"static files served by {server_name}; ours: uvicorn, {args.workers} worker(s)")
            try:
                wait(f"http://127.0.0.1:{static_port}/home")
                report = tmp / "report.lua"
                report.write_text(LUA_REPORT, encoding="utf-8")
                bust = tmp / "bust.lua"
                bust.write_text(LUA_BUST + LUA_REPORT, encoding="utf-8")
                print(
                    f"{'target':<10} {'kind':<9} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
                    f"{'errors':>6} {'of static':>9}"
                )
                for path in TARGETS.values():  # fill every worker's cache before measuring
                    for _ in range(20 * args.workers):
                        urllib.request.urlopen(base + path).read()
                results: dict[str, dict[str, dict[str, float]]] = {}
                for name, path in TARGETS.items():
                    static_url = f"http://127.0.0.1:{static_port}/{name}"
                    results[name] = {
                        "static": wrk(static_url, args.seconds, report),
                        "cached": wrk(base + path, args.seconds, report),
                    }
                # uncached last: requests wrk gave up on keep the server busy for a while
                for name, path in TARGETS.items():
                    drain(base)
                    results[name]["uncached"] = wrk(base + path, args.seconds, bust)
                for name, runs in results.items():
                    for kind, r in runs.items():
                        share = r["rps"] / runs["static"]["rps"]
                        print(
                            f"{name:<10} {kind:<9} {r['rps']:>9.0f} {r['p50']:>8.1f} "
                            f"{r['p95']:>8.1f} {r['errors']:>6} {share:>9.0%}"
                        )
                failed = sum(r["errors"] for runs in results.values() for r in runs.values())
                if failed:
                    raise SystemExit(f"{failed} requests failed or answered an error status")
            finally:
                static.terminate()
                static.wait()
        finally:
            ours.terminate()
            ours.wait()


if __name__ == "__main__":
    main()
