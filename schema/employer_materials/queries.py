from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import Employer
from schema import access
from schema.employer_materials.types import EmployerMaterials, resolve


@strawberry.type
class Query:
    @access.query("本单位的资质材料：已上传的、尚缺的、是否需要授权委托书（issue 12 §5）", roles=access.EMPLOYER,
                  errors=[])
    async def my_employer_materials(self, info: Info) -> EmployerMaterials | None:
        return await resolve(info, await info.context.loaders.get(Employer, info.context.viewer.id))
