"""Print the API's OpenAPI document as JSON, as /api/v1/openapi.json serves it.

    python scripts/dump_openapi.py > openapi.json

It needs a database (the breakdown parameters come from its code lists): a temporary SQLite
file is migrated and seeded unless TECHNIEKPACT_DATABASE_URL names one.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main() -> None:
    from techniekpact.settings import Settings
    from techniekpact.web.app import create_app
    from techniekpact.web.sessions import sessions

    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("TECHNIEKPACT_DATABASE_URL") or (
            f"sqlite:///{Path(folder) / 'openapi.sqlite3'}"
        )
        app = create_app(Settings(database_url=url))
        document = app.openapi()
        sessions(app).kw["bind"].dispose()
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
