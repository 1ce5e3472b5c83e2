"""Every field of a scheme or Kamer item record, given every JSON type it does not take, is
refused before anything is stored: positioned (file, record, field, expected, found), with a
stable code, nothing changed, and the pages and API that show the records keep answering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from techniekpact import i18n
from techniekpact.parliament.models import ParliamentItem
from techniekpact.parliament.store import read_manual
from techniekpact.problems import ImportRejected
from techniekpact.schemes.models import SchemeRecord
from techniekpact.schemes.records import read
from tests.schemes.test_catalogue_import import GOOD

# one strategy per JSON type
JSON_TYPES: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "bool": st.booleans(),
    "int": st.integers(-(10**12), 10**12),
    "float": st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f != int(f)),
    "str": st.text(max_size=20),
    "list": st.lists(st.integers(0, 9) | st.text(max_size=5), max_size=3),
    "dict": st.dictionaries(st.text(max_size=5), st.integers(0, 9), max_size=3),
}
TEXT = {"str", "null"}
LIST = {"list", "null"}
# the JSON types each field takes (strings are further checked: dates, codes, addresses)
KAMER_TAKES = {
    "code": {"str"},
    "kind": {"str"},
    "title": {"str"},
    "text": TEXT,
    "date": TEXT,
    "dossier": TEXT | {"int"},
    "number": TEXT | {"int"},
    "tk_id": TEXT,
    "tk_number": TEXT,
    "submitters": LIST,
    "minister": TEXT,
    "ministry": TEXT,
    "debate": TEXT,
    "decision": TEXT,
    "vote": TEXT,
    "appreciation": TEXT,
    "state": TEXT,
    "due_date": TEXT,
    "answer_kamerstuk": TEXT,
    "answer_date": TEXT,
    "answer_summary": TEXT,
    "goals": LIST,
    "indicators": LIST,
    "source_url": TEXT,
    "aliases": LIST,
    "title_en": TEXT,
    "text_en": TEXT,
    "debate_en": TEXT,
    "minister_en": TEXT,
    "answer_summary_en": TEXT,
}
SCHEME_TAKES = {
    name: TEXT
    for name in [
        "abbreviation",
        "provider_kind",
        "applicant",
        "target_group",
        "description",
        "size_limits",
        "sector_text",
        "region_text",
        "allocation",
        "max_amount",
        "source_status",
        "notes",
        "source_kind",
        "open_from",
        "open_until",
        "verified_on",
        "provider_en",
        "description_en",
        "target_group_en",
        "notes_en",
    ]
}
SCHEME_TAKES |= {name: {"str"} for name in ("code", "name", "provider", "source_url")}
SCHEME_TAKES |= {name: {"list"} for name in ("kinds", "purposes")}
SCHEME_TAKES |= {name: LIST for name in ("provinces", "sectors", "keywords", "windows", "rules")}
SCHEME_TAKES |= {name: {"bool", "null"} for name in ("ended", "closed_by_source", "status_unknown")}
CODES = {"wrong-type", "missing-value", "bad-date", "bad-url", "unknown-code", "bad-rule"}
KAMER_GOOD = {
    "code": "toezegging-x",
    "kind": "commitment",
    "title": "Brief",
    "due_date": "2026-06-30",
}


def wrong(takes: dict[str, set[str]]) -> st.SearchStrategy[tuple[str, str, Any]]:
    pairs = [(f, t) for f, types in takes.items() for t in JSON_TYPES if t not in types]
    return st.sampled_from(pairs).flatmap(
        lambda pair: JSON_TYPES[pair[1]].map(lambda v: (pair[0], pair[1], v))
    )


def rows(factory, model) -> tuple:  # type: ignore[no-untyped-def]
    with factory() as s:
        return tuple(s.execute(select(model.code, model.data).order_by(model.id)).all())


def assert_positioned(exc: ImportRejected, file: str, field: str, value: Any) -> None:
    problems = [p for p in exc.report.problems if p.column and p.column.split("[")[0] == field]
    assert problems, exc.report.problems
    problem = problems[0]
    assert (problem.file, problem.row, problem.code in CODES) == (file, 2, True), problem
    assert problem.expected
    if problem.column == field and problem.code != "missing-value":
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        assert problem.found == shown or problem.found == shown[:79] + "…"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=wrong(KAMER_TAKES))
def test_kamer_items_refuse_every_wrong_type(tmp_path_factory, case) -> None:  # type: ignore[no-untyped-def]
    field, _kind, value = case
    path = tmp_path_factory.mktemp("k") / "items.json"
    bad = KAMER_GOOD | {"code": "toezegging-y", field: value}
    path.write_text(json.dumps({"items": [KAMER_GOOD, bad]}), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        read_manual(path)
    assert_positioned(caught.value, "items.json", field, value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=wrong(SCHEME_TAKES))
def test_schemes_refuse_every_wrong_type(tmp_path_factory, case) -> None:  # type: ignore[no-untyped-def]
    field, _kind, value = case
    path = tmp_path_factory.mktemp("s") / "regelingen.json"
    bad = GOOD | {"code": "tweede", field: value}
    if field == "code":
        bad = GOOD | {field: value}
    path.write_text(json.dumps([GOOD | {"code": "eerste"}, bad]), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        read(path)
    assert_positioned(caught.value, "regelingen.json", field, value)


# the cases of the issue, through the real command: refused, positioned, nothing stored, and the
# register's pages and API still answer
KAMER_CASES = {
    "due_date with a time": ("due_date", "2026-06-30 12:00:00", "bad-date", "JJJJ-MM-DD"),
    "integer code": ("code", 12, "wrong-type", "tekst"),
    "list as a title": ("title", ["a", "b"], "wrong-type", "tekst"),
    "number as a submitter": ("submitters", [7], "wrong-type", "een object"),
}


@pytest.mark.parametrize("case", KAMER_CASES.values(), ids=KAMER_CASES.keys())
def test_kamer_import_refuses_and_pages_keep_answering(
    cli, client, factory, tmp_path, case
) -> None:  # type: ignore[no-untyped-def]
    field, value, code, expected = case
    before = rows(factory, ParliamentItem)
    text = json.dumps({"items": [KAMER_GOOD, KAMER_GOOD | {"code": "t-2", field: value}]})
    # YAML reads a timestamp as a datetime: written unquoted it is one
    if field == "due_date":
        text = "items:\n- {code: t-1, kind: commitment, title: T, due_date: 2026-06-30 12:00:00}\n"
    (tmp_path / "items.yaml").write_text(text, encoding="utf-8")
    result = cli("parliament", "import", "items.yaml")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    row = 1 if field == "due_date" else 2
    column = "submitters[1]" if field == "submitters" else field
    assert f"items.yaml, rij {row}, kolom '{column}': " in result.stderr
    assert f"[{code}]; verwacht: {expected}; gevonden: " in result.stderr
    assert result.stderr.strip().endswith("items.yaml: 1 probleem, niets ingelezen")
    assert rows(factory, ParliamentItem) == before
    for url in ("/parliament", "/api/v1/parliament/items", "/parliament/motie-32637-391"):
        assert client.get(url).status_code == 200


SCHEME_CASES = {
    "number as a name": ("name", 2024, "wrong-type", "tekst"),
    "list as a provider": ("provider", ["RVO", "KvK"], "wrong-type", "tekst"),
    "integer code": ("code", 17, "wrong-type", "tekst"),
    "date with a time": ("open_until", "2026-12-31T23:59:00", "bad-date", "JJJJ-MM-DD"),
    "text as a flag": ("ended", "ja", "wrong-type", "true of false"),
}


@pytest.mark.parametrize("case", SCHEME_CASES.values(), ids=SCHEME_CASES.keys())
def test_scheme_import_refuses_and_pages_keep_answering(
    cli, client, factory, tmp_path, case
) -> None:  # type: ignore[no-untyped-def]
    field, value, code, expected = case
    before = rows(factory, SchemeRecord)
    path = tmp_path / "regelingen.json"
    path.write_text(json.dumps([GOOD, GOOD | {"code": "tweede", field: value}]), "utf-8")
    result = cli("schemes", "import", "regelingen.json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"regelingen.json, rij 2, kolom '{field}': " in result.stderr
    shown = value if isinstance(value, str) else json.dumps(value)
    assert f"[{code}]; verwacht: {expected}; gevonden: {shown!r}" in result.stderr
    assert rows(factory, SchemeRecord) == before
    for url in ("/schemes", "/schemes?purpose=scholing", "/api/v1/schemes"):
        assert client.get(url).status_code == 200


def test_problems_of_the_wrong_type_in_english(tmp_path: Path) -> None:
    path = tmp_path / "regelingen.json"
    path.write_text(json.dumps([GOOD | {"name": 2024}]), "utf-8")
    with i18n.using("en"):
        with pytest.raises(ImportRejected) as caught:
            read(path)
        line = str(caught.value.report.problems[0])
    assert line == (
        "regelingen.json, row 1, column 'name': wrong kind of value: a number [wrong-type]; "
        "expected: text; found: '2024'"
    )


def test_unknown_fields_and_nested_values_are_positioned(tmp_path: Path) -> None:
    path = tmp_path / "items.yaml"
    path.write_text(
        "- {code: a, kind: motion, title: T, titel: X}\n"
        "- {code: b, kind: motion, title: T, submitters: [{name: 3}]}\n"
        "- {code: c, kind: motion, title: T, goals: [2021-PPS, 5]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        read_manual(path)
    found = [(p.code, p.row, p.column, p.found) for p in caught.value.report.problems]
    assert found == [
        ("unknown-field", 1, "titel", "X"),
        ("wrong-type", 2, "submitters[1].name", "3"),
        ("wrong-type", 3, "goals[2]", "5"),
    ]


def test_csv_scheme_date_with_a_time_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "code;name;provider;kinds;purposes;source_url;open_until\n"
        "a;A;RVO;subsidie;innovatie;https://www.rvo.nl/a;2026-12-31 23:59\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        read(path)
    (problem,) = caught.value.report.problems
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "bad-date",
        2,
        "open_until",
        "2026-12-31 23:59",
    )


def test_files_past_the_size_limit_are_refused_before_reading(cli, factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    schemes_before, items_before = rows(factory, SchemeRecord), rows(factory, ParliamentItem)
    (tmp_path / "regelingen.json").write_text(json.dumps([GOOD]), "utf-8")
    (tmp_path / "items.yaml").write_text(json.dumps([KAMER_GOOD]), "utf-8")
    limit = {"TECHNIEKPACT_MAX_IMPORT_BYTES": "60"}
    for command, file in (("schemes", "regelingen.json"), ("parliament", "items.yaml")):
        result = cli(command, "import", file, env=limit)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(
            f"{file}: bestand groter dan de grens van 60 bytes [file-too-large]; verwacht: ten "
            "hoogste 60 bytes (TECHNIEKPACT_MAX_IMPORT_BYTES); gevonden: 'meer dan 60 bytes'"
        )
    english = cli("schemes", "import", "regelingen.json", "--lang", "en", env=limit)
    assert "regelingen.json: file larger than the limit of 60 bytes [file-too-large]" in (
        english.stderr
    )
    assert rows(factory, SchemeRecord) == schemes_before
    assert rows(factory, ParliamentItem) == items_before
    # within the limit the same files are read
    assert cli("schemes", "import", "regelingen.json", "--dry-run").returncode == 0


def test_a_record_stored_wrongly_does_not_break_the_pages(factory, database_url) -> None:  # type: ignore[no-untyped-def]
    """Defence in depth: a wrong value already in the database (an older version, a hand edit)
    leaves that record out, logged, and every page and the API keep answering."""
    from fastapi.testclient import TestClient
    from sqlalchemy import update

    from techniekpact.settings import Settings
    from techniekpact.web.app import create_app

    with factory() as s, s.begin():
        scheme = s.scalars(select(SchemeRecord).where(SchemeRecord.code == "bmkb")).one()
        data = json.loads(scheme.data) | {"name": 2024, "provider": ["RVO", "KvK"]}
        s.execute(
            update(SchemeRecord).where(SchemeRecord.id == scheme.id).values(data=json.dumps(data))
        )
        item = s.scalars(
            select(ParliamentItem).where(ParliamentItem.code == "motie-32637-392")
        ).one()
        data = json.loads(item.data) | {"due_date": "2026-01-01T10:00:00", "title": ["a"]}
        s.execute(
            update(ParliamentItem).where(ParliamentItem.id == item.id).values(data=json.dumps(data))
        )
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        for path in (
            "/schemes?purpose=innovatie",
            "/api/v1/schemes",
            "/schemes/innovatiekrediet",
            "/parliament",
            "/api/v1/parliament/items",
            "/parliament/motie-32637-391",
        ):
            assert client.get(path).status_code == 200, path
        assert client.get("/schemes/bmkb").status_code == 404
        assert client.get("/parliament/motie-32637-392").status_code == 404
        assert client.get("/api/v1/parliament/items").json()["total"] == 4


BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10))


def test_a_yaml_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    import time

    path = tmp_path / "items.yaml"
    path.write_text(
        "l0: &l0 [x]\n" + BOMB + "items:\n- {code: a, kind: motion, title: T, goals: *l9}\n"
    )
    started = time.monotonic()
    with pytest.raises(ImportRejected) as caught:
        read_manual(path)
    assert time.monotonic() - started < 5
    first = caught.value.report.problems[0]
    assert (first.code, first.row, first.column) == ("wrong-type", 1, "goals[1]")
    assert first.found.startswith("[[[[[[[[") and len(first.found) <= 80
    path = tmp_path / "regelingen.yaml"
    path.write_text("l0: &l0 [x]\n" + BOMB + "schemes:\n- {code: a, kinds: *l9}\n")
    with pytest.raises(ImportRejected) as caught:
        read(path)
    assert ("wrong-type", 1, "kinds[1]") in {
        (p.code, p.row, p.column) for p in caught.value.report.problems
    }
    assert time.monotonic() - started < 10


def test_files_that_are_no_records_are_positioned_refusals(tmp_path: Path) -> None:
    cases = {
        "deep.json": ("[" * 100_000 + "]" * 100_000, "bad-json"),
        "deep.yaml": ("[" * 100_000 + "]" * 100_000, "bad-json"),
        "half.json": ('[{"code": "a",\n', "bad-json"),
    }
    for name, (content, code) in cases.items():
        (tmp_path / name).write_text(content)
        with pytest.raises(ImportRejected) as caught:
            read(tmp_path / name)
        assert [p.code for p in caught.value.report.problems] == [code], name
    kamer = {
        "deep.json": ("[" * 100_000 + "]" * 100_000, "not-tabular", None),
        "cp1252.yaml": ("- {code: a, kind: motion, title: Financi\xeble}\n", "encoding-error", 1),
        "empty.yaml": ("  \n", "empty-file", None),
        "scalar.yaml": ("just text\n", "no-rows", None),
    }
    for name, (content, code, row) in kamer.items():
        (tmp_path / name).write_bytes(content.encode("cp1252"))
        with pytest.raises(ImportRejected) as caught:
            read_manual(tmp_path / name)
        assert [(p.code, p.row) for p in caught.value.report.problems] == [(code, row)], name
