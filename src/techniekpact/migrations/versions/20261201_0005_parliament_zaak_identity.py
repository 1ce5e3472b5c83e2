"""parliament items: the Zaak Id as a unique column; unnumbered motions get their own code

A motion's identity is its Zaak Id (`tk_id`), now a unique column beside the JSON record, so
two rows can never stand for one Zaak. Earlier syncs coded a motion the Kamer had not numbered
yet (`Volgnummer: -1`) as `motie-<dossier>--1`, one code for every such motion of a dossier;
those rows are recoded to `motie-<Zaak Nummer>` with no Kamerstuk number or link, keeping the
old code as an alias. The next sync then sets title and text right from the Zaak the row holds
and adds the motions that had been folded into it. Should two rows claim one Id (possible only
through hand entry), the older row keeps it.

The downgrade drops the column; the recoded rows keep their new codes (they are valid codes of
the older schema too).

Revision ID: 20261201_0005
Revises: 20261129_0004
Create Date: 2026-12-01 23:50:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "20261201_0005"
down_revision = "20261129_0004"
branch_labels = None
depends_on = None

ITEMS = sa.table(
    "parliament_item",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("tk_id", sa.String),
    sa.column("data", sa.Text),
)


def _unnumbered(data: dict) -> bool:
    number = str(data.get("number") or "").strip()
    return data.get("kind") == "motion" and number.lstrip("-").isdigit() and int(number) <= 0


def upgrade() -> None:
    with op.batch_alter_table("parliament_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tk_id", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(ITEMS.c.id, ITEMS.c.code, ITEMS.c.data).order_by(ITEMS.c.id)
    ).all()
    codes = {code for _, code, _ in rows}
    seen: set[str] = set()
    for row_id, code, text in rows:
        data = json.loads(text)
        tk_id = str(data.get("tk_id") or "") or None
        if tk_id in seen:
            tk_id = None
        if tk_id:
            seen.add(tk_id)
        new_code = code
        if _unnumbered(data):
            wanted = f"motie-{data.get('tk_number') or tk_id or row_id}"
            if wanted not in codes:
                new_code = wanted
                codes.add(wanted)
                data["aliases"] = [*(data.get("aliases") or []), code]
            data["number"], data["source_url"], data["code"] = "", "", new_code
        connection.execute(
            ITEMS.update()
            .where(ITEMS.c.id == row_id)
            .values(
                code=new_code,
                tk_id=tk_id,
                data=json.dumps(data, ensure_ascii=False, sort_keys=True),
            )
        )
    with op.batch_alter_table("parliament_item", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_parliament_item_tk_id"), ["tk_id"])


def downgrade() -> None:
    with op.batch_alter_table("parliament_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_parliament_item_tk_id"), type_="unique")
        batch_op.drop_column("tk_id")
