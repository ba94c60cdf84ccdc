"""Print management's rows (P1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

import strawberry
from strawberry.types import Info

from models import Department
from schema.agreements.types import AgreementNode
from schema.common import CodeValue
from schema.org.types import DepartmentNode


def _party(row: Any, party: str) -> dict:
    terms = row.terms or {}
    return terms.get(party) or {}


@strawberry.type(description="协议书打印管理的一行（P1）：学生与单位取自协议书签订时的内容，即打印出的内容")
class PrintListRow:
    _row: strawberry.Private[Any] = None

    @classmethod
    def from_row(cls, row: Any) -> Self:
        item = cls()
        item._row = row
        return item

    @strawberry.field(description="毕业生姓名")
    def graduate_name(self) -> str:
        return _party(self._row, "partyA").get("name", "")

    @strawberry.field(description="学号")
    def student_number(self) -> str:
        return _party(self._row, "partyA").get("studentNumber", "")

    @strawberry.field(description="院系")
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))

    @strawberry.field(description="专业")
    def major(self) -> str:
        return _party(self._row, "partyA").get("major", "")

    @strawberry.field(description="用人单位名称")
    def employer_name(self) -> str:
        return _party(self._row, "partyB").get("name", "")

    @strawberry.field(description="统一社会信用代码")
    def uscc(self) -> str:
        return _party(self._row, "partyB").get("uscc", "")

    @strawberry.field(description="单位性质")
    def employer_nature(self) -> CodeValue | None:
        nature = _party(self._row, "partyB").get("nature")
        return CodeValue(code=nature["code"], label=nature["label"]) if nature else None

    @strawberry.field(description="打印次数")
    def print_count(self) -> int:
        return self._row.print_count

    @strawberry.field(description="最后打印时间；未打印过为 null")
    def last_printed_at(self) -> dt.datetime | None:
        return self._row.last_printed_at

    @strawberry.field(description="审核通过时间")
    def approved_at(self) -> dt.datetime | None:
        return self._row.approved_at

    @strawberry.field(description="协议书")
    def agreement(self) -> AgreementNode:
        return AgreementNode.from_row(self._row)
