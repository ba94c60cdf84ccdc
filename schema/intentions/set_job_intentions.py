from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.intentions import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.intentions.types import JobIntentionsType


@strawberry.input(description="求职意向：整体替换；三项都不填表示取消求职意向，不再推送职位")
class SetJobIntentionsInput:
    categories: list[str] = limits.text(limits.LINE, max_items=limits.MAX_IDS,
                                        description="职位类别，最多 10 个", default_factory=list)
    location_codes: list[str] = limits.text(limits.CODE, max_items=limits.MAX_IDS,
                                            description="工作地点：省（如 340000）、市（340100）或区县（340104）代码，"
                                                        "最多 10 个", default_factory=list)
    salary_floor: int | None = limits.number(-limits.SALARY, limits.SALARY, default=None,
                                             description="期望月薪下限（元）")


@strawberry.type
class SetJobIntentionsPayload:
    errors: list[Error]
    intentions: JobIntentionsType | None = None
    new_matches: int | None = strawberry.field(default=None, description="因本次修改新符合意向、已推送给你的在招职位数")


@strawberry.type
class Mutation:
    @access.mutation(
        "保存我的求职意向（毕业生）；新符合意向的在招职位合并为一条消息推送",
        roles=access.GRADUATE,
        errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_INPUT, ErrorCode.INVALID_REGION,
                ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.TOO_LONG],
    )
    async def set_job_intentions(self, info: Info, input: SetJobIntentionsInput) -> SetJobIntentionsPayload:
        async def action():
            intentions, new = await manage.set_intentions(info.context, input.categories, input.location_codes,
                                                          input.salary_floor)
            return {"intentions": JobIntentionsType.of(intentions), "new_matches": new}

        return await mutation.run(info, SetJobIntentionsPayload, action, input=input)
