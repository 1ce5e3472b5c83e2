"""change record: who made a change, through which channel, why, and which capability's data

`import_batch` was the import log and the data version of every capability, told apart by
`file_format` strings. It becomes the change record (`techniekpact.changes.ChangeRecord`); the
table keeps its name (docs/decisions.md, "The change record"). New columns:

* `capability`: figures, indicators, schemes or parliament; back-filled from `file_format`
  ("catalogue": schemes, "parliament": the Kamer register, any other: figures);
* `channel`: cli, web, token, sync, seed or migration; back-filled from the kind (the seed:
  seed, a Kamer sync: sync, 0008's attribution: migration, any other: cli);
* `actor`: who or what made it; "seed" for the seed and "tweedekamer" for a Kamer sync, empty
  where no one was recorded (an import before this migration);
* `comment`: why, empty for the changes made before;
* an index on (capability, id) for the list of one capability's changes, newest first.

`kind` takes one vocabulary for every capability: "schemes" and "parliament-import" become
"import", "parliament-sync" becomes "sync". `file_format` now says only a file's format, so the
two values that named a capability ("catalogue", "parliament") are emptied.

The downgrade puts the old kinds and `file_format` values back from the capability and drops
the new columns (who and why are lost: the older schema cannot hold them).

Revision ID: 20261203_0009
Revises: 20261203_0008
Create Date: 2026-12-03 13:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_0009"
down_revision = "20261203_0008"
branch_labels = None
depends_on = None

CHANGES = sa.table(
    "import_batch",
    sa.column("kind", sa.String),
    sa.column("file_format", sa.String),
    sa.column("capability", sa.String),
    sa.column("channel", sa.String),
    sa.column("actor", sa.String),
)
COLUMNS = (
    ("capability", sa.String(length=20)),
    ("channel", sa.String(length=20)),
    ("actor", sa.String(length=200)),
    ("comment", sa.Text()),
)
# (old kind, old file_format) -> new kind, for the rows of the schemes and Kamer register
KINDS = {
    ("schemes", "catalogue"): "import",
    ("parliament-import", "parliament"): "import",
    ("parliament-sync", "parliament"): "sync",
}


def upgrade() -> None:
    # plain ALTER TABLEs, not a batch: SQLite would copy the table, and dropping the original
    # breaks the foreign keys of every figure, scheme and Kamer item revision pointing at it.
    # The columns keep an empty server default, which the models declare too.
    for name, type_ in COLUMNS:
        op.add_column("import_batch", sa.Column(name, type_, nullable=False, server_default=""))
    connection = op.get_bind()
    c = CHANGES.c
    capability = sa.case(
        (c.file_format == "catalogue", "schemes"),
        (c.file_format == "parliament", "parliament"),
        else_="figures",
    )
    channel = sa.case(
        (c.kind == "seed", "seed"),
        (c.kind == "parliament-sync", "sync"),
        (c.kind == "migration", "migration"),
        else_="cli",
    )
    actor = sa.case(
        (c.kind == "seed", "seed"),
        (c.kind == "parliament-sync", "tweedekamer"),
        (c.kind == "migration", "20261203_0008"),
        else_="",
    )
    connection.execute(CHANGES.update().values(capability=capability, channel=channel, actor=actor))
    for (old_kind, old_format), kind in KINDS.items():
        connection.execute(
            CHANGES.update()
            .where(c.kind == old_kind, c.file_format == old_format)
            .values(kind=kind)
        )
    connection.execute(
        CHANGES.update()
        .where(c.file_format.in_(("catalogue", "parliament")))
        .values(file_format="")
    )
    op.create_index("ix_import_batch_capability", "import_batch", ["capability", "id"])


def downgrade() -> None:
    connection = op.get_bind()
    c = CHANGES.c
    for (old_kind, old_format), kind in KINDS.items():
        capability = "schemes" if old_format == "catalogue" else "parliament"
        connection.execute(
            CHANGES.update().where(c.capability == capability, c.kind == kind).values(kind=old_kind)
        )
    for capability, old_format in (("schemes", "catalogue"), ("parliament", "parliament")):
        connection.execute(
            CHANGES.update().where(c.capability == capability).values(file_format=old_format)
        )
    op.drop_index("ix_import_batch_capability", table_name="import_batch")
    for name, _ in reversed(COLUMNS):
        op.drop_column("import_batch", name)  # SQLite 3.35 and later drop a column in place
