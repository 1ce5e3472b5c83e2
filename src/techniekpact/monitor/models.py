"""Tables of the monitor. Plain rows; the rules live in the domain modules beside this one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import techniekpact.changes  # noqa: F401  (import_batch, which observation.import_id points at)
from techniekpact.db import Base


class Framework(Base):
    """A version of the pact's goals: 2013 action lines, 2016 goals, 2018 themes, ..."""

    __tablename__ = "framework"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_nl: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    year_start: Mapped[int] = mapped_column(Integer)
    year_end: Mapped[int | None] = mapped_column(Integer)
    kamerstuk: Mapped[str] = mapped_column(String(60), default="")
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[list[Goal]] = relationship(back_populates="framework", order_by="Goal.position")


class Goal(Base):
    __tablename__ = "goal"
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_nl: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text, default="")
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text, default="")
    framework: Mapped[Framework] = relationship(back_populates="goals")


class GoalLink(Base):
    """How a goal lives on in a later framework. `to_goal_id` is empty for 'dropped'."""

    __tablename__ = "goal_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    from_goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"))
    to_goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id"))
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text, default="")


class Dimension(Base):
    __tablename__ = "dimension"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    aliases: Mapped[str] = mapped_column(Text, default="")


class DimensionValue(Base):
    __tablename__ = "dimension_value"
    __table_args__ = (UniqueConstraint("dimension_code", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_code: Mapped[str] = mapped_column(ForeignKey("dimension.code"))
    code: Mapped[str] = mapped_column(String(80))
    label_nl: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    parent_code: Mapped[str] = mapped_column(String(80), default="")
    aliases: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Indicator(Base):
    __tablename__ = "indicator"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name_nl: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text, default="")
    definition_nl: Mapped[str] = mapped_column(Text, default="")
    definition_en: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(60))
    source_org: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str] = mapped_column(String(80), default="")
    direction: Mapped[int] = mapped_column(Integer, default=1)
    minimum: Mapped[float | None] = mapped_column(Float)
    limit: Mapped[float | None] = mapped_column(Float)
    dimensions: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text, default="")


class GoalIndicator(Base):
    __tablename__ = "goal_indicator"
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True)


class Observation(Base):
    """One revision of one figure. A new value for the same key is a new row; none is overwritten.

    The key is (indicator, period, breakdown). `is_current` marks the revision shown: the one
    from the newest edition, the latest import winning a tie. `revision` numbers a key's
    revisions 1, 2, 3, ... in the order they were stored. The database holds both rules under
    any interleaving of writers (migration 0007): one current revision per key, and one row per
    revision number, so two writers that both read "the key has 1 revision" cannot both store
    revision 2.
    """

    __tablename__ = "observation"
    __table_args__ = (
        # the dashboard's reads: current figures of one indicator (and breakdown); see 0004
        Index("ix_observation_series", "indicator_id", "is_current", "breakdown", "period"),
        Index(
            "ux_observation_current",
            "indicator_id",
            "period",
            "breakdown",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        # revision 1 of a key is always written with that key's current revision, so the index
        # above already refuses a second racing first revision; leaving the 1s out keeps this
        # index small (a bulk load of new figures rebuilds it for free)
        Index(
            "ux_observation_revision",
            "indicator_id",
            "period",
            "breakdown",
            "revision",
            unique=True,
            sqlite_where=text("revision > 1"),
            postgresql_where=text("revision > 1"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    period: Mapped[str] = mapped_column(String(20))
    period_kind: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    breakdown: Mapped[str] = mapped_column(String(400), default="")
    value: Mapped[float] = mapped_column(Float)
    flags: Mapped[str] = mapped_column(String(100), default="")
    source_url: Mapped[str] = mapped_column(Text)
    source_edition: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    import_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    # a row written without one can only be a key's first revision: the unique index refuses
    # the second
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))


class Target(Base):
    __tablename__ = "target"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    breakdown: Mapped[str] = mapped_column(String(400), default="")
    value: Mapped[float] = mapped_column(Float)
    year: Mapped[int] = mapped_column(Integer)
    base_year: Mapped[int | None] = mapped_column(Integer)
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")


class TargetGoal(Base):
    __tablename__ = "target_goal"
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id"), primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), primary_key=True)
