"""Migration 20261201_0005: the Zaak Id becomes a unique column, rows an older sync coded
`motie-<dossier>--1` get a code of their own, and the step goes down and up again."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from techniekpact.db import alembic_config, make_engine

BEFORE = "20261129_0004"


def row(code: str, **data: object) -> dict[str, object]:
    record = {"code": code, "kind": "motion", "title": code, "text": "", "origin": "sync"} | data
    return {"code": code, "data": json.dumps(record), "at": datetime(2025, 10, 2)}


def test_upgrade_recodes_unnumbered_motions_and_makes_the_zaak_id_unique(database_url) -> None:
    engine = make_engine(database_url)
    config = alembic_config(engine)
    command.downgrade(config, BEFORE)
    rows = [
        # what the old sync made of three amended motions of 36800: one row, one Zaak's Id
        row(
            "motie-36800--1",
            dossier="36 800",
            number="-1",
            tk_id="aaaaaaaa-0000-4000-8000-000000000001",
            tk_number="2025Z17001",
            source_url="https://zoek.officielebekendmakingen.nl/kst-36800--1.html",
        ),
        row("motie-36800-17", dossier="36 800", number="17", tk_id="bbbb-17", tk_number="2025Z1"),
        row("handmatig", tk_id="bbbb-17"),  # a hand entry with the same Id: the older row keeps it
    ]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM parliament_item"))
        for values in rows:
            connection.execute(
                text(
                    "INSERT INTO parliament_item (code, data, updated_at) "
                    "VALUES (:code, :data, :at)"
                ),
                values,
            )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        found = {
            code: (tk_id, json.loads(data))
            for code, tk_id, data in connection.execute(
                text("SELECT code, tk_id, data FROM parliament_item")
            )
        }
    assert set(found) == {"motie-2025Z17001", "motie-36800-17", "handmatig"}
    tk_id, data = found["motie-2025Z17001"]
    assert tk_id == "aaaaaaaa-0000-4000-8000-000000000001"
    assert data["number"] == "" and data["source_url"] == ""
    assert data["code"] == "motie-2025Z17001" and data["aliases"] == ["motie-36800--1"]
    assert found["motie-36800-17"][0] == "bbbb-17" and found["handmatig"][0] is None
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO parliament_item (code, tk_id, data, updated_at) "
                "VALUES ('x', 'bbbb-17', '{}', :at)"
            ),
            {"at": datetime(2025, 10, 2)},
        )
    command.downgrade(config, BEFORE)
    command.upgrade(config, "head")
    engine.dispose()
