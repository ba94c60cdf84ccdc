from __future__ import annotations

import strawberry

from resolvers.intentions.manage import Intentions


@strawberry.type(name="JobIntentions", description="毕业生的求职意向：职位类别、工作地点、期望月薪下限")
class JobIntentionsType:
    categories: list[str] = strawberry.field(description="职位类别；为空表示不限")
    location_codes: list[str] = strawberry.field(
        description="工作地点的行政区划代码（6 位）：省、市代码包含其下所有区县；为空表示不限")
    salary_floor: int | None = strawberry.field(
        description="期望月薪下限（元）：职位月薪上限不低于它即符合；未写明上限的职位（面议）也符合；null 表示不限")

    @classmethod
    def of(cls, intentions: Intentions | None) -> JobIntentionsType | None:
        if intentions is None:
            return None
        return cls(categories=intentions.categories, location_codes=intentions.location_codes,
                   salary_floor=intentions.salary_floor)
