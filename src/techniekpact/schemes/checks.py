"""Keeping the catalogue honest: what has gone stale, and which source links are broken."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import httpx

from techniekpact.schemes.catalogue import Scheme, SchemeStatus, status

STALE_DAYS = 180


@dataclass(frozen=True)
class Finding:
    code: str
    scheme: str
    message: str


def staleness(schemes: Sequence[Scheme], today: date) -> list[Finding]:
    findings = []
    for s in schemes:
        said_open = any(w in s.source_status.lower() for w in ("open", "lopend"))
        passed = s.open_until is not None and s.open_until < today
        if passed and said_open and not s.ended and not s.windows:
            findings.append(
                Finding(
                    "end-date-passed",
                    s.code,
                    f"einddatum {s.open_until} voorbij, bron zegt '{s.source_status[:60]}'",
                )
            )
        if s.verified_on is None:
            findings.append(Finding("never-verified", s.code, "geen controledatum bekend"))
        elif (today - s.verified_on).days > STALE_DAYS:
            days = (today - s.verified_on).days
            findings.append(
                Finding(
                    "not-verified-180-days",
                    s.code,
                    f"laatst gecontroleerd {s.verified_on} ({days} dagen)",
                )
            )
        if not s.source_url:
            findings.append(Finding("missing-source", s.code, "geen bronlink"))
        if status(s, today) is SchemeStatus.UNKNOWN:
            findings.append(Finding("status-unknown", s.code, f"bron: '{s.source_status[:60]}'"))
    return findings


def links(schemes: Sequence[Scheme], timeout: float = 10.0) -> list[Finding]:
    """Ask each source link once (HEAD, then GET when HEAD is refused). Only on request."""
    findings = []
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for s in schemes:
            if not s.source_url:
                continue
            try:
                response = client.head(s.source_url)
                if response.status_code in (403, 405, 501):
                    response = client.get(s.source_url)
                if response.status_code >= 400:
                    findings.append(
                        Finding("broken-link", s.code, f"{s.source_url} gaf {response.status_code}")
                    )
            except httpx.HTTPError as exc:
                findings.append(
                    Finding("unreachable-link", s.code, f"{s.source_url}: {exc.__class__.__name__}")
                )
    return findings
