"""Issue 12 §6: every change of a graduate's origin, contact, destination or archive record is queued, in the
change's transaction, for the national destination registration system through one connector; a worker sends it to
a local fake receiver that fails on demand; the graduate sees what the national system acknowledged, confirms it
or gives feedback; the school sees who has not confirmed and answers the feedback."""

from __future__ import annotations

import asyncio
from pathlib import Path

from models import AuditEntry, NationalConfirmation, NationalSyncItem
from resolvers.national import sync
from tests import factories
from tests.fakes.national_server import fake_national

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


def op(path: str) -> str:
    return (OPS / path).read_text()


ORIGIN = op("mini-program/UpdateOriginRecord.graphql")
CONTACTS = op("mini-program/UpdateContacts.graphql")
ARCHIVE = op("mini-program/UpdateArchiveForwarding.graphql")
MINE = op("mini-program/MyNationalRecord.graphql")
CONFIRM = op("mini-program/ConfirmNationalRecord.graphql")
FEEDBACK = op("mini-program/GiveNationalRecordFeedback.graphql")
MY_FEEDBACK = op("mini-program/MyNationalRecordFeedback.graphql")
SCHOOL_FEEDBACK = op("console/NationalRecordFeedback.graphql")
ANSWER = op("console/AnswerNationalRecordFeedback.graphql")
UNCONFIRMED = op("console/NationalUnconfirmedGraduates.graphql")

ADDRESS = {"recipientUnit": "芜湖市人才服务中心", "region": {"code": "340202", "name": "安徽省芜湖市镜湖区"},
           "address": "赭山路 8 号", "postcode": "241000", "recipient": "王老师", "phone": "13955310000"}


async def mutate(gql, query, token, **input):
    r = await gql(query, {"input": input}, token=token)
    assert "errors" not in r, r
    payload = next(iter(r["data"].values()))
    return payload


async def ok(gql, query, token, **input):
    payload = await mutate(gql, query, token, **input)
    assert payload["errors"] == [], payload
    return payload


async def region(gql, token, code, name):
    await ok(gql, ORIGIN, token, originRegion={"code": code, "name": name})


async def national(gql, token):
    r = await gql(MINE, token=token)
    assert "errors" not in r, r
    record = r["data"]["myNationalRecord"]
    record["by"] = {x["record"]: x for x in record["records"]}
    return record


def values(held):
    return {f["key"]: f["value"] for f in held["fields"]}


async def drain(clock, rounds=12):
    """The worker's passes until nothing is left to send, the clock moved past every backoff in between (and
    back after, so the test's sign-ins stay valid)."""
    start = clock.now()
    try:
        for _ in range(rounds):
            await sync.run_pass()
            if not await NationalSyncItem.filter(state__in=(sync.QUEUED, sync.SENDING)).exists():
                return
            clock.advance(seconds=3700)
        raise AssertionError("items still queued")
    finally:
        clock.set(start)


async def test_i12_6_connector_retries_against_failing_receiver_and_loses_nothing(world, gql, clock):
    alice = world.tokens["alice"]
    with fake_national() as fake:
        await region(gql, alice, "340111", "安徽省合肥市包河区")
        await ok(gql, CONTACTS, alice, email="chen@example.com",
                 familyContacts=[{"name": "陈建国", "relation": "父亲", "phone": "13805510011"}])
        await ok(gql, ARCHIVE, alice, **ADDRESS)
        fake.fail_next("500", "timeout", "503", "500", "timeout")
        await sync.run_pass()
        # A change while the first attempt failed: the waiting item is rewritten, not added to.
        await region(gql, alice, "340202", "安徽省芜湖市镜湖区")
        assert await NationalSyncItem.filter(record="origin", state=sync.QUEUED).count() == 1
        await drain(clock)
        await asyncio.sleep(1.2)  # the receiver's late answers to the timed-out requests have come in
    school, student = world.school.code, world.alice.student_number
    assert fake.held[(school, student, "origin")]["fields"]["origin_region_code"] == "340202"
    assert fake.held[(school, student, "contact")]["fields"]["email"] == "chen@example.com"
    assert fake.held[(school, student, "contact")]["fields"]["family_1_phone"] == "13805510011"
    assert fake.held[(school, student, "archive")]["fields"]["recipient_unit"] == "芜湖市人才服务中心"
    assert fake.unsigned == 0
    assert set(fake.processed.values()) == {1}, fake.processed  # no key was held twice, timeouts included
    acked = await NationalSyncItem.filter(state=sync.ACKNOWLEDGED)
    assert len({i.idempotency_key for i in acked}) == len(acked)
    record = await national(gql, alice)
    assert values(record["by"]["ORIGIN"])["origin_region_code"] == "340202"
    assert not any(r["pending"] for r in record["records"]) and record["canConfirm"]


async def test_i12_6_latest_state_wins_even_when_an_older_send_is_in_flight(world, gql, clock):
    alice = world.tokens["alice"]
    with fake_national() as fake:
        await region(gql, alice, "340111", "安徽省合肥市包河区")
        first = await NationalSyncItem.get(record="origin")
        claimed = await sync._claim(first.id, clock.now())  # a worker takes it and dies before sending
        assert claimed is not None and await sync.run_pass() == 0  # leased: nobody sends it twice meanwhile
        await region(gql, alice, "340202", "安徽省芜湖市镜湖区")  # a new item: the one in flight is not rewritten
        await sync.run_pass()
        clock.advance(seconds=600)  # past the lease: the dead worker's item is sent again, same key
        await sync.run_pass()
        again = await NationalSyncItem.get(id=first.id)
    assert again.state == sync.ACKNOWLEDGED and again.idempotency_key == first.idempotency_key
    held = fake.held[(world.school.code, world.alice.student_number, "origin")]
    assert held["fields"]["origin_region_code"] == "340202"  # the older version arrived last and lost
    record = await national(gql, alice)
    assert values(record["by"]["ORIGIN"])["origin_region_code"] == "340202"


async def test_i12_6_two_workers_send_each_item_once(world, gql, clock):
    for who, code in (("alice", "340111"), ("bob", "340202")):
        await region(gql, world.tokens[who], code, "某区")
        await ok(gql, ARCHIVE, world.tokens[who], **ADDRESS)
    with fake_national() as fake:
        await asyncio.gather(sync.run_pass(), sync.run_pass(), sync.run_pass())
    assert fake.requests == 4 and set(fake.processed.values()) == {1}
    assert await NationalSyncItem.filter(state=sync.ACKNOWLEDGED).count() == 4


async def test_i12_6_refused_record_is_shown_with_the_reason_until_fixed(world, gql, clock):
    alice, admin = world.tokens["alice"], world.tokens["admin"]
    with fake_national() as fake:
        await region(gql, alice, "340111", "安徽省合肥市包河区")
        fake.fail_next("refuse:生源地与身份证号不符")
        await sync.run_pass()
        record = await national(gql, alice)
        assert record["by"]["ORIGIN"]["refusalReason"] == "生源地与身份证号不符"
        assert record["by"]["ORIGIN"]["fields"] == [] and not record["canConfirm"]
        refused = await mutate(gql, CONFIRM, alice, confirmed=True)
        assert [e["code"] for e in refused["errors"]] == ["INVALID_STATE"]
        status = (await gql(UNCONFIRMED, token=admin))["data"]["nationalSyncStatus"]
        assert status == {"configured": True, "queued": 0, "refused": 1}
        await region(gql, alice, "340202", "安徽省芜湖市镜湖区")
        await sync.run_pass()
        record = await national(gql, alice)
        assert record["by"]["ORIGIN"]["refusalReason"] is None
        assert values(record["by"]["ORIGIN"])["origin_region_code"] == "340202"
        status = (await gql(UNCONFIRMED, token=admin))["data"]["nationalSyncStatus"]
        assert status == {"configured": True, "queued": 0, "refused": 0}


async def test_i12_6_without_a_receiver_changes_stay_queued_and_the_school_is_told(world, gql, clock):
    await region(gql, world.tokens["alice"], "340111", "安徽省合肥市包河区")
    assert await sync.run_pass() == 0
    status = (await gql(UNCONFIRMED, token=world.tokens["admin"]))["data"]["nationalSyncStatus"]
    assert status == {"configured": False, "queued": 1, "refused": 0}
    record = await national(gql, world.tokens["alice"])
    assert record["by"]["ORIGIN"]["pending"] and record["by"]["ORIGIN"]["fields"] == []


async def test_i12_6_a_failed_change_queues_nothing(world, gql):
    bad = await mutate(gql, ORIGIN, world.tokens["alice"], originRegion={"code": "12", "name": "x"})
    assert bad["errors"] and not await NationalSyncItem.exists()


async def test_i12_6_national_view_shows_only_what_was_acknowledged_and_only_ones_own(world, gql, clock):
    alice, bob = world.tokens["alice"], world.tokens["bob"]
    with fake_national():
        await region(gql, alice, "340111", "安徽省合肥市包河区")
        queued = await national(gql, alice)
        assert queued["by"]["ORIGIN"]["pending"] and queued["by"]["ORIGIN"]["fields"] == []
        await sync.run_pass()
    origin = values((await national(gql, alice))["by"]["ORIGIN"])
    assert origin["name"] == "陈晓明" and origin["gender"] in ("1", "2") and origin["school_code"] == "10363"
    text = {f["key"]: f["text"] for f in (await national(gql, alice))["by"]["ORIGIN"]["fields"]}
    assert text["education_level"] == "本科生毕业"  # the code's label beside the code
    theirs = await national(gql, bob)
    assert all(r["fields"] == [] for r in theirs["records"])  # bob's view: nothing of alice's
    for token in (world.tokens["admin"], world.tokens["employer"]):
        r = await gql(MINE, token=token)
        assert r["data"] is None or r["data"].get("myNationalRecord") is None


async def test_i12_6_destination_is_sent_in_national_codes_when_the_graduate_signs(world, gql, clock):
    with fake_national() as fake:
        await factories.signed_agreement(world.alice, world.employer)
        await sync.run_pass()
    held = fake.held[(world.school.code, world.alice.student_number, "destination")]["fields"]
    assert held["destination"] == "10" and held["employer_name"] == world.employer.name
    assert held["agreement_number"]
    destination = (await national(gql, world.tokens["alice"]))["by"]["DESTINATION"]
    assert {f["key"]: f["text"] for f in destination["fields"]}["destination"] == "签就业协议形式就业"


async def test_i12_6_confirmation_and_the_schools_unconfirmed_list(world, gql, clock):
    alice, admin, cs = world.tokens["alice"], world.tokens["admin"], world.tokens["cs"]

    async def unconfirmed(token):
        data = (await gql(UNCONFIRMED, {"first": 100}, token=token))["data"]
        names = [e["node"]["name"] for e in data["nationalUnconfirmedGraduates"]["edges"]]
        assert data["nationalUnconfirmedCount"] == len(names)
        return names

    assert sorted(await unconfirmed(admin)) == sorted([world.alice.name, world.bob.name])
    assert await unconfirmed(cs) == [world.alice.name]  # the counsellor: own department only
    nothing = await mutate(gql, CONFIRM, alice, confirmed=True)
    assert [e["code"] for e in nothing["errors"]] == ["INVALID_STATE"]  # the national system holds nothing yet
    with fake_national():
        await region(gql, alice, "340111", "安徽省合肥市包河区")
        pending = await mutate(gql, CONFIRM, alice, confirmed=True)
        assert [e["code"] for e in pending["errors"]] == ["INVALID_STATE"]  # sent but not acknowledged yet
        await sync.run_pass()
        confirmed = await ok(gql, CONFIRM, alice, confirmed=True)
        assert confirmed["record"]["confirmedAt"]
        assert await unconfirmed(cs) == [] and await unconfirmed(admin) == [world.bob.name]
        assert await AuditEntry.filter(action="national_record.confirmed", subject_id=world.alice.id).exists()
        # A later change: what was confirmed is no longer what the national system will hold.
        await ok(gql, ARCHIVE, alice, **ADDRESS)
    assert not await NationalConfirmation.exists()
    assert (await national(gql, alice))["confirmedAt"] is None
    assert await unconfirmed(cs) == [world.alice.name]
    first = (await gql(UNCONFIRMED, {"first": 1}, token=admin))["data"]["nationalUnconfirmedGraduates"]
    assert first["pageInfo"]["hasNextPage"]
    rest = (await gql(UNCONFIRMED, {"first": 1, "after": first["pageInfo"]["endCursor"]}, token=admin))["data"]
    assert {first["edges"][0]["node"]["name"], rest["nationalUnconfirmedGraduates"]["edges"][0]["node"]["name"]} \
        == {world.alice.name, world.bob.name}
    for token in (world.tokens["province"], world.tokens["employer"], alice):
        r = await gql(UNCONFIRMED, token=token)
        assert r["data"] is None or r["data"].get("nationalUnconfirmedGraduates") is None


async def test_i12_6_feedback_goes_to_the_school_which_answers_and_closes_it(world, gql):
    alice, cs, law = world.tokens["alice"], world.tokens["cs"], world.tokens["law"]
    given = await ok(gql, FEEDBACK, alice, record="DESTINATION", body="单位名称少了“有限公司”")
    feedback_id = given["feedback"]["id"]
    assert given["feedback"]["state"] == "OPEN"
    empty = await mutate(gql, FEEDBACK, alice, record="ORIGIN", body="  ")
    assert [e["code"] for e in empty["errors"]] == ["REQUIRED"]

    async def school_list(token, **filter):
        data = (await gql(SCHOOL_FEEDBACK, {"filter": filter or None}, token=token))["data"]
        return data["nationalRecordFeedbackCount"], [e["node"]["id"] for e in data["nationalRecordFeedback"]["edges"]]

    assert await school_list(cs) == (1, [feedback_id])
    assert await school_list(world.tokens["admin"], state="OPEN") == (1, [feedback_id])
    assert await school_list(law) == (0, [])
    assert await school_list(world.tokens["other_admin"]) == (0, [])
    assert (await gql(MY_FEEDBACK, token=world.tokens["bob"]))["data"]["nationalRecordFeedback"]["edges"] == []
    node = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": feedback_id}, token=world.tokens["bob"])
    assert node["data"]["node"] is None
    foreign = await mutate(gql, ANSWER, law, id=feedback_id, answer="已核实")
    assert [e["code"] for e in foreign["errors"]] == ["NOT_FOUND"]
    answered = await ok(gql, ANSWER, cs, id=feedback_id, answer="已联系用人单位更正，请于 2-3 个工作日后查看")
    assert answered["feedback"]["state"] == "ANSWERED"
    closed = await ok(gql, ANSWER, cs, id=feedback_id, close=True)
    assert closed["feedback"]["state"] == "CLOSED"
    again = await mutate(gql, ANSWER, cs, id=feedback_id, answer="补充")
    assert [e["code"] for e in again["errors"]] == ["INVALID_STATE"]
    mine = (await gql(MY_FEEDBACK, token=alice))["data"]["nationalRecordFeedback"]["edges"][0]["node"]
    assert mine["answer"].startswith("已联系用人单位") and mine["state"] == "CLOSED"
    actions = set(await AuditEntry.filter(subject_type="national_feedback").values_list("action", flat=True))
    assert actions == {"national_feedback.given", "national_feedback.answered", "national_feedback.closed"}


async def test_i12_6_an_approved_project_destination_reports_its_parent_code_and_voiding_sends_the_release(
        world, gql, client, clock):
    from tests.test_exports_destinations import approved

    bob = world.tokens["bob"]
    with fake_national() as fake:
        destination = await approved(gql, client, world.bob, "80", "P80A")
        await sync.run_pass()
        where = (world.school.code, world.bob.student_number, "destination")
        assert (fake.held[where]["fields"]["destination"], fake.held[where]["fields"]["employer_name"]) == (
            "80", "中国科学技术大学")
        voided = await ok(gql, op("mini-program/VoidDestination.graphql"), bob, id=destination["id"],
                          reason="改为就业")
        assert voided["destination"]["state"] == "VOIDED"
        await sync.run_pass()
        assert fake.held[where]["fields"]["destination"] == "70"
    held = (await national(gql, bob))["by"]["DESTINATION"]
    assert {f["key"]: f["text"] for f in held["fields"]}["destination"] == "待就业"


async def test_i12_6_roster_import_queues_new_graduates_and_requeues_the_changed_in_one_statement(
        world, gql, client, clock):
    from tests.test_roster_import import give_id_number, person, upload, xlsx

    alice, admin = world.tokens["alice"], world.tokens["admin"]
    school = world.school.code
    await give_id_number(world.alice, 3)
    with fake_national() as fake:
        new = [person(f"32207029{i:02d}", f"新生{i}", 150 + i) for i in range(3)]
        payload = await upload(client, xlsx(new), admin)
        assert payload["errors"] == [] and payload["result"]["createdCount"] == 3
        await drain(clock)
        for i in range(3):
            origin = fake.held[(school, f"32207029{i:02d}", "origin")]["fields"]
            assert (origin["name"], origin["origin_region_code"], origin["school_code"]) == (
                f"新生{i}", "340104", school)
            assert fake.held[(school, f"32207029{i:02d}", "contact")]["fields"]["phone"] == "13800001234"
        # Alice's region change waits unsent when the school re-imports her with her name corrected: one item, the
        # latest state (the import's name with her region).
        await region(gql, alice, "340202", "安徽省芜湖市镜湖区")
        fixed = person("3220701001", "陈晓明（更正）", 3)
        assert (await upload(client, xlsx([fixed]), admin))["result"]["updatedCount"] == 1
        waiting = await NationalSyncItem.filter(graduate_id=world.alice.id, record="origin", state=sync.QUEUED)
        assert len(waiting) == 1 and dict((k, v) for k, _, v, _ in sync.snapshot_of(waiting[0]))["name"] == \
            "陈晓明（更正）"
        await drain(clock)
        record = await national(gql, alice)
        assert (values(record["by"]["ORIGIN"])["name"], values(record["by"]["ORIGIN"])["origin_region_code"]) == (
            "陈晓明（更正）", "340202")
        await ok(gql, CONFIRM, alice, confirmed=True)
        # A later import changing her record withdraws what she confirmed.
        fixed = person("3220701001", "陈晓明", 3)
        assert (await upload(client, xlsx([fixed]), admin))["result"]["updatedCount"] == 1
        assert (await national(gql, alice))["confirmedAt"] is None
        await drain(clock)
    assert fake.held[(school, world.alice.student_number, "origin")]["fields"]["name"] == "陈晓明"
    versions = await NationalSyncItem.filter(graduate_id=world.alice.id, record="origin").values_list(
        "version", flat=True)
    assert len(set(versions)) == len(versions) == 2  # the waiting item rewritten once, then a new one


async def test_i12_6_a_returned_agreements_corrected_work_location_is_sent_again(world, gql, clock):
    from tests.test_review_resubmit import resubmit, returned_agreement

    where = (world.school.code, world.alice.student_number, "destination")
    with fake_national() as fake:
        agreement = await returned_agreement(world, gql, ["workLocationCode", "workLocationName", "monthlySalary"])
        await sync.run_pass()
        assert fake.held[where]["fields"]["work_location"] == "340104"
        await ok(gql, ARCHIVE, world.tokens["alice"], **ADDRESS)
        await sync.run_pass()
        await ok(gql, CONFIRM, world.tokens["alice"], confirmed=True)
        sent = fake.requests
        payload = await resubmit(gql, world.tokens["employer"], agreement,
                                 {"workLocationCode": "340202", "workLocationName": "安徽省芜湖市镜湖区",
                                  "monthlySalary": 9000})
        assert payload["errors"] == []
        assert (await national(gql, world.tokens["alice"]))["by"]["DESTINATION"]["pending"]
        await sync.run_pass()
        assert fake.requests == sent + 1
    assert (fake.held[where]["fields"]["work_location"], fake.held[where]["fields"]["destination"]) == ("340202", "10")
    record = await national(gql, world.tokens["alice"])
    assert values(record["by"]["DESTINATION"])["work_location"] == "340202"
    assert record["confirmedAt"] is None  # what she confirmed named the old work place


async def test_i12_6_a_correction_the_destination_record_does_not_report_queues_nothing(world, gql, clock):
    from tests.test_review_resubmit import resubmit, returned_agreement

    agreement = await returned_agreement(world, gql, ["monthlySalary"])
    before = await NationalSyncItem.filter(record="destination").count()
    assert (await resubmit(gql, world.tokens["employer"], agreement, {"monthlySalary": 9000}))["errors"] == []
    assert await NationalSyncItem.filter(record="destination").count() == before
