"""Issue 12 §1: notices and employment news, published by school staff and the province, read by graduates on
the mini-program's home page, through the console's and the mini-program's operations."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from models import AuditEntry, Delivery, Notice, NoticeRead, Notification, OutboxEvent
from notifications import inbox, templates
from resolvers import outbox
from resolvers.outbox import EventKind
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories, files
from tests.sql_statements import statements
from tests.test_notification_inbox import SAMPLES

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


def op(path: str) -> str:
    return (OPS / path).read_text()


CREATE = op("console/CreateNotice.graphql")
UPDATE = op("console/UpdateNotice.graphql")
PUBLISH = op("console/PublishNotice.graphql")
WITHDRAW = op("console/WithdrawNotice.graphql")
PIN = op("console/SetNoticePinned.graphql")
ADD_ATTACHMENT = op("console/AddNoticeAttachment.graphql")
MANAGED = op("console/Notices.graphql")
MINE = op("mini-program/MyNotices.graphql")
MARK_READ = op("mini-program/MarkNoticesRead.graphql")
NODE = op("mini-program/Notice.graphql")


async def call(gql, query, token, **input):
    r = await gql(query, {"input": input}, token=token)
    assert "errors" not in r, r
    return next(iter(r["data"].values()))


async def draft(gql, token, title="关于毕业生离校手续的通知", **extra):
    r = await call(gql, CREATE, token, kind=extra.pop("kind", "NOTICE"), title=title, body="请按时办理。", **extra)
    assert r["errors"] == [], r
    return r["notice"]["id"]


async def published(gql, token, title="关于毕业生离校手续的通知", **extra):
    notice_id = await draft(gql, token, title, **extra)
    r = await call(gql, PUBLISH, token, id=notice_id)
    assert r["errors"] == [] and r["notice"]["state"] == "PUBLISHED", r
    return notice_id


async def titles(gql, token, **variables):
    r = await gql(MINE, variables, token=token)
    assert "errors" not in r, r
    return [e["node"]["title"] for e in r["data"]["myNotices"]["edges"]]


async def test_i12_1_counsellor_publishes_to_own_department_only(world, gql):
    cs = world.tokens["cs"]
    nowhere = await call(gql, CREATE, cs, kind="NOTICE", title="全校通知")
    assert [(e["field"], e["code"]) for e in nowhere["errors"]] == [(["departmentId"], "REQUIRED")]
    law = await call(gql, CREATE, cs, kind="NOTICE", title="人文学院通知",
                     departmentId=encode_id("Department", world.law.id))
    assert [(e["field"], e["code"]) for e in law["errors"]] == [(["departmentId"], "NOT_FOUND")]
    assert not await Notice.exists()
    await published(gql, cs, "计算机学院就业动员会", departmentId=encode_id("Department", world.cs.id))
    assert await titles(gql, world.tokens["alice"]) == ["计算机学院就业动员会"]
    assert await titles(gql, world.tokens["bob"]) == []
    assert await titles(gql, world.tokens["carol"]) == []
    # Moving it to another department is refused like creating it there.
    notice = await Notice.get()
    moved = await call(gql, UPDATE, cs, id=encode_id("Notice", notice.id),
                       departmentId=encode_id("Department", world.law.id))
    assert [e["code"] for e in moved["errors"]] == ["NOT_FOUND"]
    assert (await Notice.get()).department_id == world.cs.id
    # The school admin may: the published notice now reaches the other department instead.
    moved = await call(gql, UPDATE, world.tokens["admin"], id=encode_id("Notice", notice.id),
                       departmentId=encode_id("Department", world.law.id), educationLevel="31")
    assert moved["errors"] == [] and moved["notice"]["department"]["name"] == world.law.name
    assert await titles(gql, world.tokens["alice"]) == []
    assert await titles(gql, world.tokens["bob"]) == ["计算机学院就业动员会"]
    assert await titles(gql, world.tokens["bob"], filter={"kind": "EMPLOYMENT_NEWS"}) == []


async def test_i12_1_school_admin_addresses_school_department_or_level_and_other_schools_see_nothing(world, gql):
    admin = world.tokens["admin"]
    await published(gql, admin, "全校通知")
    await published(gql, admin, "人文学院通知", departmentId=encode_id("Department", world.law.id))
    await published(gql, admin, "硕士生通知", educationLevel="11")
    await published(gql, admin, "本科生通知", educationLevel="31")
    assert await titles(gql, world.tokens["alice"]) == ["本科生通知", "全校通知"]
    assert await titles(gql, world.tokens["bob"]) == ["本科生通知", "人文学院通知", "全校通知"]
    assert await titles(gql, world.tokens["carol"]) == []
    other = await gql(MANAGED, token=world.tokens["other_admin"])
    assert other["data"]["notices"]["totalCount"] == 0
    notice = await Notice.get(title="全校通知")
    for token in ("other_admin", "carol", "province", "employer"):
        r = await gql(NODE, {"id": encode_id("Notice", notice.id)}, token=world.tokens[token])
        assert r["data"]["node"] is None, token
    refused = await call(gql, WITHDRAW, world.tokens["other_admin"], id=encode_id("Notice", notice.id))
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]
    # The department's reviewer manages their department's notices, not the school-wide ones.
    cs_list = await gql(MANAGED, token=world.tokens["law"])
    assert [e["node"]["title"] for e in cs_list["data"]["notices"]["edges"]] == ["人文学院通知"]


async def test_i12_1_province_notice_reaches_every_school_of_the_province(world, gql):
    province = world.tokens["province"]
    refused = await call(gql, CREATE, province, kind="EMPLOYMENT_NEWS", title="省就业资讯",
                         departmentId=encode_id("Department", world.cs.id))
    assert [e["code"] for e in refused["errors"]] == ["INVALID_INPUT"]
    await published(gql, province, "全省基层就业项目招募", kind="EMPLOYMENT_NEWS")
    far = await factories.graduate(world.far_school, *await _far_department(world), student_number="F1")
    assert await titles(gql, world.tokens["alice"]) == ["全省基层就业项目招募"]
    assert await titles(gql, world.tokens["carol"]) == ["全省基层就业项目招募"]
    assert await titles(gql, factories.token(Role.GRADUATE, far)) == []
    r = await gql(MINE, token=world.tokens["alice"])
    node = r["data"]["myNotices"]["edges"][0]["node"]
    assert node["kind"] == "EMPLOYMENT_NEWS" and node["school"] is None
    # The schools do not manage it, and the other province does not see it.
    for token in ("admin", "other_province"):
        assert (await gql(MANAGED, token=world.tokens[token]))["data"]["notices"]["totalCount"] == 0


async def _far_department(world):
    from models import Department, Major

    department = await Department.get(school_id=world.far_school.id)
    major = await Major.create(department=department, code="F1", name="匡亚明班")
    return department, major


async def test_i12_1_pinned_first_keyset_paging_and_unread_state(world, gql, clock):
    admin, alice = world.tokens["admin"], world.tokens["alice"]
    ids = []
    for n in range(5):
        clock.advance(minutes=1)
        ids.append(await published(gql, admin, f"通知{n}"))
    pinned = await call(gql, PIN, admin, id=ids[1], pinned=True)
    assert pinned["errors"] == [] and pinned["notice"]["pinned"] is True
    first = (await gql(MINE, {"first": 2}, token=alice))["data"]
    assert first["myUnreadNoticeCount"] == 5 and first["myNotices"]["totalCount"] == 5
    assert [e["node"]["title"] for e in first["myNotices"]["edges"]] == ["通知1", "通知4"]
    assert all(e["node"]["unread"] and e["node"]["readAt"] is None for e in first["myNotices"]["edges"])
    after = first["myNotices"]["pageInfo"]["endCursor"]
    # A notice published between pages goes to the top; the next page neither repeats nor skips.
    clock.advance(minutes=1)
    await published(gql, admin, "通知5")
    rest = await titles(gql, alice, first=10, after=after)
    assert rest == ["通知3", "通知2", "通知0"]
    read = await call(gql, MARK_READ, alice, ids=[ids[3], ids[1]])
    assert read["errors"] == [] and {n["unread"] for n in read["notices"]} == {False}
    first_read = read["notices"][0]["readAt"]
    clock.advance(minutes=5)
    again = await call(gql, MARK_READ, alice, ids=[ids[3]])
    assert again["notices"][0]["readAt"] == first_read, "the first reading time stays"
    data = (await gql(MINE, {"filter": {"unreadOnly": True}, "first": 2}, token=alice))["data"]
    assert data["myUnreadNoticeCount"] == 4
    assert [e["node"]["title"] for e in data["myNotices"]["edges"]] == ["通知5", "通知4"]
    # Reading what the page showed does not lose the place for the next unread page.
    await call(gql, MARK_READ, alice, ids=[e["node"]["id"] for e in data["myNotices"]["edges"]])
    assert await titles(gql, alice, filter={"unreadOnly": True},
                        after=data["myNotices"]["pageInfo"]["endCursor"]) == ["通知2", "通知0"]
    # Another graduate's reading is theirs alone; a notice not addressed to a graduate cannot be marked.
    assert (await gql(MINE, token=world.tokens["bob"]))["data"]["myUnreadNoticeCount"] == 6
    law = await published(gql, world.tokens["law"], "人文学院通知", departmentId=encode_id("Department", world.law.id))
    refused = await call(gql, MARK_READ, alice, ids=[law])
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]
    assert await NoticeRead.filter(graduate_id=world.alice.id).count() == 4


async def test_i12_1_workflow_withdraw_republish_and_pin_follow_the_transition_table(world, gql):
    admin, alice = world.tokens["admin"], world.tokens["alice"]
    notice_id = await draft(gql, admin, "招聘会延期通知")
    assert await titles(gql, alice) == [], "a draft is not shown"
    not_yet = await call(gql, PIN, admin, id=notice_id, pinned=True)
    assert [e["code"] for e in not_yet["errors"]] == ["INVALID_STATE"]
    assert (await call(gql, PUBLISH, admin, id=notice_id))["errors"] == []
    twice = await call(gql, PUBLISH, admin, id=notice_id)
    assert [e["code"] for e in twice["errors"]] == ["INVALID_STATE"] and "已发布" in twice["errors"][0]["message"]
    edited = await call(gql, UPDATE, admin, id=notice_id, title="招聘会延期至下周")
    assert edited["errors"] == [] and edited["notice"]["title"] == "招聘会延期至下周"
    await call(gql, PIN, admin, id=notice_id, pinned=True)
    withdrawn = await call(gql, WITHDRAW, admin, id=notice_id, reason="信息有误")
    assert withdrawn["errors"] == [] and withdrawn["notice"]["state"] == "WITHDRAWN"
    assert withdrawn["notice"]["pinned"] is False and withdrawn["notice"]["allowedActions"] == ["publish"]
    assert await titles(gql, alice) == []
    assert (await gql(NODE, {"id": notice_id}, token=alice))["data"]["node"] is None
    assert (await gql(MINE, token=alice))["data"]["myUnreadNoticeCount"] == 0
    assert (await call(gql, PUBLISH, admin, id=notice_id))["errors"] == []
    assert await titles(gql, alice) == ["招聘会延期至下周"]
    actions = await AuditEntry.filter(subject_type="notice").order_by("id").values_list("action", flat=True)
    assert actions == ["notice.created", "notice.published", "notice.updated", "notice.pinned", "notice.withdrawn",
                       "notice.published"]
    entry = await AuditEntry.filter(action="notice.withdrawn").get()
    assert entry.reason == "信息有误" and entry.school_id == world.school.id


async def test_i12_1_attachment_opens_by_signed_link_for_the_addressed_graduate(world, gql, client):
    admin = world.tokens["admin"]
    notice_id = await draft(gql, admin, "就业协议书填写说明", departmentId=encode_id("Department", world.cs.id))

    async def attach(content: bytes, filename: str) -> dict:
        operations = {"query": ADD_ATTACHMENT, "variables": {"input": {"id": notice_id, "file": None}}}
        r = await client.post("/graphql", headers={"Authorization": f"Bearer {admin}"},
                              data={"operations": json.dumps(operations),
                                    "map": json.dumps({"0": ["variables.input.file"]})},
                              files={"0": (filename, content, "application/octet-stream")})
        assert r.status_code == 200, r.text
        return r.json()["data"]["addNoticeAttachment"]

    refused = await attach(b"<html><script>alert(1)</script></html>", "说明.pdf")
    assert [e["code"] for e in refused["errors"]] == ["FILE_TYPE_NOT_ALLOWED"]
    added = await attach(files.pdf(), "填写说明.pdf")
    assert added["errors"] == [] and added["notice"]["attachments"][0]["file"]["filename"] == "填写说明.pdf"
    await call(gql, PUBLISH, admin, id=notice_id)
    r = await gql(MINE, token=world.tokens["alice"])
    attachment = r["data"]["myNotices"]["edges"][0]["node"]["attachments"][0]["file"]
    assert attachment["contentType"] == "application/pdf" and attachment["url"]
    parts = urlsplit(attachment["url"])
    opened = await client.get(f"{parts.path}?{parts.query}")
    assert opened.status_code == 200 and opened.content == files.pdf()
    # Bob is not addressed: the notice, and so its link, never reaches him.
    assert await titles(gql, world.tokens["bob"]) == []
    assert (await gql(NODE, {"id": notice_id}, token=world.tokens["bob"]))["data"]["node"] is None


async def test_i12_1_publishing_is_one_event_and_no_row_per_graduate(world, gql):
    admin = world.tokens["admin"]
    small = await draft(gql, admin, "院系通知")
    large = await draft(gql, admin, "全校通知")
    costs = []
    for notice_id in (small, large):
        with statements() as seen:
            assert (await call(gql, PUBLISH, admin, id=notice_id))["errors"] == []
        costs.append(len(seen))
        for n in range(40):  # the school grows between the two
            await factories.graduate(world.school, world.cs, world.cs_major, student_number=f"N{n:04d}-{notice_id}",
                                     idn=factories.id_number(serial=100 + n + 40 * len(costs)))
    assert costs[0] == costs[1], "publishing to 2 or 42 graduates costs the same statements"
    events = await OutboxEvent.filter(kind=EventKind.NOTICE_PUBLISHED.value).order_by("id")
    assert [(e.school_id, e.payload["title"]) for e in events] == [(world.school.id, "院系通知"),
                                                                   (world.school.id, "全校通知")]
    assert await inbox.fan_out_pending() == 2
    assert not await Notification.filter(kind=EventKind.NOTICE_PUBLISHED.value).exists()
    assert not await Delivery.filter(kind=EventKind.NOTICE_PUBLISHED.value).exists()
    # The graduates' list is their inbox for notices: a page costs the same statements whatever its size.
    graduate = factories.token(Role.GRADUATE, world.alice)
    for n in range(30):
        await published(gql, admin, f"通知{n}")
    page_costs = []
    for size in (2, 30):
        with statements() as seen:
            r = await gql(MINE, {"first": size}, token=graduate)
            assert len(r["data"]["myNotices"]["edges"]) == size
        page_costs.append(len(seen))
    assert page_costs[0] == page_costs[1]


def test_i12_1_every_kind_renders_on_every_channel():
    """Inbox, SMS, email and the WeChat keywords of every kind, the new notice kind among them."""
    assert EventKind.NOTICE_PUBLISHED in SAMPLES
    for kind, (payload, _) in SAMPLES.items():
        loaded = outbox.loaded(kind, outbox.stored(payload))
        message = templates.render(kind, loaded)
        assert message.title and message.body and message.sms, kind
        assert len(message.sms) <= 70 or kind is EventKind.RECORD_CHANGED, (kind, message.sms)
        assert templates.render_email(kind, loaded).subject.startswith("【网签平台】")
        for keyword in templates.keywords(kind, loaded):
            value = templates.keyword_value(keyword)
            assert value and len(value) <= templates.KEYWORD_LIMITS[keyword.type], (kind, keyword, value)
