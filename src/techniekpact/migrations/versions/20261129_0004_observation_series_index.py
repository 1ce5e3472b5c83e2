"""one index for the observation table, in the order the dashboard reads it

The dashboard reads current figures per indicator and breakdown (`queries.series`) and counts
current figures per indicator; the import reads all revisions of a few indicators. One index on
(indicator_id, is_current, breakdown, period) answers all three by a seek, where the two
indexes it replaces answered the first by a seek plus a filter. A bulk import now rebuilds one
index instead of two (a million rows: 0.58 s instead of 0.80 s on SQLite).

Revision ID: 20261129_0004
Revises: 20261129_0003
Create Date: 2026-11-29 08:30:00
"""

from alembic import op

revision = "20261129_0004"
down_revision = "20261129_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_index("ix_observation_key")
        batch_op.drop_index("ix_observation_current")
        batch_op.create_index(
            "ix_observation_series",
            ["indicator_id", "is_current", "breakdown", "period"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_index("ix_observation_series")
        batch_op.create_index(
            "ix_observation_current", ["indicator_id", "is_current"], unique=False
        )
        batch_op.create_index(
            "ix_observation_key", ["indicator_id", "period", "breakdown"], unique=False
        )
