from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import EmployerForm, register_employer
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import EmployerNode


@strawberry.input
class RegisterEmployerInput:
    name: str = limits.text(limits.LINE)
    uscc: str = limits.text(limits.CODE, description="统一社会信用代码，18 位")
    nature_code: str = limits.text(limits.CODE, description="单位性质代码（代码表 EMPLOYER_NATURE）")
    industry_code: str = limits.text(limits.CODE, description="单位行业代码（代码表 INDUSTRY）")
    location_code: str = limits.text(limits.CODE, description="单位所在地，区县级 6 位行政区划代码")
    location_name: str = limits.text(limits.LINE)
    address: str = limits.text(limits.LINE)
    postcode: str = limits.text(limits.CODE)
    contact_name: str = limits.text(limits.LINE)
    contact_phone: str = limits.text(limits.CODE)
    contact_email: str = limits.text(limits.LINE)
    has_hiring_autonomy: bool = strawberry.field(description="是否有人事接收权")
    login_name: str = limits.text(limits.LOGIN_NAME)
    password: str = limits.text(limits.PASSWORD)
    supervising_authority: str = limits.text(
        limits.LINE,
        default="", description="上级主管部门（档案接收部门）；无人事接收权时必填")


@strawberry.type
class RegisterEmployerPayload:
    errors: list[Error]
    employer: EmployerNode | None = None
    token: str | None = None
    uscc_checksum_warning: bool = strawberry.field(
        default=False, description="统一社会信用代码校验位未通过：已保存，审核老师会看到此提示")


@strawberry.type
class Mutation:
    @access.mutation("用人单位注册；已通过扫码签约留下信息的单位以同一信用代码注册即认领该单位", roles=access.ANYONE,
                     errors=[ErrorCode.INVALID_USCC, ErrorCode.INVALID_CODE, ErrorCode.INVALID_REGION,
                             ErrorCode.INVALID_POSTCODE, ErrorCode.INVALID_EMAIL, ErrorCode.WEAK_PASSWORD,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_PHONE,
                             ErrorCode.LOGIN_NAME_TAKEN, ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED,
                             ErrorCode.REQUIRED, ErrorCode.TOO_LONG, ErrorCode.USCC_TAKEN])
    async def register_employer(self, info: Info, input: RegisterEmployerInput) -> RegisterEmployerPayload:
        async def action():
            form = EmployerForm(
                name=input.name, uscc=input.uscc, nature_code=input.nature_code, industry_code=input.industry_code,
                location_code=input.location_code, location_name=input.location_name, address=input.address,
                postcode=input.postcode, contact_name=input.contact_name, contact_phone=input.contact_phone,
                contact_email=input.contact_email, has_hiring_autonomy=input.has_hiring_autonomy,
                supervising_authority=input.supervising_authority, login_name=input.login_name,
                password=input.password,
            )
            employer, token = await register_employer(info.context, form)
            return {"employer": EmployerNode.from_row(employer), "token": token,
                    "uscc_checksum_warning": employer.uscc_checksum_failed}

        return await mutation.run(info, RegisterEmployerPayload, action, input=input)
