"""parliament items keep their revisions: one row per revision, one current row per item

A sync or import overwrote an item's row in place, so its history was lost. Like scheme records
(0002, 0007) a changed item is now a new row and `is_current` moves to it:

* `item_key`: the item's identity across revisions, kept through renames and a later Zaak Id;
* `revision`: 1, 2, 3 ... per item, unique per item (`ux_parliament_item_revision`);
* `is_current`, with one current row per code (`ux_parliament_item_current_code`) and per Zaak
  Id (`ux_parliament_item_current_tk_id`) in place of the plain unique constraints, which a
  history of rows with the same code could not keep;
* `import_id`: the import that made the revision (empty for the bundled seed).

Every existing row becomes revision 1 of its item, current, keyed by its row id. Its import is
the first Kamer sync or import logged within a minute after the row was last written (the
register logs its import right after writing); a row without one points at one import batch
this migration logs (kind "migration").

The downgrade keeps only the current rows (the older revisions are history the older schema
cannot hold) and restores the unique constraints on code and Zaak Id.

Revision ID: 20261203_0008
Revises: 20261202_0007
Create Date: 2026-12-03 11:00:00
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "20261203_0008"
down_revision = "20261202_0007"
branch_labels = None
depends_on = None

ITEMS = sa.table(
    "parliament_item",
    sa.column("id", sa.Integer),
    sa.column("updated_at", sa.DateTime),
    sa.column("item_key", sa.String),
    sa.column("import_id", sa.Integer),
    sa.column("is_current", sa.Boolean),
)
BATCHES = sa.table(
    "import_batch",
    sa.column("id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("kind", sa.String),
    sa.column("source_name", sa.Text),
    sa.column("file_format", sa.String),
    sa.column("checksum", sa.String),
    sa.column("rows", sa.Integer),
    sa.column("new", sa.Integer),
    sa.column("revised", sa.Integer),
    sa.column("unchanged", sa.Integer),
)
WINDOW = timedelta(minutes=1)


def upgrade() -> None:
    with op.batch_alter_table("parliament_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_key", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("revision", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.add_column(
            sa.Column("is_current", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
    _fill(op.get_bind())
    with op.batch_alter_table("parliament_item", schema=None) as batch_op:
        batch_op.alter_column("item_key", existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_constraint(batch_op.f("uq_parliament_item_code"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_parliament_item_tk_id"), type_="unique")
        batch_op.create_foreign_key(
            batch_op.f("fk_parliament_item_import_id_import_batch"),
            "import_batch",
            ["import_id"],
            ["id"],
        )
        batch_op.create_index(
            "ux_parliament_item_current_code",
            ["code"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )
        batch_op.create_index(
            "ux_parliament_item_current_tk_id",
            ["tk_id"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )
        batch_op.create_index("ux_parliament_item_revision", ["item_key", "revision"], unique=True)


def _fill(connection: sa.Connection) -> None:
    """Key every row by its id and give it the import that last wrote it, if one is logged."""
    batches = connection.execute(
        sa.select(BATCHES.c.id, BATCHES.c.created_at)
        .where(BATCHES.c.kind.in_(("parliament-sync", "parliament-import")))
        .order_by(BATCHES.c.created_at, BATCHES.c.id)
    ).all()
    rows = connection.execute(sa.select(ITEMS.c.id, ITEMS.c.updated_at)).all()
    fallback: int | None = None
    for row_id, written in rows:
        found = next(
            (b for b, at in batches if written is not None and written <= at <= written + WINDOW),
            None,
        )
        if found is None:
            if fallback is None:
                fallback = _migration_batch(connection, len(rows))
            found = fallback
        connection.execute(
            ITEMS.update().where(ITEMS.c.id == row_id).values(item_key=str(row_id), import_id=found)
        )


def _migration_batch(connection: sa.Connection, rows: int) -> int:
    connection.execute(
        BATCHES.insert().values(
            created_at=datetime.now(UTC).replace(tzinfo=None),
            kind="migration",
            source_name="20261203_0008 parliament revisions",
            file_format="parliament",
            checksum="",
            rows=rows,
            new=0,
            revised=0,
            unchanged=rows,
        )
    )
    return int(connection.scalar(sa.select(sa.func.max(BATCHES.c.id))))


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(ITEMS.delete().where(sa.not_(ITEMS.c.is_current)))
    with op.batch_alter_table("parliament_item", schema=None) as batch_op:
        batch_op.drop_index("ux_parliament_item_revision")
        batch_op.drop_index("ux_parliament_item_current_tk_id")
        batch_op.drop_index("ux_parliament_item_current_code")
        batch_op.drop_constraint(
            batch_op.f("fk_parliament_item_import_id_import_batch"), type_="foreignkey"
        )
        batch_op.create_unique_constraint(batch_op.f("uq_parliament_item_code"), ["code"])
        batch_op.create_unique_constraint(batch_op.f("uq_parliament_item_tk_id"), ["tk_id"])
        batch_op.drop_column("import_id")
        batch_op.drop_column("is_current")
        batch_op.drop_column("revision")
        batch_op.drop_column("item_key")
