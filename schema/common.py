"""Small shared GraphQL types."""

from __future__ import annotations

import strawberry

from models import codes


@strawberry.type(description="代码表中的一项：国家标准代码与名称")
class CodeValue:
    code: str
    label: str


def code_value(table: dict[str, str], code: str | None) -> CodeValue | None:
    if not code:
        return None
    return CodeValue(code=code, label=table.get(code, code))


@strawberry.type(description="行政区划（到区县）")
class Region:
    code: str
    name: str


def region(code: str | None, name: str | None) -> Region | None:
    return Region(code=code, name=name or "") if code else None


CodeTable = strawberry.enum(
    __import__("enum").Enum("CodeTable", {k: k for k in codes.TABLES}),
    name="CodeTable",
    description="代码表：学历、单位性质、单位行业、毕业去向、培养方式、政治面貌、民族、性别",
)
