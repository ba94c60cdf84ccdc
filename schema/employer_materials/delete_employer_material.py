from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.employer_materials import manage
from resolvers.errors import ErrorCode
from schema import access, mutation
from schema.employer_materials.types import EmployerMaterialKind, EmployerMaterials, resolve_after_change
from schema.errors import Error


@strawberry.input(description="删除一份已上传的资质材料")
class DeleteEmployerMaterialInput:
    kind: EmployerMaterialKind


@strawberry.type
class DeleteEmployerMaterialPayload:
    errors: list[Error]
    materials: EmployerMaterials | None = None


@strawberry.type
class Mutation:
    @access.mutation("用人单位删除一份资质材料；各校的核验标记随之失效", roles=access.EMPLOYER,
                     errors=[ErrorCode.NOT_FOUND])
    async def delete_employer_material(self, info: Info, input: DeleteEmployerMaterialInput
                                       ) -> DeleteEmployerMaterialPayload:
        async def action():
            await manage.delete(info.context, input.kind.value)
            return {}

        payload = await mutation.run(info, DeleteEmployerMaterialPayload, action, input=input)
        if not payload.errors:
            payload.materials = await resolve_after_change(info, info.context.viewer.id)
        return payload
