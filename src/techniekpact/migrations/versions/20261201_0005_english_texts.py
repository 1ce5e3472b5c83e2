"""English texts beside the Dutch ones: descriptions, definitions, notes

Names already had `name_en`; the descriptions of frameworks and goals, the notes of goal links,
the definitions of indicators and the descriptions and notes of targets were Dutch only, so an
English page showed Dutch. Each gets an `_en` column beside its Dutch one (empty: not
translated; the page then falls back to the Dutch text).

Revision ID: 20261201_0005
Revises: 20261129_0004
Create Date: 2026-12-01 23:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "20261201_0005"
down_revision = "20261129_0004"
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


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch rebuild would drop
    # and recreate tables that other tables' foreign keys point at
    for table, column in reversed(COLUMNS):
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
