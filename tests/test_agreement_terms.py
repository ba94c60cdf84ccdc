"""The agreement's terms: where corrections land (issue 7.1), what readers get of them (B5, issue 7.2), and
factories that make the same agreements production makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models import Agreement
from schema.relay import encode_id
from server import crypto
from tests import factories

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
SEND = (OPS / "employer-spa/SendDirectSigningInvitation.graphql").read_text()
ACCEPT = (OPS / "mini-program/AcceptSigningInvitation.graphql").read_text()
DECIDE = (OPS / "console/DecideReview.graphql").read_text()
RESUBMIT = (OPS / "employer-spa/ResubmitAgreement.graphql").read_text()
EMPLOYER_AGREEMENTS = (OPS / "employer-spa/EmployerAgreements.graphql").read_text()
MY_AGREEMENTS = (OPS / "mini-program/MyAgreements.graphql").read_text()
STAFF_AGREEMENTS = "{ agreements { edges { node { number terms } } } }"


def _shape(value: Any) -> Any:
    """The keys at every level, leaves reduced to their type."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    return type(value).__name__ if value is not None else None


def _ciphertext_keys(value: Any, path: str = "") -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items()
                for p in ([f"{path}.{k}"] if k.endswith("Enc") else []) + _ciphertext_keys(v, f"{path}.{k}")]
    return []


async def _accepted_over_graphql(gql, world, graduate) -> Agreement:
    """S2 then S7 through the clients' own operations, with the factory's terms."""
    position = await factories.position(world.employer, category=factories.TERMS["job_category"])
    t = factories.TERMS
    terms = {"positionTitle": t["position_title"], "workLocationCode": t["work_location_code"],
             "workLocationName": t["work_location_name"], "monthlySalary": t["monthly_salary"],
             "probationMonths": t["probation_months"], "contractYears": t["contract_years"],
             "reportDate": t["report_date"].isoformat(), "breachTerms": t["breach_terms"]}
    sent = await gql(SEND, {"input": {"positionId": encode_id("Position", position.id), "terms": terms, "graduate": {
        "schoolId": encode_id("School", graduate.school_id), "name": graduate.name,
        "studentNumber": graduate.student_number, "idNumber": crypto.decrypt(graduate.id_number_enc)}}},
        token=world.tokens["employer"])
    invitation_id = sent["data"]["sendDirectSigningInvitation"]["invitation"]["id"]
    for confirm in (False, True):
        r = await gql(ACCEPT, {"input": {"id": invitation_id, "confirm": confirm}}, token=world.tokens["bob"])
        assert r["data"]["acceptSigningInvitation"]["errors"] == []
    return await Agreement.get(graduate_id=graduate.id)


async def test_i7_1_factory_agreement_has_the_terms_acceptance_makes(world, gql):
    by_factory, _ = await factories.signed_agreement(world.alice, world.employer)
    await factories.ready_to_sign(world.bob)
    by_acceptance = await _accepted_over_graphql(gql, world, world.bob)
    assert _shape(by_factory.terms) == _shape(by_acceptance.terms)
    assert by_factory.terms["articles"] == by_acceptance.terms["articles"]
    assert by_factory.terms["partyB"] == by_acceptance.terms["partyB"]
    assert by_factory.terms["partyA"]["name"] == world.alice.name


async def test_i7_1_a_corrected_salary_lands_in_the_agreements_articles(world, gql):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    returned = await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review.id), "decision": "RETURN",
                                            "reason": "月薪与录用通知不一致", "fieldsToFix": ["monthlySalary"]}},
                         token=world.tokens["cs"])
    assert returned["data"]["decideReview"]["errors"] == []
    before = (await Agreement.get(id=agreement.id)).terms
    r = await gql(RESUBMIT, {"input": {"agreementId": encode_id("Agreement", agreement.id),
                                       "terms": {"monthlySalary": 9500}}}, token=world.tokens["employer"])
    payload = r["data"]["resubmitAgreement"]
    assert payload["errors"] == []
    assert payload["agreement"]["terms"]["articles"]["monthlySalary"] == 9500
    stored = (await Agreement.get(id=agreement.id)).terms
    assert stored["articles"]["monthlySalary"] == 9500
    assert set(stored) == set(before)  # no stray top-level key beside the agreement
    assert {**stored, "articles": before["articles"]} == before  # nothing else changed
    assert {k: v for k, v in stored["articles"].items() if k != "monthlySalary"} == {
        k: v for k, v in before["articles"].items() if k != "monthlySalary"}


async def test_i7_1_a_corrected_supervising_authority_changes_the_article_and_party_b(world, gql):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "return", reason="档案接收部门有误", fields_to_fix=["supervisingAuthority"])
    r = await gql(RESUBMIT, {"input": {"agreementId": encode_id("Agreement", agreement.id),
                                       "terms": {"supervisingAuthority": "合肥市人才服务中心"}}},
                  token=world.tokens["employer"])
    assert r["data"]["resubmitAgreement"]["errors"] == []
    stored = (await Agreement.get(id=agreement.id)).terms
    authority = "合肥市人才服务中心"
    assert stored["articles"]["supervisingAuthority"] == stored["partyB"]["supervisingAuthority"] == authority
    assert "supervisingAuthority" not in stored


async def test_b5_agreement_terms_carry_no_ciphertext_and_mask_the_graduates_phone(world, gql):
    await factories.signed_agreement(world.alice, world.employer)
    employer = (await gql(EMPLOYER_AGREEMENTS, token=world.tokens["employer"]))["data"]["employerAgreements"]
    graduate = (await gql(MY_AGREEMENTS, token=world.tokens["alice"]))["data"]["myAgreements"]
    reviewer = (await gql(STAFF_AGREEMENTS, token=world.tokens["cs"]))["data"]["agreements"]
    province = (await gql(STAFF_AGREEMENTS, token=world.tokens["province"]))["data"]["agreements"]
    seen = {who: page["edges"][0]["node"]["terms"] for who, page in
            (("employer", employer), ("graduate", graduate), ("reviewer", reviewer), ("province", province))}
    for who, terms in seen.items():
        assert _ciphertext_keys(terms) == [], who
    phones = {who: terms["partyA"]["phone"] for who, terms in seen.items()}
    assert phones == {"employer": "139****0001", "graduate": "13905510001", "reviewer": "13905510001",
                      "province": "139****0001"}
    contact = {who: terms["partyB"]["contactPhone"] for who, terms in seen.items()}
    assert contact == {"employer": "13805510000", "graduate": "13805510000", "reviewer": "13805510000",
                       "province": "138****0000"}
    stored = (await Agreement.get(graduate_id=world.alice.id)).terms
    assert "phone" not in stored["partyA"] and crypto.decrypt(stored["partyA"]["phoneEnc"]) == "13905510001"
