from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.recommendation_forms.forms import submit
from schema import access, mutation
from schema.errors import Error
from schema.recommendation_forms.types import RecommendationFormNode
from schema.relay import decode_id


@strawberry.input(description="提交本人的就业推荐表审核")
class SubmitRecommendationFormInput:
    id: strawberry.ID = strawberry.field(description="本人推荐表的全局编号")


@strawberry.type
class SubmitRecommendationFormPayload:
    errors: list[Error]
    recommendation_form: RecommendationFormNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生提交本人的就业推荐表：按学校设置由院系初审、学校终审，或由学校审核（R2）；"
                     "须已填写联系电话与自我评价",
                     roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.REQUIRED,
                             ErrorCode.STALE_STATE])
    async def submit_recommendation_form(self, info: Info, input: SubmitRecommendationFormInput
                                         ) -> SubmitRecommendationFormPayload:
        async def action():
            form = await submit(info.context, decode_id(input.id, RecommendationFormNode))
            return {"recommendation_form": RecommendationFormNode.from_row(form)}

        return await mutation.run(info, SubmitRecommendationFormPayload, action, input=input)
