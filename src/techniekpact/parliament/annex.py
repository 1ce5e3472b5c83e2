"""The annex of the yearly letter: "Reactie op enkele moties en toezeggingen".

Per item the request in one paragraph, then "Antwoord" and the answer, motions first and then
commitments in date order, as in Kamerstuk 32 637, nr. 433.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from techniekpact.parliament.items import Item, Kind

TITLE = "Reactie op enkele moties en toezeggingen in het kader van het Techniekpact"


def select(items: Sequence[Item], start: date, end: date) -> list[Item]:
    """Items answered within [start, end], motions first, each group by date."""
    chosen = [i for i in items if i.answer_date is not None and start <= i.answer_date <= end]

    def order(item: Item) -> tuple:
        number = int(item.number) if item.number.isdigit() else 0
        return (
            item.kind is not Kind.MOTION,
            item.dossier,
            number,
            item.date or date.min,
            item.code,
        )

    return sorted(chosen, key=order)


def request_paragraph(item: Item) -> str:
    if item.kind is Kind.MOTION:
        names = "/".join(p.name for p in item.submitters) or "onbekend"
        where = f" ({item.kamerstuk})" if item.kamerstuk else ""
        rest = item.text.removeprefix("Verzoekt de regering ").removeprefix("verzoekt de regering ")
        return f"De motie {names}{where} die de regering verzoekt {rest}"
    if not item.debate:
        return item.text
    joint = ", " if item.text[:1].islower() else ": "
    return f"De toezegging, gedaan tijdens het {item.debate}{joint}{item.text}"


def markdown(items: Sequence[Item], start: date, end: date) -> str:
    lines = [f"# {TITLE}", ""]
    for item in select(items, start, end):
        lines += [request_paragraph(item), "", "**Antwoord**", "", item.answer_summary, ""]
        if item.answer_kamerstuk:
            lines += [f"*Bron: Kamerstuk {item.answer_kamerstuk}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def html_document(items: Sequence[Item], start: date, end: date) -> str:
    parts = [
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{TITLE}'
        "</title></head><body><main>",
        f"<h1>{html.escape(TITLE)}</h1>",
    ]
    for item in select(items, start, end):
        parts.append(f"<section><p>{html.escape(request_paragraph(item))}</p>")
        parts.append(f"<h2>Antwoord</h2><p>{html.escape(item.answer_summary)}</p>")
        if item.answer_kamerstuk:
            parts.append(
                f"<p><small>Bron: Kamerstuk {html.escape(item.answer_kamerstuk)}</small></p>"
            )
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def pdf_document(items: Sequence[Item], start: date, end: date) -> bytes:
    """The same annex as a PDF (A4, the same paragraphs), made with ReportLab in-process: no
    browser, no system libraries."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=TITLE,
        author="Techniekpact Monitor",
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
    )
    story = [Paragraph(html.escape(TITLE.upper()), styles["Heading2"]), Spacer(1, 0.4 * cm)]
    for item in select(items, start, end):
        story.append(Paragraph(html.escape(request_paragraph(item)), styles["BodyText"]))
        story.append(Spacer(1, 0.2 * cm))
        story.append(Paragraph("<b>Antwoord</b>", styles["BodyText"]))
        story.append(Paragraph(html.escape(item.answer_summary), styles["BodyText"]))
        if item.answer_kamerstuk:
            story.append(
                Paragraph(
                    f"<i>Bron: Kamerstuk {html.escape(item.answer_kamerstuk)}</i>",
                    styles["BodyText"],
                )
            )
        story.append(Spacer(1, 0.5 * cm))
    doc.build(story)
    return buffer.getvalue()
