"""Who may call each root operation and which error codes it returns, declared next to the field.

Like Saleor's mutations, which name their permissions and their error type, every query and mutation is made
with `access.query(...)` or `access.mutation(...)`: the roles that may call it and the codes it may return.
The declaration is enforced, not decorative: a caller outside the declared roles is refused before the resolver
runs (UNAUTHENTICATED when nobody is logged in, else PERMISSION_DENIED; a payload error for a mutation, a
GraphQL error for a query), and it is appended to the description, so client authors read it in the SDL.
Finer rules (whose record, which school, R2) stay in resolvers/authz.py.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role
from schema.errors import errors_of

# The callers, in the order the SDL names them; None is a request without a token.
CALLERS: dict[Role | None, str] = {
    None: "未登录",
    Role.GRADUATE: "毕业生",
    Role.EMPLOYER: "用人单位",
    Role.DEPARTMENT_REVIEWER: "院系老师",
    Role.SCHOOL_ADMIN: "学校管理员",
    Role.PROVINCE: "省厅",
}
ANONYMOUS = None
ANYONE: tuple[Role | None, ...] = tuple(CALLERS)
SIGNED_IN: tuple[Role, ...] = tuple(Role)
GRADUATE = (Role.GRADUATE,)
EMPLOYER = (Role.EMPLOYER,)
SCHOOL_ADMIN = (Role.SCHOOL_ADMIN,)
SCHOOL_STAFF = (Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
STAFF = (Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN, Role.PROVINCE)


@dataclass(frozen=True)
class Access(FieldExtension):
    """The declaration, kept on the field (`field.extensions`) so tests and tools can read it."""

    roles: frozenset[Role | None]
    errors: tuple[ErrorCode, ...]
    is_mutation: bool

    def refusal(self, info: Info) -> DomainError | None:
        role = info.context.viewer.role
        if role in self.roles:
            return None
        return DomainError(ErrorCode.UNAUTHENTICATED if role is None else ErrorCode.PERMISSION_DENIED)

    def refuse(self, info: Info, error: DomainError) -> Any:
        if not self.is_mutation:
            raise error
        payload = info.return_type  # the payload class: every mutation returns one with `errors`
        return payload(errors=errors_of(error))

    def resolve(self, next_, source, info: Info, **kwargs):
        error = self.refusal(info)
        return self.refuse(info, error) if error else next_(source, info, **kwargs)

    async def resolve_async(self, next_, source, info: Info, **kwargs):
        error = self.refusal(info)
        if error:
            return self.refuse(info, error)
        return await next_(source, info, **kwargs)


def declare(roles: Iterable[Role | None], errors: Iterable[ErrorCode], *, is_mutation: bool) -> Access:
    roles = frozenset(roles)
    unknown = [r for r in roles if r not in CALLERS]
    if unknown or not roles:
        raise ValueError(f"unknown or no callers: {unknown}")
    codes = list(dict.fromkeys(ErrorCode(e) for e in errors))  # ErrorCode members only, declared order
    # The refusals the declaration itself produces, and the one every signed-in operation shares (B4).
    automatic = []
    if ANONYMOUS not in roles:
        automatic += [ErrorCode.UNAUTHENTICATED, ErrorCode.PASSWORD_CHANGE_REQUIRED]
    if not roles >= set(SIGNED_IN):
        automatic.append(ErrorCode.PERMISSION_DENIED)
    return Access(roles=roles, errors=tuple(dict.fromkeys(automatic + codes)), is_mutation=is_mutation)


def describe(description: str, declared: Access) -> str:
    callers = "、".join(label for role, label in CALLERS.items() if role in declared.roles)
    codes = "、".join(e.value for e in declared.errors) or "无"
    return f"{description}\n\n可调用：{callers}；可能的错误码：{codes}"


def query(description: str, *, roles: Iterable[Role | None], errors: Iterable[ErrorCode] = (), **field: Any) -> Any:
    declared = declare(roles, errors, is_mutation=False)
    return strawberry.field(description=describe(description, declared), extensions=[declared], **field)


def mutation(description: str, *, roles: Iterable[Role | None], errors: Iterable[ErrorCode] = (),
             **field: Any) -> Any:
    declared = declare(roles, errors, is_mutation=True)
    return strawberry.mutation(description=describe(description, declared), extensions=[declared], **field)


def subscription(description: str, *, roles: Iterable[Role | None], errors: Iterable[ErrorCode] = ()) -> Any:
    """A subscription field: a caller outside the roles gets the refusal as the stream's error, before any event."""
    declared = declare(roles, errors, is_mutation=False)

    def wrap(generator):
        @functools.wraps(generator)
        async def guarded(*args: Any, **kwargs: Any):
            info = kwargs.get("info") or next(a for a in args if isinstance(a, Info))
            error = declared.refusal(info)
            if error:
                raise error
            async for item in generator(*args, **kwargs):
                info.context.renew_loaders()  # the context lives as long as the connection; loaders per event
                yield item

        field = strawberry.subscription(guarded, description=describe(description, declared))
        # Kept on the field, not as a FieldExtension: strawberry would await the extension on the event stream.
        field.subscription_access = declared
        return field

    return wrap


def declaration(field: Any) -> Access | None:
    """The declaration on a strawberry field, if it has one."""
    subscribed = getattr(field, "subscription_access", None)
    return subscribed or next((e for e in getattr(field, "extensions", ()) if isinstance(e, Access)), None)


def anonymous_subscriptions(schema: Any) -> frozenset[str]:
    """The subscription fields (SDL names) an anonymous caller may subscribe to: the only operations a websocket
    opened without a token may run (server/websocket.py)."""
    subscription = schema._schema.subscription_type
    if subscription is None:
        return frozenset()
    return frozenset(name for name, field in subscription.fields.items()
                     if (d := declaration(field.extensions.get("strawberry-definition"))) and ANONYMOUS in d.roles)
