from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.recommendation_forms.download import download
from schema import access, mutation
from schema.errors import Error
from schema.recommendation_forms.types import RecommendationFormNode
from schema.relay import decode_id


@strawberry.input
class DownloadRecommendationFormInput:
    form_id: strawberry.ID


@strawberry.type
class DownloadRecommendationFormPayload:
    errors: list[Error]
    recommendation_form: RecommendationFormNode | None = None
    url: str | None = strawberry.field(default=None, description="推荐表 PDF 的限时下载链接，无需登录即可打开")
    url_expires_at: dt.datetime | None = None


@strawberry.type
class Mutation:
    @access.mutation("下载审核通过的就业推荐表 PDF（含学校就业部门盖章栏）：毕业生本人，或其院系老师、本校管理员",
                     roles=(*access.GRADUATE, *access.SCHOOL_STAFF),
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.RECOMMENDATION_FORM_NOT_APPROVED,
                             ErrorCode.STALE_STATE])
    async def download_recommendation_form(self, info: Info, input: DownloadRecommendationFormInput
                                           ) -> DownloadRecommendationFormPayload:
        async def action():
            form_id = decode_id(input.form_id, RecommendationFormNode, "formId")
            form, link = await download(info.context, form_id)
            return {"recommendation_form": RecommendationFormNode.from_row(form), "url": link.url,
                    "url_expires_at": link.expires_at}

        # Not atomic: the first download renders the PDF, which must not hold a transaction open (download.py).
        return await mutation.run(info, DownloadRecommendationFormPayload, action, input=input, atomic=False)
