"""English texts beside the Dutch ones: descriptions, definitions, notes

Names already had `name_en`; the descriptions of frameworks and goals, the notes of goal links,
the definitions of indicators and the descriptions and notes of targets were Dutch only, so an
English page showed Dutch. Each gets an `_en` column beside its Dutch one (empty: not
translated; the page then falls back to the Dutch text).

Revision ID: 20261201_0006
Revises: 20261201_0005
Create Date: 2026-12-01 23:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "20261201_0006"
down_revision = "20261201_0005"
branch_labels = None
depends_on = None

COLUMNS = [
    ("framework", "description_en"),
    ("goal", "description_en"),
    ("goal_link", "note_en"),
    ("indicator", "definition_en"),
    ("target", "description_en"),
    ("target", "note_en"),
]


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.Text(), nullable=False, server_default=""))
    _fill_bundled()


def _fill_bundled() -> None:
    """A database seeded before this revision gets the bundled English texts of the rows it
    already has (matched on code); a new database is seeded with them anyway."""
    from importlib import resources

    import yaml

    data = resources.files("techniekpact") / "data"

    def load(name: str) -> dict:
        return yaml.safe_load((data / name).read_text(encoding="utf-8")) or {}

    bind = op.get_bind()

    def fill(table: str, values: dict[str, dict[str, str]]) -> None:
        t = sa.table(
            table,
            sa.column("code"),
            *(sa.column(c) for c in {k for v in values.values() for k in v}),
        )
        for code, texts in values.items():
            texts = {k: v for k, v in texts.items() if v}
            if texts:
                bind.execute(sa.update(t).where(t.c.code == code).values(**texts))

    frameworks = load("frameworks.yaml").get("frameworks", [])
    fill(
        "framework",
        {f["code"]: {"description_en": f.get("description_en", "")} for f in frameworks},
    )
    fill(
        "goal",
        {
            g["code"]: {"description_en": g.get("description_en", "")}
            for f in frameworks
            for g in f.get("goals", [])
        },
    )
    fill(
        "indicator",
        {
            i["code"]: {"definition_en": i.get("definition_en", "")}
            for i in load("indicators.yaml").get("indicators", [])
        },
    )
    fill(
        "target",
        {
            t["code"]: {
                "description_en": t.get("description_en", ""),
                "note_en": (t.get("note_en") or "").strip(),
            }
            for t in load("targets.yaml").get("targets", [])
        },
    )


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch rebuild would drop
    # and recreate tables that other tables' foreign keys point at
    for table, column in reversed(COLUMNS):
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
