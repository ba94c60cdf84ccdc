"""The positions a graduate browses: open, deadline not passed, narrowed by keyword, place and category."""

from __future__ import annotations

import re

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models import Position
from resolvers import authz
from resolvers.errors import DomainError, ErrorCode
from resolvers.positions.open_window import open_positions
from resolvers.viewer import Viewer

_REGION_PREFIX = re.compile(r"^\d{2}(?:\d{2}){0,2}$")


def region_prefix(code: str) -> str:
    """Province 34 / 340000, city 3401 / 340100 or district 340104: the digits a district code starts with."""
    code = code.strip()
    if not _REGION_PREFIX.match(code):
        raise DomainError(ErrorCode.INVALID_REGION, "地区代码应为 2 位（省）、4 位（市）或 6 位（区县）数字",
                          "locationCode")
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def browse(viewer: Viewer, keyword: str | None, location_code: str | None, category: str | None) -> QuerySet:
    authz.require_login(viewer)
    qs = open_positions()
    if keyword and keyword.strip():
        word = keyword.strip()
        qs = qs.filter(Q(title__icontains=word) | Q(category__icontains=word) | Q(description__icontains=word)
                       | Q(employer__name__icontains=word))
    if location_code and location_code.strip():
        qs = qs.filter(location_code__startswith=region_prefix(location_code))
    if category and category.strip():
        qs = qs.filter(category=category.strip())
    return qs


def employer_positions(viewer: Viewer, state: str | None) -> QuerySet:
    qs = authz.scope_positions_of_employer(viewer, Position.all())
    return qs.filter(state=state) if state else qs
