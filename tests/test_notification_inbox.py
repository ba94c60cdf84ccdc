"""Issue 8 points 1 and 6: the inbox (fan-out numbered in commit order, myNotifications, read state) and the
Chinese templates of every event kind; and the dispatcher no longer starved by backed-off events."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from models import Notification, OutboxEvent
from notifications import dispatcher, templates
from resolvers import outbox
from resolvers.outbox import EventKind
from schema.relay import encode_id
from server import crypto

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
HAN = re.compile(r"[\u4e00-\u9fff]")
WHEN = dt.datetime(2026, 6, 1, 2, 30, tzinfo=dt.UTC)

# One payload per kind, and the facts its inbox text must name. A kind added to EventKind without a sample (and
# so without a checked template) fails the first test.
SAMPLES: dict[EventKind, tuple[object, list[str]]] = {
    EventKind.INVITATION_RECEIVED: (
        outbox.InvitationReceived(1, 2, "安徽信通信息服务有限公司", "软件工程师", "direct", WHEN),
        ["安徽信通信息服务有限公司", "软件工程师", "2026年06月01日 10:30"]),
    EventKind.INVITATION_ANSWERED: (
        outbox.InvitationAnswered(1, "accepted", 3, "陈晓明", "软件工程师", "", 9, "2026103630000001"),
        ["陈晓明", "已接受", "2026103630000001"]),
    EventKind.INVITATION_WITHDRAWN: (
        outbox.InvitationWithdrawn(1, 2, "安徽信通", "测试岗"), ["安徽信通", "测试岗", "撤回"]),
    EventKind.INVITATION_EXPIRED: (
        outbox.InvitationExpired(1, 2, "安徽信通", "测试岗", WHEN), ["安徽信通", "测试岗", "逾期"]),
    EventKind.INVITATIONS_ANSWERABLE: (
        outbox.InvitationsAnswerable(3, [1, 4], "termination_approved"), ["解约", "2 份", "重新答复"]),
    EventKind.INTERVIEW_RECEIVED: (
        outbox.InterviewReceived(1, 2, "安徽信通", 4, "测试岗", WHEN, "芜湖市北京中路 8 号", "", "带简历"),
        ["安徽信通", "测试岗", "芜湖市北京中路 8 号", "带简历"]),
    EventKind.INTERVIEW_ANSWERED: (
        outbox.InterviewAnswered(1, "declined", 3, "陈晓明", 4, "测试岗"), ["陈晓明", "拒绝", "测试岗"]),
    EventKind.INTERVIEW_RESULT_RECORDED: (
        outbox.InterviewResultRecorded(1, "passed", 2, "安徽信通", 4, "测试岗", ""), ["安徽信通", "测试岗", "通过"]),
    EventKind.REVIEW_REQUESTED: (
        outbox.ReviewRequested(1, "agreement", 5, 1, "pending_department", 3, "陈晓明"),
        ["陈晓明", "就业协议", "院系审核"]),
    EventKind.REVIEW_ADVANCED: (
        outbox.ReviewAdvanced(1, "agreement", 5, "2026103630000001", 1), ["2026103630000001", "院系初审", "学校终审"]),
    EventKind.REVIEW_WITHDRAWN: (
        outbox.ReviewWithdrawn(1, "termination", 7, 1, "pending_school", 3, "陈晓明", "学校解锁"),
        ["陈晓明", "解约申请", "学校解锁", "学校审核"]),
    EventKind.REVIEW_DECIDED: (
        outbox.ReviewDecided(5, "2026103630000001", "return", "returned", "薪资有误", ["月薪"], None, None),
        ["2026103630000001", "退回", "薪资有误", "月薪"]),
    EventKind.TERMINATION_DECIDED: (
        outbox.TerminationDecided(7, 5, "2026103630000001", "approve", "approved", ""),
        ["2026103630000001", "同意解约"]),
    EventKind.DESTINATION_DECIDED: (
        outbox.DestinationDecided(9, "签劳动合同形式就业", "return", "returned", "合同页缺失", ["证明材料"]),
        ["签劳动合同形式就业", "退回", "合同页缺失", "证明材料"]),
    EventKind.CORRECTION_REQUESTED: (
        outbox.CorrectionRequested(8, 3, "陈晓明", "origin_region", "生源地", "户籍迁移"),
        ["陈晓明", "生源地", "户籍迁移"]),
    EventKind.CORRECTION_DECIDED: (
        outbox.CorrectionDecided(8, "origin_region", "生源地", False, "材料不全"), ["生源地", "未通过", "材料不全"]),
    EventKind.CORRECTION_WITHDRAWN: (
        outbox.CorrectionWithdrawn(8, 3, "陈晓明", "origin_region", "生源地"), ["陈晓明", "生源地", "撤回"]),
    EventKind.RECORD_CHANGED: (
        outbox.RecordChanged(3, "unlock", "误锁", "2026103630000001"), ["解锁", "误锁", "2026103630000001"]),
    EventKind.APPLICATION_RECEIVED: (
        outbox.ApplicationReceived(1, 4, "测试岗", 3, "陈晓明"), ["陈晓明", "测试岗"]),
    EventKind.FRAUD_REPORTED: (
        outbox.FraudReported(1, 4, "测试岗", 2, "安徽信通", "收取培训费"), ["安徽信通", "测试岗", "收取培训费"]),
    EventKind.PRINT_CODE_SCANNED: (
        outbox.PrintCodeScanned(5, 1, "2026103630000001"), ["2026103630000001", "打印"]),
    EventKind.UPLOAD_LINK_SENT: (
        outbox.UploadLinkSent(3, 5, "2026103630000001", "陈晓明", "芜湖小微科技有限公司", WHEN,
                              crypto.encrypt("http://127.0.0.1:8000/agreement-upload/t0k3n")),
        ["陈晓明", "芜湖小微科技有限公司", "2026103630000001", "2026年06月01日 10:30"]),
    EventKind.NOTICE_PUBLISHED: (
        outbox.NoticePublished(3, "employment_news", "关于参加2027届秋季校园双选会的通知：请各位毕业生提前准备简历",
                               "安徽工程大学", WHEN), ["安徽工程大学", "就业资讯", "秋季校园双选会"]),
    EventKind.POSITIONS_MATCHED: (
        outbox.PositionsMatched(1, 4, "Java 开发工程师", "安徽信通信息服务有限公司", "安徽省合肥市蜀山区"),
        ["Java 开发工程师", "安徽信通信息服务有限公司", "求职意向"]),
    EventKind.FAIR_APPLICATION_DECIDED: (
        outbox.FairApplicationDecided(4, 2, "2027届秋季校园双选会", "安徽工程大学", "reject", "rejected", "展位已满",
                                      WHEN),
        ["安徽工程大学", "2027届秋季校园双选会", "审核未通过", "展位已满", "2026年06月01日 10:30"]),
    EventKind.FAIR_CANCELLED: (
        outbox.FairCancelled(2, "2027届秋季校园双选会", "安徽工程大学", WHEN, "台风预警"),
        ["安徽工程大学", "2027届秋季校园双选会", "已取消", "台风预警"]),
    EventKind.FAIR_REMINDER: (
        outbox.FairReminder(2, 9, "2027届秋季校园双选会", "安徽工程大学", WHEN, "体育馆一楼", ""),
        ["2027届秋季校园双选会", "2026年06月01日 10:30", "体育馆一楼"]),
    EventKind.RECOMMENDATION_FORM_DECIDED: (
        outbox.RecommendationFormDecided(4, "return", "returned", "自我评价过于简略", ["自我评价"]),
        ["就业推荐表", "退回", "自我评价过于简略", "自我评价"]),
    EventKind.FAIR_APPLICATION_RECEIVED: (
        outbox.FairApplicationReceived(4, 2, "2027届秋季校园双选会", 7, "安徽信通信息服务有限公司", 3, WHEN),
        ["安徽信通信息服务有限公司", "2027届秋季校园双选会", "3 个职位", "2026年06月01日 10:30"]),
}


def test_x3_every_event_kind_renders_chinese_inbox_and_sms_text_with_its_facts():
    assert set(SAMPLES) == set(EventKind), "every event kind needs a template and a sample here"
    for kind, (payload, facts) in SAMPLES.items():
        # Through the stored JSON, as the fan-out renders it.
        message = templates.render(kind, outbox.loaded(kind, outbox.stored(payload)))
        for text in (message.title, message.body, message.sms):
            assert text and HAN.search(text), (kind, text)
        for fact in facts:
            assert fact in message.title + message.body, (kind, fact, message)
        assert len(message.sms) <= 70 or kind in (EventKind.RECORD_CHANGED,), (kind, message.sms)


def _unlocked(world) -> outbox.RecordChanged:
    return outbox.RecordChanged(graduate_id=world.alice.id, change="unlock", reason="误锁", voided_agreement=None)


async def _emit(world) -> OutboxEvent:
    return await outbox.emit(EventKind.RECORD_CHANGED, _unlocked(world), "graduate", world.alice.id,
                             school_id=world.school.id, graduate_id=world.alice.id)


async def test_x3_events_waiting_to_retry_do_not_starve_a_newer_ready_one(world):
    for _ in range(201):
        await _emit(world)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    await OutboxEvent.all().update(attempts=3, next_attempt_at=later, fanned_out_at=dt.datetime.now(dt.UTC))
    ready = await _emit(world)
    assert await dispatcher.publish_pending() == 1
    assert (await OutboxEvent.get(id=ready.id)).published_at is not None
    assert await OutboxEvent.filter(published_at=None).count() == 201


MY = """query($first: Int, $after: String, $unreadOnly: Boolean! = false) { unreadNotificationCount
  myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    pageInfo { hasNextPage endCursor } edges { cursor node { id sequence kind title body readAt } } } }"""
MARK = """mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) {
  notifications { id readAt } unreadCount errors { field code } } }"""
MARK_ALL = """mutation($input: MarkAllNotificationsReadInput!) { markAllNotificationsRead(input: $input) {
  markedCount unreadCount errors { field code } } }"""


async def _inbox(gql, token, **variables) -> dict:
    body = await gql(MY, variables, token=token)
    assert "errors" not in body, body
    return body["data"]


async def _send(client, token, path, variables=None) -> dict:
    query = (OPS / f"{path}.graphql").read_text(encoding="utf-8")
    r = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                          headers={"Authorization": f"Bearer {token}"})
    body = r.json()
    assert "errors" not in body, body
    data = next(iter(body["data"].values()))
    assert data.get("errors", []) == [], data
    return data


async def test_x3_invitation_acceptance_and_review_request_reach_each_inbox(client, gql, world):
    bob, employer_token = world.tokens["bob"], world.tokens["employer"]
    await _send(client, bob, "mini-program/ConfirmOriginRecord", {"input": {"confirmed": True}})
    position = (await _send(client, employer_token, "employer-spa/CreatePosition", {"input": {
        "title": "法务专员", "locationCode": "340104", "locationName": "安徽省合肥市蜀山区"}}))["position"]
    sent = await _send(client, employer_token, "employer-spa/SendDirectSigningInvitation", {"input": {
        "positionId": position["id"], "terms": {"monthlySalary": 9000, "probationMonths": 3, "contractYears": 3,
                                                "reportDate": "2026-07-15", "breachTerms": "违约金 5000 元",
                                                "workLocationCode": "340104", "workLocationName": "安徽省合肥市蜀山区"},
        "graduate": {"schoolId": encode_id("School", world.school.id), "name": world.bob.name,
                     "studentNumber": world.bob.student_number, "idNumber": crypto.decrypt(world.bob.id_number_enc)}}})
    assert (await _inbox(gql, bob))["unreadNotificationCount"] == 0, "nothing before the dispatcher runs"
    await dispatcher.publish_pending()

    inbox = await _inbox(gql, bob)
    assert inbox["unreadNotificationCount"] == 1
    [edge] = inbox["myNotifications"]["edges"]
    assert edge["node"]["kind"] == "invitation.received" and edge["node"]["title"] == "收到签约邀请"
    assert world.employer.name in edge["node"]["body"] and "法务专员" in edge["node"]["body"]
    assert (await _inbox(gql, world.tokens["alice"]))["myNotifications"]["edges"] == []

    invitation_id = sent["invitation"]["id"]
    await _send(client, bob, "mini-program/AcceptSigningInvitation", {"input": {"id": invitation_id}})
    signed = await _send(client, bob, "mini-program/AcceptSigningInvitation",
                         {"input": {"id": invitation_id, "confirm": True}})
    await dispatcher.publish_pending()

    [answered] = (await _inbox(gql, employer_token))["myNotifications"]["edges"]
    assert answered["node"]["title"] == "签约邀请已接受"
    assert world.bob.name in answered["node"]["body"] and signed["agreement"]["number"] in answered["node"]["body"]
    [request] = (await _inbox(gql, world.tokens["law"]))["myNotifications"]["edges"]
    assert request["node"]["kind"] == "review.requested" and world.bob.name in request["node"]["title"]
    assert (await _inbox(gql, world.tokens["cs"]))["myNotifications"]["edges"] == [], "another department's"
    assert (await _inbox(gql, world.tokens["admin"]))["myNotifications"]["edges"] == [], "not yet the school's turn"


async def _three_for_alice(world) -> None:
    for _ in range(3):
        await _emit(world)
    await dispatcher.publish_pending()


async def test_x3_marking_read_touches_only_the_viewers_own_notifications(gql, world):
    await _three_for_alice(world)
    await outbox.emit(EventKind.RECORD_CHANGED, outbox.RecordChanged(world.bob.id, "unlock", "误锁", None),
                      "graduate", world.bob.id, graduate_id=world.bob.id)
    await dispatcher.publish_pending()
    alice, bob = world.tokens["alice"], world.tokens["bob"]
    alices = [e["node"]["id"] for e in (await _inbox(gql, alice))["myNotifications"]["edges"]]
    [bobs] = [e["node"]["id"] for e in (await _inbox(gql, bob))["myNotifications"]["edges"]]

    refused = (await gql(MARK, {"input": {"ids": [alices[0], bobs]}}, token=alice))["data"]["markNotificationsRead"]
    assert refused["errors"] == [{"field": ["ids", "1"], "code": "NOT_FOUND"}]
    assert (await _inbox(gql, bob))["unreadNotificationCount"] == 1, "bob's is not marked"
    assert (await _inbox(gql, alice))["unreadNotificationCount"] == 3, "nothing marked when one id is refused"
    bob_reads = (await gql(MARK, {"input": {"ids": [alices[0]]}}, token=bob))["data"]["markNotificationsRead"]
    assert bob_reads["errors"] == [{"field": ["ids", "0"], "code": "NOT_FOUND"}]
    assert (await gql(f'{{ node(id: "{alices[0]}") {{ id }} }}', token=bob))["data"]["node"] is None

    marked = (await gql(MARK, {"input": {"ids": [alices[0]]}}, token=alice))["data"]["markNotificationsRead"]
    assert marked["errors"] == [] and marked["notifications"][0]["readAt"] and marked["unreadCount"] == 2
    unread = (await _inbox(gql, alice, unreadOnly=True))["myNotifications"]["edges"]
    assert [e["node"]["id"] for e in unread] == alices[1:]

    # Everything up to the oldest shown: the newer ones stay unread.
    up_to = (await gql(MARK_ALL, {"input": {"upToId": alices[2]}}, token=alice))["data"]["markAllNotificationsRead"]
    assert up_to == {"markedCount": 1, "unreadCount": 1, "errors": []}
    everything = (await gql(MARK_ALL, {"input": {}}, token=alice))["data"]["markAllNotificationsRead"]
    assert everything == {"markedCount": 1, "unreadCount": 0, "errors": []}
    assert (await _inbox(gql, bob))["unreadNotificationCount"] == 1


async def test_x3_inbox_pages_newest_first_by_sequence_cursor(gql, world):
    await _three_for_alice(world)
    first = (await _inbox(gql, world.tokens["alice"], first=2))["myNotifications"]
    sequences = [e["node"]["sequence"] for e in first["edges"]]
    assert sequences == sorted(sequences, reverse=True) and first["pageInfo"]["hasNextPage"]
    rest = (await _inbox(gql, world.tokens["alice"], first=2, after=first["pageInfo"]["endCursor"]))
    older = [e["node"]["sequence"] for e in rest["myNotifications"]["edges"]]
    assert len(older) == 1 and older[0] < min(sequences)


async def test_x3_two_dispatchers_fan_each_event_out_once(world):
    for _ in range(20):
        await _emit(world)
    await asyncio.gather(dispatcher.publish_pending(), dispatcher.publish_pending())
    # record.changed without a voided agreement goes to the graduate only: one row per event.
    rows = await Notification.all().order_by("sequence")
    assert len(rows) == 20 and len({r.event_id for r in rows}) == 20
    events = await OutboxEvent.filter(id__in=[r.event_id for r in rows]).order_by("sequence")
    numbers = sorted([r.sequence for r in rows] + [e.sequence for e in events])
    assert numbers == list(range(numbers[0], numbers[0] + 40)), "each number handed out once, none skipped"


@pytest.mark.postgres_only
async def test_x3_sequence_follows_commit_order_not_outbox_id(gql, world):
    """The event with the smaller id commits last: its notification gets the later sequence, so a client that
    read up to the first one's sequence still gets it next instead of skipping it."""
    emitted, release = asyncio.Event(), asyncio.Event()
    early_id: list[int] = []

    async def slow_transaction():
        async with in_transaction():
            early_id.append((await _emit(world)).id)
            emitted.set()
            await release.wait()

    slow = asyncio.create_task(slow_transaction())
    await emitted.wait()
    async with in_transaction():
        late = await _emit(world)
    assert late.id > early_id[0]
    await dispatcher.publish_pending()  # sees only the committed, larger id
    first = (await _inbox(gql, world.tokens["alice"]))["myNotifications"]
    release.set()
    await slow
    await dispatcher.publish_pending()

    by_event = {n.event_id: n.sequence for n in await Notification.all()}
    assert by_event[late.id] < by_event[early_id[0]]
    after = (await _inbox(gql, world.tokens["alice"]))["myNotifications"]["edges"]
    assert [e["node"]["sequence"] for e in after] == [by_event[early_id[0]], by_event[late.id]]
    assert first["edges"][0]["node"]["sequence"] == by_event[late.id]
