from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.employer_materials import manage
from resolvers.errors import ErrorCode
from schema import access, mutation
from schema.employer_materials.types import EmployerMaterialKind, EmployerMaterials, resolve_after_change
from schema.errors import Error


@strawberry.input(description="上传一份资质材料；已有同种材料时替换之")
class UploadEmployerMaterialInput:
    kind: EmployerMaterialKind
    file: Upload = strawberry.field(description="JPG、PNG 图片或 PDF 文件")


@strawberry.type
class UploadEmployerMaterialPayload:
    errors: list[Error]
    materials: EmployerMaterials | None = None


@strawberry.type
class Mutation:
    @access.mutation("用人单位上传或替换资质材料（营业执照、授权委托书）；替换后各校的核验标记失效，需重新核验",
                     roles=access.EMPLOYER,
                     errors=[ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_TYPE_NOT_ALLOWED])
    async def upload_employer_material(self, info: Info, input: UploadEmployerMaterialInput
                                       ) -> UploadEmployerMaterialPayload:
        async def action():
            await manage.upload(info.context, input.kind.value, input.file)
            return {}

        payload = await mutation.run(info, UploadEmployerMaterialPayload, action, input=input)
        if not payload.errors:  # read after the commit, as any later query would
            payload.materials = await resolve_after_change(info, info.context.viewer.id)
        return payload
