"""Every command of the tree, as Typer registered it (no hand-kept list): each command and
group answers `--help` in Dutch and in English, and each command with `--json` prints JSON on
the bundled seed database.

A command that needs arguments gets them from `ARGUMENTS`, keyed by its path; a new one
without an entry fails with a message that says so, and so does an entry whose command is gone.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from techniekpact import i18n
from techniekpact.cli import build
from tests.parliament.fake_odata import recorded_metadata

DATA = Path(__file__).resolve().parents[1] / "src" / "techniekpact" / "data"
SERIES = "period;value\n2015/16;20\n2020/21;25\n"

# What a command needs to print JSON on the seed database: `{data}` is the bundled data
# directory (importing it again changes nothing), `{server}` a local stand-in for the feeds
# and the Kamer's OData service, `reeks.csv` a series in the working directory.
ARGUMENTS: dict[str, list[str]] = {
    "import": ["{data}/observations.csv"],
    "progress": ["reeks.csv"],
    "parliament import": ["{data}/parliament.yaml"],
    "parliament sync": ["--api-root", "{server}/OData/v4/2.0/"],
    "schemes import": ["{data}/schemes.yaml"],
    "schemes sync": ["--url", "{server}/feed"],
    "sources import": ["duo", "{data}/sources/duo/hbo-eerstejaars-2015-2019.csv"],
}


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    yield " ".join(path), command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def command_tree(lang: str = "nl") -> dict[str, Any]:
    """Path ("" for the root, "schemes search") to click command, every group and command."""
    return dict(_walk(build(lang)))


def is_group(command: Any) -> bool:
    return hasattr(command, "commands")


def has_json(command: Any) -> bool:
    return any("--json" in getattr(param, "opts", ()) for param in command.params)


TREE = command_tree()
PATHS = sorted(TREE)
JSON_COMMANDS = sorted(path for path, command in TREE.items() if has_json(command))


def _flat(text: str) -> str:
    """Help text without rich's borders and line breaks, to find a sentence that wrapped."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_the_tree_has_the_commands_and_groups() -> None:
    """The walk sees what the app registers (a walk that found nothing would prove nothing)."""
    assert {"", "schemes", "parliament", "import", "schemes search", "parliament sync"} <= set(
        PATHS
    )
    assert {"assess", "goals", "indicators", "schemes search"} <= set(JSON_COMMANDS)
    assert "export" not in JSON_COMMANDS  # its JSON is a --format


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_every_command_and_group_answers_help(cli, path: str, lang: str) -> None:
    result = cli("--lang", lang, *path.split(), "--help")
    assert result.returncode == 0, result.stderr
    text = _flat(result.stdout)
    assert f"Usage: techniekpact {path}".strip() in text
    assert ("─ Options " if lang == "en" else "─ Opties ") in result.stdout
    help_option = "Show this message and exit." if lang == "en" else "Deze hulp tonen en stoppen."
    assert help_option in text
    # the command's own help (its Dutch text is the catalog's key): its first paragraph
    dutch = TREE[path].help
    first = i18n.gettext(dutch, lang).strip().split("\n\n")[0]
    assert _flat(first) in text
    if lang == "en":
        assert first != dutch.strip().split("\n\n")[0], f"{path}: no English help"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local stand-in for the sync sources: the Kamer's OData schema, and an empty answer
    (no motions, no commitments, no schemes in the feed) to every query."""

    class Empty(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            metadata = self.path.split("?")[0].endswith("$metadata")
            body = recorded_metadata() if metadata else b'{"value": [], "data": []}'
            self.send_response(200)
            self.send_header("Content-Type", "application/xml" if metadata else "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Empty)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_address[1]}"
    http.shutdown()


def _needs(command: Any) -> list[str]:
    return [
        param.opts[0] if param.param_type_name == "option" else param.name
        for param in command.params
        if param.required
    ]


def test_every_entry_of_the_table_is_a_json_command() -> None:
    stale = sorted(set(ARGUMENTS) - set(JSON_COMMANDS))
    assert stale == [], f"ARGUMENTS has entries for no command with --json: {stale}"


@pytest.mark.parametrize("path", JSON_COMMANDS)
def test_every_json_command_prints_json(cli, server: str, tmp_path: Path, path: str) -> None:
    command = TREE[path]
    if path not in ARGUMENTS and _needs(command):
        pytest.fail(
            f"`techniekpact {path}` needs {', '.join(_needs(command))}: give them in ARGUMENTS "
            "in tests/test_cli_commands.py, so that its --json is tested"
        )
    (tmp_path / "reeks.csv").write_text(SERIES, encoding="utf-8")
    args = [a.format(data=DATA, server=server) for a in ARGUMENTS.get(path, [])]
    result = cli(*path.split(), *args, "--json")
    assert result.returncode == 0, (
        f"`techniekpact {path} {' '.join(args)} --json` failed; if it needs other arguments, "
        f"set them in ARGUMENTS: {result.stderr}"
    )
    assert isinstance(json.loads(result.stdout), dict | list)
