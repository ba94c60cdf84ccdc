from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.paper_forms.forms import reissue
from schema import access, limits, mutation
from schema.errors import Error
from schema.paper_forms.types import PaperFormNode
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input(description="为毕业生补发纸质协议书；原持有的协议书作废")
class ReissuePaperFormInput:
    graduate_id: strawberry.ID
    number: str = limits.text(limits.CODE, description="新协议书上印的编号，本校内不得与已有的（含作废的）重复")
    reason: str = limits.text(limits.REASON, multiline=True, description="补发原因（如遗失、损毁），必填")


@strawberry.type
class ReissuePaperFormPayload:
    errors: list[Error]
    paper_form: PaperFormNode | None = strawberry.field(default=None, description="补发的新协议书")


@strawberry.type
class Mutation:
    @access.mutation("辅导员（该生院系的审核人或学校管理员）补发纸质协议书并登记原因，原协议书作废（F3）；"
                     "已网签的毕业生不能补发；通知本人",
                     roles=access.SCHOOL_STAFF,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.PAPER_FORM_NUMBER_TAKEN,
                             ErrorCode.PAPER_FORM_SIGNED_ONLINE, ErrorCode.REASON_REQUIRED, ErrorCode.REQUIRED,
                             ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def reissue_paper_form(self, info: Info, input: ReissuePaperFormInput) -> ReissuePaperFormPayload:
        async def action():
            graduate_id = decode_id(input.graduate_id, GraduateNode, field="graduateId")
            form = await reissue(info.context, graduate_id, input.number, input.reason)
            return {"paper_form": PaperFormNode.from_row(form)}

        return await mutation.run(info, ReissuePaperFormPayload, action, input=input)
