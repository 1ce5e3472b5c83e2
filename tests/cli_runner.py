"""The `techniekpact` command run in the test's own process, answering as a subprocess would.

Starting Python, importing the app and migrating took most of every CLI test's time; the
command itself is fast. `run_cli` calls `techniekpact.cli.run` with what a subprocess gets of
its own: the environment (settings and the language are read from it at each run), the
working directory, stdin, stdout and stderr (bytes, read back as `text=True` would: UTF-8 and
universal newlines) and the width of the error console (a fresh process reads COLUMNS when it
imports the CLI). A program error prints its traceback on stderr and gives status 1, as the
interpreter would. Those are the process's globals, so calls run one at a time: the
`cli_process` fixture still runs real processes, for what only they show (concurrent writers,
the interpreter's own start-up); kills and the installed script have their own subprocesses.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from techniekpact import cli


@contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _directory(path: Path) -> Iterator[None]:
    saved = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


@contextmanager
def _console_widths(env: Mapping[str, str]) -> Iterator[None]:
    """The error console as wide as COLUMNS says (the output console is 160 when not a
    terminal, in any process): rich reads COLUMNS once, when the console is made."""
    saved = cli.err._width
    columns = env.get("COLUMNS", "")
    cli.err._width = int(columns) if columns.isdigit() else None
    try:
        yield
    finally:
        cli.err._width = saved


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    """What `subprocess.run(..., text=True)` reads: the bytes decoded, newlines universal."""
    stream.flush()
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


@contextmanager
def _streams(input: str | None) -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    saved = sys.stdin, sys.stdout, sys.stderr
    stdout, stderr = _stream(), _stream()
    sys.stdin = _stream((input or "").encode("utf-8"))
    sys.stdout, sys.stderr = stdout, stderr
    try:
        yield stdout, stderr
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def run_cli(
    args: Sequence[str], *, env: Mapping[str, str], cwd: Path, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`techniekpact *args` in-process, as `subprocess.run(..., capture_output=True,
    text=True, env=env, cwd=cwd, input=input)` would report it."""
    with _environment(env), _directory(cwd), _console_widths(env), _streams(input) as (out, err):
        try:
            status = cli.run(list(args))
        except Exception:
            traceback.print_exc(file=sys.stderr)
            status = 1
        stdout, stderr = _text(out), _text(err)
    return subprocess.CompletedProcess(["techniekpact", *args], status, stdout, stderr)


def run_process(
    args: Sequence[str], *, env: Mapping[str, str], cwd: Path, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m techniekpact *args` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "techniekpact", *args],
        capture_output=True,
        text=True,
        env=dict(env),
        cwd=cwd,
        input=input,
        timeout=120,
    )
