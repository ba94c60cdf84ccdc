"""Writing an export's sheet with openpyxl's write-only mode: rows go to a temporary file as they come, so
memory holds one batch, not the list. openpyxl's work is done in a thread, leaving the event loop (and, on the
embedded default, the requests it serves) free meanwhile."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from resolvers.exports.cells import cell
from resolvers.exports.registry import ExportKind
from resolvers.viewer import Viewer

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit on a sheet name, and the characters it refuses in one.
_SHEET_NAME = 31
_NOT_IN_SHEET_NAME = str.maketrans({c: "_" for c in "\\/?*[]:"})


def _append(sheet: WriteOnlyWorksheet, batch: list[Sequence[Any]]) -> None:
    for row in batch:
        sheet.append([cell(sheet, value) for value in row])


def _save(book: Workbook, out: Any) -> bytes:
    book.save(out)
    out.seek(0)
    return out.read()


async def write(kind: ExportKind, viewer: Viewer, filters: Any) -> tuple[bytes, int]:
    """The .xlsx file of the list as `viewer` sees it, and how many rows it has (the header not counted)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=kind.title.translate(_NOT_IN_SHEET_NAME)[:_SHEET_NAME])
    sheet.freeze_panes = "A2"
    sheet.append([cell(sheet, c) for c in kind.columns])
    count = 0
    try:
        async for batch in kind.rows(viewer, filters):
            await asyncio.to_thread(_append, sheet, batch)
            count += len(batch)
    except BaseException:
        sheet.close()  # else openpyxl's half-written temporary sheet is left to the garbage collector, unclosed
        raise
    with tempfile.TemporaryFile() as out:
        return await asyncio.to_thread(_save, book, out), count
