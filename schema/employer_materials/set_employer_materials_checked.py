from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.employer_materials import checks
from resolvers.errors import ErrorCode
from schema import access, limits, mutation
from schema.employer_materials.types import EmployerMaterials, resolve_after_change
from schema.errors import Error
from schema.people.types import EmployerNode
from schema.relay import decode_id


@strawberry.input(description="本校标记（或取消标记）用人单位的资质材料已核验")
class SetEmployerMaterialsCheckedInput:
    employer_id: strawberry.ID
    checked: bool = strawberry.field(description="true：标记已核验；false：取消本校的标记")
    materials_version: int = limits.number(0, 2**31 - 1,
                                           description="所查看材料的版本（EmployerMaterials.materialsVersion）")


@strawberry.type
class SetEmployerMaterialsCheckedPayload:
    errors: list[Error]
    materials: EmployerMaterials | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校、院系老师标记单位资质材料已核验（或取消）；标记属于本校，本校老师均可见，他校不可见；"
                     "单位更换材料后标记失效",
                     roles=access.SCHOOL_STAFF,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.STALE_STATE])
    async def set_employer_materials_checked(self, info: Info, input: SetEmployerMaterialsCheckedInput
                                             ) -> SetEmployerMaterialsCheckedPayload:
        employer_id: list[int] = []

        async def action():
            employer_id.append(decode_id(input.employer_id, EmployerNode, field="employerId"))
            await checks.set_checked(info.context, employer_id[0], input.checked, input.materials_version)
            return {}

        payload = await mutation.run(info, SetEmployerMaterialsCheckedPayload, action, input=input)
        if not payload.errors:
            payload.materials = await resolve_after_change(info, employer_id[0])
        return payload
