from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import BindingForm, bind_graduate
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input
class BindGraduateInput:
    ticket: str = limits.text(limits.TOKEN, description="wechatLogin 返回的绑定凭证")
    school_id: strawberry.ID
    name: str = limits.text(limits.PERSON_NAME)
    student_number: str = limits.text(limits.STUDENT_NUMBER)
    id_number: str = limits.text(limits.ID_NUMBER)


@strawberry.type
class BindGraduatePayload:
    errors: list[Error]
    token: str | None = None
    graduate: GraduateNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生绑定微信：学校、姓名、学号、身份证号须与学校导入的一条记录一致（B1-B3）",
                     roles=access.ANYONE,
                     errors=[ErrorCode.ALREADY_BOUND, ErrorCode.BINDING_DUPLICATED, ErrorCode.BINDING_NOT_MATCHED,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG,
                             ErrorCode.WECHAT_LOGIN_FAILED])
    async def bind_graduate(self, info: Info, input: BindGraduateInput) -> BindGraduatePayload:
        async def action():
            form = BindingForm(ticket=input.ticket, school_id=decode_id(input.school_id, "School", "schoolId"),
                               name=input.name, student_number=input.student_number, id_number=input.id_number)
            graduate, token = await bind_graduate(info.context, form)
            return {"token": token, "graduate": GraduateNode.from_row(graduate)}

        # Not one transaction: a failed attempt must stay counted; the binding itself is atomic.
        return await mutation.run(info, BindGraduatePayload, action, input=input, atomic=False)
