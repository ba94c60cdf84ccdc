"""Issue 12 §2: campus job fairs. The school publishes a fair, employers apply to attend with their positions and
the school decides, graduates of the school browse the fairs with their exhibitors and register for a seat, and
are reminded before it starts; through the console's, the employer SPA's and the mini-program's operations."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
from pathlib import Path

import httpx
import pytest

from models import AuditEntry, FairRegistration, Graduate, JobFair, OutboxEvent
from resolvers.fairs import reminders
from resolvers.outbox import EventKind
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests.live_server import free_port, start_server, wait_healthy
from tests.sql_statements import statements

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


def op(path: str) -> str:
    return (OPS / path).read_text()


CREATE = op("console/CreateJobFair.graphql")
UPDATE = op("console/UpdateJobFair.graphql")
PUBLISH = op("console/PublishJobFair.graphql")
CANCEL = op("console/CancelJobFair.graphql")
APPROVE = op("console/ApproveFairApplication.graphql")
REJECT = op("console/RejectFairApplication.graphql")
MANAGED = op("console/JobFairs.graphql")
APPLICATIONS = op("console/FairApplications.graphql")
APPLY = op("employer-spa/ApplyToJobFair.graphql")
OPEN_FAIRS = op("employer-spa/OpenJobFairs.graphql")
MY_APPLICATIONS = op("employer-spa/MyFairApplications.graphql")
MINE = op("mini-program/MyJobFairs.graphql")
NODE = op("mini-program/JobFair.graphql")
REGISTER = op("mini-program/RegisterForJobFair.graphql")
UNREGISTER = op("mini-program/CancelFairRegistration.graphql")

NOW = dt.datetime(2026, 10, 9, 1, 0, tzinfo=dt.UTC)


async def call(gql, query, token, **input):
    r = await gql(query, {"input": input}, token=token)
    assert "errors" not in r, r
    return next(iter(r["data"].values()))


def codes(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


def fair_input(title="2027届秋季校园双选会", *, days=7, **extra):
    starts = NOW + dt.timedelta(days=days)
    return {"title": title, "description": "百余家单位参会", "mode": "ONSITE", "place": "体育馆一楼",
            "startsAt": starts.isoformat(), "endsAt": (starts + dt.timedelta(hours=4)).isoformat(),
            "capacity": 100, **extra}


async def published_fair(gql, token, title="2027届秋季校园双选会", **extra):
    r = await call(gql, CREATE, token, **fair_input(title, **extra))
    assert r["errors"] == [], r
    r = await call(gql, PUBLISH, token, id=r["fair"]["id"])
    assert r["errors"] == [] and r["fair"]["state"] == "PUBLISHED", r
    return r["fair"]["id"]


async def applied(gql, token, fair_id, positions):
    r = await call(gql, APPLY, token, fairId=fair_id, positionIds=[encode_id("Position", p.id) for p in positions])
    assert r["errors"] == [], r
    return r["application"]["id"]


async def test_i12_2_school_admin_creates_edits_publishes_and_other_schools_see_nothing(world, gql, clock):
    clock.set(NOW)
    admin = world.tokens["admin"]
    http = await call(gql, CREATE, admin, **fair_input(mode="ONLINE", link="http://meeting.example.com/1"))
    assert codes(http) == [(["link"], "INVALID_FORMAT")]
    backwards = await call(gql, CREATE, admin, **fair_input(endsAt=NOW.isoformat()))
    assert (["endsAt"], "INVALID_INPUT") in codes(backwards)
    no_place = await call(gql, CREATE, admin, **fair_input(place=""))
    assert codes(no_place) == [(["place"], "REQUIRED")]
    past = await call(gql, CREATE, admin, **fair_input(days=-1))
    assert (["startsAt"], "INVALID_INPUT") in codes(past)
    # Fairs are the school's: a department reviewer reads them but does not create them (docs/rules.md).
    refused = await call(gql, CREATE, world.tokens["cs"], **fair_input())
    assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
    assert not await JobFair.exists()

    online = await call(gql, CREATE, admin, **fair_input(mode="ONLINE", link="https://meeting.example.com/1",
                                                         boothLimit=30))
    assert online["errors"] == [] and online["fair"]["place"] == "" and online["fair"]["state"] == "DRAFT"
    fair_id = online["fair"]["id"]
    # Not published yet: graduates and employers do not see it.
    assert (await gql(MINE, token=world.tokens["alice"]))["data"]["myJobFairs"]["edges"] == []
    assert (await gql(OPEN_FAIRS, token=world.tokens["employer"]))["data"]["openJobFairs"]["edges"] == []
    assert (await gql(NODE, {"id": fair_id}, token=world.tokens["alice"]))["data"]["node"] is None
    edited = await call(gql, UPDATE, admin, id=fair_id, capacity=200, title="2027届线上双选会")
    assert edited["errors"] == [] and edited["fair"]["capacity"] == 200
    published = await call(gql, PUBLISH, admin, id=fair_id)
    assert published["fair"]["allowedActions"] == ["cancel"]

    # Another school's staff: not in their list, not readable, not changeable (existence not disclosed).
    assert (await gql(MANAGED, token=world.tokens["other_admin"]))["data"]["jobFairs"]["totalCount"] == 0
    for token in ("other_admin", "carol", "province"):
        assert (await gql(NODE, {"id": fair_id}, token=world.tokens[token]))["data"]["node"] is None, token
    assert [e["code"] for e in (await call(gql, CANCEL, world.tokens["other_admin"], id=fair_id,
                                           reason="误操作"))["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in (await call(gql, UPDATE, world.tokens["other_admin"], id=fair_id,
                                           capacity=1))["errors"]] == ["NOT_FOUND"]
    # The school's department reviewer reads it.
    listed = (await gql(MANAGED, token=world.tokens["cs"]))["data"]["jobFairs"]
    assert [e["node"]["title"] for e in listed["edges"]] == ["2027届线上双选会"]
    assert listed["edges"][0]["node"]["allowedActions"] == []

    actions = [e.action for e in await AuditEntry.filter(subject_type="job_fair").order_by("id")]
    assert actions == ["job_fair.created", "job_fair.updated", "job_fair.published"]


async def test_i12_2_employer_applies_with_own_open_positions_and_the_school_decides(world, gql, clock):
    clock.set(NOW)
    admin, employer = world.tokens["admin"], world.tokens["employer"]
    fair_id = await published_fair(gql, admin, boothLimit=1)
    mine = await factories.position(world.employer, title="Java 开发工程师")
    closed = await factories.position(world.employer, title="测试工程师", state="closed")
    rival = await factories.employer("芜湖小微科技有限公司", login_name="xiaowei")
    theirs = await factories.position(rival, title="运维工程师")
    rival_token = factories.token(Role.EMPLOYER, rival)

    open_fairs = (await gql(OPEN_FAIRS, token=employer))["data"]["openJobFairs"]
    assert [e["node"]["id"] for e in open_fairs["edges"]] == [fair_id]
    other = await call(gql, APPLY, employer, fairId=fair_id, positionIds=[encode_id("Position", theirs.id)])
    assert codes(other) == [(["positionIds"], "NOT_FOUND")]
    shut = await call(gql, APPLY, employer, fairId=fair_id, positionIds=[encode_id("Position", closed.id)])
    assert codes(shut) == [(["positionIds"], "POSITION_CLOSED")]
    application_id = await applied(gql, employer, fair_id, [mine])
    again = await call(gql, APPLY, employer, fairId=fair_id, positionIds=[encode_id("Position", mine.id)])
    assert codes(again) == [(["fairId"], "FAIR_ALREADY_APPLIED")]
    rival_application = await applied(gql, rival_token, fair_id, [theirs])

    # Each employer lists only its own applications, and cannot read the other's.
    own = (await gql(MY_APPLICATIONS, token=employer))["data"]["myFairApplications"]
    assert [e["node"]["id"] for e in own["edges"]] == [application_id]
    assert own["edges"][0]["node"]["positions"] == [{"id": encode_id("Position", mine.id),
                                                     "title": "Java 开发工程师", "state": "OPEN"}]
    peek = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": rival_application}, token=employer)
    assert peek["data"]["node"] is None
    # Staff of the school see both; another school's staff see none of them.
    queue = (await gql(APPLICATIONS, {"fairId": fair_id}, token=admin))["data"]["fairApplications"]
    assert queue["totalCount"] == 2
    hidden = await gql(APPLICATIONS, {"fairId": fair_id}, token=world.tokens["other_admin"])
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert [e["code"] for e in (await call(gql, APPROVE, world.tokens["other_admin"],
                                           id=application_id))["errors"]] == ["NOT_FOUND"]

    unexplained = await call(gql, REJECT, admin, id=rival_application, reason="  ")
    assert codes(unexplained) == [(["reason"], "REASON_REQUIRED")]
    approved = await call(gql, APPROVE, admin, id=application_id)
    assert approved["errors"] == [] and approved["application"]["state"] == "APPROVED"
    # One booth: the second approval is refused, and the school rejects it with a reason instead.
    full = await call(gql, APPROVE, admin, id=rival_application)
    assert [e["code"] for e in full["errors"]] == ["FAIR_BOOTHS_FULL"]
    rejected = await call(gql, REJECT, admin, id=rival_application, reason="展位已满")
    assert rejected["application"]["state"] == "REJECTED" and rejected["application"]["reason"] == "展位已满"

    decided = await OutboxEvent.filter(kind=EventKind.FAIR_APPLICATION_DECIDED.value).order_by("id")
    assert [(e.employer_id, e.payload["decision"], e.payload["reason"]) for e in decided] == [
        (world.employer.id, "approve", ""), (rival.id, "reject", "展位已满")]
    actions = [e.action for e in await AuditEntry.filter(subject_type="fair_application").order_by("id")]
    assert actions == ["fair_application.submitted", "fair_application.submitted", "fair_application.approved",
                       "fair_application.rejected"]


async def test_i12_2_graduates_page_their_school_fairs_with_exhibitors_at_fixed_sql_cost(world, gql, clock):
    clock.set(NOW)
    admin = world.tokens["admin"]
    ids = []
    for i in range(5):
        ids.append(await published_fair(gql, admin, f"招聘会{i}", days=10 - i))  # the last created starts first
    await published_fair(gql, world.tokens["other_admin"], "外校招聘会")
    employers = [await factories.employer(f"参会单位{i}", login_name=f"exhibitor{i}") for i in range(5)]
    for i, e in enumerate(employers):
        positions = [await factories.position(e, title=f"岗位{i}-{k}") for k in range(2)]
        app_id = await applied(gql, factories.token(Role.EMPLOYER, e), ids[i], positions)
        assert (await call(gql, APPROVE, admin, id=app_id))["errors"] == []

    alice = world.tokens["alice"]
    first = (await gql(MINE, {"first": 2}, token=alice))["data"]["myJobFairs"]
    assert [e["node"]["title"] for e in first["edges"]] == ["招聘会4", "招聘会3"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    node = first["edges"][0]["node"]
    assert node["exhibitors"] == [{"employer": {"id": encode_id("Employer", employers[4].id), "name": "参会单位4"},
                                   "positions": [
                                       {"id": encode_id("Position", p.id), "title": p.title, "salaryMin": 6000,
                                        "salaryMax": 9000, "headcount": 3}
                                       for p in await employers[4].positions.all().order_by("id")]}]
    rest = (await gql(MINE, {"first": 10, "after": first["pageInfo"]["endCursor"]}, token=alice))["data"]
    assert [e["node"]["title"] for e in rest["myJobFairs"]["edges"]] == ["招聘会2", "招聘会1", "招聘会0"]
    # Graduates of another school see only theirs.
    carol = (await gql(MINE, token=world.tokens["carol"]))["data"]["myJobFairs"]
    assert [e["node"]["title"] for e in carol["edges"]] == ["外校招聘会"]

    # A page costs the same statements for one fair as for five, exhibitors, positions and registrations included.
    with statements() as one:
        r = await gql(MINE, {"first": 1}, token=alice)
    assert len(r["data"]["myJobFairs"]["edges"]) == 1
    with statements() as five:
        r = await gql(MINE, {"first": 5}, token=alice)
    assert len(r["data"]["myJobFairs"]["edges"]) == 5
    assert len(one) == len(five), (one, five)


async def test_i12_2_fair_registration_stops_at_capacity(world, gql, clock):
    clock.set(NOW)
    fair_id = await published_fair(gql, world.tokens["admin"], capacity=1)
    alice, bob, carol = world.tokens["alice"], world.tokens["bob"], world.tokens["carol"]
    taken = await call(gql, REGISTER, alice, fairId=fair_id)
    assert taken["errors"] == [] and taken["registration"]["fair"]["seatsLeft"] == 0
    assert codes(await call(gql, REGISTER, alice, fairId=fair_id)) == [(["fairId"], "FAIR_ALREADY_REGISTERED")]
    full = await call(gql, REGISTER, bob, fairId=fair_id)
    assert [(e["code"], e["message"]) for e in full["errors"]] == [
        ("FAIR_FULL", "「2027届秋季校园双选会」报名人数已满（1 人）")]
    # Another school's graduate: the fair does not exist for them.
    assert codes(await call(gql, REGISTER, carol, fairId=fair_id)) == [(["fairId"], "NOT_FOUND")]
    # A seat given back is free for the next.
    freed = await call(gql, UNREGISTER, alice, fairId=fair_id)
    assert freed["registration"]["state"] == "CANCELLED" and freed["registration"]["fair"]["seatsLeft"] == 1
    assert (await call(gql, REGISTER, bob, fairId=fair_id))["errors"] == []
    assert [e["code"] for e in (await call(gql, REGISTER, alice, fairId=fair_id))["errors"]] == ["FAIR_FULL"]
    # The capacity cannot be lowered under the registrations.
    lowered = await call(gql, UPDATE, world.tokens["admin"], id=fair_id, capacity=0)
    assert [e["code"] for e in lowered["errors"]] == ["OUT_OF_RANGE"]
    # Each graduate sees their own registration, not another's.
    mine = (await gql(NODE, {"id": fair_id}, token=alice))["data"]["node"]
    assert mine["myRegistration"]["state"] == "CANCELLED"
    registered = await gql(MINE, {"filter": {"registeredOnly": True}}, token=bob)
    assert [e["node"]["myRegistration"]["state"] for e in registered["data"]["myJobFairs"]["edges"]] == ["REGISTERED"]
    registration = await FairRegistration.get(graduate_id=world.bob.id)
    for token in ("alice", "other_admin", "employer"):
        peek = await gql("query($id: ID!) { node(id: $id) { id } }",
                         {"id": encode_id("FairRegistration", registration.id)}, token=world.tokens[token])
        assert peek["data"]["node"] is None, token
    assert (await JobFair.get()).registered_count == 1
    actions = [e.action for e in await AuditEntry.filter(subject_type="fair_registration").order_by("id")]
    assert actions == ["fair_registration.created", "fair_registration.cancelled", "fair_registration.created"]


async def test_i12_2_no_registering_once_started_or_cancelled_and_cancellation_tells_everyone(world, gql, clock):
    clock.set(NOW)
    admin = world.tokens["admin"]
    started = await published_fair(gql, admin, "已开始的招聘会", days=1)
    fair_id = await published_fair(gql, admin, days=3)
    application_id = await applied(gql, world.tokens["employer"], fair_id,
                                   [await factories.position(world.employer)])
    await call(gql, APPROVE, admin, id=application_id)
    assert (await call(gql, REGISTER, world.tokens["alice"], fairId=fair_id))["errors"] == []
    assert (await call(gql, REGISTER, world.tokens["bob"], fairId=fair_id))["errors"] == []
    assert (await call(gql, UNREGISTER, world.tokens["bob"], fairId=fair_id))["errors"] == []

    clock.set(NOW + dt.timedelta(days=1, minutes=1))
    late = await call(gql, REGISTER, world.tokens["alice"], fairId=started)
    assert [(e["code"], e["message"]) for e in late["errors"]] == [("FAIR_STARTED", "招聘会已开始或已结束，不能报名")]

    assert codes(await call(gql, CANCEL, admin, id=fair_id, reason="")) == [(["reason"], "REASON_REQUIRED")]
    cancelled = await call(gql, CANCEL, admin, id=fair_id, reason="台风预警，活动取消")
    assert cancelled["fair"]["state"] == "CANCELLED" and cancelled["fair"]["allowedActions"] == []
    refused = await call(gql, REGISTER, world.tokens["bob"], fairId=fair_id)
    assert [e["code"] for e in refused["errors"]] == ["INVALID_STATE"]
    assert [e["code"] for e in (await call(gql, UPDATE, admin, id=fair_id, capacity=5))["errors"]] == \
        ["INVALID_STATE"]
    # The registered graduate and the approved employer are told, each in their own event; bob had cancelled.
    told = await OutboxEvent.filter(kind=EventKind.FAIR_CANCELLED.value).order_by("id")
    assert [(e.graduate_id, e.employer_id) for e in told] == [(world.alice.id, None), (None, world.employer.id)]
    assert told[0].payload["reason"] == "台风预警，活动取消"
    # A cancelled fair leaves the graduates' list, but alice can still open it and read its state.
    titles = [e["node"]["title"] for e in (await gql(MINE, token=world.tokens["alice"]))["data"]["myJobFairs"]["edges"]]
    assert titles == ["已开始的招聘会"]
    node = (await gql(NODE, {"id": fair_id}, token=world.tokens["alice"]))["data"]["node"]
    assert node["state"] == "CANCELLED" and node["stateLabel"] == "已取消"


async def test_i12_2_reminder_once_per_registered_graduate_even_with_two_sweeps(world, gql, clock):
    clock.set(NOW)
    admin = world.tokens["admin"]
    soon = await published_fair(gql, admin, "明天的招聘会", days=2)
    later = await published_fair(gql, admin, "下周的招聘会", days=9)
    dave = await factories.graduate(world.school, world.cs, world.cs_major, name="王小军")
    for token in (world.tokens["alice"], world.tokens["bob"], factories.token(Role.GRADUATE, dave)):
        assert (await call(gql, REGISTER, token, fairId=soon))["errors"] == []
    assert (await call(gql, REGISTER, world.tokens["alice"], fairId=later))["errors"] == []
    assert (await call(gql, UNREGISTER, world.tokens["bob"], fairId=soon))["errors"] == []

    # Outside the 24 hours before the start: nothing yet.
    assert await reminders.remind_due(NOW) == 0
    clock.set(NOW + dt.timedelta(days=1, hours=1))  # 23 hours before the first fair
    # Two workers sweep at once: each registration is claimed once.
    counts = await asyncio.gather(reminders.remind_due(NOW + dt.timedelta(days=1, hours=1)),
                                  reminders.remind_due(NOW + dt.timedelta(days=1, hours=1)))
    assert sum(counts) == 2
    assert await reminders.remind_due(NOW + dt.timedelta(days=1, hours=2)) == 0
    sent = await OutboxEvent.filter(kind=EventKind.FAIR_REMINDER.value).order_by("graduate_id")
    assert sorted(e.graduate_id for e in sent) == sorted([world.alice.id, dave.id])
    assert {e.payload["fairTitle"] for e in sent} == {"明天的招聘会"}
    assert sent[0].payload["place"] == "体育馆一楼"
    assert await AuditEntry.filter(action="fair_registration.reminded").count() == 2


async def test_i12_2_reminder_window_follows_the_setting(world, gql, clock, monkeypatch):
    from server.settings import get_settings

    clock.set(NOW)
    fair_id = await published_fair(gql, world.tokens["admin"], days=2)
    assert (await call(gql, REGISTER, world.tokens["alice"], fairId=fair_id))["errors"] == []
    monkeypatch.setenv("WANGQIAN_FAIR_REMINDER_HOURS", "72")
    get_settings.cache_clear()
    try:
        assert await reminders.remind_due(NOW) == 1
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


async def _racers(world, count: int) -> list[Graduate]:
    return [await factories.graduate(world.school, world.cs, world.cs_major, name=f"同学{i}",
                                     student_number=f"R{i:04d}") for i in range(count)]


@pytest.mark.postgres_only
async def test_i12_2_graduates_racing_for_the_last_seat_across_two_processes_exactly_one_wins(world):
    """Capacity 3 with 2 seats taken: 40 graduates ask for the last one at once, through two server processes."""
    racers = await _racers(world, 42)
    now = dt.datetime.now(dt.UTC)
    fair = await JobFair.create(school_id=world.school.id, title="最后一个名额", mode="onsite", place="体育馆",
                                starts_at=now + dt.timedelta(days=3), ends_at=now + dt.timedelta(days=3, hours=3),
                                capacity=3, state="published", published_at=now, author_id=world.admin.id)
    ports = [free_port(), free_port()]
    servers = [start_server(p) for p in ports]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    body = {"query": REGISTER, "variables": {"input": {"fairId": encode_id("JobFair", fair.id)}}}
    try:
        limits = httpx.Limits(max_connections=len(racers), max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0), limits=limits) as client:
            await asyncio.wait_for(asyncio.gather(*(wait_healthy(client, b) for b in bases)), timeout=45)

            async def register(i: int, graduate: Graduate) -> dict:
                headers = {"Authorization": f"Bearer {factories.token(Role.GRADUATE, graduate)}"}
                r = await client.post(f"{bases[i % 2]}/graphql", json=body, headers=headers)
                assert r.status_code == 200, r.text
                return r.json()

            for i, graduate in enumerate(racers[:2]):
                assert (await register(i, graduate))["data"]["registerForJobFair"]["errors"] == []
            results = await asyncio.wait_for(asyncio.gather(
                *(register(i, g) for i, g in enumerate(racers[2:]))), timeout=55)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)

    assert not [r for r in results if "errors" in r]  # no GraphQL errors
    payloads = [r["data"]["registerForJobFair"] for r in results]
    winners = [p for p in payloads if p["errors"] == []]
    assert len(winners) == 1
    assert {p["errors"][0]["code"] for p in payloads if p["errors"]} == {"FAIR_FULL"}
    assert await FairRegistration.filter(fair_id=fair.id, state="registered").count() == 3
    assert (await JobFair.get(id=fair.id)).registered_count == 3
