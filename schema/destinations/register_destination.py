from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.destination import records
from resolvers.errors import ErrorCode
from schema import access, limits, mutation
from schema.destinations.inputs import DETAILS_ERRORS, DestinationDetailsInput, raw
from schema.destinations.types import DestinationNode
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input
class RegisterDestinationInput:
    type: str = limits.text(limits.CODE, description="毕业去向代码（两位），见 destinationCatalog")
    sub_type: str | None = limits.text(limits.CODE, default=None, description="具体去向代码；有具体去向的类型必填")
    details: DestinationDetailsInput | None = None
    graduate_id: strawberry.ID | None = strawberry.field(
        default=None, description="学校老师代毕业生录入时填写；毕业生本人登记时不填"
    )


@strawberry.type
class RegisterDestinationPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "登记毕业去向（草稿）：毕业生本人，或学校老师代录后由毕业生上传证明材料并提交（D1、D5、S9）",
        roles=(*access.GRADUATE, *access.SCHOOL_STAFF),
        errors=[
            *DETAILS_ERRORS,
            ErrorCode.DESTINATION_OPEN,
            ErrorCode.DESTINATION_LOCKED,
            ErrorCode.HAS_ACTIVE_AGREEMENT,
        ],
    )
    async def register_destination(self, info: Info, input: RegisterDestinationInput) -> RegisterDestinationPayload:
        async def action():
            destination = await records.register(
                info.context,
                decode_id(input.graduate_id, GraduateNode, "graduateId") if input.graduate_id else None,
                input.type,
                input.sub_type,
                raw(input.details),
            )
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, RegisterDestinationPayload, action, input=input)
