"""Bounds of mutation inputs, declared on each input field and enforced in one place (`check`).

Every String field of a mutation input declares `text(max_length)`, every Int `number(min, max)` and every Date or
DateTime `days(before, after)` (tests/test_input_limits.py walks the schema to make sure). `schema/mutation.run`
calls `check` before the resolver runs, so an over-long password is refused before it is hashed and a NUL byte never
reaches the database. These are sanity bounds (column sizes, plausible ranges); the domain rules (a deadline after
today, a probation of at most 6 months) stay in the resolvers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.types import Info

from resolvers.errors import DomainError, DomainErrors, ErrorCode
from server import clock

LIMIT = "wangqian.limit"

# Shared bounds, so one kind of input has one bound everywhere. Where a resolver owns a finer rule with its own
# message (a department name of at most 64 characters, a salary not below 0, a headcount of at least 1), the bound
# here lies beyond it and only stops what no form produces; where no resolver checks, the bound fits the column.
PERSON_NAME = 64
CONTACT_NAME = 32
PASSWORD = 128  # argon2 hashes any length: the bound keeps a megabyte "password" from being hashed at all
LOGIN_NAME = 64
STUDENT_NUMBER = 32
ID_NUMBER = 32  # 18 characters, with room for the spaces people type
CODE = 32  # codes, USCC, phone, postcode, QQ: their formats are checked by the resolvers
TITLE = 64
LINE = 256  # names of things, addresses, e-mail addresses
URL = 1024
REASON = 1000
LONG_REASON = 4000
LONG_TEXT = 20000
TOKEN = 2048
ID = 128  # global ids are short; not declared per field
MAX_IDS = 100  # ids in one list
SALARY = 1_000_000  # yuan a month
HEADCOUNT = 10_000
SMALL = 1000  # counts, months, days, positions in a list
YEAR = 366  # days


@dataclass(frozen=True)
class Text:
    max_length: int
    multiline: bool = False  # newlines and tabs allowed (reasons, descriptions)
    max_items: int | None = None  # for a list of strings


@dataclass(frozen=True)
class Number:
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Days:
    """A date or time from `before` days ago to `after` days ahead, in platform time."""

    before: int
    after: int


def text(max_length: int, *, multiline: bool = False, max_items: int | None = None, **field: Any) -> Any:
    return strawberry.field(metadata={LIMIT: Text(max_length, multiline, max_items)}, **field)


def number(minimum: int, maximum: int, **field: Any) -> Any:
    return strawberry.field(metadata={LIMIT: Number(minimum, maximum)}, **field)


def days(before: int, after: int, **field: Any) -> Any:
    return strawberry.field(metadata={LIMIT: Days(before, after)}, **field)


# C0 and C1 controls, DEL and lone surrogates (JSON can carry "\ud800"; no database stores it).
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check(info: Info, value: Any) -> None:
    """Refuses a mutation's `input` if any value breaks its declared bound, reporting every such field at once."""
    problems: list[DomainError] = []
    _walk(info.schema.config.name_converter, value, [], None, problems)  # paths are relative to `input`
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise DomainErrors(problems)


def _walk(names: Any, value: Any, path: list[str], limit: Any, problems: list[DomainError]) -> None:
    if value is None or value is strawberry.UNSET:
        return
    definition = getattr(type(value), "__strawberry_definition__", None)
    if getattr(definition, "is_input", False):  # an input object (enums carry a definition too)
        for field in definition.fields:
            _walk(names, getattr(value, field.python_name), [*path, names.get_graphql_name(field)],
                  field.metadata.get(LIMIT), problems)
        return
    if isinstance(value, list):
        if isinstance(limit, Text) and limit.max_items is not None and len(value) > limit.max_items:
            problems.append(DomainError(ErrorCode.TOO_LONG, f"最多 {limit.max_items} 项", path))
            return
        for index, item in enumerate(value):
            _walk(names, item, [*path, str(index)], limit, problems)
        return
    problem = _scalar(value, limit)
    if problem:
        code, message = problem
        problems.append(DomainError(code, message, path))


def _scalar(value: Any, limit: Any) -> tuple[ErrorCode, str] | None:
    if isinstance(value, str):
        # An undeclared string (an ID) still has a bound; tests make every String field declare its own.
        bound = limit if isinstance(limit, Text) else Text(ID)
        if len(value) > bound.max_length:
            return ErrorCode.TOO_LONG, f"不能超过 {bound.max_length} 个字符"
        control = _CONTROL_MULTILINE if bound.multiline else _CONTROL_LINE
        if control.search(value):
            return ErrorCode.INVALID_CHARACTERS, "含有不允许的控制字符" + ("" if bound.multiline else "或换行")
        return None
    if isinstance(limit, Number) and isinstance(value, int):
        if not limit.minimum <= value <= limit.maximum:
            return ErrorCode.OUT_OF_RANGE, f"应在 {limit.minimum} 至 {limit.maximum} 之间"
        return None
    if isinstance(limit, Days) and isinstance(value, dt.date):
        now = clock.now()
        if isinstance(value, dt.datetime):
            earliest, latest, given = now - dt.timedelta(days=limit.before), now + dt.timedelta(days=limit.after), \
                clock.aware(value)
        else:
            today = clock.today()
            earliest, latest, given = today - dt.timedelta(days=limit.before), today + dt.timedelta(
                days=limit.after), value
        if not earliest <= given <= latest:
            return ErrorCode.OUT_OF_RANGE, f"日期应在 {earliest:%Y-%m-%d} 至 {latest:%Y-%m-%d} 之间"
    return None
