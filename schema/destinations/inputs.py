"""The one shape of a destination's fields in every mutation that writes them (D1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from resolvers.errors import ErrorCode
from schema import limits


@strawberry.input(
    description="去向登记的各项内容；每种去向需填写的项目见 destinationCatalog，未要求的项目不保存。"
    "地区须到区县：代码（6 位）与名称同填"
)
class DestinationDetailsInput:
    employer_name: str | None = limits.text(limits.LINE, default=None, description="单位名称（服务单位、聘用单位）")
    employer_nature: str | None = limits.text(limits.CODE, default=None, description="单位性质代码")
    industry: str | None = limits.text(limits.CODE, default=None, description="单位行业代码")
    employer_uscc: str | None = limits.text(limits.CODE, default=None, description="统一社会信用代码")
    work_region_code: str | None = limits.text(limits.CODE, default=None, description="单位所在地区县代码")
    work_region_name: str | None = limits.text(limits.LINE, default=None, description="单位所在地名称")
    position_title: str | None = limits.text(limits.LINE, default=None, description="工作岗位")
    contract_start: dt.date | None = limits.days(
        3 * limits.YEAR, 2 * limits.YEAR, default=None, description="合同起始日期"
    )
    contract_months: int | None = limits.number(
        -limits.SMALL, limits.SMALL, default=None, description="合同期限（月），不少于 6"
    )
    employment_months: int | None = limits.number(
        -limits.SMALL, limits.SMALL, default=None, description="离校后聘用期限（月），不少于 6"
    )
    monthly_salary: int | None = limits.number(
        -limits.SALARY, limits.SALARY, default=None, description="月工资收入（元）"
    )
    salary_not_below_minimum: bool | None = strawberry.field(
        default=None, description="确认工资收入不低于当地最低工资标准"
    )
    country: str | None = limits.text(limits.LINE, default=None, description="国家（地区）")
    school_name: str | None = limits.text(limits.LINE, default=None, description="录取院校")
    school_region_code: str | None = limits.text(limits.CODE, default=None, description="院校所在地区县代码")
    school_region_name: str | None = limits.text(limits.LINE, default=None, description="院校所在地名称")
    major_name: str | None = limits.text(limits.LINE, default=None, description="录取专业")
    business_name: str | None = limits.text(limits.LINE, default=None, description="创业实体或网店名称")
    business_region_code: str | None = limits.text(limits.CODE, default=None, description="创业所在地区县代码")
    business_region_name: str | None = limits.text(limits.LINE, default=None, description="创业所在地名称")
    occupation: str | None = limits.text(limits.LINE, default=None, description="从事的职业内容")
    enlistment_region_code: str | None = limits.text(limits.CODE, default=None, description="入伍地区县代码")
    enlistment_region_name: str | None = limits.text(limits.LINE, default=None, description="入伍地名称")
    contact_name: str | None = limits.text(limits.CONTACT_NAME, default=None, description="单位联系人")
    contact_phone: str | None = limits.text(limits.CODE, default=None, description="联系电话")
    shop_url: str | None = limits.text(limits.URL, default=None, description="网店地址")


# What a destination's type and fields can be refused for: the mutations that take them declare these.
DETAILS_ERRORS = (
    ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
    ErrorCode.NOT_FOUND, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG, ErrorCode.INVALID_CODE, ErrorCode.INVALID_REGION,
    ErrorCode.INVALID_USCC, ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.DESTINATION_NOT_ALLOWED,
)

REGIONS = ("work_region", "school_region", "business_region", "enlistment_region")


def raw(details: DestinationDetailsInput | None) -> dict[str, Any]:
    """The input keyed as Destination.details keeps it: a region as {code, name}."""
    if details is None:
        return {}
    values = {k: v for k, v in vars(details).items() if not k.startswith("_")}
    for region in REGIONS:
        code, name = values.pop(f"{region}_code", None), values.pop(f"{region}_name", None)
        if code is not None or name is not None:
            values[region] = {"code": code, "name": name}
    return values
