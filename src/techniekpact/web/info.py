"""Pages about the site itself: contact, privacy statement and accessibility statement.

Dutch government sites must publish a toegankelijkheidsverklaring; this one follows the model
statement (compliance status, how the site was tested, known problems, contact, enforcement,
date). Who runs an installation differs per deployment, so the organisation and its role
address come from the settings (`TECHNIEKPACT_OPERATOR`, `TECHNIEKPACT_CONTACT_EMAIL`); while
the address is the placeholder, the pages say so instead of pretending someone reads it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from techniekpact.settings import PLACEHOLDER_CONTACT_EMAIL

router = APIRouter(include_in_schema=False)

# The day the statements below were drawn up and last checked against the code and its tests;
# change it whenever their content changes.
STATEMENT_DATE = date(2026, 12, 1)


def _context(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    return {
        "contact_email": settings.contact_email,
        "placeholder_email": settings.contact_email == PLACEHOLDER_CONTACT_EMAIL,
        "operator": settings.operator.strip(),
        "statement_date": STATEMENT_DATE,
        # the public address when configured; never the request's Host (web/links.py)
        "site": request.app.state.settings.base_url.rstrip("/"),
    }


@router.get("/contact")
def contact_page(request: Request) -> HTMLResponse:
    from techniekpact.web.pages import render

    return render(request, "contact.html", **_context(request))


@router.get("/privacy")
def privacy_page(request: Request) -> HTMLResponse:
    from techniekpact.web.pages import render

    return render(request, "privacy.html", **_context(request))


@router.get("/accessibility")
def accessibility_page(request: Request) -> HTMLResponse:
    from techniekpact.web.pages import render

    return render(request, "accessibility.html", **_context(request))
