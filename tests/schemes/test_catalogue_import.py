"""Editors' catalogue imports: positioned errors, nothing changed on any error, history kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from techniekpact.changes import Origin
from techniekpact.problems import ImportRejected
from techniekpact.schemes.models import SchemeRecord
from techniekpact.schemes.records import read
from techniekpact.schemes.store import apply_catalogue, catalogue

BY_TEST = Origin("test", "cli")

GOOD = {
    "code": "test-voucher",
    "name": "Testvoucher techniek",
    "provider": "Provincie Gelderland",
    "kinds": ["voucher"],
    "purposes": ["scholing"],
    "provinces": ["PV25"],
    "source_url": "https://example.org/voucher",
    "open_from": "2026-01-01",
    "open_until": "2026-12-31",
    "rules": [{"field": "employees", "op": "<", "value": 50, "label_nl": "klein mkb"}],
}


def fingerprint(factory) -> tuple:  # type: ignore[no-untyped-def]
    with factory() as s:
        rows = s.scalar(select(func.count()).select_from(SchemeRecord))
        return rows, tuple((x.code, x.max_amount) for x in catalogue(s))


def run(factory, path: Path, dry_run: bool = False):  # type: ignore[no-untyped-def]
    schemes = read(path)
    with factory() as s, s.begin():
        return apply_catalogue(s, schemes, source_name=path.name, dry_run=dry_run, origin=BY_TEST)


def test_json_import_adds_then_revises_then_changes_nothing(factory, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"schemes": [GOOD]}), encoding="utf-8")
    assert (run(factory, path).new, run(factory, path).unchanged) == (1, 1)
    path.write_text(json.dumps([GOOD | {"max_amount": "EUR 5.000"}]), encoding="utf-8")
    summary = run(factory, path)
    assert (summary.new, summary.changed) == (0, 1)
    with factory() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(SchemeRecord)
                .where(SchemeRecord.code == "test-voucher")
            )
            == 2
        )
        voucher = next(x for x in catalogue(s) if x.code == "test-voucher")
        assert voucher.max_amount == "EUR 5.000" and voucher.rules[0].value == 50


def test_csv_import(factory, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "code;name;provider;kinds;purposes;provinces;source_url;windows;rules\n"
        "csv-1;CSV-regeling;RVO;subsidie;innovatie;PV30;https://x.nl;2026-01-01..2026-03-31;"
        "employees < 250 [mkb]\n",
        encoding="utf-8",
    )
    assert run(factory, path).new == 1
    with factory() as s:
        scheme = next(x for x in catalogue(s) if x.code == "csv-1")
    assert scheme.provinces == ("PV30",) and len(scheme.windows) == 1


BAD = {
    "missing name": ([GOOD | {"name": ""}], "missing-value", 1, "name"),
    "unknown kind": ([GOOD | {"kinds": ["cadeau"]}], "unknown-code", 1, "kinds"),
    "unknown province": ([GOOD | {"provinces": ["PV99"]}], "unknown-code", 1, "provinces"),
    "bad date": ([GOOD | {"open_until": "eind 2026"}], "bad-date", 1, "open_until"),
    "bad rule": ([GOOD | {"rules": ["veel mensen"]}], "bad-rule", 1, "rules"),
    "bad url": ([GOOD | {"source_url": "zie krant"}], "bad-url", 1, "source_url"),
    "duplicate": ([GOOD, GOOD | {"name": "Ander"}], "duplicate-row", 2, "code"),
    "second item bad": (
        [GOOD, GOOD | {"code": "b", "purposes": ["geld"]}],
        "unknown-code",
        2,
        "purposes",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_catalogue_is_refused_with_position(case: str, factory, tmp_path: Path) -> None:
    items, code, row, column = BAD[case]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run(factory, path)
    problem = next(p for p in err.value.report.problems if p.code == code)
    assert (problem.row, problem.column, problem.file) == (row, column, "r.json")
    assert fingerprint(factory) == before


def test_broken_json_and_unknown_csv_column(factory, tmp_path: Path) -> None:
    broken = tmp_path / "b.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        read(broken)
    assert err.value.report.codes == {"bad-json"}
    extra = tmp_path / "e.csv"
    extra.write_text(
        "code,name,provider,kinds,purposes,source_url,kleur\n"
        "a,A,RVO,subsidie,export,https://x.nl,rood\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as err:
        read(extra)
    assert [(p.code, p.column) for p in err.value.report.problems] == [("unknown-column", "kleur")]


def test_a_yes_no_column_holds_yes_or_no(tmp_path: Path) -> None:
    """A spreadsheet's ja/nee column: any other word is refused, not read as "nee"."""
    header = "code,name,provider,kinds,purposes,source_url,ended\n"
    good = tmp_path / "g.csv"
    good.write_text(header + "a,A,RVO,subsidie,export,https://x.nl,Ja\n", encoding="utf-8")
    assert read(good)[0].ended is True
    vague = tmp_path / "v.csv"
    vague.write_text(header + "a,A,RVO,subsidie,export,https://x.nl,misschien\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        read(vague)
    [problem] = err.value.report.problems
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "wrong-type",
        2,
        "ended",
        "misschien",
    )


def test_cli_import_dry_run(cli, tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(json.dumps([GOOD]), encoding="utf-8")
    dry = json.loads(cli("schemes", "import", "r.json", "--dry-run", "--json").stdout)
    assert (dry["new"], dry["dry_run"]) == (1, True)
    assert json.loads(cli("schemes", "import", "r.json", "--json").stdout)["new"] == 1
    found = json.loads(cli("schemes", "search", "testvoucher", "--json").stdout)
    assert [r["code"] for r in found] == ["test-voucher"]
