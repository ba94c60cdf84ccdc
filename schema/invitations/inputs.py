"""Inputs shared by the three ways of sending a signing invitation."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema import limits


@strawberry.input(description="协议条款；留空的岗位名称、类别、工作地点取自职位，联系人取自单位信息")
class SigningTermsInput:
    position_title: str | None = limits.text(limits.TITLE, default=None)
    job_category: str | None = limits.text(limits.TITLE, default=None)
    work_location_code: str | None = limits.text(limits.CODE, default=None, description="工作地点，6 位区县代码")
    work_location_name: str | None = limits.text(limits.LINE, default=None)
    monthly_salary: int | None = limits.number(-limits.SALARY, limits.SALARY, default=None, description="月薪（元）")
    probation_months: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
                                                 description="试用期（月，0-6）")
    contract_years: int | None = limits.number(-limits.SMALL, limits.SMALL, default=None,
                                               description="劳动合同期限（年）")
    report_date: dt.date | None = limits.days(limits.YEAR, 5 * limits.YEAR, default=None)
    breach_terms: str = limits.text(limits.LONG_TEXT, multiline=True, default="")
    other_terms: str = limits.text(limits.LONG_TEXT, multiline=True, default="")
    supervising_authority: str | None = limits.text(
        limits.LINE, default=None,
            description="上级主管部门（档案接收部门）；单位无人事权时必填：工作地或生源地人才服务中心（P4）")
    contact_name: str | None = limits.text(limits.CONTACT_NAME, default=None)
    contact_phone: str | None = limits.text(limits.CODE, default=None)


@strawberry.input(description="单位直接邀约时核验毕业生身份：须与一名本届毕业生完全一致（S2）")
class GraduateIdentityInput:
    school_id: strawberry.ID
    name: str = limits.text(limits.PERSON_NAME)
    student_number: str = limits.text(limits.STUDENT_NUMBER)
    id_number: str = limits.text(limits.ID_NUMBER)


@strawberry.input(description="扫码签约的用人单位信息（S3）；已注册账号的单位须登录后签约，未注册账号而已登记的单位沿用已登记的信息")
class QrCardEmployerInput:
    name: str = limits.text(limits.LINE)
    uscc: str = limits.text(limits.CODE)
    nature_code: str = limits.text(limits.CODE, description="单位性质代码")
    industry_code: str = limits.text(limits.CODE, description="单位行业代码")
    location_code: str = limits.text(limits.CODE, description="单位所在地，6 位区县代码")
    address: str = limits.text(limits.LINE)
    postcode: str = limits.text(limits.CODE)
    contact_name: str = limits.text(limits.LINE)
    contact_phone: str = limits.text(limits.CODE)
    has_hiring_autonomy: bool
    location_name: str = limits.text(limits.LINE, default="")
    contact_email: str = limits.text(limits.LINE, default="")
    supervising_authority: str = limits.text(limits.LINE, default="")
