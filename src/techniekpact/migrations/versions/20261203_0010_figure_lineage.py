"""figure lineage: the input, connector and classification a computed figure came from

Two new tables, nothing existing changes:

* `source_input`: one row per input a connector run read (the source's own file or table name,
  its SHA-256, connector and classification with their versions, the time computed), pointing
  at the run's import batch;
* `figure_lineage`: one row per figure revision a connector wrote, pointing at its input.

Figures imported from a file or the bundled seed have no lineage row: they keep the source URL
they were copied from. The downgrade drops both tables (the figures stay).

Revision ID: 20261203_0010
Revises: 20261203_0008
Create Date: 2026-12-03 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_0010"
down_revision = "20261203_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_input",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("connector", sa.String(length=40), nullable=False),
        sa.Column("connector_version", sa.String(length=20), nullable=False),
        sa.Column("classification", sa.String(length=80), nullable=False),
        sa.Column("classification_version", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["import_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_source_input_import_id", "source_input", ["import_id"])
    op.create_table(
        "figure_lineage",
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("source_input_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["observation_id"], ["observation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_input_id"], ["source_input.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("observation_id"),
    )
    op.create_index("ix_figure_lineage_input", "figure_lineage", ["source_input_id"])


def downgrade() -> None:
    op.drop_index("ix_figure_lineage_input", table_name="figure_lineage")
    op.drop_table("figure_lineage")
    op.drop_index("ix_source_input_import_id", table_name="source_input")
    op.drop_table("source_input")
