from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.recommendation_forms.forms import create
from schema import access, mutation
from schema.errors import Error
from schema.recommendation_forms.types import RecommendationFormNode


@strawberry.input(description="创建本人的就业推荐表：由学籍信息与简历预填")
class CreateRecommendationFormInput:
    from_resume: bool = strawberry.field(default=True, description="是否由简历预填本人填写的部分（默认是）；"
                                                                 "学校掌握的信息总是取自学籍")


@strawberry.type
class CreateRecommendationFormPayload:
    errors: list[Error]
    recommendation_form: RecommendationFormNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生创建本人的就业推荐表（每人一份）：学校掌握的信息取自学籍，联系方式与求职意向、"
                     "教育经历、实习经历、获奖情况、技能证书、自我评价取自简历，创建后可修改",
                     roles=access.GRADUATE, errors=[ErrorCode.RECOMMENDATION_FORM_EXISTS])
    async def create_recommendation_form(self, info: Info, input: CreateRecommendationFormInput
                                         ) -> CreateRecommendationFormPayload:
        async def action():
            form = await create(info.context, input.from_resume)
            return {"recommendation_form": RecommendationFormNode.from_row(form)}

        return await mutation.run(info, CreateRecommendationFormPayload, action, input=input)
