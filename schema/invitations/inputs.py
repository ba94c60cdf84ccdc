"""Inputs shared by the three ways of sending a signing invitation."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.input(description="协议条款；留空的岗位名称、类别、工作地点取自职位，联系人取自单位信息")
class SigningTermsInput:
    position_title: str | None = None
    job_category: str | None = None
    work_location_code: str | None = strawberry.field(default=None, description="工作地点，6 位区县代码")
    work_location_name: str | None = None
    monthly_salary: int | None = strawberry.field(default=None, description="月薪（元）")
    probation_months: int | None = strawberry.field(default=None, description="试用期（月，0-6）")
    contract_years: int | None = strawberry.field(default=None, description="劳动合同期限（年）")
    report_date: dt.date | None = None
    breach_terms: str = ""
    other_terms: str = ""
    supervising_authority: str | None = strawberry.field(
        default=None, description="上级主管部门（档案接收部门）；单位无人事权时必填：工作地或生源地人才服务中心（P4）")
    contact_name: str | None = None
    contact_phone: str | None = None


@strawberry.input(description="单位直接邀约时核验毕业生身份：须与一名本届毕业生完全一致（S2）")
class GraduateIdentityInput:
    school_id: strawberry.ID
    name: str
    student_number: str
    id_number: str


@strawberry.input(description="扫码签约的用人单位信息（S3）；已登记的统一社会信用代码沿用已登记的单位信息")
class QrCardEmployerInput:
    name: str
    uscc: str
    nature_code: str = strawberry.field(description="单位性质代码")
    industry_code: str = strawberry.field(description="单位行业代码")
    location_code: str = strawberry.field(description="单位所在地，6 位区县代码")
    address: str
    postcode: str
    contact_name: str
    contact_phone: str
    has_hiring_autonomy: bool
    location_name: str = ""
    contact_email: str = ""
    supervising_authority: str = ""
