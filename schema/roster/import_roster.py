from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.errors import DomainError, ErrorCode
from resolvers.roster.importer import import_roster
from resolvers.roster.reader import MAX_BYTES
from schema import access, limits, mutation
from schema.errors import Error
from schema.roster.types import RosterImportResult, RosterRowError


@strawberry.input
class ImportRosterInput:
    file: Upload = strawberry.field(description=".xlsx 或 .csv（UTF-8 或 GBK）名单文件，第 1 行为表头")
    graduation_year: int = limits.number(0, 9999, description="毕业年份（届别）")
    import_valid_rows: bool | None = strawberry.field(default=False, description="有错误行时仍导入其余正确的行")
    initial_password: str | None = limits.text(
        limits.PASSWORD, default=None, description="新建记录的初始密码；毕业生首次登录须修改（B4），已有记录保留原密码")


@strawberry.type
class ImportRosterPayload:
    errors: list[Error]
    result: RosterImportResult | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员导入毕业生名单：按 届别+学历+学号 新建或更新，重复导入不会重复建档",
                     roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.DUPLICATE_ROW, ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_TYPE_NOT_ALLOWED,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.ROSTER_HAS_ERRORS,
                             ErrorCode.ROSTER_UNREADABLE, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def import_roster(self, info: Info, input: ImportRosterInput) -> ImportRosterPayload:
        rejected = False

        async def action():
            nonlocal rejected
            # One byte over the limit is enough to refuse the file without holding all of it.
            data = await input.file.read(MAX_BYTES + 1)
            outcome = await import_roster(info.context, data, input.graduation_year,
                                          import_valid_rows=bool(input.import_valid_rows),
                                          initial_password=input.initial_password)
            result = RosterImportResult(
                total_rows=outcome.total_rows, created_count=outcome.created, updated_count=outcome.updated,
                unchanged_count=outcome.unchanged,
                row_errors=[RosterRowError.from_row_error(e) for e in outcome.row_errors],
            )
            rejected = outcome.rejected
            return {"result": result}

        payload = await mutation.run(info, ImportRosterPayload, action, input=input)
        if rejected:
            # The row errors stay in the result so the admin can fix the file; nothing was written.
            payload.errors = [Error.from_domain(DomainError(ErrorCode.ROSTER_HAS_ERRORS, field="file"))]
        return payload
