"""Configuration from environment variables with the prefix TECHNIEKPACT_.

Settings are built when the CLI or the app starts (`Settings()`), never at import time, so
tests and scripts can pass their own.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# RFC 2606 reserves .example: the default can never reach a real person, and the contact,
# privacy and accessibility pages say so until the operator sets an address of their own.
PLACEHOLDER_CONTACT_EMAIL = "contact@techniekpact.example"
# generous: the bench imports a million figure rows in about 60 MB
DEFAULT_MAX_IMPORT_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_IMPORT_ROWS = 5_000_000


def default_database_url() -> str:
    data_dir = Path(user_data_dir("techniekpact", appauthor=False))
    return f"sqlite:///{data_dir / 'techniekpact.sqlite3'}"


class Settings(BaseSettings):
    """Every setting, with the help text shown in `techniekpact --help` and docs/settings."""

    model_config = SettingsConfigDict(env_prefix="TECHNIEKPACT_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL of the database; default an SQLite file in the user's "
        "data directory. PostgreSQL: postgresql+psycopg://user@host:5432/db",
    )
    seed: bool = Field(
        default=True,
        description="Fill an empty database with the bundled Techniekpact data on first start.",
    )
    lock_timeout: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="Seconds an import, seed or sync waits for another one that is writing the "
        "same data before it stops with 'een andere import ... is bezig' (writer-busy).",
    )
    contact_email: str = Field(
        default=PLACEHOLDER_CONTACT_EMAIL,
        max_length=254,
        description="Role address (never a person's own) shown on the contact, privacy and "
        "accessibility pages, e.g. techniekpact@organisatie.nl.",
    )
    operator: str = Field(
        default="",
        max_length=200,
        description="Organisation that runs this installation, named on the contact, privacy "
        "and accessibility pages; empty: 'de beheerder van deze website'.",
    )

    base_url: str = Field(
        default="",
        description="Public address of the site, e.g. https://monitor.example.nl: the API's "
        "OpenAPI `servers` entry is built from it (never from a request's Host header). "
        "Empty: the relative /api/v1.",
    )
    allowed_hosts: str = Field(
        default="",
        description="Comma-separated host names the site answers to besides the base URL's "
        "own, e.g. www.monitor.example.nl; with a base URL set every other Host header is "
        "refused. Without a base URL: when given, only these (and the loopback names) are "
        "answered; when empty, any (every link is then relative, so the Host is never used).",
    )
    hsts: bool = Field(
        default=False,
        description="Send Strict-Transport-Security (browsers then use https only). Sent "
        "anyway when the base URL is https or the request came over TLS.",
    )
    cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory budget in bytes of each worker's response cache (bodies, headers "
        "and keys); 0 turns the cache off.",
    )
    contact_name: str = Field(
        default="Techniekpact Monitor",
        description="Who answers questions about the API (OpenAPI info.contact).",
    )
    contact_url: str = Field(
        default="/about",
        description="Where to ask questions about the API (OpenAPI info.contact).",
    )

    max_workbook_bytes: int = Field(
        default=256 * 1024 * 1024,
        gt=0,
        description="Most bytes an Excel import may expand to once unzipped (every part "
        "counted as it is read, never the sizes the zip declares); a larger workbook is "
        "refused with the code file-too-large.",
    )
    # Bounds on expensive work (issue 11 section 4; docs/decisions.md "Load bounds").
    statement_timeout: float = Field(
        default=5.0,
        ge=0,
        description="Seconds one database statement of the web site may run before it is "
        "cancelled and the visitor gets a 503 (0: no limit). Imports and the CLI are not bound.",
    )
    render_limit: int = Field(
        default=2,
        ge=1,
        description="Uncached pages one web worker renders at the same time; cached pages "
        "never wait for this.",
    )
    render_wait: float = Field(
        default=2.0,
        ge=0,
        description="Seconds a request waits for a free render before it gets a 503 with "
        "Retry-After.",
    )
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a client has to send a request's headers (new or idle connection); "
        "a slower one is disconnected (slowloris).",
    )
    max_import_bytes: int = Field(
        default=DEFAULT_MAX_IMPORT_BYTES,
        gt=0,
        description="Largest import file accepted, in bytes (figures, schemes, Kamer items); "
        "a larger file is refused with the code file-too-large before it is parsed.",
    )
    max_import_rows: int = Field(
        default=DEFAULT_MAX_IMPORT_ROWS,
        gt=0,
        description="Most rows a figures file (CSV or Excel) may hold; a longer one is refused "
        "with the code too-many-rows.",
    )

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value
