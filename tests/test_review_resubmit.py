"""Resubmission after a return for revision (S10): each party corrects the returned fields it owns."""

from pathlib import Path

from models import AuditEntry, Review
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
DECIDE = (OPS / "console/DecideReview.graphql").read_text()
RESUBMIT_MINI = (OPS / "mini-program/ResubmitAgreement.graphql").read_text()
RESUBMIT_SPA = (OPS / "employer-spa/ResubmitAgreement.graphql").read_text()


async def returned_agreement(world, gql, fields, *, token="cs"):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    r = await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review.id), "decision": "RETURN",
                                     "reason": "请核对后重新提交", "fieldsToFix": fields}}, token=world.tokens[token])
    assert r["data"]["decideReview"]["errors"] == []
    return agreement


async def resubmit(gql, token, agreement, terms, op=RESUBMIT_SPA):
    r = await gql(op, {"input": {"agreementId": encode_id("Agreement", agreement.id), "terms": terms}}, token=token)
    assert "errors" not in r, r
    return r["data"]["resubmitAgreement"]


async def test_s10_employer_corrects_returned_terms_and_a_new_round_opens(world, gql):
    agreement = await returned_agreement(world, gql, ["monthlySalary", "reportDate"])
    payload = await resubmit(gql, world.tokens["employer"], agreement,
                             {"monthlySalary": 9000, "reportDate": "2026-08-01"})
    assert payload["errors"] == []
    assert payload["agreement"]["state"] == "AWAITING_REVIEW"
    assert payload["agreement"]["returnedFields"] == []
    articles = payload["agreement"]["terms"]["articles"]
    assert (articles["monthlySalary"], articles["reportDate"]) == (9000, "2026-08-01")
    assert articles["positionTitle"] == "软件工程师"
    rounds = await Review.filter(subject_type="agreement", subject_id=agreement.id).order_by("round")
    assert [(r.round, r.state) for r in rounds] == [(1, "returned"), (2, "pending_department")]
    audit = await AuditEntry.get(action="agreement.corrected", subject_id=agreement.id)
    assert audit.before == {"terms": {"monthlySalary": 8000, "reportDate": "2026-07-15"}}
    assert audit.after == {"terms": {"monthlySalary": 9000, "reportDate": "2026-08-01"}}
    assert audit.actor_kind == "employer"


async def test_s10_fields_not_returned_are_read_only(world, gql):
    agreement = await returned_agreement(world, gql, ["monthlySalary"])
    payload = await resubmit(gql, world.tokens["employer"], agreement,
                             {"monthlySalary": 9000, "positionTitle": "架构师"})
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("FIELD_READ_ONLY", ["terms", "positionTitle"])]
    assert payload["agreement"] is None
    assert await Review.filter(subject_type="agreement").count() == 1


async def test_s10_each_party_corrects_its_own_fields_before_review_resumes(world, gql):
    agreement = await returned_agreement(world, gql, ["probationMonths", "graduateHomeAddress"])
    employer_tries_graduate_field = await resubmit(gql, world.tokens["employer"], agreement,
                                                   {"probationMonths": 6, "graduateHomeAddress": "芜湖"})
    assert [(e["code"], e["field"]) for e in employer_tries_graduate_field["errors"]] == [
        ("FIELD_READ_ONLY", ["terms", "graduateHomeAddress"])]
    by_employer = await resubmit(gql, world.tokens["employer"], agreement, {"probationMonths": 6})
    assert by_employer["errors"] == []
    assert by_employer["agreement"]["state"] == "RETURNED"
    assert by_employer["agreement"]["returnedFields"] == ["graduateHomeAddress"]
    by_graduate = await resubmit(gql, world.tokens["alice"], agreement,
                                 {"graduateHomeAddress": "安徽省芜湖市镜湖区北京中路 8 号"}, op=RESUBMIT_MINI)
    assert by_graduate["errors"] == []
    assert by_graduate["agreement"]["state"] == "AWAITING_REVIEW"
    terms = by_graduate["agreement"]["terms"]
    assert terms["articles"]["probationMonths"] == 6
    assert terms["partyA"]["homeAddress"] == "安徽省芜湖市镜湖区北京中路 8 号"


async def test_s10_resubmission_checks_values_and_asks_for_every_returned_field(world, gql):
    agreement = await returned_agreement(world, gql, ["monthlySalary", "probationMonths"])
    payload = await resubmit(gql, world.tokens["employer"], agreement, {"probationMonths": 12})
    assert sorted((e["code"], tuple(e["field"])) for e in payload["errors"]) == [
        ("INVALID_INPUT", ("terms", "probationMonths")), ("REQUIRED", ("terms", "monthlySalary"))]
    graduate_has_nothing_to_fix = await resubmit(gql, world.tokens["alice"], agreement, {"monthlySalary": 1},
                                                 op=RESUBMIT_MINI)
    assert [e["code"] for e in graduate_has_nothing_to_fix["errors"]] == ["FIELD_READ_ONLY"]


async def test_s10_only_returned_agreements_of_ones_own_can_be_resubmitted(world, gql):
    agreement, _ = await factories.signed_agreement(world.alice, world.employer)
    not_returned = await resubmit(gql, world.tokens["employer"], agreement, {"monthlySalary": 9000})
    assert [e["code"] for e in not_returned["errors"]] == ["INVALID_STATE"]
    stranger = await factories.employer(name="合肥星河软件有限公司", login_name="xinghe")
    foreign = await resubmit(gql, factories.token(Role.EMPLOYER, stranger), agreement, {"monthlySalary": 1})
    assert [e["code"] for e in foreign["errors"]] == ["NOT_FOUND"]
    other_graduate = await resubmit(gql, world.tokens["bob"], agreement, {"graduateQq": "1"}, op=RESUBMIT_MINI)
    assert [e["code"] for e in other_graduate["errors"]] == ["NOT_FOUND"]
