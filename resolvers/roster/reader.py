"""Reads an uploaded roster (.xlsx, or .csv in UTF-8 or GBK) into a header and numbered rows of raw cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import openpyxl

from resolvers.errors import DomainError, ErrorCode

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Sheet:
    header: list[str]
    # (spreadsheet line number, cells); the header is line 1, blank lines are left out.
    rows: list[tuple[int, list[Any]]]


def read(data: bytes) -> Sheet:
    if len(data) > MAX_BYTES:
        raise DomainError(ErrorCode.FILE_TOO_LARGE, f"名单文件不能超过 {MAX_BYTES // 1024 // 1024} MB", "file")
    if data.startswith(_XLS_MAGIC):
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传", "file")
    return _read_xlsx(data) if data.startswith(_XLSX_MAGIC) else _read_csv(data)


def _read_xlsx(data: bytes) -> Sheet:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged upload fails inside openpyxl/zipfile/xml in many ways; all mean unreadable
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, field="file") from None
    try:
        sheet = workbook.worksheets[0]
        # Some generators write a wrong dimension; without it openpyxl reads every row there is.
        sheet.reset_dimensions()
        return _sheet(list(cells) for cells in sheet.iter_rows(values_only=True))
    except DomainError:
        raise
    except Exception:  # same as above: a broken sheet inside a readable zip
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, field="file") from None
    finally:
        workbook.close()


def _read_csv(data: bytes) -> Sheet:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        return _sheet(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, field="file") from None


def _decode(data: bytes) -> str:
    # Chinese Excel saves CSV in GBK; gb18030 is its superset and also reads rare name characters.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise DomainError(ErrorCode.ROSTER_UNREADABLE, field="file")


def _is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _sheet(lines: Iterable[list[Any]]) -> Sheet:
    numbered = enumerate(lines, start=1)
    header = next(numbered, (1, []))[1]
    if _is_blank(header):
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, "第 1 行应为表头（学号、姓名、身份证号等列名）", "file")
    rows = []
    for number, cells in numbered:
        if _is_blank(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise DomainError(ErrorCode.FILE_TOO_LARGE, f"一次最多导入 {MAX_ROWS} 行，请分批导入", "file")
        rows.append((number, cells))
    return Sheet(header=["" if c is None else str(c) for c in header], rows=rows)
