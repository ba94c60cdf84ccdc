from __future__ import annotations

import strawberry

from resolvers.roster.rows import RowError
from schema.errors import ErrorCode


@strawberry.type(description="名单模板中的一列")
class RosterColumn:
    name: str = strawberry.field(description="表头中的列名")
    required: bool
    description: str


@strawberry.type(description="名单中有问题的一行")
class RosterRowError:
    line: int = strawberry.field(description="表格中的行号，表头为第 1 行")
    column: str | None = strawberry.field(description="出错的列名")
    code: ErrorCode
    message: str

    @classmethod
    def from_row_error(cls, e: RowError) -> RosterRowError:
        return cls(line=e.line, column=e.column, code=e.code, message=e.message)


@strawberry.type(description="名单导入结果")
class RosterImportResult:
    total_rows: int = strawberry.field(description="数据行数（不含表头和空行）")
    created_count: int
    updated_count: int
    unchanged_count: int
    row_errors: list[RosterRowError]
