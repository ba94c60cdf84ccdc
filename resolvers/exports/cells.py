"""What goes into a spreadsheet cell: text that can never run as a formula (OWASP: CSV / formula injection).

A value that starts with = + - @ (or a tab or carriage return, which some programs skip before looking) is
written as a text cell marked with a quote prefix: the file stores it as a string, and Excel keeps it text even
when someone edits the cell. The value itself is kept as it was (a phone "+86…" or a name "-" stays readable),
rather than prefixed with an apostrophe as a CSV would need. Times are written in Beijing time, as the screen
shows them; characters XML cannot hold are dropped instead of failing the whole export.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from server import clock

RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")


def shown(value: Any) -> Any:
    """The value as the sheet shows it: numbers stay numbers, times become Beijing time, the rest text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return clock.in_platform_zone(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    value = shown(value)
    if not (isinstance(value, str) and value.startswith(RISKY_STARTS)):
        return value  # openpyxl writes plain values without the cost of a cell object
    text = WriteOnlyCell(sheet, value=value)
    text.data_type = "s"  # openpyxl would store "=…" as a formula
    text.quotePrefix = True
    return text
