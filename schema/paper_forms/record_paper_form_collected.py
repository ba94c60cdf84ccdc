from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.paper_forms.forms import record_collected
from schema import access, limits, mutation
from schema.errors import Error
from schema.paper_forms.types import PaperFormNode
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input(description="登记回收毕业生交回的纸质协议书")
class RecordPaperFormCollectedInput:
    graduate_id: strawberry.ID
    number: str = limits.text(limits.CODE, description="交回的纸质协议书上印的编号")


@strawberry.type
class RecordPaperFormCollectedPayload:
    errors: list[Error]
    paper_form: PaperFormNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("辅导员（该生院系的审核人或学校管理员）登记回收已网签毕业生的纸质协议书（F3）；通知本人",
                     roles=access.SCHOOL_STAFF,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.PAPER_FORM_NO_AGREEMENT,
                             ErrorCode.PAPER_FORM_NUMBER_MISMATCH, ErrorCode.PAPER_FORM_NUMBER_TAKEN,
                             ErrorCode.REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def record_paper_form_collected(self, info: Info, input: RecordPaperFormCollectedInput
                                          ) -> RecordPaperFormCollectedPayload:
        async def action():
            graduate_id = decode_id(input.graduate_id, GraduateNode, field="graduateId")
            form = await record_collected(info.context, graduate_id, input.number)
            return {"paper_form": PaperFormNode.from_row(form)}

        return await mutation.run(info, RecordPaperFormCollectedPayload, action, input=input)
