from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notices import queries
from schema import access, limits, mutation
from schema.errors import Error
from schema.notices.types import NoticeNode
from schema.relay import decode_id


@strawberry.input
class MarkNoticesReadInput:
    ids: list[strawberry.ID] = limits.text(limits.ID, max_items=limits.MAX_IDS)


@strawberry.type
class MarkNoticesReadPayload:
    errors: list[Error]
    notices: list[NoticeNode] | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "把发给我的通知标为已读（毕业生）",
        roles=access.GRADUATE,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG
        ],
    )
    async def mark_notices_read(self, info: Info, input: MarkNoticesReadInput) -> MarkNoticesReadPayload:
        async def action():
            ids = [decode_id(i, NoticeNode, "ids") for i in input.ids]
            rows = await queries.mark_read(info.context.viewer, ids)
            return {"notices": [NoticeNode.from_row(r) for r in rows]}

        return await mutation.run(info, MarkNoticesReadPayload, action, input=input)
