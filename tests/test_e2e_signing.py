"""Each signing method from its first step to final approval, then a termination (issue 3, "How it is checked").

Every request is an operation the clients ship in frontend-contract/operations, sent as they would send it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from schema.relay import encode_id
from server import crypto

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
CONSENT_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


class Clients:
    """The mini-program, the employer SPA and the console, each sending its own operations."""

    def __init__(self, client, world):
        self.client, self.world = client, world

    async def send(self, token: str | None, path: str, variables: dict | None = None,
                   files: dict[str, tuple[str, bytes]] | None = None) -> dict:
        query = (OPS / f"{path}.graphql").read_text(encoding="utf-8")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if files:
            operations = {"query": query, "variables": variables}
            mapping = {str(i): [f"variables.{name}"] for i, name in enumerate(files)}
            uploads = {str(i): (fname, content, "application/octet-stream")
                       for i, (fname, content) in enumerate(files.values())}
            r = await self.client.post("/graphql", headers=headers, files=uploads,
                                       data={"operations": json.dumps(operations), "map": json.dumps(mapping)})
        else:
            r = await self.client.post("/graphql", headers=headers, json={"query": query, "variables": variables or {}})
        assert r.status_code == 200, r.text
        body = r.json()
        assert "errors" not in body, body["errors"]
        data = next(iter(body["data"].values()))
        if isinstance(data, dict) and "errors" in data:
            assert data["errors"] == [], data["errors"]
        return data


TERMS = {"monthlySalary": 9000, "probationMonths": 3, "contractYears": 3, "reportDate": "2026-07-15",
         "breachTerms": "违约金 5000 元", "workLocationCode": "340104", "workLocationName": "安徽省合肥市蜀山区"}


async def _confirm_origin(c: Clients, token: str) -> None:
    await c.send(token, "mini-program/ConfirmOriginRecord", {"input": {"confirmed": True}})


async def _sign_by_interview(c: Clients) -> tuple[str, str]:
    """S1: apply, interview, passed, signing invitation."""
    w = c.world
    position = (await c.send(w.tokens["employer"], "employer-spa/CreatePosition", {"input": {
        "title": "软件工程师", "locationCode": "340104", "locationName": "安徽省合肥市蜀山区", "headcount": 3,
        "salaryMin": 8000, "salaryMax": 12000}}))["position"]
    application = (await c.send(w.tokens["alice"], "mini-program/ApplyToPosition",
                                {"input": {"positionId": position["id"]}}))["application"]
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()
    interview = (await c.send(w.tokens["employer"], "employer-spa/InviteToInterview", {"input": {
        "applicationId": application["id"], "scheduledAt": when, "place": "合肥市黄山路 1 号 3 楼"}}))["interview"]
    await c.send(w.tokens["alice"], "mini-program/AnswerInterview", {"input": {"id": interview["id"], "accept": True}})
    await c.send(w.tokens["employer"], "employer-spa/RecordInterviewResult",
                 {"input": {"id": interview["id"], "passed": True, "note": "表现优秀"}})
    invitation = (await c.send(w.tokens["employer"], "employer-spa/SendSigningInvitation",
                               {"input": {"interviewId": interview["id"], "terms": TERMS}}))["invitation"]
    assert invitation["method"] == "INTERVIEW"
    return invitation["id"], "alice"


async def _sign_directly(c: Clients) -> tuple[str, str]:
    """S2: a registered employer enters the graduate's identifying data in signing management."""
    w = c.world
    position = (await c.send(w.tokens["employer"], "employer-spa/CreatePosition", {"input": {
        "title": "法务专员", "locationCode": "340104", "locationName": "安徽省合肥市蜀山区"}}))["position"]
    invitation = (await c.send(w.tokens["employer"], "employer-spa/SendDirectSigningInvitation", {"input": {
        "positionId": position["id"], "terms": TERMS,
        "graduate": {"schoolId": encode_id("School", w.school.id), "name": w.bob.name,
                     "studentNumber": w.bob.student_number, "idNumber": crypto.decrypt(w.bob.id_number_enc)}}}))
    assert invitation["invitation"]["method"] == "DIRECT"
    return invitation["invitation"]["id"], "bob"


async def _sign_by_qr_card(c: Clients) -> tuple[str, str]:
    """S3: an employer with no account scans the graduate's QR card."""
    w = c.world
    card = await c.send(w.tokens["carol"], "mini-program/MyQrCard")
    shown = await c.send(None, "employer-spa/QrCardGraduate", {"token": card["token"]})
    assert shown["maskedName"] == "林*雨" and shown["schoolName"] == "安徽师范大学"
    idn = crypto.decrypt(w.carol.id_number_enc)
    invitation = await c.send(None, "employer-spa/SendQrCardSigningInvitation", {"input": {
        "cardToken": card["token"], "verifyName": w.carol.name, "verifyIdNumberLast6": idn[-6:],
        "employer": {"name": "芜湖小微科技有限公司", "uscc": "91340200713920435N", "natureCode": "39",
                     "industryCode": "34", "locationCode": "340202", "locationName": "安徽省芜湖市镜湖区",
                     "address": "芜湖市北京中路 8 号", "postcode": "241000", "contactName": "王经理",
                     "contactPhone": "13805519999", "hasHiringAutonomy": True},
        "licenseImage": None, "terms": {**TERMS, "positionTitle": "前端工程师"}}},
        files={"input.licenseImage": ("营业执照.png", _png())})
    assert invitation["invitation"]["method"] == "QR_CARD"
    return invitation["invitation"]["id"], "carol"


async def _accept(c: Clients, token: str, invitation_id: str) -> dict:
    """S7: open the confirmation, then confirm within 60 seconds."""
    opened = await c.send(token, "mini-program/AcceptSigningInvitation", {"input": {"id": invitation_id}})
    assert opened["confirmationExpiresAt"] and opened["agreement"] is None
    signed = await c.send(token, "mini-program/AcceptSigningInvitation",
                          {"input": {"id": invitation_id, "confirm": True}})
    return signed["agreement"]


async def _decide_all_levels(c: Clients, reviewers: list[str], subject: str) -> dict:
    """Each level takes the row from its own queue and approves it."""
    review = None
    for reviewer in reviewers:
        queue = await c.send(c.world.tokens[reviewer], "console/ReviewQueue", {"filter": {"subjectType": subject}})
        assert queue["totalCount"] == 1, f"{reviewer} should see exactly the one row awaiting them"
        row = queue["edges"][0]["node"]
        review = (await c.send(c.world.tokens[reviewer], "console/DecideReview", {"input": {
            "reviewId": row["id"], "decision": "APPROVE"}}))["review"]
    return review


@pytest.mark.parametrize("method", ["interview", "direct", "qr_card"])
async def test_signing_method_to_final_approval_then_termination(world, client, gql, method):
    c = Clients(client, world)
    if method == "qr_card":
        world.other_school.review_levels = 1  # the other school reviews on one level (R2)
        await world.other_school.save()
    sign = {"interview": _sign_by_interview, "direct": _sign_directly, "qr_card": _sign_by_qr_card}[method]
    graduate_key = {"interview": "alice", "direct": "bob", "qr_card": "carol"}[method]
    reviewers = {"alice": ["cs", "admin"], "bob": ["law", "admin"], "carol": ["other_admin"]}[graduate_key]
    token = world.tokens[graduate_key]
    await _confirm_origin(c, token)

    invitation_id, _ = await sign(c)
    agreement = await _accept(c, token, invitation_id)
    assert agreement["state"] == "AWAITING_REVIEW" and agreement["stateLabel"] == "签约成功，待学校审核"
    assert agreement["printable"] is False  # S8
    me = await gql("{ me { graduate { destinationType { code } destinationLocked } } }", token=token)
    assert me["data"]["me"]["graduate"] == {"destinationType": {"code": "10"}, "destinationLocked": True}  # S9

    review = await _decide_all_levels(c, reviewers, "AGREEMENT")
    assert review["agreement"]["state"] == "APPROVED" and review["agreement"]["printable"] is True
    assert [d["level"] for d in review["decisions"]] == (["DEPARTMENT", "SCHOOL"] if len(reviewers) == 2
                                                         else ["SCHOOL"])

    termination = (await c.send(token, "mini-program/RequestTermination", {"input": {
        "agreementId": agreement["id"], "reason": "单位同意解约", "consentFile": None}},
        files={"input.consentFile": ("单位同意解约函.pdf", CONSENT_PDF)}))["termination"]
    assert termination["consentFile"]["contentType"] == "application/pdf"
    review = await _decide_all_levels(c, reviewers, "TERMINATION")
    assert review["termination"]["state"] == "APPROVED"

    mine = await c.send(token, "mini-program/MyAgreements")
    assert [e["node"]["state"] for e in mine["edges"]] == ["TERMINATED"]
    me = await gql("{ me { graduate { destinationType { code } destinationLocked } } }", token=token)
    assert me["data"]["me"]["graduate"] == {"destinationType": {"code": "70"}, "destinationLocked": False}  # T4
