from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.recommendation_forms.forms import reopen
from schema import access, mutation
from schema.errors import Error
from schema.recommendation_forms.types import RecommendationFormNode
from schema.relay import decode_id


@strawberry.input(description="重新填写本人审核通过或不予推荐的就业推荐表")
class ReopenRecommendationFormInput:
    id: strawberry.ID = strawberry.field(description="本人推荐表的全局编号")


@strawberry.type
class ReopenRecommendationFormPayload:
    errors: list[Error]
    recommendation_form: RecommendationFormNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生重新填写审核通过或不予推荐的就业推荐表：成为新的一版（待提交），原审核意见清空，"
                     "原版 PDF 不再提供，修改后须重新提交审核",
                     roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.STALE_STATE])
    async def reopen_recommendation_form(self, info: Info, input: ReopenRecommendationFormInput
                                         ) -> ReopenRecommendationFormPayload:
        async def action():
            form = await reopen(info.context, decode_id(input.id, RecommendationFormNode))
            return {"recommendation_form": RecommendationFormNode.from_row(form)}

        return await mutation.run(info, ReopenRecommendationFormPayload, action, input=input)
