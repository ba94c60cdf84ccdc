"""Graduates apply to positions; employers page through their applicants with resumes (S1, X2)."""

import asyncio
import datetime as dt
import logging

import pytest

from models import Application, AuditEntry, OutboxEvent, ResumeSection
from resolvers.viewer import Role
from schema.relay import encode_id
from server import crypto
from server.clock import today
from tests import factories

APPLY = """mutation($input: ApplyToPositionInput!) { applyToPosition(input: $input) {
  errors { field code message } application { id position { title } } } }"""
MY_APPLICATIONS = """{ myApplications { totalCount edges { node { position { title employer { name } } } } } }"""
APPLICANTS = """query($filter: ApplicantsFilter, $first: Int) { applicants(filter: $filter, first: $first) {
  totalCount edges { node { createdAt position { title employer { name } }
    graduate { name idNumber phone school { name } department { name } major { name } educationLevel { label } }
    resume { kind title content } } } } }"""


async def _apply(gql, token, position):
    r = await gql(APPLY, {"input": {"positionId": encode_id("Position", position.id)}}, token=token)
    return r["data"]["applyToPosition"]


async def test_s1_graduate_applies_and_sees_the_application(world, gql):
    position = await factories.position(world.employer)
    r = await _apply(gql, world.tokens["alice"], position)
    assert r["errors"] == [] and r["application"]["position"] == {"title": "软件工程师"}
    mine = (await gql(MY_APPLICATIONS, token=world.tokens["alice"]))["data"]["myApplications"]
    assert mine == {"totalCount": 1, "edges": [{"node": {"position": {
        "title": "软件工程师", "employer": {"name": world.employer.name}}}}]}
    assert (await gql(MY_APPLICATIONS, token=world.tokens["bob"]))["data"]["myApplications"]["totalCount"] == 0
    event = await OutboxEvent.get(kind="application.received")
    assert event.employer_id == world.employer.id
    assert await AuditEntry.filter(action="application.created", actor_kind="graduate").count() == 1


async def test_s1_second_application_to_the_same_position_is_already_applied(world, gql):
    position = await factories.position(world.employer)
    assert (await _apply(gql, world.tokens["alice"], position))["errors"] == []
    r = await _apply(gql, world.tokens["alice"], position)
    assert r["application"] is None
    assert [(e["field"], e["code"], e["message"]) for e in r["errors"]] == [
        (["positionId"], "ALREADY_APPLIED", "已投递过该职位")]
    assert await Application.all().count() == 1
    assert await OutboxEvent.filter(kind="application.received").count() == 1


async def test_s1_closed_or_expired_position_is_position_closed(world, gql):
    closed = await factories.position(world.employer, state="closed")
    expired = await factories.position(world.employer, deadline=today() - dt.timedelta(days=1))
    for position in (closed, expired):
        r = await _apply(gql, world.tokens["alice"], position)
        assert [(e["field"], e["code"]) for e in r["errors"]] == [(["positionId"], "POSITION_CLOSED")]
    assert await Application.all().count() == 0


async def test_s1_anonymous_employer_or_unknown_position_cannot_apply(world, gql):
    position = await factories.position(world.employer)
    assert [e["code"] for e in (await _apply(gql, None, position))["errors"]] == ["UNAUTHENTICATED"]
    assert [e["code"] for e in (await _apply(gql, world.tokens["employer"], position))["errors"]] == [
        "PERMISSION_DENIED"]
    r = await gql(APPLY, {"input": {"positionId": encode_id("Position", 999999)}}, token=world.tokens["alice"])
    assert [e["code"] for e in r["data"]["applyToPosition"]["errors"]] == ["NOT_FOUND"]
    r = await gql(APPLY, {"input": {"positionId": encode_id("Graduate", position.id)}}, token=world.tokens["alice"])
    assert [e["code"] for e in r["data"]["applyToPosition"]["errors"]] == ["INVALID_ID"]
    assert await Application.all().count() == 0


async def test_s1_employer_reads_applicants_with_resume_and_masked_personal_data(world, gql):
    position = await factories.position(world.employer)
    await ResumeSection.create(graduate=world.alice, kind="skill", title="技能", content="Python", sort_order=1)
    await ResumeSection.create(graduate=world.alice, kind="education", title="安徽工程大学", sort_order=0)
    await _apply(gql, world.tokens["alice"], position)
    r = (await gql(APPLICANTS, token=world.tokens["employer"]))["data"]["applicants"]
    assert r["totalCount"] == 1
    node = r["edges"][0]["node"]
    plain_id = crypto.decrypt(world.alice.id_number_enc)
    assert node["graduate"] == {
        "name": "陈晓明", "idNumber": plain_id[:4] + "*" * 10 + plain_id[-4:], "phone": "139****0001",
        "school": {"name": "安徽工程大学"}, "department": {"name": "计算机与信息学院"},
        "major": {"name": "计算机与信息学院专业"}, "educationLevel": {"label": "本科生毕业"}}
    assert node["resume"] == [{"kind": "EDUCATION", "title": "安徽工程大学", "content": ""},
                              {"kind": "SKILL", "title": "技能", "content": "Python"}]


async def test_s1_applicants_are_only_those_of_the_employers_own_positions(world, gql):
    mine = await factories.position(world.employer, title="本单位职位")
    other, other_token = await _other_employer()
    theirs = await factories.position(other, title="他单位职位")
    await _apply(gql, world.tokens["alice"], mine)
    await _apply(gql, world.tokens["bob"], mine)
    await _apply(gql, world.tokens["carol"], theirs)
    r = (await gql(APPLICANTS, token=world.tokens["employer"]))["data"]["applicants"]
    assert sorted(e["node"]["graduate"]["name"] for e in r["edges"]) == ["周大伟", "陈晓明"]
    r = (await gql(APPLICANTS, {"filter": {"positionId": encode_id("Position", theirs.id)}},
                   token=world.tokens["employer"]))["data"]["applicants"]
    assert r["totalCount"] == 0
    r = (await gql(APPLICANTS, {"filter": {"positionId": encode_id("Position", theirs.id)}},
                   token=other_token))["data"]["applicants"]
    assert [e["node"]["graduate"]["name"] for e in r["edges"]] == ["林小雨"]
    refused = await gql(APPLICANTS, token=world.tokens["alice"])
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    refused = await gql(MY_APPLICATIONS, token=world.tokens["employer"])
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def _other_employer():
    other = await factories.employer("合肥另一家科技有限公司", login_name="another")
    return other, factories.token(Role.EMPLOYER, other)


class _StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def _statements(gql, token, first: int) -> int:
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _StatementCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        r = await gql(APPLICANTS, {"first": first}, token=token)
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    assert "errors" not in r and len(r["data"]["applicants"]["edges"]) == first
    return counter.count


async def test_s1_a_page_of_50_applicants_costs_the_same_statements_as_a_page_of_5(world, gql):
    position = await factories.position(world.employer)
    majors = [(world.cs, world.cs_major), (world.law, world.law_major)]
    for i in range(50):
        dept, major = majors[i % 2]
        graduate = await factories.graduate(world.school, dept, major, name=f"同学{i}")
        await ResumeSection.create(graduate=graduate, kind="education", title="本科", sort_order=0)
        await ResumeSection.create(graduate=graduate, kind="skill", title="技能", sort_order=1)
        await Application.create(graduate=graduate, position=position)
    small = await _statements(gql, world.tokens["employer"], 5)
    large = await _statements(gql, world.tokens["employer"], 50)
    assert small == large > 0, (small, large)


@pytest.mark.postgres_only
async def test_s1_two_racing_applications_make_one(world, gql):
    position = await factories.position(world.employer)
    results = await asyncio.gather(*(_apply(gql, world.tokens["alice"], position) for _ in range(4)))
    codes = sorted(e["code"] for r in results for e in r["errors"])
    assert codes == ["ALREADY_APPLIED"] * 3
    assert await Application.all().count() == 1
