"""Issue 12 §2, follow-up: the school's staff see who registered for a fair (a department reviewer only their
department's graduates, R2), and the school's admins are told when an employer applies to attend."""

from __future__ import annotations

from models import Delivery, Notification, OutboxEvent
from notifications import inbox
from resolvers.outbox import EventKind
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests.sql_statements import statements
from tests.test_i12_2_job_fairs import NOW, REGISTER, UNREGISTER, applied, call, op, published_fair

REGISTRATIONS = op("console/FairRegistrations.graphql")


async def registrations(gql, token, fair_id, **variables):
    r = await gql(REGISTRATIONS, {"fairId": fair_id, **variables}, token=token)
    assert "errors" not in r, r
    return r["data"]["fairRegistrations"]


async def test_i12_2_staff_list_a_fairs_registrations_within_their_scope(world, gql, clock):
    clock.set(NOW)
    fair_id = await published_fair(gql, world.tokens["admin"])
    dave = await factories.graduate(world.school, world.cs, world.cs_major, name="王小军", student_number="3220701009",
                                 idn=factories.id_number(serial=199))
    for token in (world.tokens["alice"], world.tokens["bob"], factories.token(Role.GRADUATE, dave)):
        assert (await call(gql, REGISTER, token, fairId=fair_id))["errors"] == []
    assert (await call(gql, UNREGISTER, world.tokens["bob"], fairId=fair_id))["errors"] == []

    everyone = await registrations(gql, world.tokens["admin"], fair_id)
    rows = [(e["node"]["graduate"]["name"], e["node"]["graduate"]["studentNumber"],
             e["node"]["graduate"]["department"]["name"], e["node"]["state"]) for e in everyone["edges"]]
    assert rows == [("陈晓明", "3220701001", "计算机与信息学院", "REGISTERED"),
                    ("周大伟", "3220301002", "人文学院", "CANCELLED"),
                    ("王小军", "3220701009", "计算机与信息学院", "REGISTERED")]
    assert everyone["totalCount"] == 3
    assert everyone["edges"][1]["node"]["cancelledAt"] is not None
    assert everyone["edges"][0]["node"]["registeredAt"].startswith("2026-10-09")
    # The school's own staff read the phone in full (B5), as on the graduate's record.
    assert everyone["edges"][0]["node"]["graduate"]["phone"] == "13905510001"
    registered = await registrations(gql, world.tokens["admin"], fair_id, filter={"state": "REGISTERED"})
    assert [e["node"]["graduate"]["name"] for e in registered["edges"]] == ["陈晓明", "王小军"]

    # A department reviewer: their own department's graduates only.
    cs = await registrations(gql, world.tokens["cs"], fair_id)
    assert [e["node"]["graduate"]["name"] for e in cs["edges"]] == ["陈晓明", "王小军"]
    law = await registrations(gql, world.tokens["law"], fair_id)
    assert [e["node"]["graduate"]["name"] for e in law["edges"]] == ["周大伟"]
    # Nor can the law reviewer open alice's registration by its id.
    alice_registration = cs["edges"][0]["node"]["id"]
    peek = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": alice_registration},
                     token=world.tokens["law"])
    assert peek["data"]["node"] is None
    # Pages follow the cursor.
    first = await registrations(gql, world.tokens["admin"], fair_id, first=2)
    assert first["pageInfo"]["hasNextPage"]
    rest = await registrations(gql, world.tokens["admin"], fair_id, first=2, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["graduate"]["name"] for e in rest["edges"]] == ["王小军"]
    assert not rest["pageInfo"]["hasNextPage"]
    too_many = await gql(REGISTRATIONS, {"fairId": fair_id, "first": 101}, token=world.tokens["admin"])
    assert too_many["errors"][0]["extensions"]["code"] == "INVALID_INPUT"

    # Another school's staff: the fair does not exist for them.
    hidden = await gql(REGISTRATIONS, {"fairId": fair_id}, token=world.tokens["other_admin"])
    assert hidden["data"] is None and hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for who in ("alice", "employer", "province"):
        refused = await gql(REGISTRATIONS, {"fairId": fair_id}, token=world.tokens[who])
        assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED", who


async def test_i12_2_a_page_of_registrations_costs_a_fixed_number_of_statements(world, gql, clock):
    clock.set(NOW)
    fair_id = await published_fair(gql, world.tokens["admin"])
    for i in range(6):
        department, major = (world.cs, world.cs_major) if i % 2 else (world.law, world.law_major)
        graduate = await factories.graduate(world.school, department, major, name=f"同学{i}",
                                            student_number=f"R{i:04d}", idn=factories.id_number(serial=200 + i))
        assert (await call(gql, REGISTER, factories.token(Role.GRADUATE, graduate), fairId=fair_id))["errors"] == []
    with statements() as one:
        page = await registrations(gql, world.tokens["admin"], fair_id, first=1)
    assert len(page["edges"]) == 1
    with statements() as five:
        page = await registrations(gql, world.tokens["admin"], fair_id, first=5)
    assert len(page["edges"]) == 5
    assert len({e["node"]["graduate"]["department"]["name"] for e in page["edges"]}) == 2
    assert len(one) == len(five), (one, five)


async def test_i12_2_the_schools_admins_are_told_when_an_employer_applies(world, gql, clock):
    clock.set(NOW)
    fair_id = await published_fair(gql, world.tokens["admin"], "2027届春季双选会")
    second_admin = await factories.staff("admin1b", Role.SCHOOL_ADMIN, school=world.school)
    positions = [await factories.position(world.employer, title=f"岗位{i}") for i in range(2)]
    application_id = await applied(gql, world.tokens["employer"], fair_id, positions)

    [event] = await OutboxEvent.filter(kind=EventKind.FAIR_APPLICATION_RECEIVED.value)
    assert (event.school_id, event.employer_id, event.graduate_id) == (world.school.id, None, None)
    assert encode_id("FairApplication", event.payload["applicationId"]) == application_id
    assert event.payload["employerName"] == world.employer.name and event.payload["positionCount"] == 2
    await inbox.fan_out_pending()
    rows = await Notification.filter(kind=EventKind.FAIR_APPLICATION_RECEIVED.value).order_by("recipient_id")
    # Both admins of the fair's school, in their inbox; not the department reviewers, nor the other school.
    assert [(r.recipient_kind, r.recipient_id) for r in rows] == [("staff", world.admin.id),
                                                                  ("staff", second_admin.id)]
    assert "2027届春季双选会" in rows[0].body and world.employer.name in rows[0].body
    assert "2 个职位" in rows[0].body
    # Staff are told in their inbox and the console only: no SMS, WeChat or email is planned.
    assert not await Delivery.filter(kind=EventKind.FAIR_APPLICATION_RECEIVED.value).exists()
    # The admin reads it through GraphQL.
    mine = await gql("{ myNotifications(first: 5) { edges { node { kind title } } } }", token=world.tokens["admin"])
    assert {"kind": "fair_application.received", "title": "收到招聘会参会申请"} in [
        e["node"] for e in mine["data"]["myNotifications"]["edges"]]
