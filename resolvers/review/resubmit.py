"""Resubmission after a return for revision (S10): each party corrects the returned fields it owns.

When a return names fields of both parties, each party corrects its own; the agreement goes back to review,
with a new round, once every returned field has been corrected.
"""

from __future__ import annotations

from typing import Any

from models import Agreement, Graduate
from resolvers import audit, authz, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.national import snapshots
from resolvers.national import sync as national_sync
from resolvers.review import term_fields
from resolvers.review.open import open_review
from resolvers.states import AGREEMENT
from resolvers.viewer import Role

PARTY_LABEL = {term_fields.GRADUATE: "毕业生", term_fields.EMPLOYER: "用人单位"}


async def resubmit_agreement(ctx: Context, agreement_id: int, terms: dict[str, Any]) -> Agreement:
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE, Role.EMPLOYER)
    agreement = await Agreement.select_for_update().get_or_none(id=agreement_id)
    if agreement is None or not (authz.owns_graduate_row(viewer, agreement)
                                 or authz.owns_employer_row(viewer, agreement)):
        raise DomainError(ErrorCode.NOT_FOUND, field="agreementId")
    AGREEMENT.next_state(agreement.state, "resubmit")
    party = term_fields.GRADUATE if viewer.role is Role.GRADUATE else term_fields.EMPLOYER
    values = _corrections(list(agreement.returned_fields or []), party, terms)

    before = {"terms": {k: term_fields.value_in(agreement.terms or {}, k) for k in values}}
    remaining = [n for n in agreement.returned_fields if n not in values]
    new_terms = term_fields.corrected(agreement.terms or {}, values)
    updated = await Agreement.filter(id=agreement.id, state="returned").update(terms=new_terms,
                                                                                returned_fields=remaining)
    if updated != 1:
        raise DomainError(ErrorCode.STALE_STATE)
    agreement.terms, agreement.returned_fields = new_terms, remaining
    await audit.record(ctx, AuditAction.AGREEMENT_CORRECTED, "agreement", agreement.id, school_id=agreement.school_id,
                       department_id=agreement.department_id, before=before, after={"terms": values})
    if values.keys() & snapshots.DESTINATION_TERMS:
        # The agreement still binds the graduate: the national destination record reports its corrected terms.
        await national_sync.queue(agreement.graduate_id, "destination")
    if not remaining:
        await workflow.apply(ctx, AGREEMENT, agreement, "resubmit")
        graduate = await Graduate.get(id=agreement.graduate_id)
        await open_review(ctx, "agreement", agreement.id, graduate, agreement.employer_id)
    return agreement


def _corrections(returned: list[str], party: str, terms: dict[str, Any]) -> dict[str, Any]:
    errors = ErrorCollector()
    mine = [n for n in returned if term_fields.owner(n) == party]
    if not mine:
        other = PARTY_LABEL[term_fields.EMPLOYER if party == term_fields.GRADUATE else term_fields.GRADUATE]
        raise DomainError(ErrorCode.FIELD_READ_ONLY, f"退回修改的项目须由{other}修改", "terms")
    values: dict[str, Any] = {}
    for name, value in terms.items():
        field = ["terms", name]
        if name not in returned:
            errors.add(ErrorCode.FIELD_READ_ONLY, field, "该项未被退回修改，不能更改")
        elif term_fields.owner(name) != party:
            errors.add(ErrorCode.FIELD_READ_ONLY, field, f"该项由{PARTY_LABEL[term_fields.owner(name)]}修改")
        else:
            values[name] = errors.check(term_fields.clean, name, value, field)
    for name in mine:
        if name not in terms:
            errors.add(ErrorCode.REQUIRED, ["terms", name], "请修改学校退回的这一项")
    errors.raise_if_any()
    return values
