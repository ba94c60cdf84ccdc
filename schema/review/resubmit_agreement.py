from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.review.resubmit import resubmit_agreement
from resolvers.viewer import Role
from schema import access, limits, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input(description="退回修改的协议项目：用人单位改岗位与约定条款，毕业生改本人的家庭地址、邮箱、QQ；"
                              "只填写退回的、属于本方的项目")
class ResubmitTermsInput:
    position_title: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    job_category: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    work_location_code: str | None = limits.text(limits.CODE, default=strawberry.UNSET)
    work_location_name: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    monthly_salary: int | None = limits.number(-limits.SALARY, limits.SALARY, default=strawberry.UNSET)
    probation_months: int | None = limits.number(-limits.SMALL, limits.SMALL, default=strawberry.UNSET)
    contract_years: int | None = limits.number(-limits.SMALL, limits.SMALL, default=strawberry.UNSET)
    report_date: dt.date | None = limits.days(limits.YEAR, 5 * limits.YEAR, default=strawberry.UNSET)
    breach_terms: str | None = limits.text(limits.LONG_TEXT, multiline=True, default=strawberry.UNSET)
    other_terms: str | None = limits.text(limits.LONG_TEXT, multiline=True, default=strawberry.UNSET)
    supervising_authority: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    contact_name: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    graduate_home_address: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    graduate_email: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    graduate_qq: str | None = limits.text(limits.CODE, default=strawberry.UNSET)


@strawberry.input
class ResubmitAgreementInput:
    agreement_id: strawberry.ID
    terms: ResubmitTermsInput


@strawberry.type
class ResubmitAgreementPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None


def _given(terms: ResubmitTermsInput) -> dict:
    """Only the fields the client sent, by their GraphQL names (the names Agreement.terms keeps)."""
    fields = ResubmitTermsInput.__strawberry_definition__.fields
    return {f.graphql_name or _camel(f.python_name): getattr(terms, f.python_name) for f in fields
            if getattr(terms, f.python_name) is not strawberry.UNSET}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


@strawberry.type
class Mutation:
    @access.mutation("按学校退回意见修改协议并重新提交审核（S10）", roles=(Role.GRADUATE, Role.EMPLOYER),
                     errors=[ErrorCode.FIELD_READ_ONLY, ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def resubmit_agreement(self, info: Info, input: ResubmitAgreementInput) -> ResubmitAgreementPayload:
        async def action():
            agreement = await resubmit_agreement(info.context, decode_id(input.agreement_id, AgreementNode,
                                                                         "agreementId"), _given(input.terms))
            return {"agreement": AgreementNode.from_row(agreement)}

        return await mutation.run(info, ResubmitAgreementPayload, action, input=input)
