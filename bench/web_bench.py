"""Web benchmark: requests/s and p50/p95 latency at 50 concurrent clients, next to the same
responses served as static files on the same machine in the same run: by nginx where it is
installed (apt-get install nginx-light; the practical limit), otherwise by uvicorn + Starlette
StaticFiles.

    python bench/web_bench.py [--seconds 10] [--workers 1] [--postgres URL]
    python bench/web_bench.py --scenario flood --workers 2 --database sqlite:////tmp/million.sqlite3
    python bench/web_bench.py --scenario mixed --workers 2

Scenarios: "static" (below), "flood" and "mixed" (issue 11 section 4). The flood: 200
connections ask /search?q=<random> for --seconds; meanwhile a cached page ("/") and a trivial
uncached API call (/api/v1/indicators with a varying limit and offset) are each asked by 5
connections, and the same two are measured alone first, in the same run, so the report gives
p50/p95/p99 during the flood next to the same figures without it. "mixed": 50 connections, each
request drawn at random from cached pages and pages with varying query strings (search, the
finder, the API's paging); its p50/p95/p99 and requests/s. Answers 503 (the render limit
refusing) are counted apart from failures and timeouts (wrk's --timeout, 30 s). The server is a
real `techniekpact serve` subprocess; --database serves an existing database as is (e.g. one
with a million figures: bench/import_bench.py's generator and `techniekpact import`).

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


LUA_STATS = """
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
local threads = {}
setup = function(thread) table.insert(threads, thread) end
busy = 0
bad_status = 0
response = function(status, headers, body)
  if status == 503 then busy = busy + 1 elseif status > 399 then bad_status = status end
end
done = function(summary, latency, requests)
  local refused = 0
  local bad = 0
  for _, thread in ipairs(threads) do
    refused = refused + thread:get("busy")
    if thread:get("bad_status") > 0 then bad = thread:get("bad_status") end
  end
  io.write(string.format(
    "RESULT rps=%.1f p50=%.3f p95=%.3f p99=%.3f status=%d busy=%d timeout=%d other=%d bad=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    refused, summary.errors.timeout,
    summary.errors.connect + summary.errors.read + summary.errors.write, bad))
end
"""
LUA_WORD = """
local letters = "abcdefghijklmnopqrstuvwxyz"
word = function(n)
  local t = {}
  for i = 1, n do local k = math.random(1, 26); t[i] = letters:sub(k, k) end
  return table.concat(t)
end
"""
LUA_FLOOD = (
    LUA_WORD
    + """
request = function() return wrk.format(nil, "/search?q=" .. word(math.random(3, 10))) end
"""
)
LUA_TRIVIAL = """
request = function()
  return wrk.format(nil, string.format("/api/v1/indicators?limit=%d&offset=%d",
    math.random(1, 100), math.random(0, 1000)))
end
"""
LUA_MIXED = (
    LUA_WORD
    + """
local cached = {"/", "/indicators/mbo_beta_share_intake", "/about", "/regions", "/schemes",
  "/api/v1/summary", "/api/v1/indicators/mbo_beta_share_intake/observations", "/goals/2013-AL1-WT"}
local words = {"mbo", "vrouwen", "vacatures", "techniek", "hbo", "leraren", "regio", "2020"}
request = function()
  local r = math.random(1, 10)
  if r <= 6 then return wrk.format(nil, cached[math.random(1, #cached)]) end
  if r == 7 then
    return wrk.format(nil, "/search?q=" .. words[math.random(1, #words)] .. word(math.random(0, 2)))
  end
  if r == 8 then
    return wrk.format(nil, "/schemes?q=" .. words[math.random(1, #words)] .. "&employees="
      .. math.random(1, 250))
  end
  if r == 9 then
    return wrk.format(nil, string.format(
      "/api/v1/indicators/mbo_beta_share_intake/observations?limit=%d&offset=%d",
      math.random(1, 50), math.random(0, 20)))
  end
  return wrk.format(nil, "/indicators/mbo_beta_share_intake?period=" .. math.random(2010, 2024))
end
"""
)


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
    """Until the server answers at all (a 503 from a bound is an answer too)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def drain(base: str) -> None:
    """wrk stops at its deadline, but the server still works off the queued uncached requests;
    wait until an uncached request is quick again so the next measurement starts from an idle
    server. (A site page: the API refuses an unknown query parameter.)"""
    for attempt in range(240):
        started = time.monotonic()
        status, _ = fetch(f"{base}/contact?drain={attempt}-{started}")
        if status == 200 and time.monotonic() - started < 0.1:
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


STATS = re.compile(
    r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) status=(\d+) busy=(\d+)"
    r" timeout=(\d+) other=(\d+) bad=(\d+)"
)


def start_wrk(url: str, seconds: int, script: Path, connections: int) -> subprocess.Popen:
    threads = min(2, connections)
    return subprocess.Popen(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
        + ["--latency", "-s", str(script), url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stats(process: subprocess.Popen) -> dict[str, float]:
    out, _ = process.communicate()
    match = STATS.search(out)
    if not match:
        raise SystemExit(out)
    names = ("rps", "p50", "p95", "p99", "status", "busy", "timeout", "other", "bad")
    return {k: float(v) for k, v in zip(names, match.groups(), strict=True)}


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def show(name: str, r: dict[str, float], baseline: dict[str, float] | None = None) -> None:
    ratio = f"{r['p95'] / baseline['p95']:>8.1f}x" if baseline and baseline["p95"] else ""
    failed = r["status"] - r["busy"] + r["other"]
    print(
        f"{name:<28} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} "
        f"{r['busy']:>6.0f} {failed:>6.0f} {r['timeout']:>7.0f} {ratio}"
    )
    if r["bad"]:
        print(f"  {name}: an answer other than 2xx or 503 was HTTP {r['bad']:.0f}")


def write(tmp: Path, name: str, lua: str) -> Path:
    path = tmp / f"{name}.lua"
    path.write_text(lua + LUA_STATS, encoding="utf-8")
    return path


def flood(base: str, tmp: Path, seconds: int) -> dict[str, dict[str, float]]:
    """A cached page and a trivial uncached API call, alone and then during a flood of 200
    connections of uncached searches; returns every measurement."""
    cached = write(tmp, "cached", "")
    trivial = write(tmp, "trivial", LUA_TRIVIAL)
    storm = write(tmp, "flood", LUA_FLOOD)
    results = {}
    for name, script in (("cached page alone", cached), ("trivial API alone", trivial)):
        results[name] = stats(start_wrk(base + "/", seconds, script, 5))
    drain(base)
    flooding = start_wrk(base + "/", seconds + 4, storm, 200)
    time.sleep(2)  # the flood is on before the probes start
    probes = {
        "cached page during flood": start_wrk(base + "/", seconds, cached, 5),
        "trivial API during flood": start_wrk(base + "/", seconds, trivial, 5),
    }
    for name, process in probes.items():
        results[name] = stats(process)
    results["the flood (searches)"] = stats(flooding)
    started = time.monotonic()
    drain(base)
    results["recovery"] = {"seconds": time.monotonic() - started}
    return results


def mixed(base: str, tmp: Path, seconds: int) -> dict[str, float]:
    return stats(start_wrk(base + "/", seconds, write(tmp, "mixed", LUA_MIXED), 50))


def scenarios(args: argparse.Namespace, base: str, tmp: Path) -> None:
    """The flood and the mixed workload (issue 11 section 4), with the load average."""
    header = (
        f"{'':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'503':>6} "
        f"{'failed':>6} {'timeout':>7} {'p95 vs alone':>8}"
    )
    failed = 0
    if args.scenario in ("flood", "all"):
        print(f"flood, load average before: {load_average()}")
        print(header)
        r = flood(base, tmp, args.seconds)
        for name, row in r.items():
            if name == "recovery":
                continue
            show(name, row, r.get(name.replace("during flood", "alone")))
            if name != "the flood (searches)":
                failed += row["status"] - row["busy"] + row["other"] + row["timeout"]
        print(f"quick again {r['recovery']['seconds']:.1f} s after the flood")
        print(f"load average after: {load_average()}")
    if args.scenario in ("mixed", "all"):
        drain(base)
        print(f"mixed, load average before: {load_average()}")
        print(header)
        row = mixed(base, tmp, args.seconds)
        show("mixed workload", row)
        failed += row["status"] - row["busy"] + row["other"] + row["timeout"]
        print(f"load average after: {load_average()}")
    if failed:
        raise SystemExit(f"{failed:.0f} requests failed or timed out")


def serve_scenarios(args: argparse.Namespace, env: dict[str, str], tmp: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "techniekpact", "serve", "--port", str(port)]
    log_path = args.server_log or tmp / "server.log"
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen(
        command + ["--workers", str(args.workers)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait(base + "/", seconds=300)
        for name, path in TARGETS.items():
            check_content(name, base + path)
        print(f"techniekpact serve, {args.workers} worker(s), {env['TECHNIEKPACT_DATABASE_URL']}")
        for _ in range(20 * args.workers):  # fill every worker's cache before measuring
            urllib.request.urlopen(base + "/").read()
        if args.scenario in ("flood", "mixed", "all"):
            # the app builds its figure-search index at start-up; were one missing, the first
            # searches would build it (a million figures: seconds), measured here, apart
            started = time.monotonic()
            for n in range(8 * args.workers):
                urllib.request.urlopen(f"{base}/search?q=warm{n}", timeout=300).read()
            took = time.monotonic() - started
            print(f"first {8 * args.workers} searches: {took:.1f} s")
        scenarios(args, base, tmp)
    finally:
        server.terminate()
        server.wait()
        log.close()
        text = log_path.read_text(encoding="utf-8", errors="replace")
        errors = [line for line in text.splitlines() if re.search(r'" 5(?!03)\d\d ', line)]
        if errors:
            print("server errors in its access log:", *errors[:10], sep="\n  ")
        if "Traceback" in text:
            print(f"the server logged {text.count('Traceback')} traceback(s): see {log_path}")


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
    parser.add_argument("--database", help="serve this existing database as is (any URL)")
    parser.add_argument("--server-log", type=Path, help="keep the server's log in this file")
    parser.add_argument("--scenario", choices=("static", "flood", "mixed", "all"), default="static")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = args.database or args.postgres or f"sqlite:///{tmp / 'web.sqlite3'}"
        env = os.environ | {"TECHNIEKPACT_DATABASE_URL": url}
        subprocess.run(
            [sys.executable, "-m", "techniekpact", "stats"],
            env=env,
            check=True,
            capture_output=True,
        )
        if args.scenario != "static":
            serve_scenarios(args, env, tmp)
            return
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
