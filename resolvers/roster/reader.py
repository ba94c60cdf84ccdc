"""Reads an uploaded roster (.xlsx, or .csv in UTF-8 or GBK) into a header and numbered rows of raw cells.

The work is bounded by what a real roster needs, not by what a file claims: the xlsx zip directory is checked
before openpyxl opens it (no member may unpack to more than a real roster's size), lines are counted blank or
not, and no cell may be longer than any roster column. Callers run `read` in a worker thread.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import openpyxl

from resolvers import file_types
from resolvers.errors import DomainError, ErrorCode

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Blank lines count too (a sheet of two million empty rows is no roster); a few hundred blank separators are fine.
MAX_LINES = MAX_ROWS + 1_000
MAX_COLUMNS = 64
MAX_CELL = 1_000  # characters; the longest roster column (家庭地址) allows 255
# Unpacked sizes: a 20,000-row sheet of 30 columns is about 40 MB of XML; its shared strings far less.
MAX_UNPACKED = 96 * 1024 * 1024
MAX_SHARED_STRINGS = 16 * 1024 * 1024
MAX_MEMBERS = 200


@dataclass
class Sheet:
    header: list[str]
    # (spreadsheet line number, cells); the header is line 1, blank lines are left out.
    rows: list[tuple[int, list[Any]]]


def read(data: bytes) -> Sheet:
    if len(data) > MAX_BYTES:
        raise DomainError(ErrorCode.FILE_TOO_LARGE, f"名单文件不能超过 {MAX_BYTES // 1024 // 1024} MB", "file")
    kind = file_types.found(data, file_types.ROSTERS, max_pixels=0, field="file")
    if kind == file_types.XLS:
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传", "file")
    if kind is None:  # a PDF: no roster
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, field="file")
    return _read_xlsx(data) if kind == file_types.XLSX else _read_csv(data)


def _check_zip(data: bytes) -> None:
    """The zip directory's sizes bind: zipfile never unpacks a member past the size its directory entry gives."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, field="file") from None
    too_big = DomainError(ErrorCode.FILE_TOO_LARGE, "名单文件解压后过大，请只保留毕业生名单一个工作表后重新上传",
                          "file")
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise too_big
    for member in members:
        if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > MAX_SHARED_STRINGS:
            raise too_big


def _read_xlsx(data: bytes) -> Sheet:
    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged upload fails inside openpyxl/zipfile/xml in many ways; all mean unreadable
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, field="file") from None
    try:
        sheet = workbook.worksheets[0]
        # Some generators write a wrong dimension; without it openpyxl reads every row there is.
        sheet.reset_dimensions()
        return _sheet(list(cells) for cells in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
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
    if cells.count(None) == len(cells):  # the common blank row, at C speed
        return True
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _check_cells(number: int, cells: list[Any]) -> None:
    if any(isinstance(c, str) and len(c) > MAX_CELL for c in cells):
        raise DomainError(ErrorCode.FILE_TOO_LARGE, f"第 {number} 行有超过 {MAX_CELL} 个字的单元格，请核对文件", "file")


def _sheet(lines: Iterable[list[Any]]) -> Sheet:
    numbered = enumerate(lines, start=1)
    header = next(numbered, (1, []))[1]
    if _is_blank(header):
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, "第 1 行应为表头（学号、姓名、身份证号等列名）", "file")
    _check_cells(1, header)
    rows = []
    for number, cells in numbered:
        if number > MAX_LINES:
            raise DomainError(ErrorCode.FILE_TOO_LARGE, f"名单文件超过 {MAX_LINES} 行（含空行），请删除空行或分批导入",
                              "file")
        if _is_blank(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise DomainError(ErrorCode.FILE_TOO_LARGE, f"一次最多导入 {MAX_ROWS} 行，请分批导入", "file")
        _check_cells(number, cells)
        rows.append((number, cells[:MAX_COLUMNS]))
    return Sheet(header=["" if c is None else str(c) for c in header[:MAX_COLUMNS]], rows=rows)
