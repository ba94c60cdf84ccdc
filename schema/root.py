"""The assembled schema: every domain package contributes its Query and Mutation classes here."""

from __future__ import annotations

import functools
from typing import Annotated

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry import relay
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.file_uploads import Upload
from strawberry.tools import merge_types
from strawberry.types import Info
from strawberry.types.scalar import scalar

from schema import (
    access,
    audit_log,
    destinations,
    employer_materials,
    exports,
    fairs,
    identity,
    intentions,
    invitations,
    national,
    notices,
    notifications,
    offline,
    org,
    origin,
    paper_forms,
    people,
    positions,
    printing,
    recommendation_forms,
    records,
    resume,
    review,
    roster,
    school_admin,
    statistics,
    termination,
)
from schema.relay import resolve_global_id
from server.graphql_errors import ShapeErrors, log_errors
from server.query_cost import make_rule
from server.settings import Settings, get_settings

DOMAINS = [org, people, identity, positions, resume, origin, audit_log, school_admin, roster, invitations,
           review, offline, termination, destinations, notifications, printing, statistics, records, exports,
           paper_forms, notices, intentions, fairs, employer_materials, national, recommendation_forms]


@strawberry.type
class NodeQuery:
    @access.query("按全局编号读取任一对象；无权查看时为 null", roles=access.ANYONE, errors=[])
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the object.")]
    ) -> relay.Node | None:
        return await resolve_global_id(info, id)


Query = merge_types("Query", (NodeQuery, *(q for d in DOMAINS for q in d.queries)))
Mutation = merge_types("Mutation", tuple(m for d in DOMAINS for m in d.mutations))
_SUBSCRIPTIONS = tuple(s for d in DOMAINS for s in getattr(d, "subscriptions", ()))
Subscription = merge_types("Subscription", _SUBSCRIPTIONS) if _SUBSCRIPTIONS else None


def _uploaded_file(value: object) -> object:
    # Strawberry's Upload takes any value, so a string in a JSON body reached resolvers that read a file.
    if hasattr(value, "read") and hasattr(value, "filename"):
        return value
    raise ValueError("文件须以 multipart/form-data 方式上传")


UPLOAD = scalar(name="Upload", description="Represents a file upload.", serialize=lambda v: None,
                parse_value=_uploaded_file)


class WangqianSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        # Runs before ShapeErrors masks them: the log keeps the original text and traceback.
        log_errors(errors)


@functools.cache
def _build(*, developer_tools: bool, max_depth: int, max_aliases: int, max_complexity: int,
           max_tokens: int) -> WangqianSchema:
    # The rule classes are made here, once per schema: ValidationCache keys its cache on them, so a rule made per
    # request (strawberry's limiters passed as lambdas) meant every request was validated afresh.
    rules = [make_rule(max_depth=max_depth, max_aliases=max_aliases, max_complexity=max_complexity)]
    if not developer_tools:
        rules.append(NoSchemaIntrospectionCustomRule)
    return WangqianSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        scalar_overrides={Upload: UPLOAD},
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=max_tokens),
            lambda: AddValidationRules(rules),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: ShapeErrors(hide_suggestions=not developer_tools),
        ],
    )


def build_schema(settings: Settings | None = None) -> WangqianSchema:
    """The schema for these settings; the same object for the same limits, so its caches are shared."""
    settings = settings or get_settings()
    return _build(
        developer_tools=settings.developer_tools,
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_complexity=settings.graphql_max_complexity,
        max_tokens=settings.graphql_max_tokens,
    )


schema = build_schema()
