"""Issue 12 §3: the graduate's job intentions (求职意向) and the open positions that match them (求职意向职位),
with each new match announced once, through the mini-program's and the employer SPA's operations."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from models import (
    Agreement,
    AuditEntry,
    Delivery,
    Graduate,
    JobIntention,
    JobIntentionCategory,
    JobIntentionLocation,
    Notification,
    OutboxEvent,
    Position,
    PositionMatchAnnouncement,
)
from notifications import inbox
from resolvers.intentions import announce
from server.clock import today
from tests import factories
from tests.sql_statements import statements

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


def op(path: str) -> str:
    return (OPS / path).read_text()


SET = op("mini-program/SetJobIntentions.graphql")
MINE = op("mini-program/MyJobIntentions.graphql")
MATCHING = op("mini-program/MyMatchingPositions.graphql")
PREFERENCES = op("mini-program/UpdateNotificationPreferences.graphql")
CREATE = op("employer-spa/CreatePosition.graphql")
UPDATE = op("employer-spa/UpdatePosition.graphql")
CLOSE = op("employer-spa/ClosePosition.graphql")
REOPEN = op("employer-spa/ReopenPosition.graphql")
MATCHED = "position.matched"


async def call(gql, query, token, **input):
    r = await gql(query, {"input": input}, token=token)
    assert "errors" not in r, r
    return next(iter(r["data"].values()))


async def set_intentions(gql, token, categories=(), locations=(), floor=None):
    r = await call(gql, SET, token, categories=list(categories), locationCodes=list(locations), salaryFloor=floor)
    assert r["errors"] == [], r
    return r


async def publish(gql, token, title, *, category="软件开发", location="340104", salary=(6000, 9000), **extra):
    values = {"title": title, "category": category, "locationCode": location, "locationName": f"地点{location}",
              "salaryMin": salary[0], "salaryMax": salary[1], "headcount": 1, "description": "", **extra}
    r = await call(gql, CREATE, token, **values)
    assert r["errors"] == [], r
    return r["position"]["id"]


async def matching(gql, token, **variables):
    r = await gql(MATCHING, variables, token=token)
    assert "errors" not in r, r
    return r["data"]["myMatchingPositions"]


async def titles(gql, token):
    return [e["node"]["title"] for e in (await matching(gql, token, first=100))["edges"]]


def matched_events(graduate_id=None):
    qs = OutboxEvent.filter(kind=MATCHED)
    return qs.filter(graduate_id=graduate_id) if graduate_id else qs


async def test_i12_3_positions_matching_categories_city_and_salary_floor_are_listed_newest_first(world, gql):
    employer, alice = world.tokens["employer"], world.tokens["alice"]
    await set_intentions(gql, alice, ["软件开发", "测试"], ["340100"], 8000)  # 合肥市
    await publish(gql, employer, "蜀山区后端", location="340104", salary=(6000, 9000))
    await publish(gql, employer, "南京后端", location="320102")
    await publish(gql, employer, "柜员", category="金融")
    await publish(gql, employer, "低薪后端", salary=(4000, 7000))
    await publish(gql, employer, "高新区测试（面议）", category="测试", location="340111", salary=(None, None))
    await publish(gql, employer, "只写下限", salary=(5000, None))
    closed = await publish(gql, employer, "已关闭的后端")
    assert (await call(gql, CLOSE, employer, id=closed, reason="招满了"))["errors"] == []
    expired = await factories.position(world.employer, title="已过截止日期", location_code="340104",
                                       deadline=today() - dt.timedelta(days=1))
    assert expired.id
    assert await titles(gql, alice) == ["只写下限", "高新区测试（面议）", "蜀山区后端"]
    r = await gql(MINE, token=alice)
    assert r["data"]["myJobIntentions"] == {"categories": ["软件开发", "测试"], "locationCodes": ["340100"],
                                            "salaryFloor": 8000}
    # The province code covers every city under it; a district only itself.
    await set_intentions(gql, alice, ["软件开发"], ["340000"])
    assert "低薪后端" in await titles(gql, alice)
    await set_intentions(gql, alice, [], ["340111"])
    assert await titles(gql, alice) == ["高新区测试（面议）"]


async def test_i12_3_graduate_sees_only_their_own_intentions_and_matches(world, gql, refusal):
    await set_intentions(gql, world.tokens["alice"], ["软件开发"], ["340104"])
    await publish(gql, world.tokens["employer"], "后端")
    assert await titles(gql, world.tokens["alice"]) == ["后端"]
    assert await titles(gql, world.tokens["bob"]) == []
    assert (await gql(MINE, token=world.tokens["bob"]))["data"]["myJobIntentions"] is None
    for who in ("employer", "admin"):
        r = await gql(MATCHING, {}, token=world.tokens[who])
        assert r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED", r
        r = await call(gql, SET, world.tokens[who], categories=["软件开发"], locationCodes=[])
        assert [e["code"] for e in r["errors"]] == ["PERMISSION_DENIED"]
    assert await JobIntention.filter(graduate_id=world.bob.id).count() == 0


async def test_i12_3_invalid_intentions_are_refused_field_by_field_and_nothing_is_saved(world, gql):
    alice = world.tokens["alice"]
    r = await call(gql, SET, alice, categories=["软件开发", " ", "很" * 65], locationCodes=["340104", "12345"],
                   salaryFloor=-1)
    assert {(tuple(e["field"]), e["code"]) for e in r["errors"]} == {
        (("categories", "1"), "REQUIRED"), (("categories", "2"), "INVALID_INPUT"),
        (("locationCodes", "1"), "INVALID_REGION"), (("salaryFloor",), "INVALID_INPUT")}, r
    assert all(e["message"] for e in r["errors"])
    r = await call(gql, SET, alice, categories=[f"类别{i}" for i in range(11)], locationCodes=[])
    assert [(e["field"], e["code"], e["message"]) for e in r["errors"]] == [
        (["categories"], "INVALID_INPUT", "职位类别最多选择 10 个")]
    assert not await JobIntention.exists() and not await JobIntentionCategory.exists()
    assert not await AuditEntry.filter(action="job_intentions.set").exists()


async def test_i12_3_setting_intentions_is_audited_and_duplicates_collapse(world, gql):
    alice = world.tokens["alice"]
    r = await set_intentions(gql, alice, ["软件开发", " 软件开发 "], ["340104", "340104"], 5000)
    assert r["intentions"] == {"categories": ["软件开发"], "locationCodes": ["340104"], "salaryFloor": 5000}
    await set_intentions(gql, alice, ["测试"], [])
    entries = await AuditEntry.filter(action="job_intentions.set").order_by("id")
    assert [(e.actor_kind, e.actor_id, e.subject_id, e.school_id) for e in entries] == [
        ("graduate", world.alice.id, world.alice.id, world.school.id)] * 2
    assert entries[1].before == {"categories": ["软件开发"], "locationCodes": ["340104"], "salaryFloor": 5000}
    assert entries[1].after == {"categories": ["测试"], "locationCodes": [], "salaryFloor": None}
    # Setting nothing removes the intentions: no page, no more pushes.
    r = await set_intentions(gql, alice)
    assert r["intentions"] is None
    assert not await JobIntention.exists() and not await JobIntentionLocation.exists()


async def test_i12_3_a_new_matching_position_is_announced_once_even_when_reopened(world, gql):
    employer = world.tokens["employer"]
    await set_intentions(gql, world.tokens["alice"], ["软件开发"], ["340100"])
    await set_intentions(gql, world.tokens["bob"], ["金融"], [])
    position = await publish(gql, employer, "Java 开发工程师")
    [event] = await matched_events()
    assert (event.graduate_id, event.subject_type) == (world.alice.id, "position")
    assert event.payload["positionTitle"] == "Java 开发工程师" and event.payload["count"] == 1
    assert await call(gql, CLOSE, employer, id=position, reason="暂停")
    assert (await call(gql, REOPEN, employer, id=position))["errors"] == []
    assert (await call(gql, UPDATE, employer, id=position, salaryMax=9500))["errors"] == []
    assert await matched_events().count() == 1
    # The graduate reads it in their inbox, fanned out like every other event.
    await inbox.fan_out_pending()
    [row] = await Notification.filter(kind=MATCHED)
    assert (row.recipient_kind, row.recipient_id) == ("graduate", world.alice.id)
    assert "Java 开发工程师" in row.body and world.employer.name in row.body
    # An edit that makes it match bob's intentions announces it to him, once.
    assert (await call(gql, UPDATE, employer, id=position, category="金融"))["errors"] == []
    assert (await call(gql, UPDATE, employer, id=position, title="金融分析师"))["errors"] == []
    assert [e.graduate_id for e in await matched_events().order_by("id")] == [world.alice.id, world.bob.id]


async def test_i12_3_changing_intentions_announces_open_matches_as_one_summary(world, gql):
    employer, alice = world.tokens["employer"], world.tokens["alice"]
    for title in ("后端一", "后端二", "后端三"):
        await publish(gql, employer, title)
    await publish(gql, employer, "柜员", category="金融")
    r = await set_intentions(gql, alice, ["软件开发"], ["340104"])
    assert r["newMatches"] == 3
    [event] = await matched_events(world.alice.id)
    assert event.payload["count"] == 3 and event.payload["positionTitle"] == "后端三"
    # Saving again, or widening to what was already announced, announces nothing more.
    assert (await set_intentions(gql, alice, ["软件开发"], ["340104"]))["newMatches"] == 0
    assert (await set_intentions(gql, alice, ["软件开发", "金融"], ["340104"]))["newMatches"] == 1
    assert await matched_events(world.alice.id).count() == 2
    await inbox.fan_out_pending()
    rows = Notification.filter(recipient_id=world.alice.id, kind=MATCHED).order_by("sequence")
    titles_ = await rows.values_list("title", flat=True)
    assert titles_ == ["有 3 个职位符合你的求职意向", "有新职位符合你的求职意向"]


async def test_i12_3_the_graduates_preferences_choose_the_channels(world, gql):
    await set_intentions(gql, world.tokens["alice"], ["软件开发"], [])
    await set_intentions(gql, world.tokens["bob"], ["软件开发"], [])
    r = await call(gql, PREFERENCES, world.tokens["bob"], preferences=[
        {"kind": MATCHED, "channel": "WECHAT_SUBSCRIBE", "enabled": False},
        {"kind": MATCHED, "channel": "SMS", "enabled": True}])
    assert r["errors"] == [], r
    await publish(gql, world.tokens["employer"], "后端")
    await inbox.fan_out_pending()
    planned = {(d.recipient_id, d.channel) for d in await Delivery.filter(kind=MATCHED)}
    assert planned == {(world.alice.id, "wechat_subscribe"), (world.bob.id, "sms")}


async def _graduates_with_intentions(world, count: int, start: int) -> None:
    """Volume: graduates and their intentions in bulk (alice's were set through the API)."""
    graduates = [Graduate(school=world.school, department=world.cs, major=world.cs_major, graduation_year=2026,
                          education_level="31", student_number=f"V{start + i:08d}", name="批量同学", gender="1",
                          id_number_enc="", id_number_hash=f"h{start + i}", origin_region_code="340104",
                          origin_region_name="安徽省合肥市蜀山区", must_change_password=False)
                 for i in range(count)]
    await Graduate.bulk_create(graduates)
    ids = await Graduate.filter(student_number__startswith="V").order_by("-id").limit(count).values_list(
        "id", flat=True)
    await JobIntention.bulk_create([JobIntention(graduate_id=i) for i in ids])
    await JobIntentionCategory.bulk_create([JobIntentionCategory(graduate_id=i, category="软件开发") for i in ids])
    await JobIntentionLocation.bulk_create([JobIntentionLocation(graduate_id=i, region_code="340100", prefix="3401")
                                            for i in ids])


async def test_i12_3_a_position_matching_thousands_is_announced_in_a_fixed_number_of_statements(world, gql):
    employer = world.tokens["employer"]
    await set_intentions(gql, world.tokens["alice"], ["软件开发"], ["340100"])
    await _graduates_with_intentions(world, 10, 0)
    with statements() as few:
        await publish(gql, employer, "后端一")
    await _graduates_with_intentions(world, 2000, 100)
    with statements() as many:
        await publish(gql, employer, "后端二")
    assert len(few) == len(many), (few, many)
    assert await matched_events().count() == 11 + 2011
    assert await PositionMatchAnnouncement.filter(position_id=(await Position.get(title="后端二")).id
                                                  ).count() == 2011


async def test_i12_3_matching_positions_at_20000_answers_with_a_fixed_number_of_statements(world, gql):
    alice = world.tokens["alice"]
    await set_intentions(gql, alice, ["软件开发"], ["340100"], 5000)
    other = await factories.employer("合肥另一家科技有限公司", login_name="another")
    employers = [world.employer, other]
    await Position.bulk_create([
        Position(employer=employers[i % 2], title=f"职位{i}", category="软件开发" if i % 3 else "金融",
                 location_code="340104" if i % 5 else "320102", location_name="", salary_min=3000,
                 salary_max=9000 if i % 7 else 4000, state="open")
        for i in range(20_000)], batch_size=2000)
    counts = {}
    for size in (10, 100):
        with statements() as seen:
            page = await matching(gql, alice, first=size)
        assert len(page["edges"]) == size and page["pageInfo"]["hasNextPage"]
        assert {e["node"]["employer"]["name"] for e in page["edges"]} == {world.employer.name, other.name}
        counts[size] = len(seen)
    assert counts[10] == counts[100], counts
    # The next page carries on from the cursor, still newest first and still matching.
    first = await matching(gql, alice, first=100)
    second = await matching(gql, alice, first=100, after=first["pageInfo"]["endCursor"])
    ids = [e["node"]["id"] for e in first["edges"] + second["edges"]]
    assert len(set(ids)) == 200
    titles_ = [int(e["node"]["title"].removeprefix("职位")) for e in first["edges"] + second["edges"]]
    assert titles_ == sorted(titles_, reverse=True)
    assert all(i % 3 and i % 5 and i % 7 for i in titles_)


@pytest.mark.postgres_only
async def test_i12_3_two_workers_announcing_one_position_tell_each_graduate_once(world, gql):
    await set_intentions(gql, world.tokens["alice"], ["软件开发"], [])
    await set_intentions(gql, world.tokens["bob"], ["软件开发"], [])
    position = await factories.position(world.employer)  # written without announcing

    async def worker():
        async with in_transaction():
            await announce.for_position(position)
            await asyncio.sleep(0.05)  # hold the transaction open so the other worker's claim overlaps it

    await asyncio.gather(*(worker() for _ in range(6)))
    assert sorted(await matched_events().values_list("graduate_id", flat=True)) == sorted(
        [world.alice.id, world.bob.id])
    assert await PositionMatchAnnouncement.all().count() == 2


@pytest.mark.postgres_only
async def test_i12_3_racing_saves_of_one_graduates_intentions_leave_one_whole_set(world, gql):
    sets = [([f"类别{i}", f"类别{i}乙"], ["340100"] if i % 2 else ["320000"]) for i in range(8)]
    results = await asyncio.gather(*(
        call(gql, SET, world.tokens["alice"], categories=c, locationCodes=p) for c, p in sets))
    assert all(r["errors"] == [] for r in results), results
    assert await JobIntention.filter(graduate_id=world.alice.id).count() == 1
    r = (await gql(MINE, token=world.tokens["alice"]))["data"]["myJobIntentions"]
    assert (r["categories"], r["locationCodes"]) in sets
    assert await AuditEntry.filter(action="job_intentions.set").count() == 8


async def test_i12_3_matches_listed_are_the_ones_announced(world, gql):
    """The page and the announcement use one SQL condition: what a graduate is told matches is what they see."""
    employer = world.tokens["employer"]
    await set_intentions(gql, world.tokens["alice"], ["软件开发", "测试"], ["340100", "320102"], 7000)
    specs = [("软件开发", "340104", (6000, 9000)), ("测试", "320102", (None, None)),
             ("金融", "340104", (9000, 9999)), ("软件开发", "310101", (8000, 9000)),
             ("测试", "340111", (3000, 6000)), ("软件开发", "340121", (5000, None))]
    for i, (category, location, salary) in enumerate(specs):
        await publish(gql, employer, f"职位{i}", category=category, location=location, salary=salary)
    announced = await Position.filter(
        id__in=await matched_events(world.alice.id).values_list("subject_id", flat=True)).values_list("title",
                                                                                                     flat=True)
    assert sorted(announced, reverse=True) == await titles(gql, world.tokens["alice"]) == ["职位5", "职位1", "职位0"]




async def test_i12_3_a_graduate_bound_by_an_agreement_gets_no_pushes_until_it_no_longer_binds(world, gql):
    """Signed (awaiting review, then approved): no more announcements, though the page still lists the matches;
    once the agreement no longer binds (alice's terminated, bob's rejected by the school) new matches are
    announced again (docs/rules.md, Job intentions)."""
    employer = world.tokens["employer"]
    for who in ("alice", "bob"):
        await set_intentions(gql, world.tokens[who], ["软件开发"], [])
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    _, bob_review = await factories.signed_agreement(world.bob, world.employer, title="测试工程师")

    await publish(gql, employer, "签约后的后端")
    assert await matched_events().count() == 0
    assert await titles(gql, world.tokens["alice"]) == ["签约后的后端"]  # the list still shows it
    # Saving intentions again announces nothing either, not even as a summary.
    assert (await set_intentions(gql, world.tokens["alice"], ["软件开发", "测试"], []))["newMatches"] == 0

    await factories.approve(review)
    await factories.decide(bob_review, "reject", reason="单位名称有误")
    await publish(gql, employer, "审核后的后端")
    assert [e.graduate_id for e in await matched_events()] == [world.bob.id]

    _, termination_review = await factories.termination(await Agreement.get(id=agreement.id))
    await factories.approve(termination_review)
    await publish(gql, employer, "解约后的后端")
    assert sorted(e.graduate_id for e in await matched_events()) == sorted([world.bob.id, world.alice.id,
                                                                             world.bob.id])
    # The positions that opened while bound are announced once the graduate changes their intentions again.
    assert (await set_intentions(gql, world.tokens["alice"], ["软件开发"], []))["newMatches"] == 2
