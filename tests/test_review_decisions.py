"""Review decisions (S10, R2, R3): levels, scope, reasons, and what each outcome does to the agreement."""

from pathlib import Path

from models import Agreement, AuditEntry, Graduate, OutboxEvent, ReviewDecision
from schema.relay import encode_id
from tests import factories

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
DECIDE = (OPS / "console/DecideReview.graphql").read_text()


async def decide(gql, token, review, decision="APPROVE", **extra):
    variables = {"input": {"reviewId": encode_id("Review", review.id), "decision": decision, **extra}}
    r = await gql(DECIDE, variables, token=token)
    assert "errors" not in r, r
    return r["data"]["decideReview"]


def codes(payload):
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_s10_two_level_approval_makes_the_agreement_printable(world, gql):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    first = await decide(gql, world.tokens["cs"], review)
    assert first["errors"] == []
    assert first["review"]["state"] == "PENDING_SCHOOL"
    assert first["review"]["agreement"]["state"] == "AWAITING_REVIEW"
    final = await decide(gql, world.tokens["admin"], review)
    assert final["errors"] == []
    assert final["review"]["state"] == "APPROVED" and final["review"]["decidedAt"]
    assert final["review"]["agreement"]["state"] == "APPROVED"
    assert final["review"]["agreement"]["printable"] is True
    assert final["review"]["agreement"]["approvedAt"]
    assert [(d["level"], d["decision"], d["reviewerName"]) for d in final["review"]["decisions"]] == [
        ("DEPARTMENT", "APPROVE", "cs1"), ("SCHOOL", "APPROVE", "admin1")]
    result = await OutboxEvent.get(kind="review.decided", subject_id=agreement.id)
    assert (result.graduate_id, result.employer_id) == (world.alice.id, world.employer.id)


async def test_r2_one_level_school_admin_decides_alone(world, gql):
    world.school.review_levels = 1
    await world.school.save()
    _, review = await factories.signed_agreement(world.alice, world.employer)
    refused = await decide(gql, world.tokens["cs"], review)
    assert codes(refused) == [("PERMISSION_DENIED", ["reviewId"])]
    approved = await decide(gql, world.tokens["admin"], review)
    assert approved["errors"] == [] and approved["review"]["agreement"]["state"] == "APPROVED"


async def test_r2_wrong_level_school_admin_cannot_skip_first_review(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    payload = await decide(gql, world.tokens["admin"], review)
    assert codes(payload) == [("PERMISSION_DENIED", ["reviewId"])]
    assert payload["review"] is None
    assert await ReviewDecision.all().count() == 0


async def test_r2_reviewer_of_another_department_is_refused(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    assert codes(await decide(gql, world.tokens["law"], review)) == [("PERMISSION_DENIED", ["reviewId"])]


async def test_r2_other_school_gets_not_found(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    assert codes(await decide(gql, world.tokens["other_admin"], review)) == [("NOT_FOUND", ["reviewId"])]


async def test_r2_graduates_and_employers_cannot_decide(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    for who in ("alice", "employer", "province"):
        assert codes(await decide(gql, world.tokens[who], review))[0][0] == "PERMISSION_DENIED"


async def test_r2_a_decided_step_cannot_be_decided_again(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    await decide(gql, world.tokens["cs"], review)
    again = await decide(gql, world.tokens["cs"], review, "REJECT", reason="重复")
    assert codes(again) == [("STALE_STATE", ["reviewId"])]


async def test_r3_reject_and_return_need_a_reason(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    rejected = await decide(gql, world.tokens["cs"], review, "REJECT", reason="  ")
    assert codes(rejected) == [("REASON_REQUIRED", ["reason"])]
    returned = await decide(gql, world.tokens["cs"], review, "RETURN", fieldsToFix=["monthlySalary"])
    assert codes(returned) == [("REASON_REQUIRED", ["reason"])]
    assert await ReviewDecision.all().count() == 0


async def test_r3_return_needs_fields_from_the_agreement_terms(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    missing = await decide(gql, world.tokens["cs"], review, "RETURN", reason="薪资填写有误")
    assert codes(missing) == [("FIELDS_REQUIRED", ["fieldsToFix"])]
    unknown = await decide(gql, world.tokens["cs"], review, "RETURN", reason="薪资填写有误",
                           fieldsToFix=["monthlySalary", "idNumber"])
    assert codes(unknown) == [("INVALID_INPUT", ["fieldsToFix"])]
    assert "idNumber" in unknown["errors"][0]["message"]


async def test_s10_return_records_who_why_and_which_fields(world, gql):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    payload = await decide(gql, world.tokens["cs"], review, "RETURN", reason="月薪与岗位不符",
                           fieldsToFix=["monthlySalary", "reportDate"])
    assert payload["errors"] == []
    assert payload["review"]["state"] == "RETURNED"
    assert payload["review"]["agreement"]["state"] == "RETURNED"
    assert payload["review"]["agreement"]["returnedFields"] == ["monthlySalary", "reportDate"]
    [decision] = payload["review"]["decisions"]
    assert decision == {"level": "DEPARTMENT", "decision": "RETURN", "reason": "月薪与岗位不符",
                        "fieldsToFix": ["monthlySalary", "reportDate"], "reviewerName": "cs1",
                        "decidedAt": decision["decidedAt"]}
    event = await OutboxEvent.get(kind="review.decided", subject_id=agreement.id)
    assert event.payload["fieldsToFix"] == ["monthlySalary", "reportDate"]
    assert await AuditEntry.filter(action="agreement.returned", subject_id=agreement.id).exists()


async def test_s10_reject_frees_the_graduate(world, gql):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    payload = await decide(gql, world.tokens["cs"], review, "REJECT", reason="单位资质不符")
    assert payload["errors"] == []
    assert payload["review"]["agreement"]["state"] == "REJECTED"
    alice = await Graduate.get(id=world.alice.id)
    assert (alice.destination_type, alice.destination_locked) == ("70", False)
    assert (await Agreement.get(id=agreement.id)).active_graduate_id is None
    release = await AuditEntry.get(action="graduate.released", subject_id=alice.id)
    assert release.before["destination_locked"] is True and release.after["destination_type"] == "70"
    # Free again: another agreement may bind the graduate (the one-active-agreement constraint allows it).
    second, _ = await factories.signed_agreement(alice, world.employer)
    assert second.active_graduate_id == alice.id


async def test_s10_graduate_sees_the_outcome_of_their_review(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    await decide(gql, world.tokens["cs"], review, "RETURN", reason="报到日期有误", fieldsToFix=["reportDate"])
    mine = (OPS / "mini-program/MyAgreements.graphql").read_text()
    r = await gql(mine, token=world.tokens["alice"])
    [edge] = r["data"]["myAgreements"]["edges"]
    assert edge["node"]["stateLabel"] == "退回修改"
    assert edge["node"]["reviews"][0]["decisions"][0]["reason"] == "报到日期有误"


async def test_s10_rejection_notice_says_the_parties_agreement_and_breach_terms_stand(world, gql):
    """Seed 003 §4 注意事项: the school judges only the data; its rejection neither dissolves what graduate and
    employer agreed nor waives the breach terms. The notice to both parties and the agreement they read say so."""
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    assert (await decide(gql, world.tokens["cs"], review, "REJECT", reason="单位行业填写错误"))["errors"] == []
    event = await OutboxEvent.get(kind="review.decided", subject_id=agreement.id)
    assert (event.graduate_id, event.employer_id) == (world.alice.id, world.employer.id)
    assert event.payload["message"] == (
        f"就业协议书 {agreement.number} 学校审核不通过，原因：单位行业填写错误。学校审核不通过仅表示协议信息有误"
        "（如单位名称、行业、联系方式等），不解除毕业生与用人单位之间的约定，也不免除协议约定的违约责任。")
    assert "不解除" in event.payload["notice"] and "违约责任" in event.payload["notice"]
    query = "{ %s { edges { node { state rejectionNotice } } } }"
    for token, field in ((world.tokens["alice"], "myAgreements"), (world.tokens["employer"], "employerAgreements")):
        [edge] = (await gql(query % field, token=token))["data"][field]["edges"]
        assert edge["node"] == {"state": "REJECTED", "rejectionNotice": event.payload["notice"]}


async def test_s10_only_a_rejection_carries_the_notice(world, gql):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "return", reason="报到日期有误", fields_to_fix=["reportDate"])
    assert (await OutboxEvent.get(kind="review.decided", subject_id=agreement.id)).payload["notice"] is None
    r = await gql("{ myAgreements { edges { node { rejectionNotice } } } }", token=world.tokens["alice"])
    assert r["data"]["myAgreements"]["edges"][0]["node"]["rejectionNotice"] is None
