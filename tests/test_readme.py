"""The README tells the truth: its counts, its tour, its set-up commands and its claim about
`--json` are checked against the code and the bundled data, so they cannot drift apart."""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import typer
import yaml

from techniekpact.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA = ROOT / "src" / "techniekpact" / "data"


def registered_commands() -> dict[str, list[str]]:
    """Every command the CLI registers ("schemes search", ...) with its option names."""
    from techniekpact.monitor import commands  # noqa: F401
    from techniekpact.parliament import commands as parliament  # noqa: F401
    from techniekpact.schemes import commands as schemes  # noqa: F401
    from techniekpact.sources import commands as sources  # noqa: F401
    from techniekpact.web import commands as web  # noqa: F401

    found: dict[str, list[str]] = {}

    def walk(command, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        else:
            found[" ".join(path)] = [o for p in command.params for o in getattr(p, "opts", [])]

    walk(typer.main.get_command(app), [])
    return found


def test_json_claim_matches_the_registered_commands() -> None:
    commands = registered_commands()
    without = {name for name, options in commands.items() if "--json" not in options}
    claim = re.search(r"the three that do not are (.+?)\.\n\n", README, re.S)
    assert claim, "README: the sentence naming the commands without --json"
    named = set(re.findall(r"`([a-z ]+)`", claim.group(1)))
    assert without == named, f"commands without --json: {sorted(without)}"
    assert len(named) == 3  # "the three"


def test_every_tour_command_exists_with_its_options() -> None:
    commands = registered_commands()
    tour = README[README.index("## A short tour") : README.index("## Configuration")]
    lines = [line.split("  #")[0] for line in tour.splitlines() if line.startswith("techniekpact")]
    assert len(lines) >= 15
    for line in lines:
        words = shlex.split(line.split(">")[0])[1:]
        name = " ".join(words[:2]) if " ".join(words[:2]) in commands else words[0]
        assert name in commands, line
        for word in words:
            # --lang is the CLI's own option, taken from any place on the line (techniekpact.cli)
            if word.startswith("--") and word != "--lang":
                assert word in commands[name], f"{line}: {word}"
    for path in re.findall(r"techniekpact schemes import (\S+)", tour):
        assert (ROOT / path).exists(), path  # the tour's catalogue is one a clone has


def test_counts_match_the_bundled_data() -> None:
    with open(DATA / "observations.csv", encoding="utf-8") as fh:
        figures = sum(1 for _ in csv.DictReader(fh))
    indicators = yaml.safe_load((DATA / "indicators.yaml").read_text(encoding="utf-8"))
    targets = yaml.safe_load((DATA / "targets.yaml").read_text(encoding="utf-8"))
    frameworks = yaml.safe_load((DATA / "frameworks.yaml").read_text(encoding="utf-8"))
    intro = " ".join(README[: README.index("## Set-up")].split())
    assert f"{len(indicators['indicators'])} indicators" in intro
    assert f"{figures} published figures" in intro
    assert f"{len(targets['targets'])} targets" in intro
    years = sorted(int(f["code"][-4:]) for f in frameworks["frameworks"])
    assert "(2013, 2016, 2018, 2021 and the 2023 action plan)" in intro
    assert years == [2013, 2016, 2018, 2021, 2023]


def test_layout_lists_every_bench_and_script() -> None:
    layout = README[README.index("## Layout") :]
    for folder in ("bench", "scripts"):
        for path in (ROOT / folder).glob("*.py"):
            assert path.name in layout, path


def test_set_up_commands_make_a_virtual_environment() -> None:
    setup = README[README.index("## Set-up") : README.index("## A short tour")]
    blocks = re.findall(r"```sh\n(.+?)\n```", setup, re.S)
    assert len(blocks) == 2  # "install and run", "install and test"
    for block in blocks:
        assert block.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
    assert blocks[0].endswith("techniekpact serve") and blocks[1].endswith("pytest")
    assert "python3-venv" in setup and "externally-managed-environment" in setup
