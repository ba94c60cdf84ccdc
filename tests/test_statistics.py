"""Statistics (X4) against hand-counted fixtures: signings, reviews, a termination, an unlock and destination
registrations (approved, waiting, voided) made by the production code, counted per school, department, major and
education level, for each staff role (R2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import Major, codes
from resolvers.destination.catalog import BY_CHOICE, KINDS
from resolvers.statistics.figures import is_placed
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests.sql_statements import statements
from tests.test_destinations import VOID, call, review_of, submitted

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
STATISTICS = (OPS / "console/Statistics.graphql").read_text()
UNLOCK = (OPS / "console/UnlockGraduate.graphql").read_text()
NO_AGREEMENTS = {"awaiting_review": 0, "returned": 0, "approved": 0, "rejected": 0, "terminated": 0, "voided": 0}


async def registered(gql, client, graduate, type_code: str, sub_type: str | None = None, *,
                     approved: bool = True) -> dict:
    """The graduate registers a destination of the catalog with its proofs and submits it (D1, D2); the school's
    reviewers approve it at both levels unless `approved` is False."""
    kind = BY_CHOICE[(type_code, sub_type)]
    token = factories.token(Role.GRADUATE, graduate)
    destination = await submitted(gql, client, token, kind)
    if approved:
        await factories.approve(await review_of(destination["id"]))
    return destination


async def _fixture(world, gql, client):
    """The first school (two-level review), class of 2026:

    computer science, major A: alice approved; cs2 awaiting review; cs3 rejected; cs4 approved then terminated;
    cs5 signed then unlocked (voided). Major B: cs6 further study (801 境内升学, counted as 80); cs7, a master's
    graduate, labour contract (11). law: bob returned for revision; law2 registered 求职中 (P70A, approved: 70, not
    placed); law3 agreement employment without an online agreement (公招接收函 P10A, approved: 10); law4 own
    business (75) waiting for review (still 70); law5 enlisted (46) approved, then voided (back to 70). One cs
    graduate of 2025 with 专升本 (P80A, counted as 80; not counted in 2026). The second school: carol approved. The
    school of the other province: one graduate awaiting employment. Every destination other than 10 and 70 is
    registered, reviewed and voided through the production path (D1-D4).
    """
    s1, cs, law = world.school, world.cs, world.law
    major_b = await Major.create(department=cs, code="M07B", name="软件工程")
    grad = factories.graduate
    await factories.approved_agreement(world.alice, world.employer)
    await factories.signed_agreement(await grad(s1, cs, world.cs_major, name="二号"), world.employer)
    _, review = await factories.signed_agreement(await grad(s1, cs, world.cs_major, name="三号"), world.employer)
    await factories.decide(review, "reject", reason="单位名称有误")
    terminated = await factories.approved_agreement(await grad(s1, cs, world.cs_major, name="四号"), world.employer)
    _, termination_review = await factories.termination(terminated)
    await factories.approve(termination_review)
    cs5 = await grad(s1, cs, world.cs_major, name="五号")
    await factories.signed_agreement(cs5, world.employer)
    r = await gql(UNLOCK, {"input": {"graduateId": encode_id("Graduate", cs5.id), "reason": "单位注销"}},
                  token=world.tokens["admin"])
    assert not r["data"]["unlockGraduate"]["errors"], r
    await registered(gql, client, await grad(s1, cs, major_b, name="六号"), "80", "801")
    await registered(gql, client, await grad(s1, cs, major_b, name="七号", level="11"), "11")
    _, bobs = await factories.signed_agreement(world.bob, world.employer)
    await factories.decide(bobs, "return", reason="月薪有误", fields_to_fix=["monthlySalary"])
    await registered(gql, client, await grad(s1, law, world.law_major, name="法二"), "70", "P70A")
    await registered(gql, client, await grad(s1, law, world.law_major, name="法三"), "10", "P10A")
    await registered(gql, client, await grad(s1, law, world.law_major, name="法四"), "75", approved=False)
    law5 = await grad(s1, law, world.law_major, name="法五")
    enlisted = await registered(gql, client, law5, "46")
    voided = await call(gql, VOID, factories.token(Role.GRADUATE, law5), id=enlisted["id"], reason="未能入伍")
    assert voided["errors"] == [], voided
    await registered(gql, client, await grad(s1, cs, world.cs_major, name="往届", year=2025), "80", "P80A")
    await factories.approved_agreement(world.carol, world.employer)
    far_dept = await factories.Department.get(school=world.far_school)
    await grad(world.far_school, far_dept, await Major.get(department=far_dept), name="苏一")
    return major_b


async def _stats(gql, world, who: str, group_by: str, school=None, year: int = 2026) -> dict:
    variables = {"graduationYear": year, "groupBy": group_by,
                 "schoolId": encode_id("School", school.id) if school else None}
    r = await gql(STATISTICS, variables, token=world.tokens[who])
    assert "errors" not in r, r
    return r["data"]["statistics"]


def _summary(figures: dict) -> dict:
    """The figures in the shape of the hand counts."""
    return {
        "graduates": figures["graduates"],
        "online": (figures["onlineSigning"]["signedOnline"], figures["onlineSigning"]["agreementEmployment"],
                   figures["onlineSigning"]["ratio"]),
        "placement": (figures["placement"]["placed"], figures["placement"]["graduates"],
                      figures["placement"]["ratio"]),
        "agreements": {s["state"]: s["count"] for s in figures["agreementsByState"]},
        "destinations": {d["destination"]["code"]: d["count"] for d in figures["destinations"]},
    }


CS = {"graduates": 7, "online": (2, 2, 1.0), "placement": (4, 7, 0.5714),
      "agreements": {**NO_AGREEMENTS, "approved": 1, "awaiting_review": 1, "rejected": 1, "terminated": 1,
                     "voided": 1},
      "destinations": {"10": 2, "11": 1, "70": 3, "80": 1}}
LAW = {"graduates": 5, "online": (1, 2, 0.5), "placement": (2, 5, 0.4),
       "agreements": {**NO_AGREEMENTS, "returned": 1}, "destinations": {"10": 2, "70": 3}}
SCHOOL = {"graduates": 12, "online": (3, 4, 0.75), "placement": (6, 12, 0.5),
          "agreements": {**NO_AGREEMENTS, "approved": 1, "awaiting_review": 1, "returned": 1, "rejected": 1,
                         "terminated": 1, "voided": 1},
          "destinations": {"10": 4, "11": 1, "70": 6, "80": 1}}
OTHER_SCHOOL = {"graduates": 1, "online": (1, 1, 1.0), "placement": (1, 1, 1.0),
                "agreements": {**NO_AGREEMENTS, "approved": 1}, "destinations": {"10": 1}}


def _groups(stats: dict) -> dict:
    return {g["name"]: _summary(g["figures"]) for g in stats["groups"]}


async def test_x4_school_admin_by_department_with_the_online_share_numerator_and_denominator(world, gql, client):
    await _fixture(world, gql, client)
    stats = await _stats(gql, world, "admin", "DEPARTMENT")
    assert _groups(stats) == {world.cs.name: CS, world.law.name: LAW}
    assert _summary(stats["total"]) == SCHOOL
    assert {g["schoolName"] for g in stats["groups"]} == {world.school.name}
    assert [g["code"] for g in stats["groups"]] == [world.law.code, world.cs.code]  # ordered by code
    assert stats["groups"][1]["id"] == encode_id("Department", world.cs.id)


async def test_x4_by_major_and_by_education_level(world, gql, client):
    major_b = await _fixture(world, gql, client)
    by_major = _groups(await _stats(gql, world, "admin", "MAJOR"))
    assert by_major[major_b.name] == {
        "graduates": 2, "online": (0, 0, None), "placement": (2, 2, 1.0), "agreements": NO_AGREEMENTS,
        "destinations": {"11": 1, "80": 1}}
    assert by_major[world.cs_major.name] == {
        **CS, "graduates": 5, "placement": (2, 5, 0.4), "destinations": {"10": 2, "70": 3}}
    assert by_major[world.law_major.name] == LAW
    by_level = await _stats(gql, world, "admin", "EDUCATION_LEVEL")
    assert [(g["id"], g["code"], g["name"], g["figures"]["graduates"]) for g in by_level["groups"]] == [
        (None, "11", "硕士生毕业", 1), (None, "31", "本科生毕业", 11)]
    assert _summary(by_level["total"]) == SCHOOL


async def test_x4_r2_a_department_reviewer_counts_only_their_department(world, gql, client):
    await _fixture(world, gql, client)
    stats = await _stats(gql, world, "cs", "DEPARTMENT")
    assert _groups(stats) == {world.cs.name: CS}
    assert _summary(stats["total"]) == CS
    law = await _stats(gql, world, "law", "SCHOOL")
    assert _groups(law) == {world.school.name: LAW}


async def test_x4_the_province_sees_each_of_its_schools_and_no_other(world, gql, client):
    await _fixture(world, gql, client)
    stats = await _stats(gql, world, "province", "SCHOOL")
    assert _groups(stats) == {world.school.name: SCHOOL, world.other_school.name: OTHER_SCHOOL}
    assert [g["code"] for g in stats["groups"]] == [world.school.code, world.other_school.code]
    assert stats["total"]["graduates"] == 13 and stats["total"]["onlineSigning"]["signedOnline"] == 4
    one = await _stats(gql, world, "province", "DEPARTMENT", school=world.school)
    assert _groups(one) == {world.cs.name: CS, world.law.name: LAW}
    other = await _stats(gql, world, "other_province", "SCHOOL")
    assert [(g["name"], g["figures"]["graduates"]) for g in other["groups"]] == [(world.far_school.name, 1)]


@pytest.mark.parametrize("year", [1999, 2101, -35691920, 2**31 - 1])
async def test_x4_a_class_year_out_of_range_is_refused_with_its_code(world, gql, year):
    r = await gql(STATISTICS, {"graduationYear": year, "groupBy": "SCHOOL"}, token=world.tokens["admin"])
    assert r["data"] is None
    assert (r["errors"][0]["extensions"]["code"], r["errors"][0]["message"]) == (
        "INVALID_INPUT", "毕业年份应为 2000 到 2100 之间的年份")


@pytest.mark.parametrize(("who", "school"), [("province", "far_school"), ("other_admin", "school"),
                                             ("admin", "other_school"), ("cs", "other_school")])
async def test_x4_r2_nobody_counts_another_school(world, gql, client, who, school):
    await _fixture(world, gql, client)
    variables = {"graduationYear": 2026, "groupBy": "SCHOOL",
                 "schoolId": encode_id("School", getattr(world, school).id)}
    r = await gql(STATISTICS, variables, token=world.tokens[who])
    assert r["data"] is None and r["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_x4_the_other_schools_admin_sees_only_their_own_and_graduates_see_nothing(world, gql, client):
    await _fixture(world, gql, client)
    stats = await _stats(gql, world, "other_admin", "SCHOOL")
    assert _groups(stats) == {world.other_school.name: OTHER_SCHOOL}
    for who in ("alice", "employer"):
        r = await gql(STATISTICS, {"graduationYear": 2026, "groupBy": "SCHOOL"}, token=world.tokens[who])
        assert r["data"] is None and r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_x4_another_class_is_counted_apart(world, gql, client):
    await _fixture(world, gql, client)
    stats = await _stats(gql, world, "admin", "SCHOOL", year=2025)
    assert _summary(stats["total"]) == {"graduates": 1, "online": (0, 0, None), "placement": (1, 1, 1.0),
                                        "agreements": NO_AGREEMENTS, "destinations": {"80": 1}}


async def test_x4_counted_by_the_database_in_a_fixed_number_of_statements(world, gql, client):
    """Two aggregates and one statement for the groups' names, however many graduates and groups."""
    await _fixture(world, gql, client)
    counts = []
    for round_ in range(2):
        with statements() as seen:
            await _stats(gql, world, "admin", "MAJOR")
        counts.append(len([s for s in seen if s.lstrip().upper().startswith("SELECT")]))
        for n in range(5):
            dept, major = await factories.department(world.school, f"9{round_}{n}", f"新学院{round_}{n}")
            await factories.graduate(world.school, dept, major)
    assert counts[0] == counts[1]
    with statements() as seen:
        await _stats(gql, world, "admin", "MAJOR")
    aggregates = [s for s in seen if "GROUP BY" in s.upper()]
    assert len(aggregates) == 2, seen



def test_x4_the_placement_rule_knows_every_code_registration_writes():
    """Approval writes the kind's two-digit type on the graduate (a sub-code, national or P…, never); each is a
    code of the table, counted as placed exactly when it is not one of the 待就业 / 暂不就业 types, and its
    reported national code counts the same."""
    for kind in KINDS:
        assert kind.type in codes.DESTINATION_TYPE and len(kind.type) == 2, kind
        assert is_placed(kind.national_code) == is_placed(kind.type), kind
    assert {k.type for k in KINDS if not is_placed(k.type)} == {"70", "71", "72"}


async def test_x4_a_destination_counts_as_placed_once_approved_and_no_longer_once_voided(world, gql, client):
    law = await factories.graduate(world.school, world.law, world.law_major, name="法六")
    token = factories.token(Role.GRADUATE, law)

    async def law_figures() -> dict:
        return _groups(await _stats(gql, world, "admin", "DEPARTMENT"))[world.law.name]

    before = await law_figures()
    assert before["placement"] == (0, 2, 0.0) and before["destinations"] == {"70": 2}
    destination = await registered(gql, client, law, "80", "801", approved=False)
    waiting = await law_figures()
    assert waiting["placement"] == (0, 2, 0.0) and waiting["destinations"] == {"70": 2}  # not yet reviewed
    review = await review_of(destination["id"])
    await factories.decide(review, "approve")  # the department's first approval locks it (D3), still not approved
    assert (await law_figures())["placement"] == (0, 2, 0.0)
    await factories.approve(await review_of(destination["id"]))
    approved = await law_figures()
    assert approved["placement"] == (1, 2, 0.5) and approved["destinations"] == {"70": 1, "80": 1}
    assert (await call(gql, VOID, token, id=destination["id"], reason="放弃读研"))["errors"] == []
    assert await law_figures() == before
