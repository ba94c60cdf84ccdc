"""Issue 11 points 2 and 3: offline signing (F1) and paper agreements (F2), through GraphQL — the content review,
the draft printed for stamping, the stamped agreement handed in by the graduate or by the employer through a
one-time link sent by SMS, the signing review, withdrawal and edit before each review, and the one active
agreement per graduate shared with online signing (S5)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from strawberry import relay

from models import Agreement, AgreementUploadLink, AuditEntry, Graduate, Notification, OutboxEvent, Review
from notifications import channels, dispatcher
from pdf import agreements as agreement_pdfs
from resolvers import files
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests import files as sample_files
from tests.delivery_support import work
from tests.fakes.sms_servers import fake_sms, template_code

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
APPLY = (OPS / "mini-program/ApplyOfflineSigning.graphql").read_text()
PAPER = (OPS / "mini-program/RegisterPaperAgreement.graphql").read_text()
WITHDRAW = (OPS / "mini-program/WithdrawOfflineAgreement.graphql").read_text()
RESUBMIT = (OPS / "mini-program/ResubmitOfflineAgreement.graphql").read_text()
UPLOAD = (OPS / "mini-program/UploadStampedAgreement.graphql").read_text()
SEND_LINK = (OPS / "mini-program/SendStampedAgreementLink.graphql").read_text()
MINE = (OPS / "mini-program/MyOfflineAgreements.graphql").read_text()
PRINT = (OPS / "mini-program/PrintAgreement.graphql").read_text()
ACCEPT = (OPS / "mini-program/AcceptSigningInvitation.graphql").read_text()
DECIDE = (OPS / "console/DecideReview.graphql").read_text()
QUEUE = (OPS / "console/ReviewQueue.graphql").read_text()
PRINT_LIST = (OPS / "console/PrintList.graphql").read_text()
AGREEMENTS = (OPS / "console/Agreements.graphql").read_text()

CONTACT_PHONE = "13855530001"
EMPLOYER = {"name": "芜湖小微科技有限公司", "uscc": factories.uscc("91340200MA2N0XXX1"), "natureCode": "39",
            "industryCode": "34", "locationCode": "340202", "locationName": "安徽省芜湖市镜湖区",
            "address": "芜湖市镜湖区北京中路 8 号", "postcode": "241000", "contactName": "王经理",
            "contactPhone": CONTACT_PHONE, "hasHiringAutonomy": True}
TERMS = {"positionTitle": "嵌入式工程师", "jobCategory": "软件开发", "workLocationCode": "340202",
         "workLocationName": "安徽省芜湖市镜湖区", "monthlySalary": 7000, "probationMonths": 3, "contractYears": 3,
         "reportDate": "2026-07-15", "breachTerms": "违约金 3000 元"}
CONTENT = {"employer": EMPLOYER, "terms": TERMS}


async def ok(gql, query: str, variables: dict, token: str, name: str) -> dict:
    r = await gql(query, variables, token=token)
    assert "errors" not in r, r
    payload = r["data"][name]
    assert payload["errors"] == [], payload
    return payload


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def multipart(client, query: str, variables: dict, file_path: str, data: bytes, token: str,
                    filename: str = "盖章协议书.png") -> dict:
    """A GraphQL multipart request (the way the mini-program uploads): the file at `file_path` of the variables."""
    r = await client.post(
        "/graphql",
        data={"operations": json.dumps({"query": query, "variables": variables}),
              "map": json.dumps({"0": [file_path]})},
        files={"0": (filename, data, "image/png")}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return body


async def apply(world, gql, token: str = "alice") -> dict:
    await factories.ready_to_sign(world.alice)
    return (await ok(gql, APPLY, {"input": {"agreement": CONTENT}}, world.tokens[token],
                     "applyOfflineSigning"))["agreement"]


async def decide(world, gql, agreement_id, decision: str, *, reason: str = "", fields=None,
                 levels=("cs", "admin")) -> dict:
    """The department's first review and, unless it closes the round, the school's final one (R2)."""
    subject = int(relay.GlobalID.from_id(agreement_id).node_id)
    review = await Review.filter(subject_type="agreement", subject_id=subject).order_by("-round").first()
    result = None
    for who in levels:
        body = {"reviewId": encode_id("Review", review.id), "decision": decision.upper(), "reason": reason or None,
                "fieldsToFix": fields}
        if who == "cs" and decision != "approve":
            result = await ok(gql, DECIDE, {"input": body}, world.tokens[who], "decideReview")
            break
        step = {**body, "decision": "APPROVE", "reason": None, "fieldsToFix": None} if who == "cs" else body
        result = await ok(gql, DECIDE, {"input": step}, world.tokens[who], "decideReview")
    return result["review"]


async def mine(world, gql, token: str = "alice") -> list[dict]:
    r = await gql(MINE, {"method": None}, token=world.tokens.get(token, token))
    assert "errors" not in r, r
    return [e["node"] for e in r["data"]["myAgreements"]["edges"]]


async def test_f1_offline_signing_end_to_end_with_the_employers_one_time_sms_link(world, gql, client, clock):
    agreement = await apply(world, gql)
    assert (agreement["method"], agreement["state"], agreement["stateLabel"]) == (
        "OFFLINE", "CONTENT_REVIEW", "协议信息待审核")
    assert re.fullmatch(r"202610363\d{6}", agreement["number"]) and not agreement["printable"]

    # R1: the department's queue shows the employer as the terms name it; it is not on the platform.
    queue = await gql(QUEUE, {"filter": None}, token=world.tokens["cs"])
    [row] = [e["node"] for e in queue["data"]["reviewQueue"]["edges"]]
    assert row["employer"] is None and row["materialsUploaded"] is False
    assert row["agreement"]["method"] == "OFFLINE"
    assert row["agreement"]["partyB"]["name"] == "芜湖小微科技有限公司"
    assert row["agreement"]["partyB"]["uscc"] == EMPLOYER["uscc"]
    assert row["agreement"]["partyB"]["industry"]["code"] == "34"

    review = await decide(world, gql, agreement["id"], "approve")
    assert review["agreement"]["state"] == "AWAITING_STAMP" and review["agreement"]["printable"]

    # The draft for stamping is the agreement PDF of the existing renderer, printed by the graduate.
    assert await agreement_pdfs.render_pending() == 1
    printed = (await gql(PRINT, {"input": {"agreementId": agreement["id"]}}, token=world.tokens["alice"])
               )["data"]["printAgreement"]
    assert printed["errors"] == [] and printed["url"]
    row = await Agreement.get(number=agreement["number"])
    assert (await files.read(await agreement_pdfs.stored_document(row))).startswith(b"%PDF-")

    with fake_sms("aliyun") as sms:
        channels.reset()
        sent = await ok(gql, SEND_LINK, {"input": {"agreementId": agreement["id"]}}, world.tokens["alice"],
                        "sendStampedAgreementLink")
        await work()
        [text] = [m for m in sms.sent if m["template"] == template_code("aliyun", "agreement.upload_link")]
    assert text["phone"] == CONTACT_PHONE
    url = text["params"]["url3"]
    path = urlsplit(url).path
    assert path.startswith("/agreement-upload/") and len(path.rsplit("/", 1)[1]) >= 43
    assert dt.datetime.fromisoformat(sent["linkExpiresAt"]) > clock.now()
    # The token is stored only as its hash; the outbox holds it encrypted, the inbox not at all.
    token = path.rsplit("/", 1)[1]
    link = await AgreementUploadLink.get(agreement_id=row.id)
    [event] = await OutboxEvent.filter(kind="agreement.upload_link")
    assert token not in link.token_hash and token not in json.dumps(event.payload)
    assert not await Notification.filter(event_id=event.id).exists()

    page = await client.get(path)
    assert page.status_code == 200 and "芜湖小微科技有限公司" in page.text and 'type="file"' in page.text
    # A file that is not an image is refused and leaves the link usable.
    refused = await client.post(path, files={"file": ("x.png", b"<svg onload=alert(1)>", "image/png")})
    assert refused.status_code == 400 and "JPG" in refused.text
    done = await client.post(path, files={"file": ("盖章协议书.png", sample_files.png(), "image/png")})
    assert done.status_code == 200 and "已提交" in done.text
    again = await client.post(path, files={"file": ("盖章协议书.png", sample_files.png(), "image/png")})
    assert again.status_code == 410 and "链接已使用" in again.text
    assert (await client.get(path)).status_code == 410

    [mine_now] = await mine(world, gql)
    assert mine_now["state"] == "SIGNING_REVIEW" and mine_now["stampedFile"]["contentType"] == "image/png"
    entry = await AuditEntry.get(action="agreement.stamped_uploaded", subject_id=row.id)
    assert entry.actor_name == "用人单位联系人（短信链接）"
    queue = await gql(QUEUE, {"filter": None}, token=world.tokens["cs"])
    [row2] = [e["node"] for e in queue["data"]["reviewQueue"]["edges"]]
    assert row2["materialsUploaded"] is True and row2["round"] == 2

    review = await decide(world, gql, agreement["id"], "approve")
    assert review["agreement"]["state"] == "APPROVED" and review["agreement"]["printable"]
    # S9: the destination is agreement employment, locked.
    graduate = await Graduate.get(id=world.alice.id)
    assert (graduate.destination_type, graduate.destination_locked) == ("10", True)
    # P1: approved, it enters print management with the employer from its terms.
    listed = await gql(PRINT_LIST, {"filter": None}, token=world.tokens["admin"])
    [entry_row] = [e["node"] for e in listed["data"]["printList"]["edges"]]
    assert (entry_row["employerName"], entry_row["uscc"]) == ("芜湖小微科技有限公司", EMPLOYER["uscc"])


async def test_f1_an_expired_upload_link_is_refused_and_a_new_link_ends_the_old_one(world, gql, client, clock):
    agreement = await apply(world, gql)
    await decide(world, gql, agreement["id"], "approve")
    with fake_sms("tencent") as sms:
        channels.reset()
        await ok(gql, SEND_LINK, {"input": {"agreementId": agreement["id"]}}, world.tokens["alice"],
                 "sendStampedAgreementLink")
        await work()
        [text] = [m for m in sms.sent if m["template"] == template_code("tencent", "agreement.upload_link")]
    assert text["phone"] == CONTACT_PHONE
    path = urlsplit(next(p for p in text["params"] if str(p).startswith("http"))).path
    assert (await client.get(path)).status_code == 200
    clock.advance(dt.timedelta(days=8))
    expired = await client.post(path, files={"file": ("a.png", sample_files.png(), "image/png")})
    assert expired.status_code == 410 and "链接已过期" in expired.text
    alice = factories.token(Role.GRADUATE, world.alice)  # signed in again, eight days later
    [row] = await mine(world, gql, token=alice)
    assert row["state"] == "AWAITING_STAMP"
    # A link sent again ends any earlier one still open, and an unknown token names nothing.
    await ok(gql, SEND_LINK, {"input": {"agreementId": agreement["id"]}}, alice, "sendStampedAgreementLink")
    at_once = (await gql(SEND_LINK, {"input": {"agreementId": agreement["id"]}}, token=alice)
               )["data"]["sendStampedAgreementLink"]
    assert codes(at_once) == ["RATE_LIMITED"]  # one SMS a minute to someone without an account
    clock.advance(dt.timedelta(minutes=1))
    await ok(gql, SEND_LINK, {"input": {"agreementId": agreement["id"]}}, alice, "sendStampedAgreementLink")
    links = await AgreementUploadLink.filter(agreement_id=int(relay.GlobalID.from_id(agreement["id"]).node_id)
                                             ).order_by("id")
    assert [link.expires_at > clock.now() for link in links] == [False, False, True]
    assert (await client.get("/agreement-upload/not-a-token")).status_code == 404


async def test_f1_content_review_return_names_the_fields_and_the_graduate_resubmits(world, gql):
    agreement = await apply(world, gql)
    review = await decide(world, gql, agreement["id"], "return", reason="单位名称与营业执照不符",
                          fields=["employerName"], levels=("cs",))
    assert review["agreement"]["stateLabel"] == "协议审核待提交（老师退回）"
    assert review["agreement"]["returnedFields"] == ["employerName"]
    # A return without new content is refused; the content fields are the input's.
    bare = (await gql(RESUBMIT, {"input": {"agreementId": agreement["id"]}}, token=world.tokens["alice"])
            )["data"]["resubmitOfflineAgreement"]
    assert codes(bare) == ["REQUIRED"]
    fixed = {"employer": {**EMPLOYER, "name": "芜湖小微科技股份有限公司"}, "terms": TERMS}
    resubmitted = await ok(gql, RESUBMIT, {"input": {"agreementId": agreement["id"], "agreement": fixed}},
                           world.tokens["alice"], "resubmitOfflineAgreement")
    assert resubmitted["agreement"]["state"] == "CONTENT_REVIEW"
    assert resubmitted["agreement"]["partyB"]["name"] == "芜湖小微科技股份有限公司"
    assert resubmitted["agreement"]["returnedFields"] == []
    # An online agreement's field names do not fit: a reviewer cannot return an offline one for the stamp yet.
    review = await Review.filter(subject_type="agreement", state="pending_department").first()
    wrong = (await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review.id), "decision": "RETURN",
                                          "reason": "请回传", "fieldsToFix": ["stampedAgreement"]}},
                       token=world.tokens["cs"]))["data"]["decideReview"]
    assert codes(wrong) == ["INVALID_INPUT"]


async def test_f1_content_rejection_voids_the_application_and_frees_the_graduate(world, gql):
    agreement = await apply(world, gql)
    review = await decide(world, gql, agreement["id"], "reject", reason="单位信息不实", levels=("cs",))
    assert review["agreement"]["stateLabel"] == "就业协议审核不通过"
    [row] = await mine(world, gql)
    assert row["state"] == "CONTENT_REJECTED" and not row["printable"]
    # Free again: a new application is accepted (seed 004 §4.2: fill it in again).
    again = await ok(gql, APPLY, {"input": {"agreement": CONTENT}}, world.tokens["alice"], "applyOfflineSigning")
    assert again["agreement"]["state"] == "CONTENT_REVIEW"


async def test_f1_the_graduate_uploads_the_stamped_agreement_and_a_rejected_signing_frees_them(world, gql, client):
    agreement = await apply(world, gql)
    await decide(world, gql, agreement["id"], "approve")
    body = await multipart(client, UPLOAD, {"input": {"agreementId": agreement["id"], "stampedAgreement": None}},
                           "variables.input.stampedAgreement", sample_files.png(), world.tokens["alice"])
    uploaded = body["data"]["uploadStampedAgreement"]
    assert uploaded["errors"] == [] and uploaded["agreement"]["state"] == "SIGNING_REVIEW"
    # Returned for the stamp: handed in again with a new image only.
    review = await decide(world, gql, agreement["id"], "return", reason="公章不清晰", fields=["stampedAgreement"],
                          levels=("cs",))
    assert review["agreement"]["state"] == "SIGNING_RETURNED"
    no_file = (await gql(RESUBMIT, {"input": {"agreementId": agreement["id"]}}, token=world.tokens["alice"])
               )["data"]["resubmitOfflineAgreement"]
    assert codes(no_file) == ["REQUIRED"]
    content = (await gql(RESUBMIT, {"input": {"agreementId": agreement["id"], "agreement": CONTENT}},
                         token=world.tokens["alice"]))["data"]["resubmitOfflineAgreement"]
    assert codes(content) == ["FIELD_READ_ONLY"]  # the content was approved and printed
    body = await multipart(client, RESUBMIT, {"input": {"agreementId": agreement["id"], "stampedAgreement": None}},
                           "variables.input.stampedAgreement", sample_files.png(60, 40), world.tokens["alice"])
    assert body["data"]["resubmitOfflineAgreement"]["agreement"]["state"] == "SIGNING_REVIEW"
    review = await decide(world, gql, agreement["id"], "reject", reason="协议与实际不符")
    assert review["agreement"]["state"] == "REJECTED"
    [row] = await mine(world, gql)
    assert "不免除协议约定的违约责任" in row["rejectionNotice"]
    graduate = await Graduate.get(id=world.alice.id)
    assert (graduate.destination_type, graduate.destination_locked) == ("70", False)
    assert await Agreement.filter(active_graduate_id=world.alice.id).count() == 0


async def test_f1_withdraw_and_edit_before_review_but_not_once_a_reviewer_decided(world, gql):
    agreement = await apply(world, gql)
    withdrawn = await ok(gql, WITHDRAW, {"input": {"agreementId": agreement["id"]}}, world.tokens["alice"],
                         "withdrawOfflineAgreement")
    assert withdrawn["agreement"]["state"] == "CONTENT_WITHDRAWN"
    queue = await gql(QUEUE, {"filter": None}, token=world.tokens["cs"])
    assert queue["data"]["reviewQueue"]["edges"] == []  # nothing waits for the department any more
    edited = {"employer": EMPLOYER, "terms": {**TERMS, "monthlySalary": 7500}}
    resubmitted = await ok(gql, RESUBMIT, {"input": {"agreementId": agreement["id"], "agreement": edited}},
                           world.tokens["alice"], "resubmitOfflineAgreement")
    assert resubmitted["agreement"]["terms"]["articles"]["monthlySalary"] == 7500
    # The department passes it on: the round is under review, too late to withdraw.
    review = await Review.filter(subject_type="agreement", state="pending_department").first()
    await ok(gql, DECIDE, {"input": {"reviewId": encode_id("Review", review.id), "decision": "APPROVE"}},
             world.tokens["cs"], "decideReview")
    late = (await gql(WITHDRAW, {"input": {"agreementId": agreement["id"]}}, token=world.tokens["alice"])
            )["data"]["withdrawOfflineAgreement"]
    assert codes(late) == ["INVALID_STATE"]
    # Nobody else withdraws it.
    other = (await gql(WITHDRAW, {"input": {"agreementId": agreement["id"]}}, token=world.tokens["bob"])
             )["data"]["withdrawOfflineAgreement"]
    assert codes(other) == ["NOT_FOUND"]


async def test_f2_paper_agreement_registered_with_its_image_withdrawn_edited_returned_and_approved(
        world, gql, client):
    await factories.ready_to_sign(world.alice)
    missing = (await gql(PAPER, {"input": {"agreement": {"employer": {**EMPLOYER, "uscc": "123"},
                                                           "terms": TERMS}, "stampedAgreement": None}},
                         token=world.tokens["alice"]))
    assert "errors" in missing or missing["data"]["registerPaperAgreement"]["errors"]
    body = await multipart(client, PAPER, {"input": {"agreement": CONTENT, "stampedAgreement": None}},
                           "variables.input.stampedAgreement", sample_files.png(), world.tokens["alice"])
    paper = body["data"]["registerPaperAgreement"]
    assert paper["errors"] == []
    agreement = paper["agreement"]
    assert (agreement["method"], agreement["state"]) == ("PAPER", "SIGNING_REVIEW")
    assert agreement["stampedFile"]["contentType"] == "image/png" and agreement["stampedFile"]["url"]

    await ok(gql, WITHDRAW, {"input": {"agreementId": agreement["id"]}}, world.tokens["alice"],
             "withdrawOfflineAgreement")
    edited = {"employer": EMPLOYER, "terms": {**TERMS, "positionTitle": "测试工程师"}}
    again = await ok(gql, RESUBMIT, {"input": {"agreementId": agreement["id"], "agreement": edited}},
                     world.tokens["alice"], "resubmitOfflineAgreement")
    assert again["agreement"]["state"] == "SIGNING_REVIEW"
    review = await decide(world, gql, agreement["id"], "return", reason="月薪与协议书不符",
                          fields=["monthlySalary"], levels=("cs",))
    assert review["agreement"]["state"] == "SIGNING_RETURNED"
    fixed = {"employer": EMPLOYER, "terms": {**TERMS, "positionTitle": "测试工程师", "monthlySalary": 6800}}
    await ok(gql, RESUBMIT, {"input": {"agreementId": agreement["id"], "agreement": fixed}}, world.tokens["alice"],
             "resubmitOfflineAgreement")
    review = await decide(world, gql, agreement["id"], "approve")
    assert review["agreement"]["state"] == "APPROVED"
    [row] = await mine(world, gql)
    # Registered, withdrawn (round 1 closed), resubmitted, returned, resubmitted and approved.
    assert [(r["round"], r["state"]) for r in row["reviews"]] == [
        (1, "WITHDRAWN"), (2, "RETURNED"), (3, "APPROVED")]
    graduate = await Graduate.get(id=world.alice.id)
    assert (graduate.destination_type, graduate.destination_locked) == ("10", True)
    # Staff find it by method in their agreement list (X4 counts only online ones as 网签).
    listed = await gql(AGREEMENTS, {"filter": {"method": "PAPER"}}, token=world.tokens["admin"])
    [node] = [e["node"] for e in listed["data"]["agreements"]["edges"]]
    assert node["method"] == "PAPER" and node["employer"] is None and node["stampedFile"]["url"]
    online = await gql(AGREEMENTS, {"filter": {"method": "ONLINE"}}, token=world.tokens["admin"])
    assert online["data"]["agreements"]["totalCount"] == 0
    # The other school sees nothing of it (R2).
    other = await gql(AGREEMENTS, {"filter": None}, token=world.tokens["other_admin"])
    assert other["data"]["agreements"]["totalCount"] == 0


async def test_s5_an_offline_agreement_and_online_signing_share_one_active_agreement(world, gql):
    agreement = await apply(world, gql)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    accepted = (await gql(ACCEPT, {"input": {"id": encode_id("SigningInvitation", invitation.id),
                                             "confirm": False}}, token=world.tokens["alice"]))
    assert codes(accepted["data"]["acceptSigningInvitation"]) == ["HAS_ACTIVE_AGREEMENT"]
    second = (await gql(APPLY, {"input": {"agreement": CONTENT}}, token=world.tokens["alice"])
              )["data"]["applyOfflineSigning"]
    assert codes(second) == ["HAS_ACTIVE_AGREEMENT"]
    # A rejected application no longer binds the graduate: the pending invitation may be accepted now.
    await decide(world, gql, agreement["id"], "reject", reason="单位不存在", levels=("cs",))
    for confirm in (False, True):
        accepted = await ok(gql, ACCEPT, {"input": {"id": encode_id("SigningInvitation", invitation.id),
                                                    "confirm": confirm}}, world.tokens["alice"],
                            "acceptSigningInvitation")
    after_online = (await gql(APPLY, {"input": {"agreement": CONTENT}}, token=world.tokens["alice"])
                    )["data"]["applyOfflineSigning"]
    assert codes(after_online) == ["HAS_ACTIVE_AGREEMENT"]


@pytest.mark.postgres_only
async def test_s5_racing_offline_applications_and_online_acceptances_make_one_active_agreement(world, gql):
    await factories.ready_to_sign(world.alice)
    invitations = [await factories.pending_invitation(world.alice, world.employer)]
    for i in range(4):
        employer = await factories.employer(name=f"竞争单位{i}", login_name=f"rival{i}",
                                            uscc=factories.uscc(f"913401007139200{i:02d}"))
        invitations.append(await factories.pending_invitation(world.alice, employer))
    for invitation in invitations:
        opened = await gql(ACCEPT, {"input": {"id": encode_id("SigningInvitation", invitation.id),
                                              "confirm": False}}, token=world.tokens["alice"])
        assert opened["data"]["acceptSigningInvitation"]["errors"] == []

    async def offline():
        r = await gql(APPLY, {"input": {"agreement": CONTENT}}, token=world.tokens["alice"])
        assert "errors" not in r, r
        return r["data"]["applyOfflineSigning"]

    async def online(invitation):
        r = await gql(ACCEPT, {"input": {"id": encode_id("SigningInvitation", invitation.id), "confirm": True}},
                      token=world.tokens["alice"])
        assert "errors" not in r, r
        return r["data"]["acceptSigningInvitation"]

    results = await asyncio.gather(*(offline() for _ in range(10)), *(online(i) for i in invitations))
    winners = [r for r in results if not r["errors"]]
    assert len(winners) == 1
    assert {e["code"] for r in results if r["errors"] for e in r["errors"]} == {"HAS_ACTIVE_AGREEMENT"}
    assert await Agreement.filter(graduate_id=world.alice.id).count() == 1
    assert await Agreement.filter(active_graduate_id=world.alice.id).count() == 1


async def test_t5_unlock_voids_an_offline_agreement_and_t1_it_is_not_terminated_here(world, gql):
    await apply(world, gql)
    unlock = """mutation($input: UnlockGraduateInput!) { unlockGraduate(input: $input) { errors { code } } }"""
    r = await gql(unlock, {"input": {"graduateId": encode_id("Graduate", world.alice.id), "reason": "误填"}},
                  token=world.tokens["admin"])
    assert r["data"]["unlockGraduate"]["errors"] == [], r
    [row] = await mine(world, gql)
    assert (row["state"], row["stateLabel"]) == ("TERMINATED", "已作废")
    assert await Review.filter(subject_type="agreement", state="withdrawn").count() == 1


async def test_x3_offline_review_results_and_the_teachers_changes_reach_the_graduate(world, gql):
    agreement = await apply(world, gql)
    await decide(world, gql, agreement["id"], "approve")
    await dispatcher.publish_pending()
    r = await gql((OPS / "mini-program/MyNotifications.graphql").read_text(), {"first": 20},
                  token=world.tokens["alice"])
    notes = [e["node"] for e in r["data"]["myNotifications"]["edges"]]
    kinds = [n["kind"] for n in notes]
    assert "review.decided" in kinds and "record.changed" in kinds and "review.advanced" in kinds
    [decided] = [n for n in notes if n["kind"] == "review.decided"]
    assert "信息审核通过" in decided["title"] and "盖章" in decided["body"] and agreement["number"] in decided["body"]


async def test_s5_the_migrated_database_itself_refuses_a_second_active_agreement(world, gql):
    """The last guard under the row lock: the unique active_graduate survives the migration that made the
    invitation and the employer optional (SQLite rebuilds the table for it)."""
    from tortoise.exceptions import IntegrityError

    agreement = await apply(world, gql)
    row = await Agreement.get(number=agreement["number"])
    with pytest.raises(IntegrityError):
        await Agreement.create(number="race:second", graduate_id=row.graduate_id, method="paper",
                               school_id=row.school_id, department_id=row.department_id,
                               active_graduate_id=row.graduate_id, state="signing_review", terms=row.terms,
                               signed_at=row.signed_at)


async def test_f1_a_registered_employer_named_by_uscc_and_name_sees_the_offline_agreement(world, gql):
    """The employer is linked only when both its USCC and its name match: typing a USCC alone shows nobody's
    agreement to a stranger."""
    await factories.ready_to_sign(world.alice)
    mistyped = {"employer": {**EMPLOYER, "uscc": world.employer.uscc}, "terms": TERMS}
    first = await ok(gql, APPLY, {"input": {"agreement": mistyped}}, world.tokens["alice"], "applyOfflineSigning")
    assert (await Agreement.get(number=first["agreement"]["number"])).employer_id is None
    await ok(gql, WITHDRAW, {"input": {"agreementId": first["agreement"]["id"]}}, world.tokens["alice"],
             "withdrawOfflineAgreement")
    named = {"employer": {**EMPLOYER, "uscc": world.employer.uscc, "name": world.employer.name}, "terms": TERMS}
    await ok(gql, RESUBMIT, {"input": {"agreementId": first["agreement"]["id"], "agreement": named}},
             world.tokens["alice"], "resubmitOfflineAgreement")
    seen = await gql((OPS / "employer-spa/EmployerAgreements.graphql").read_text(), {},
                     token=world.tokens["employer"])
    [node] = [e["node"] for e in seen["data"]["employerAgreements"]["edges"]]
    assert node["number"] == first["agreement"]["number"] and node["state"] == "CONTENT_REVIEW"


async def test_t1_an_approved_paper_agreement_is_not_terminated_online(world, gql, client):
    await factories.ready_to_sign(world.alice)
    body = await multipart(client, PAPER, {"input": {"agreement": CONTENT, "stampedAgreement": None}},
                           "variables.input.stampedAgreement", sample_files.png(), world.tokens["alice"])
    agreement = body["data"]["registerPaperAgreement"]["agreement"]
    await decide(world, gql, agreement["id"], "approve")
    request = (OPS / "mini-program/RequestTermination.graphql").read_text()
    r = await multipart(client, request, {"input": {"agreementId": agreement["id"], "reason": "协商解除",
                                                    "consentFile": None}},
                        "variables.input.consentFile", sample_files.png(), world.tokens["alice"])
    assert codes(r["data"]["requestTermination"]) == ["NOT_ONLINE_AGREEMENT"]


async def test_r1_offline_and_paper_agreements_have_their_own_queue(world, gql):
    await apply(world, gql)
    await factories.signed_agreement(world.bob, world.employer)
    for who, method, expected in (("cs", "OFFLINE", ["OFFLINE"]), ("cs", "ONLINE", []), ("law", "ONLINE", ["ONLINE"]),
                                  ("law", None, ["ONLINE"]), ("cs", "PAPER", [])):
        r = await gql(QUEUE, {"filter": {"agreementMethod": method}}, token=world.tokens[who])
        assert "errors" not in r, r
        assert [e["node"]["agreement"]["method"] for e in r["data"]["reviewQueue"]["edges"]] == expected, (who, method)


async def test_s10_an_online_agreement_is_not_returned_for_an_offline_agreements_fields(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    r = await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review.id), "decision": "RETURN",
                                     "reason": "请回传", "fieldsToFix": ["stampedAgreement"]}},
                  token=world.tokens["cs"])
    assert codes(r["data"]["decideReview"]) == ["INVALID_INPUT"]
    assert (await Review.get(id=review.id)).state == "pending_department"  # nothing half-written
