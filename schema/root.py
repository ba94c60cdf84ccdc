"""The assembled schema: every domain package contributes its Query and Mutation classes here."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from schema import (
    audit_log,
    identity,
    invitations,
    org,
    origin,
    people,
    positions,
    resume,
    review,
    roster,
    school_admin,
    termination,
)
from server.settings import get_settings

DOMAINS = [org, people, identity, positions, resume, origin, audit_log, school_admin, roster, invitations,
           review, termination]


@strawberry.type
class NodeQuery:
    node: relay.Node | None = relay.node(description="按全局编号读取任一对象；无权查看时为 null")


Query = merge_types("Query", (NodeQuery, *(q for d in DOMAINS for q in d.queries)))
Mutation = merge_types("Mutation", tuple(m for d in DOMAINS for m in d.mutations))


def build_schema() -> strawberry.Schema:
    settings = get_settings()
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
            lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
            lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )


schema = build_schema()
