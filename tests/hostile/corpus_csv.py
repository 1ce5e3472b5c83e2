"""Hostile figure CSVs: structure, encodings, numbers, options and text fields (issue 11, 2).

The figures land in series nobody has stored yet (a province breakdown), so that no
plausibility warning stands between a file and its outcome: `mbo_beta_share_intake` (%,
school years) and `pps_students` (students, calendar years) in Groningen (PV20).
"""

from __future__ import annotations

import unicodedata

from tests.hostile.corpus import case, write

SHARE = "mbo_beta_share_intake"
COUNT = "pps_students"
CHANGE = "beta_share_intake_change"  # procentpunt, no lower bound
URL = "https://www.techniekpact.nl/monitor"
HEADER = ["indicator", "period", "value", "source_url", "region", "note"]


def table(
    rows: list[list[str]], header: list[str] = HEADER, sep: str = ";", end: str = "\n"
) -> bytes:
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    return (end.join(lines) + end).encode("utf-8")


def share(value: str, period: str = "2024/25", note: str = "", region: str = "PV20") -> list[str]:
    return [SHARE, period, value, URL, region, note]


def count(value: str, period: str = "2024", note: str = "") -> list[str]:
    return [COUNT, period, value, URL, "PV20", note]


def quoted(text: str) -> str:
    """A field as Excel writes one that holds quotes: in quotes, each quote doubled."""
    return '"' + text.replace('"', '""') + '"'


def csv_case(name: str, data: bytes, filename: str = "") -> None:
    case(name)(lambda d: write(d, filename or f"{name}.csv", data))


# --- CSV structure ---------------------------------------------------------------------
csv_case("cr_only_lines", table([share("12,5"), share("13,5", "2025/26")], end="\r"))
csv_case(
    "crlf_and_lf_mixed",
    b"indicator;period;value;source_url;region;note\r\n"
    + ";".join(share("12,5")).encode()
    + b"\n"
    + ";".join(share("13,5", "2025/26")).encode()
    + b"\r\n",
)
csv_case(
    "unbalanced_quote",
    table(
        [
            share("12,5"),
            share("13,5", "2025/26", '"opent een aanhalingsteken'),
            share("14,5", "2026/27"),
            share("15,5", "2027/28"),
        ]
    ),
)
csv_case("quote_mid_field", table([share("12,5", note='de "nieuwe" definitie')]))
csv_case(
    "quoted_field_over_128k",
    table([share("12,5", note='"' + "x" * 200_000 + '"')]),
)
csv_case("sep_line_semicolon", b"sep=;\r\n" + table([share("12,5")], end="\r\n"))
csv_case(
    "sep_line_comma",
    b"sep=,\n" + table([[SHARE, "2024/25", '"12,5"', URL, "PV20", ""]], sep=","),
)
csv_case(
    "trailing_empty_columns",
    table([share("12,5") + ["", "", ""]], header=HEADER + ["", "", ""]),
)
csv_case(
    "data_under_empty_header",
    table([share("12,5") + ["", "geheim"]], header=HEADER + ["", ""]),
)
csv_case("too_many_fields", table([share("12,5"), share("13,5", "2025/26") + ["extra"]]))
csv_case("too_few_fields", table([share("12,5"), share("13,5", "2025/26")[:4]]))
csv_case("header_only", table([]))
csv_case("empty_file", b"")
csv_case("whitespace_only", b"  \r\n\t\n  ")
csv_case("duplicate_column_alias", table([share("12,5") + ["13"]], header=HEADER + ["waarde"]))
csv_case("png_named_csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
csv_case("pipe_delimited", table([share("12,5")], sep="|"))
csv_case("tab_delimited", table([share("12,5")], sep="\t"), filename="tab_delimited.tsv")
csv_case(
    "dutch_headers_capitalised",
    table(
        [share("12,5")], header=["Indicator", "Periode", "Waarde", "Bron", "Regio", "Toelichting"]
    ),
)

# --- encodings -------------------------------------------------------------------------
csv_case(
    "mixed_utf8_cp1252",
    table([share("12,5", note="café")])
    + ";".join(share("13,5", "2025/26", "financiële")).encode("cp1252")
    + b"\n",
)
csv_case(
    "cp1252_only",
    table(
        [share("12,5", note="€ 5 mln, financiële steun"), share("13,5", "2025/26", note="Fryslân")]
    )
    .decode()
    .encode("cp1252"),
)
csv_case(
    "utf16_le_bom",
    b"\xff\xfe" + table([share("12,5", note="Fryslân")]).decode().encode("utf-16-le"),
)
csv_case(
    "utf16_be_bom",
    b"\xfe\xff" + table([share("12,5", note="Fryslân")]).decode().encode("utf-16-be"),
)
csv_case("utf16_without_bom", table([share("12,5")]).decode().encode("utf-16-le"))
csv_case(
    "bom_inside_header", table([share("12,5")], header=["indicator", "\ufeffperiod", *HEADER[2:]])
)
csv_case("double_bom", b"\xef\xbb\xbf\xef\xbb\xbf" + table([share("12,5")]))
csv_case(
    "nul_after_4k",
    table(
        [
            share(f"{10 + i % 50},5", f"{1950 + i}/{(51 + i) % 100:02d}", "lange toelichting " * 4)
            for i in range(60)
        ]
        + [share("12,5", "2040/41", "nul\x00byte")]
    ),
)
csv_case("nul_in_first_row", table([share("12,5", note="a\x00b")]))
csv_case("control_bel_in_note", table([share("12,5", note="bel\x07hier")]))
csv_case("control_escape_in_note", table([share("12,5", note="\x1b[31mrood\x1b[0m")]))
csv_case("control_c1_in_note", table([share("12,5", note="next\u0085line")]))
csv_case("newline_in_quoted_note", table([share("12,5", note='"eerste regel\ntweede regel"')]))
csv_case(
    "invalid_utf16_surrogate",
    b"\xff\xfe" + table([share("12,5")]).decode().encode("utf-16-le")[:-2] + b"\x00\xd8",
)
csv_case("rtl_override_in_code", table([["\u202e" + SHARE, "2024/25", "12,5", URL, "PV20", ""]]))
csv_case(
    "region_nfd_fryslan", table([share("12,5", region=unicodedata.normalize("NFD", "Fryslân"))])
)
csv_case(
    "region_cp1252_fryslan", table([share("12,5", region="Fryslân")]).decode().encode("cp1252")
)

# --- numbers ---------------------------------------------------------------------------
csv_case("sci_dutch", table([count("1,23E+04"), count("12,5", "2025")]))
csv_case("sci_english", table([count("1.23E+04"), count("12.5", "2025")]))
csv_case("sci_lower_dutch", table([count("1,5e3")]))
csv_case("groups_1_2_3", table([count("1.2.3")]))
csv_case("groups_12_34_5", table([count("12,34,5")]))
csv_case("groups_space_1_5", table([count("1 5")]))
csv_case("leading_decimal_comma", table([count(",5"), count("12,5", "2025")]))
csv_case("leading_negative_decimal_comma", table([[CHANGE, "2024", "-,5", URL, "PV20", ""]]))
csv_case("ambiguous_1234_alone", table([count("1.234")]))
csv_case("two_groups_not_ambiguous", table([count("1.234.567")]))
csv_case("nl_full_number", table([count("1.234.567,5")]))
csv_case("en_full_number", table([count("1,234.5"), count("12.5", "2025")]))
csv_case("mixed_decimal_marks", table([count("12,5"), count("13.5", "2025")]))
csv_case("percent_sign_share", table([share("12,5%"), share("29 %", "2025/26")]))
csv_case("percent_sign_count", table([count("12,5%")]))
csv_case("not_finite_values", table([count("inf"), count("NaN", "2025"), count("1e400", "2026")]))
csv_case("infinity_sign", table([count("∞")]))
csv_case("four_hundred_digits", table([count("9" * 400)]))
csv_case("unicode_minus", table([[CHANGE, "2024", "\u22122,5", URL, "PV20", ""]]))
csv_case("fullwidth_value", table([count("１２")]))
csv_case("underscore_digits", table([count("1_000")]))
csv_case("hex_value", table([count("0x1A")]))
csv_case("accounting_negative", table([[CHANGE, "2024", "(2,5)", URL, "PV20", ""]]))
csv_case("share_above_limit", table([share("101"), share("12,5", "2025/26")]))
csv_case("share_negative", table([share("-5"), share("12,5", "2025/26")]))

# --- options that contradict the file --------------------------------------------------
csv_case("decimal_point_on_commas", table([count("12,5"), count("13,5", "2025")]))
csv_case("decimal_comma_on_points", table([count("12.5"), count("13.5", "2025")]))
csv_case("decimal_comma_settles_1234", table([count("1.234")]))

# --- text fields -----------------------------------------------------------------------


def url_row(url: str) -> list[str]:
    return [SHARE, "2024/25", "12,5", url, "PV20", ""]


def edition_table(rows: list[tuple[str, str]]) -> bytes:
    header = ["indicator", "period", "value", "source_url", "source_edition", "region"]
    return table([[SHARE, "2024/25", v, URL, e, "PV20"] for e, v in rows], header=header)


csv_case(
    "url_javascript",
    table([url_row("javascript://www.rijksoverheid.nl/%0aalert(document.domain)")]),
)
csv_case("url_data", table([url_row("data:text/html,<script>alert(1)</script>")]))
csv_case("url_credentials", table([url_row("https://editor:geheim@www.techniekpact.nl/monitor")]))
csv_case("url_no_host", table([url_row("https:///monitor")]))
csv_case("url_protocol_relative", table([url_row("//evil.example/monitor")]))
csv_case("url_backslash", table([url_row("https://www.techniekpact.nl\\@evil.example/")]))
csv_case(
    "url_quotes", table([url_row(quoted('https://www.techniekpact.nl/a"onmouseover="alert(1)'))])
)
# the same address as a careless hand writes it, unquoted: a quote in the middle of a field
csv_case(
    "url_quotes_unquoted",
    table([url_row('https://www.techniekpact.nl/a"onmouseover="alert(1)')]),
)
csv_case(
    "url_angle_brackets", table([url_row("https://www.techniekpact.nl/<script>alert(1)</script>")])
)
csv_case("url_upper_case_scheme", table([url_row("HTTPS://WWW.TECHNIEKPACT.NL/monitor")]))
csv_case("edition_fullwidth", edition_table([("２０２６", "12,5")]))
csv_case("edition_fullwidth_beats_newer", edition_table([("2025", "12,5"), ("２０２４", "40,5")]))
csv_case("edition_month_13", edition_table([("2026-13-45", "12,5")]))
csv_case("edition_february_30", edition_table([("2024-02-30", "12,5")]))
csv_case("edition_newer_wins", edition_table([("2024-06-27", "12,5"), ("2025", "13,5")]))
csv_case(
    "note_formula", table([share("12,5", note=quoted('=HYPERLINK("https://evil.example","klik")'))])
)
csv_case(
    "note_formula_unquoted",
    table([share("12,5", note='=HYPERLINK("https://evil.example","klik")')]),
)
csv_case("note_html", table([share("12,5", note="<script>alert(1)</script> & 'x'")]))
csv_case("padded_code", table([["  " + SHARE + " ", " 2024/25 ", " 12,5 ", URL, "PV20", ""]]))
