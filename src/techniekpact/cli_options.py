"""Options that several commands share, declared once: the same flag, the same help text (one
catalog entry) and the same type everywhere. A command takes one as its parameter's type,
e.g. `as_json: JsonOption = False`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from techniekpact.monitor.progress import Method

JsonOption = Annotated[bool, typer.Option("--json", help="Machine-leesbare JSON-uitvoer.")]
MethodOption = Annotated[
    Method, typer.Option("--method", help="Voortgangsmethode (docs/progress-method.md).")
]
# a date as typed; each command parses it itself and says which option was wrong
TodayOption = Annotated[
    str | None, typer.Option("--today", help="Doe alsof het deze datum is (JJJJ-MM-DD).")
]
