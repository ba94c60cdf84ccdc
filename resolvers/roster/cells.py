"""Spreadsheet cells as text: Excel turns 学号 into 3220701001.0, codes like 01 into 1, long numbers into floats."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from resolvers.errors import DomainError, ErrorCode

# A double keeps 15 significant digits; Excel shows and saves no more than that.
_EXACT_LIMIT = 10**15
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_TRUNCATED = "已被 Excel 按数字截断，请将该列设为文本格式后重新录入"


def is_number(raw: Any) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def text(raw: Any, column: str) -> str:
    """The cell as trimmed text; a number Excel could not keep exactly is refused rather than guessed."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        if not raw.is_integer():
            return format(raw, "g")
        if abs(raw) >= _EXACT_LIMIT:
            raise DomainError(ErrorCode.INVALID_FORMAT, f"{column}{_TRUNCATED}", column)
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    value = str(raw).strip()
    if _SCIENTIFIC.match(value):
        raise DomainError(ErrorCode.INVALID_FORMAT, f"{column}{_TRUNCATED}", column)
    return value


def id_number_text(raw: Any, column: str) -> str:
    """ID numbers have 18 digits: a float has lost the last ones, and an integer ending in 000 is how Excel
    saves a number it cut to 15 digits."""
    cut = isinstance(raw, float) or (is_number(raw) and str(raw).endswith("000"))
    if cut or (isinstance(raw, str) and _SCIENTIFIC.match(raw.strip())):
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, f"身份证号码{_TRUNCATED}", column)
    return text(raw, column)


def code_text(raw: Any, column: str, width: int) -> str:
    """A code cell; a numeric cell lost its leading zeros (01 became 1), so they are put back."""
    value = text(raw, column)
    if is_number(raw) and value.isdigit() and len(value) < width:
        return value.zfill(width)
    return value
