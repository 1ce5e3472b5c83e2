"""The zip container of a workbook, checked before any XML parser reads it.

An .xlsx file is a zip of XML parts, and both layers can be hostile: a part that declares an XML
entity expands a few bytes into gigabytes ("billion laughs") or pulls in a file of the server
(an external entity, XXE); a sheet of a million identical rows compresses to a few kilobytes.
So before openpyxl opens the workbook every part is read once here, as a stream: the bytes it
really expands to are counted (the sizes the zip declares are checked first, but never trusted:
reading stops at the limit), the rows of every worksheet are counted, and the prologue of every
XML part goes through defusedxml, which refuses entity declarations and external references.
Excel never writes either, so nothing real is lost. openpyxl itself parses with defusedxml
too (it uses it when installed), so the check holds twice.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report

# Excel's own maximum: no real worksheet has more rows
EXCEL_MAX_ROWS = 1_048_576
CHUNK = 1 << 16
# a <row> start tag, with or without a namespace prefix (<row r="2">, <x:row>)
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
ROW_TAG_TAIL = 64  # bytes kept between chunks so a tag split across two is counted once


@dataclass(frozen=True)
class WorkbookLimits:
    """Bounds on what one workbook may cost: rows of a sheet, bytes after decompression."""

    max_rows: int = EXCEL_MAX_ROWS
    max_bytes: int = 256 * 1024 * 1024


class _RootReached(Exception):
    """The first element started: the prologue (where entities are declared) is over."""


class _PrologueOnly:
    """A parser target that stops at the root element; only the prologue is checked."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:
        """Never reached: parsing stops at the first start tag."""

    def data(self, data: str) -> None:
        """Text before the root element is whitespace; nothing to keep."""

    def close(self) -> None:
        return None


def check_archive(data: bytes, report: Report, limits: WorkbookLimits) -> bool:
    """Whether the workbook's container is safe to hand to openpyxl; problems in `report`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # a damaged or crafted central directory fails in many ways
        report.add(_unreadable(report, exc))
        return False
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_bytes:
        report.add(_too_large(report, declared, limits, _("opgegeven in de zip")))
        return False
    left = limits.max_bytes
    with archive:
        for info in infos:
            try:
                left = _scan_part(archive, info, report, limits, left)
            except Exception as exc:  # bad CRC, encrypted, unknown compression, truncated data
                report.add(_unreadable(report, exc, info.filename))
            if not report.ok:
                return False
    return True


def _scan_part(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    report: Report,
    limits: WorkbookLimits,
    left: int,
) -> int:
    """Read one part as a stream; return the byte budget left. Stops at the first problem."""
    name = info.filename
    parser: DefusedXMLParser | None = DefusedXMLParser(target=_PrologueOnly())
    counts_rows = name.lower().startswith("xl/worksheets/") and name.lower().endswith(".xml")
    rows, tail = 0, b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            left -= len(chunk)
            if left < 0:
                report.add(_too_large(report, limits.max_bytes - left, limits, name))
                return left
            if parser is not None:
                parser = _check_prologue(parser, chunk, name, report)
                if not report.ok:
                    return left
            if counts_rows:
                window = tail + chunk
                rows += ROW_TAG.subn(b"", window)[1] - ROW_TAG.subn(b"", tail)[1]
                tail = window[-ROW_TAG_TAIL:]
                if rows > limits.max_rows:
                    report.add(_too_many_rows(report, limits, name))
                    return left
    return left


def _check_prologue(
    parser: DefusedXMLParser, chunk: bytes, name: str, report: Report
) -> DefusedXMLParser | None:
    """Feed a chunk; None once the root element is reached (or the part is no XML at all)."""
    try:
        parser.feed(chunk)
    except _RootReached:
        return None
    except ExternalReferenceForbidden as exc:
        report.add(_unsafe(report, name, _external(exc.sysid or exc.pubid)))
        return None
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            report.add(_unsafe(report, name, _external(exc.sysid or exc.pubid)))
        else:
            report.add(
                _unsafe(
                    report,
                    name,
                    _("definieert de XML-entiteit {name!r} (een entiteitenbom?)", name=exc.name),
                )
            )
        return None
    except DefusedXmlException as exc:
        report.add(_unsafe(report, name, str(exc)))
        return None
    except ParseError:
        return None  # not XML (an image, say): openpyxl does not parse it as XML either
    return parser


def _external(reference: str | None) -> str:
    return _("verwijst naar een externe bron {reference!r} (XXE)", reference=reference or "")


def _unsafe(report: Report, part: str, what: str) -> Problem:
    return Problem(
        Code.UNSAFE_XML,
        _("onderdeel {part} {what}: Excel schrijft dat nooit, geweigerd", part=part, what=what),
        report.file,
        expected=_("XML zonder entiteiten"),
        found=part,
    )


def _too_large(report: Report, size: int, limits: WorkbookLimits, where: str) -> Problem:
    return Problem(
        Code.FILE_TOO_LARGE,
        _(
            "de werkmap is uitgepakt groter dan {limit} MB ({where})",
            limit=limits.max_bytes // (1024 * 1024),
            where=where,
        ),
        report.file,
        expected=_("hoogstens {limit} MB uitgepakt", limit=limits.max_bytes // (1024 * 1024)),
        found=_("meer dan {size} MB", size=size // (1024 * 1024)),
    )


def _too_many_rows(report: Report, limits: WorkbookLimits, part: str) -> Problem:
    return Problem(
        Code.TOO_MANY_ROWS,
        _("werkblad {part} heeft meer dan {n} rijen", part=part, n=limits.max_rows),
        report.file,
        expected=_("hoogstens {n} rijen", n=limits.max_rows),
        found=_("meer dan {n} rijen", n=limits.max_rows),
    )


def _unreadable(report: Report, exc: Exception, part: str = "") -> Problem:
    where = _(" (onderdeel {part})", part=part) if part else ""
    reason = str(exc)[:120]
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):  # zipfile names the ZipInfo
        reason = _("versleuteld met een wachtwoord")
    return Problem(
        Code.NOT_TABULAR,
        _("geen leesbaar Excel-bestand{where}: {reason}", where=where, reason=reason),
        report.file,
        expected=_(".xlsx-werkmap"),
    )
