"""The command, in-process (tests/cli_runner.py) unless a real process is the point: JSON
keys, exit codes, one-line errors. Help: tests/test_cli_commands.py and test_cli_help.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_progress_json(cli, tmp_path: Path) -> None:
    (tmp_path / "reeks.csv").write_text("period;value\n2015/16;20\n2020/21;25\n", encoding="utf-8")
    result = cli("progress", "reeks.csv", "--target", "30", "--target-year", "2025", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in (
        "status",
        "score",
        "progress_value",
        "cagr_observed",
        "cagr_required",
        "base_year",
        "current_year",
        "projection",
    ):
        assert key in data
    assert data["status"] == "substantial_progress"
    assert data["projection"]["year"] == 2025


def test_progress_decrease_and_eurostat(cli, tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_text("period,value\n2015,8\n2020,6\n", encoding="utf-8")
    result = cli(
        "progress", "w.csv", "--direction", "decrease", "--method", "eurostat-short", "--json"
    )
    assert json.loads(result.stdout)["status"] == "substantial_progress"


def test_progress_bad_input_is_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("period,value\n2015,acht\n", encoding="utf-8")
    result = cli("progress", "r.csv")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("fout: r.csv, rij 2")
    assert "Traceback" not in result.stderr
    missing = cli("progress", "nope.csv")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_assess_lists_every_target(cli) -> None:
    result = cli("assess", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 8
    assert all(r["assessment"]["status"] for r in rows)
    table = cli("assess")
    assert "mbo-beta-30" in table.stdout


def test_goals_trace(cli) -> None:
    result = cli("goals", "--trace", "2013-AL1-WT")
    assert result.returncode == 0
    assert "2016-D1" in result.stdout and "2021-INSTROOM" in result.stdout
    unknown = cli("goals", "--trace", "nope")
    assert unknown.returncode == 1 and unknown.stderr.startswith("fout: onbekend doel")


def test_import_errors_name_file_row_and_column(cli, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "indicator;period;value;source_url\nmbo_beta_share_intake;2030/31;130;https://x.nl\n",
        encoding="utf-8",
    )
    result = cli("import", "c.csv")
    assert result.returncode == 1
    assert "c.csv, rij 2, kolom 'value'" in result.stderr
    assert "[out-of-range]" in result.stderr
    assert "Traceback" not in result.stderr
    stats = json.loads(cli("stats", "--json").stdout)
    assert stats["imports"] == 3  # only the seeds (figures, the DUO series, schemes)


def test_import_dry_run_then_real_then_again(cli, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "indicator;period;value;source_url\nmbo_beta_share_intake;2030/31;30;https://x.nl\n",
        encoding="utf-8",
    )
    dry = json.loads(cli("import", "c.csv", "--dry-run", "--json").stdout)
    assert (dry["new"], dry["dry_run"]) == (1, True)
    assert json.loads(cli("import", "c.csv", "--json").stdout)["new"] == 1
    again = json.loads(cli("import", "c.csv", "--json").stdout)
    assert (again["new"], again["revised"], again["unchanged"]) == (0, 0, 1)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_to_stdout_and_file(cli, tmp_path: Path, fmt: str) -> None:
    result = cli("export", "--format", fmt)
    assert result.returncode == 0 and len(result.stdout) > 1000
    written = cli("export", "--format", fmt, "--output", f"out.{fmt}")
    assert written.returncode == 0
    assert (tmp_path / f"out.{fmt}").read_text(encoding="utf-8") == result.stdout


def test_check_and_stats(cli) -> None:
    findings = json.loads(cli("check", "--json").stdout)
    assert any(f["code"] == "target-without-data" for f in findings)
    assert json.loads(cli("stats", "--json").stdout)["frameworks"] == 5


def test_unreachable_database_is_one_line(cli) -> None:
    result = cli("stats", env={"TECHNIEKPACT_DATABASE_URL": UNREACHABLE})
    assert result.returncode == 1
    assert result.stderr.startswith("fout: database niet bereikbaar")


UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/x"


def test_the_installed_script_exits_with_the_status_of_the_run(tmp_path: Path) -> None:
    """The `techniekpact` script pip installs (`main`, a real process): 0 for a run that
    went well, 1 for a domain error, 2 for a usage error, its message on stderr."""
    script = Path(sys.executable).with_name("techniekpact")
    assert script.is_file(), f"{script}: the package is not installed (pip install -e .)"
    base = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}

    def run(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
        env = base | {"LANG": "C.UTF-8", "TECHNIEKPACT_DATABASE_URL": database_url}
        return subprocess.run(
            [str(script), *args], capture_output=True, text=True, env=env, timeout=120
        )

    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    ok = run("stats", "--json", database_url=fresh)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["frameworks"] == 5
    unreachable = run("stats", database_url=UNREACHABLE)
    assert unreachable.returncode == 1
    assert unreachable.stderr.startswith("fout: database niet bereikbaar")
    usage = run("stats", "--no-such-option", database_url=fresh)
    assert usage.returncode == 2 and "--no-such-option" in usage.stderr


def test_import_messages_are_dutch_by_default_and_english_when_asked(cli, tmp_path: Path) -> None:
    """One language per run: Dutch by default, English with --lang en or LANG=en_US.UTF-8;
    columns named as the file wrote them, a missing one in the file's language."""
    (tmp_path / "nl.csv").write_text(
        "indicator;periode;waarde\nmbo_beta_share_intake;2030/31;12,5%x\n", encoding="utf-8"
    )
    dutch = cli("import", "nl.csv")
    assert dutch.returncode == 1
    assert "nl.csv, rij 1, kolom 'bron': kolom 'bron' ontbreekt [missing-column]" in dutch.stderr
    assert dutch.stderr.strip().endswith("fout: nl.csv: 1 probleem, niets ingelezen")
    (tmp_path / "en.csv").write_text(
        "indicator;period;value;source_url\nmbo_beta_share_intake;2030/31;abc;https://x.nl\n"
        "mbo_beta_share_intake;2031;130;https://x.nl\n",
        encoding="utf-8",
    )
    for english in (
        cli("import", "en.csv", "--lang", "en"),
        cli("import", "en.csv", env={"LANG": "en_US.UTF-8"}),
    ):
        assert english.returncode == 1
        assert "en.csv, row 2, column 'value': not a number [not-a-number]" in english.stderr
        assert (
            "expected: a number, for example 12.5 or 1,234 or 29%; found: 'abc'" in english.stderr
        )
        assert english.stderr.strip().endswith("error: en.csv: 1 problem, nothing imported")
        assert not {"rij", "kolom", "verwacht", "gevonden", "fout"} & set(english.stderr.split())
    dutch = cli("import", "en.csv")
    assert "en.csv, rij 2, kolom 'value': geen getal [not-a-number]" in dutch.stderr
    assert "verwacht: een getal, bijvoorbeeld 12,5 of 1.234 of 29%; gevonden: 'abc'" in dutch.stderr
    assert not {"row", "column", "expected", "found", "error"} & set(dutch.stderr.split())
    # the option may come first too, and a wrong language is refused in the environment's
    assert "row 2" in cli("--lang", "en", "import", "en.csv").stderr
    refused = cli("--lang", "fr", "stats")
    assert refused.returncode != 0 and "--lang is nl of en" in refused.stderr


PROBLEM_KEYS = {"code", "file", "row", "column", "expected", "found", "message", "severity"}


def test_import_json_prints_problems_on_failure(cli, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "indicator;period;value;source_url\n"
        "mbo_beta_share_intake;2030/31;veel;https://x.nl\n"
        "mbo_beta_share_intake;2031/32;inf;https://x.nl\n",
        encoding="utf-8",
    )
    result = cli("import", "c.csv", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    problems = [(p["code"], p["row"], p["column"], p["found"]) for p in report["problems"]]
    assert problems == [("not-a-number", 2, "value", "veel"), ("not-finite", 3, "value", "inf")]
    assert all(set(p) == PROBLEM_KEYS and p["file"] == "c.csv" for p in report["problems"])


def test_import_stops_on_warnings_unless_accepted(cli, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "indicator;period;value;source_url\n"
        "mbo_beta_share_intake;2030/31;28,5;https://x.nl\n"
        "mbo_beta_share_intake;2031/32;0,29;https://x.nl\n",
        encoding="utf-8",
    )
    stopped = cli("import", "c.csv")
    assert stopped.returncode == 1
    assert "waarschuwing: c.csv, rij 3, kolom 'value'" in stopped.stderr
    assert "[looks-like-fraction]" in stopped.stderr and "--accept-warnings" in stopped.stderr
    as_json = cli("import", "c.csv", "--json")
    assert as_json.returncode == 1
    (warning,) = json.loads(as_json.stdout)["problems"]
    assert (warning["code"], warning["severity"], warning["row"]) == (
        "looks-like-fraction",
        "warning",
        3,
    )
    dry = cli("import", "c.csv", "--dry-run")
    assert dry.returncode == 0 and "[looks-like-fraction]" in dry.stderr
    assert json.loads(cli("stats", "--json").stdout)["imports"] == 3  # nothing imported yet
    accepted = json.loads(cli("import", "c.csv", "--accept-warnings", "--json").stdout)
    assert accepted["new"] == 2 and accepted["warnings"][0]["code"] == "looks-like-fraction"
