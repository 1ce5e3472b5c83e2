"""`techniekpact serve` says where its database lives, and never prints a password."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from techniekpact.web.commands import database_location
from techniekpact.web.security import MAX_HEADER_BYTES, SERVER_HEADER_BYTES


def test_location_of_sqlite_and_postgresql() -> None:
    assert database_location("sqlite:////var/lib/tp/db.sqlite3") == (
        "SQLite-bestand /var/lib/tp/db.sqlite3"
    )
    shown = database_location("postgresql+psycopg://monitor:geheim@db.example:5432/tp")
    assert shown == "postgresql+psycopg://monitor@db.example:5432/tp"
    assert "geheim" not in shown and "***" not in shown


def test_serve_prints_the_database_then_serves(database_url: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {"TECHNIEKPACT_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "techniekpact", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("Database: "), first
        assert database_location(database_url) in first
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    assert answer.status == 200 and b"Techniekpact" in answer.read()
                    # no version banner (issue 11): uvicorn's Server header is off
                    assert answer.headers.get("server") is None
                    assert answer.headers["x-content-type-options"] == "nosniff"
                    break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.5)
        # a head past the app's limit gets its 431; one past the server's, the server's 431
        assert _status(port, MAX_HEADER_BYTES + 100) == 431
        # a head still unfinished past the server's bound: 431, and nothing more is read
        # (httptools would read on for ever; web/connections.py counts the head's bytes)
        half = b"y" * (SERVER_HEADER_BYTES // 2 + 100)
        assert _status(port, 0, pieces=[half, half]) == 431
        assert _status(port, 100) == 200
    finally:
        process.terminate()
        process.wait(timeout=30)


def _status(port: int, cookie_bytes: int, pieces: list[bytes] | None = None) -> int:
    """The status `serve` answers to a GET with a Cookie header of `cookie_bytes` bytes, or
    to a head that is `pieces` sent apart and never finished."""
    head = b"GET /about HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: x="
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        if pieces is None:
            conn.sendall(head + b"y" * cookie_bytes + b"\r\n\r\n")
        else:
            conn.sendall(head)
            for piece in pieces:
                time.sleep(0.3)
                conn.sendall(piece)
        answer = b""
        try:
            while chunk := conn.recv(65536):
                answer += chunk
        except ConnectionResetError:  # a server may reset once it has answered a refusal
            assert answer, "no answer before the connection was reset"
    return int(answer.split(b" ", 2)[1])


def _closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"") -> float | None:
    """Seconds until the server closes `sock` (None: still open after `seconds`), sending
    `trickle` every 0.2 s meanwhile, as a slowloris client does with header lines."""
    import select

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        readable, _, _ = select.select([sock], [], [], 0.2)
        if readable and sock.recv(1024) == b"":
            return time.monotonic() - started
        if trickle:
            try:
                sock.sendall(trickle)
            except OSError:
                return time.monotonic() - started
    return None


def test_serve_closes_idle_and_slow_connections(database_url: str) -> None:
    """A connection that sends nothing, or its headers a line at a time, is closed after the
    header timeout; a normal request meanwhile is answered, and so are keep-alive requests."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {
        "TECHNIEKPACT_DATABASE_URL": database_url,
        "TECHNIEKPACT_HEADER_TIMEOUT": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "techniekpact", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/about", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.5)
        idle = socket.create_connection(("127.0.0.1", port))
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        with idle, slow:
            slow_closed = _closed_within(slow, 8, trickle=b"X-Slow: 1\r\n")
            idle_closed = _closed_within(idle, 8)
            with urllib.request.urlopen(base + "/about", timeout=5) as answer:
                assert answer.status == 200
        # keep-alive: the deadline restarts after each response, so requests that come in time
        # are served on one connection for longer than the header timeout
        import http.client

        kept = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        statuses = []
        for _ in range(3):
            kept.request("GET", "/about")
            answer = kept.getresponse()
            answer.read()
            statuses.append(answer.status)
            time.sleep(0.6)
        kept.close()
        assert statuses == [200, 200, 200]
        assert slow_closed is not None and 0.8 <= slow_closed < 4, slow_closed
        # the idle one was closed while the slow one was being watched
        assert idle_closed is not None and idle_closed < 1, idle_closed
    finally:
        process.terminate()
        process.wait(timeout=30)
