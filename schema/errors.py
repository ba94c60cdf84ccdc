"""The `Error` every mutation payload lists: field path, stable code, Chinese message."""

from __future__ import annotations

import strawberry

from resolvers.errors import DomainError, DomainErrors
from resolvers.errors import ErrorCode as _ErrorCode

ErrorCode = strawberry.enum(_ErrorCode, name="ErrorCode", description="稳定的错误代码，客户端据此处理错误")


@strawberry.type(description="可预期的失败：字段路径、错误代码与中文说明")
class Error:
    field: list[str] | None = strawberry.field(description="出错的输入字段路径，相对于 input")
    code: ErrorCode
    message: str

    @classmethod
    def from_domain(cls, e: DomainError) -> Error:
        return cls(field=e.field, code=e.code, message=e.message)


def errors_of(exc: DomainError | DomainErrors) -> list[Error]:
    if isinstance(exc, DomainErrors):
        return [Error.from_domain(e) for e in exc.errors]
    return [Error.from_domain(exc)]
