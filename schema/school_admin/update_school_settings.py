from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.school_admin import SETTINGS, update_settings
from schema import access, limits, mutation
from schema.errors import Error
from schema.org.types import SchoolNode
from schema.relay import decode_id


@strawberry.input(description="学校设置；只修改给出的项")
class UpdateSchoolSettingsInput:
    school_id: strawberry.ID
    review_levels: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
        description="1：学校审核；2：院系初审、学校终审")
    signing_opens_month: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
        description="签约开放日期（月）：毕业学年中自该日起可接受签约邀请，默认 9 月 1 日（S11）")
    signing_opens_day: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
        description="签约开放日期（日）")
    termination_opens_month: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
        description="解约开放日期（月）")
    termination_opens_day: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
        description="解约开放日期（日）")
    max_terminations: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
        description="每名毕业生解约次数上限，≥ 0")
    invitation_default_days: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
        description="签约邀请默认应约天数")
    invitation_max_days: int | None = limits.number(-limits.YEAR, limits.YEAR * 2, default=None,
        description="签约邀请应约天数上限")
    quiet_hours: str | None = limits.text(limits.CODE, default=None,
        description="短信免打扰时段（北京时间），如「22:00-08:00」，可跨午夜；其间非关键通知的短信推迟到时段结束；"
                    "空字符串表示不设")
    contact_department: str | None = limits.text(limits.TITLE, default=None,
        description="学校联系部门（印在协议书上），如 毕业生就业指导中心")
    contact_person: str | None = limits.text(limits.CONTACT_NAME, default=None,
        description="学校联系人（印在协议书上）")
    contact_phone: str | None = limits.text(limits.CODE, default=None, description="学校联系电话（印在协议书上）")
    address: str | None = limits.text(limits.LINE, default=None, description="学校通讯地址（印在协议书上）")


@strawberry.type
class UpdateSchoolSettingsPayload:
    errors: list[Error]
    school: SchoolNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员修改本校设置", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_INPUT, ErrorCode.INVALID_PHONE, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.TOO_LONG])
    async def update_school_settings(self, info: Info, input: UpdateSchoolSettingsInput
                                     ) -> UpdateSchoolSettingsPayload:
        given = {k: getattr(input, k) for k in SETTINGS}

        async def action():
            school_id = decode_id(input.school_id, SchoolNode, field="schoolId")
            school = await update_settings(info.context, school_id, given, input.quiet_hours)
            return {"school": SchoolNode.from_row(school)}

        return await mutation.run(info, UpdateSchoolSettingsPayload, action, input=input)
