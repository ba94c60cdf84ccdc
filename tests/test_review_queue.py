"""Review queues (R1, R2) and the agreement lists of the parties and of print management (P1)."""

import datetime as dt
from pathlib import Path

from models import Agreement, Employer
from resolvers import files
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests.files import png
from tests.sql_statements import statements

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
QUEUE = (OPS / "console/ReviewQueue.graphql").read_text()
AGREEMENTS = (OPS / "console/Agreements.graphql").read_text()
MY_AGREEMENTS = (OPS / "mini-program/MyAgreements.graphql").read_text()
EMPLOYER_AGREEMENTS = (OPS / "employer-spa/EmployerAgreements.graphql").read_text()
DECIDE = (OPS / "console/DecideReview.graphql").read_text()


async def queue(gql, token, **variables):
    r = await gql(QUEUE, variables, token=token)
    assert "errors" not in r, r
    return [e["node"] for e in r["data"]["reviewQueue"]["edges"]]


def names(rows):
    return sorted(row["graduate"]["name"] for row in rows)


async def test_r2_each_level_sees_what_awaits_it_in_its_scope(world, gql):
    await factories.signed_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, world.employer)
    await factories.signed_agreement(world.carol, world.employer)
    assert names(await queue(gql, world.tokens["cs"])) == ["陈晓明"]
    assert names(await queue(gql, world.tokens["law"])) == ["周大伟"]
    assert await queue(gql, world.tokens["admin"]) == []  # nothing has passed first review yet
    pending_department = {"filter": {"state": "PENDING_DEPARTMENT"}}
    assert names(await queue(gql, world.tokens["admin"], **pending_department)) == ["周大伟", "陈晓明"]
    assert names(await queue(gql, world.tokens["other_admin"], **pending_department)) == ["林小雨"]
    assert await queue(gql, world.tokens["law"], filter={"departmentId": encode_id("Department", world.cs.id)}) == []


async def test_r2_queue_moves_to_the_school_after_first_review(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    r = await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review.id), "decision": "APPROVE"}},
                  token=world.tokens["cs"])
    assert r["data"]["decideReview"]["errors"] == []
    assert await queue(gql, world.tokens["cs"]) == []
    [row] = await queue(gql, world.tokens["admin"])
    assert row["stateLabel"] == "待学校终审"
    assert [d["level"] for d in row["decisions"]] == ["DEPARTMENT"]


async def test_r2_queue_is_refused_to_graduates_employers_and_anonymous(world, gql):
    for token in (world.tokens["alice"], world.tokens["employer"], world.tokens["province"]):
        r = await gql(QUEUE, {}, token=token)
        assert r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert (await gql(QUEUE, {}))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_r1_signing_row_shows_the_columns_reviewers_check(world, gql):
    licence = await files.save(png(), content_type="image/png", filename="执照.png", owner_kind="employer",
                               owner_id=None, purpose="uscc_license")
    qr_employer = await factories.employer(name="芜湖扫码科技有限公司", login_name=None, nature="31", industry="22",
                                           location_code="340202", location_name="安徽省芜湖市镜湖区")
    # An early code that fails the GB 32100 checksum: accepted with a warning.
    await Employer.filter(id=qr_employer.id).update(uscc="91340200713920435X", uscc_checksum_failed=True)
    await Employer.filter(id=world.employer.id).update(license_file_id=licence.id)
    await factories.signed_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, qr_employer)
    rows = await queue(gql, world.tokens["admin"], filter={"state": "PENDING_DEPARTMENT"})
    alice_row, bob_row = sorted(rows, key=lambda r: r["graduate"]["studentNumber"], reverse=True)
    assert alice_row["graduate"] == {"id": encode_id("Graduate", world.alice.id), "name": "陈晓明",
                                     "studentNumber": "3220701001"}
    assert alice_row["department"]["name"] == "计算机与信息学院"
    assert alice_row["materialsUploaded"] is True and bob_row["materialsUploaded"] is False
    assert alice_row["subjectType"] == "AGREEMENT" and alice_row["round"] == 1 and alice_row["submittedAt"]
    assert alice_row["stateLabel"] == "待院系初审"
    assert alice_row["agreement"]["stateLabel"] == "签约成功，待学校审核"
    assert alice_row["termination"] is None and alice_row["decisions"] == []
    employer = bob_row["employer"]
    assert employer["name"] == "芜湖扫码科技有限公司" and employer["uscc"] == "91340200713920435X"
    assert employer["usccChecksumFailed"] is True
    assert employer["location"] == {"code": "340202", "name": "安徽省芜湖市镜湖区"}
    assert employer["nature"] == {"code": "31", "label": "国有企业"}
    assert employer["industry"]["code"] == "22"


async def test_r1_filters_narrow_the_queue(world, gql):
    other = await factories.employer(name="合肥星河软件有限公司", login_name="xinghe")
    await factories.signed_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, other)
    admin = world.tokens["admin"]
    base = {"state": "PENDING_DEPARTMENT"}
    assert names(await queue(gql, admin, filter={**base, "employerKeyword": "星河"})) == ["周大伟"]
    assert names(await queue(gql, admin, filter={**base, "employerKeyword": other.uscc.lower()})) == ["周大伟"]
    law = {**base, "departmentId": encode_id("Department", world.law.id)}
    assert names(await queue(gql, admin, filter=law)) == ["周大伟"]
    assert await queue(gql, admin, filter={**base, "subjectType": "TERMINATION"}) == []
    assert len(await queue(gql, admin, filter={**base, "subjectType": "AGREEMENT"})) == 2
    now = dt.datetime.now(dt.UTC)
    future = {**base, "submittedFrom": (now + dt.timedelta(hours=1)).isoformat()}
    assert await queue(gql, admin, filter=future) == []
    window = {**base, "submittedFrom": (now - dt.timedelta(hours=1)).isoformat(),
              "submittedTo": (now + dt.timedelta(hours=1)).isoformat()}
    assert len(await queue(gql, admin, filter=window)) == 2


async def test_r1_a_page_of_40_costs_the_same_statements_as_a_page_of_4(world, gql):
    for i in range(40):
        graduate = await factories.graduate(world.school, world.cs, world.cs_major, name=f"同学{i}",
                                            idn=factories.id_number(serial=100 + i))
        employer = await factories.employer(name=f"用人单位{i}", login_name=None)
        await factories.signed_agreement(graduate, employer)
    counts = {}
    for size in (4, 40):
        with statements() as seen:
            rows = await queue(gql, world.tokens["cs"], first=size)
        assert len(rows) == size
        counts[size] = len(seen)
    assert counts[4] == counts[40], counts


async def test_p1_staff_agreement_list_in_scope_and_print_columns(world, gql):
    alice_agreement = await factories.approved_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, world.employer)
    await factories.signed_agreement(world.carol, world.employer)
    await Agreement.filter(id=alice_agreement.id).update(print_count=2)  # printing has no operation yet

    async def listed(token, **variables):
        r = await gql(AGREEMENTS, variables, token=token)
        assert "errors" not in r, r
        return r["data"]["agreements"]

    cs = await listed(world.tokens["cs"])
    assert [e["node"]["graduate"]["name"] for e in cs["edges"]] == ["陈晓明"]
    assert cs["totalCount"] == 1
    school = await listed(world.tokens["admin"])
    assert school["totalCount"] == 2
    printable = await listed(world.tokens["admin"], filter={"state": "APPROVED"})
    [row] = [e["node"] for e in printable["edges"]]
    assert row["graduate"] == {"id": encode_id("Graduate", world.alice.id), "name": "陈晓明",
                               "studentNumber": "3220701001", "major": {"name": "计算机与信息学院专业"}}
    assert row["printCount"] == 2 and row["lastPrintedAt"] is None
    assert row["employer"]["nature"]["label"] == "其他企业" and row["employer"]["uscc"] == world.employer.uscc
    law_only = await listed(world.tokens["admin"], filter={"departmentId": encode_id("Department", world.law.id)})
    assert [e["node"]["graduate"]["name"] for e in law_only["edges"]] == ["周大伟"]
    assert (await listed(world.tokens["other_admin"]))["totalCount"] == 1
    refused = await gql(AGREEMENTS, {}, token=world.tokens["alice"])
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_p2_graduate_and_employer_list_only_their_own_agreements(world, gql):
    other = await factories.employer(name="合肥星河软件有限公司", login_name="xinghe")
    await factories.signed_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, other)
    mine = await gql(MY_AGREEMENTS, {}, token=world.tokens["alice"])
    assert [e["node"]["employer"]["name"] for e in mine["data"]["myAgreements"]["edges"]] == [world.employer.name]
    theirs = await gql(EMPLOYER_AGREEMENTS, {}, token=factories.token(Role.EMPLOYER, other))
    assert [e["node"]["graduate"]["name"] for e in theirs["data"]["employerAgreements"]["edges"]] == ["周大伟"]
    approved_only = await gql(EMPLOYER_AGREEMENTS, {"state": "APPROVED"}, token=world.tokens["employer"])
    assert approved_only["data"]["employerAgreements"]["edges"] == []
    wrong_party = await gql(MY_AGREEMENTS, {}, token=world.tokens["employer"])
    assert wrong_party["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_r1_submission_times_without_an_offset_are_beijing_time(world, gql, clock):
    clock.set(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC))  # 10:00 in Beijing
    await factories.signed_agreement(world.alice, world.employer)
    cs = world.tokens["cs"]
    assert names(await queue(gql, cs, filter={"submittedFrom": "2026-03-02T09:30:00"})) == ["陈晓明"]
    assert await queue(gql, cs, filter={"submittedFrom": "2026-03-02T10:30:00"}) == []
    assert names(await queue(gql, cs, filter={"submittedTo": "2026-03-02T10:00:00"})) == ["陈晓明"]


async def test_r1_employer_keyword_finds_employers_without_an_account(world, gql):
    """An employer that signed by the graduate's QR card (S3) has no account, and the employer of an offline or
    paper agreement (F1, F2) whose USCC and name match no registered employer has no row at all: its name and
    USCC live only in the agreement's frozen terms. The keyword finds both, by name and by USCC."""
    from tests.test_offline_agreements import APPLY, EMPLOYER, TERMS, ok

    qr_employer = await factories.employer(name="芜湖扫码科技有限公司", login_name=None)
    await factories.signed_agreement(world.bob, qr_employer)
    await factories.ready_to_sign(world.alice)
    await ok(gql, APPLY, {"input": {"agreement": {"employer": EMPLOYER, "terms": TERMS}}}, world.tokens["alice"],
             "applyOfflineSigning")
    admin, base = world.tokens["admin"], {"state": "PENDING_DEPARTMENT"}
    assert names(await queue(gql, admin, filter={**base, "employerKeyword": "扫码"})) == ["周大伟"]
    assert names(await queue(gql, admin, filter={**base, "employerKeyword": "小微"})) == ["陈晓明"]
    assert names(await queue(gql, admin, filter={**base, "employerKeyword": EMPLOYER["uscc"][-6:].lower()})
                 ) == ["陈晓明"]
    assert names(await queue(gql, admin, filter={**base, "employerKeyword": "有限公司"})) == ["周大伟", "陈晓明"]
    assert await queue(gql, admin, filter={**base, "employerKeyword": "不存在的单位"}) == []
    # Another school's staff do not find it by its employer either.
    assert await queue(gql, world.tokens["other_admin"], filter={**base, "employerKeyword": "小微"}) == []


async def test_r1_a_page_filtered_by_employer_keyword_costs_the_same_statements_at_any_size(world, gql):
    for i in range(40):
        graduate = await factories.graduate(world.school, world.cs, world.cs_major, name=f"同学{i}",
                                            idn=factories.id_number(serial=100 + i))
        employer = await factories.employer(name=f"用人单位{i}", login_name=None)
        await factories.signed_agreement(graduate, employer)
    counts = {}
    for size in (4, 40):
        with statements() as seen:
            rows = await queue(gql, world.tokens["cs"], first=size, filter={"employerKeyword": "用人单位"})
        assert len(rows) == size
        counts[size] = len(seen)
    assert counts[4] == counts[40], counts
