from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.employer_materials import manage
from resolvers.errors import ErrorCode
from schema import access, limits, mutation
from schema.employer_materials.types import EmployerMaterials, resolve_after_change
from schema.errors import Error


@strawberry.input(description="填写单位的法定代表人；与联系人为同一人时不需要授权委托书")
class SetEmployerLegalRepresentativeInput:
    legal_representative: str = limits.text(limits.CONTACT_NAME, description="法定代表人姓名，与营业执照一致")


@strawberry.type
class SetEmployerLegalRepresentativePayload:
    errors: list[Error]
    materials: EmployerMaterials | None = None


@strawberry.type
class Mutation:
    @access.mutation("用人单位填写法定代表人姓名；据此判断是否需要授权委托书，更改后各校的核验标记失效",
                     roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.REQUIRED,
                             ErrorCode.TOO_LONG])
    async def set_employer_legal_representative(self, info: Info, input: SetEmployerLegalRepresentativeInput
                                                ) -> SetEmployerLegalRepresentativePayload:
        async def action():
            await manage.set_legal_representative(info.context, input.legal_representative)
            return {}

        payload = await mutation.run(info, SetEmployerLegalRepresentativePayload, action, input=input)
        if not payload.errors:
            payload.materials = await resolve_after_change(info, info.context.viewer.id)
        return payload
