from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.recommendation_forms.forms import update
from schema import access, limits, mutation
from schema.errors import Error
from schema.recommendation_forms.types import RecommendationFormNode
from schema.relay import decode_id

_FREE = "不超过 2000 字；null 表示不修改"


@strawberry.input(description="修改本人就业推荐表中本人填写的部分；学校掌握的信息（姓名、院校、专业等）不在此修改")
class UpdateRecommendationFormInput:
    id: strawberry.ID = strawberry.field(description="本人推荐表的全局编号")
    phone: str | None = limits.text(limits.CODE, default=None, description="联系电话（手机号）")
    email: str | None = limits.text(limits.LINE, default=None, description="电子邮箱；空字符串表示清除")
    intention: str | None = limits.text(limits.LONG_REASON, multiline=True, default=None, description=_FREE)
    education: str | None = limits.text(limits.LONG_REASON, multiline=True, default=None, description=_FREE)
    experience: str | None = limits.text(limits.LONG_REASON, multiline=True, default=None, description=_FREE)
    awards: str | None = limits.text(limits.LONG_REASON, multiline=True, default=None, description=_FREE)
    skills: str | None = limits.text(limits.LONG_REASON, multiline=True, default=None, description=_FREE)
    self_evaluation: str | None = limits.text(limits.LONG_REASON, multiline=True, default=None, description=_FREE)


@strawberry.type
class UpdateRecommendationFormPayload:
    errors: list[Error]
    recommendation_form: RecommendationFormNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生修改本人待提交或被退回的就业推荐表",
                     roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_EMAIL, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_PHONE, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def update_recommendation_form(self, info: Info, input: UpdateRecommendationFormInput
                                         ) -> UpdateRecommendationFormPayload:
        async def action():
            values = {name: getattr(input, name) for name in (
                "phone", "email", "intention", "education", "experience", "awards", "skills", "self_evaluation")}
            form = await update(info.context, decode_id(input.id, RecommendationFormNode), values)
            return {"recommendation_form": RecommendationFormNode.from_row(form)}

        return await mutation.run(info, UpdateRecommendationFormPayload, action, input=input)
