"""one current revision per figure and scheme, one row per revision number: unique indexes

Two imports started at the same moment both read "new" and both wrote: figure keys with two
current revisions and revisions stored twice. The database now refuses both, whatever the
interleaving of writers:

* `ux_observation_current`: unique (indicator_id, period, breakdown) where is_current;
* `observation.revision`, a key's revisions numbered 1, 2, 3 ... in the order stored, and
  `ux_observation_revision`: unique (indicator_id, period, breakdown, revision) where
  revision > 1: two writers that read the same stored revisions compute the same next number,
  so the second one's insert fails instead of storing a duplicate. Revision 1 is left out: it is
  always written together with its key's current revision, which the index above refuses
  twice, and a bulk load of new figures then rebuilds an empty index. (A unique index on the
  contents cannot express "no duplicate": the same value may legitimately come back after a
  different one in between.)
* `ux_scheme_record_current`: unique (code) where is_current.

A database written by the bug already holds such rows, and the unique indexes could not be
built on it, so this migration repairs it first and logs what it did:

1. a revision equal to the revision just before it of the same figure, edition and source
   (value, flags and note alike: what an import would have called "unchanged") is deleted,
   keeping the oldest; likewise a scheme record equal to the one before it of the same code;
2. a figure with more than one current revision (or none) gets the one the import's rule picks:
   the newest edition, the latest stored on a tie; a scheme code with several current records
   keeps the latest;
3. the revisions are numbered in the order they were stored (by id).

The downgrade drops the indexes and the column; deleted duplicates do not come back (they
were copies).

Revision ID: 20261202_0007
Revises: 20261201_0006
Create Date: 2026-12-02 03:30:00
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "20261202_0007"
down_revision = "20261201_0006"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

FIGURE = "indicator_id, period, breakdown"

# a revision equal to the one before it of the same revision key: a copy made by the race
DUPLICATE_FIGURES = f"""
DELETE FROM observation WHERE id IN (
    SELECT id FROM (
        SELECT id, value, flags, note,
            LAG(id) OVER w AS prev_id, LAG(value) OVER w AS prev_value,
            LAG(flags) OVER w AS prev_flags, LAG(note) OVER w AS prev_note
        FROM observation
        WINDOW w AS (PARTITION BY {FIGURE}, source_edition, source_url ORDER BY id)
    ) AS ranked
    WHERE prev_id IS NOT NULL AND value = prev_value AND flags = prev_flags
        AND note = prev_note
)
"""

DUPLICATE_SCHEMES = """
DELETE FROM scheme_record WHERE id IN (
    SELECT id FROM (
        SELECT id, data, LAG(id) OVER w AS prev_id, LAG(data) OVER w AS prev_data
        FROM scheme_record
        WINDOW w AS (PARTITION BY code ORDER BY id)
    ) AS ranked
    WHERE prev_id IS NOT NULL AND data = prev_data
)
"""

# figures without exactly one current revision, and the revision the import's rule picks
WRONG_CURRENT = f"""
SELECT {FIGURE} FROM observation GROUP BY {FIGURE}
HAVING SUM(CASE WHEN is_current THEN 1 ELSE 0 END) <> 1
"""

WINNERS = f"""
SELECT id FROM (
    SELECT id, ROW_NUMBER() OVER (
        PARTITION BY {FIGURE} ORDER BY source_edition DESC, id DESC
    ) AS n
    FROM observation WHERE ({FIGURE}) IN ({WRONG_CURRENT})
) AS ranked WHERE n = 1
"""

DEMOTE = f"UPDATE observation SET is_current = false WHERE ({FIGURE}) IN ({WRONG_CURRENT})"

SCHEME_WINNERS = """
SELECT MAX(id) FROM scheme_record WHERE is_current
GROUP BY code HAVING COUNT(*) > 1
"""

NUMBER_REVISIONS = f"""
UPDATE observation SET revision = numbered.n
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY {FIGURE} ORDER BY id) AS n FROM observation
) AS numbered
WHERE observation.id = numbered.id AND numbered.n > 1
"""


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revision", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    _repair_figures(connection)
    _repair_schemes(connection)
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.create_index(
            "ux_observation_current",
            ["indicator_id", "period", "breakdown"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )
        batch_op.create_index(
            "ux_observation_revision",
            ["indicator_id", "period", "breakdown", "revision"],
            unique=True,
            sqlite_where=sa.text("revision > 1"),
            postgresql_where=sa.text("revision > 1"),
        )
    with op.batch_alter_table("scheme_record", schema=None) as batch_op:
        batch_op.create_index(
            "ux_scheme_record_current",
            ["code"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )


def _repair_figures(connection: sa.Connection) -> None:
    deleted = connection.execute(sa.text(DUPLICATE_FIGURES)).rowcount
    winners = [row[0] for row in connection.execute(sa.text(WINNERS))]
    if winners:
        connection.execute(sa.text(DEMOTE))
        table = sa.table("observation", sa.column("id"), sa.column("is_current", sa.Boolean))
        for start in range(0, len(winners), 10_000):
            connection.execute(
                table.update()
                .where(table.c.id.in_(winners[start : start + 10_000]))
                .values(is_current=True)
            )
    connection.execute(sa.text(NUMBER_REVISIONS))
    if deleted or winners:
        log.warning(
            "observation: %d duplicate revisions deleted (the oldest kept), %d figures given "
            "their one current revision again",
            deleted,
            len(winners),
        )


def _repair_schemes(connection: sa.Connection) -> None:
    deleted = connection.execute(sa.text(DUPLICATE_SCHEMES)).rowcount
    winners = [row[0] for row in connection.execute(sa.text(SCHEME_WINNERS))]
    table = sa.table(
        "scheme_record", sa.column("id"), sa.column("code"), sa.column("is_current", sa.Boolean)
    )
    for winner in winners:
        code = sa.select(table.c.code).where(table.c.id == winner).scalar_subquery()
        connection.execute(
            table.update()
            .where(table.c.code == code, table.c.id != winner)
            .values(is_current=False)
        )
    if deleted or winners:
        log.warning(
            "scheme_record: %d duplicate records deleted (the oldest kept), %d schemes given "
            "their one current record again",
            deleted,
            len(winners),
        )


def downgrade() -> None:
    with op.batch_alter_table("scheme_record", schema=None) as batch_op:
        batch_op.drop_index("ux_scheme_record_current")
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_index("ux_observation_revision")
        batch_op.drop_index("ux_observation_current")
        batch_op.drop_column("revision")
