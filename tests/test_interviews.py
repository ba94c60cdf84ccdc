"""S1 interviews: invitation by the position's employer, the graduate's answer, the employer's result."""

import datetime as dt

from models import Application, InterviewInvitation, OutboxEvent
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories

INVITE = """mutation($input: InviteToInterviewInput!) { inviteToInterview(input: $input) {
  errors { field code } interview { id state stateLabel place position { title } graduate { name } } } }"""
ANSWER = """mutation($input: AnswerInterviewInput!) { answerInterview(input: $input) {
  errors { code } interview { state } } }"""
RESULT = """mutation($input: RecordInterviewResultInput!) { recordInterviewResult(input: $input) {
  errors { code } interview { state resultNote } } }"""
MINE = "{ myInterviewInvitations { edges { node { id state employer { name } } } } }"
THEIRS = "{ interviewInvitations(filter: {state: PENDING}) { totalCount edges { node { id graduate { name } } } } }"


def _later(days: int = 2) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).isoformat()


async def _application(world):
    position = await factories.position(world.employer)
    return await Application.create(graduate=world.alice, position=position)


async def test_s1_interview_invited_answered_and_result_recorded(world, gql):
    application = await _application(world)
    r = await gql(INVITE, {"input": {"applicationId": encode_id("Application", application.id),
                                     "scheduledAt": _later(), "place": "合肥市黄山路 1 号 3 楼"}},
                  token=world.tokens["employer"])
    payload = r["data"]["inviteToInterview"]
    assert payload["errors"] == []
    assert payload["interview"]["stateLabel"] == "待答复"
    assert payload["interview"]["graduate"]["name"] == "陈晓明"
    interview_id = payload["interview"]["id"]
    assert await OutboxEvent.filter(kind="interview.received", graduate_id=world.alice.id).count() == 1

    r = await gql(ANSWER, {"input": {"id": interview_id, "accept": True}}, token=world.tokens["alice"])
    assert r["data"]["answerInterview"] == {"errors": [], "interview": {"state": "ACCEPTED"}}
    assert await OutboxEvent.filter(kind="interview.answered", employer_id=world.employer.id).count() == 1

    r = await gql(RESULT, {"input": {"id": interview_id, "passed": True, "note": "技术面试表现良好"}},
                  token=world.tokens["employer"])
    assert r["data"]["recordInterviewResult"] == {
        "errors": [], "interview": {"state": "PASSED", "resultNote": "技术面试表现良好"}}
    assert await OutboxEvent.filter(kind="interview.result_recorded", graduate_id=world.alice.id).count() == 1


async def test_s1_interview_needs_future_time_and_place_or_link(world, gql):
    application = await _application(world)
    r = await gql(INVITE, {"input": {"applicationId": encode_id("Application", application.id),
                                     "scheduledAt": _later(-1)}}, token=world.tokens["employer"])
    errors = r["data"]["inviteToInterview"]["errors"]
    assert {(e["field"][0], e["code"]) for e in errors} == {("scheduledAt", "INVALID_INPUT"), ("place", "REQUIRED")}
    assert await InterviewInvitation.all().count() == 0


async def test_s1_only_the_positions_employer_may_invite(world, gql):
    application = await _application(world)
    other = await factories.employer("芜湖某科技有限公司", login_name="wuhu")
    r = await gql(INVITE, {"input": {"applicationId": encode_id("Application", application.id),
                                     "scheduledAt": _later(), "link": "https://meeting.example.com/1"}},
                  token=factories.token(Role.EMPLOYER, other))
    assert r["data"]["inviteToInterview"]["errors"][0]["code"] == "NOT_FOUND"
    r = await gql(INVITE, {"input": {"applicationId": encode_id("Application", application.id),
                                     "scheduledAt": _later(), "link": "https://meeting.example.com/1"}},
                  token=world.tokens["alice"])
    assert r["data"]["inviteToInterview"]["errors"][0]["code"] == "PERMISSION_DENIED"


async def test_s1_result_only_after_the_graduate_accepted(world, gql):
    application = await _application(world)
    r = await gql(INVITE, {"input": {"applicationId": encode_id("Application", application.id),
                                     "scheduledAt": _later(), "link": "https://meeting.example.com/1"}},
                  token=world.tokens["employer"])
    interview_id = r["data"]["inviteToInterview"]["interview"]["id"]
    r = await gql(RESULT, {"input": {"id": interview_id, "passed": True}}, token=world.tokens["employer"])
    assert r["data"]["recordInterviewResult"]["errors"][0]["code"] == "INVALID_STATE"
    r = await gql(ANSWER, {"input": {"id": interview_id, "accept": False}}, token=world.tokens["bob"])
    assert r["data"]["answerInterview"]["errors"][0]["code"] == "NOT_FOUND"


async def test_s1_interview_lists_and_node_show_each_party_only_its_own(world, gql):
    application = await _application(world)
    r = await gql(INVITE, {"input": {"applicationId": encode_id("Application", application.id),
                                     "scheduledAt": _later(), "place": "线下"}}, token=world.tokens["employer"])
    interview_id = r["data"]["inviteToInterview"]["interview"]["id"]

    mine = (await gql(MINE, token=world.tokens["alice"]))["data"]["myInterviewInvitations"]["edges"]
    assert [e["node"]["id"] for e in mine] == [interview_id]
    assert (await gql(MINE, token=world.tokens["bob"]))["data"]["myInterviewInvitations"]["edges"] == []
    theirs = (await gql(THEIRS, token=world.tokens["employer"]))["data"]["interviewInvitations"]
    assert theirs["totalCount"] == 1
    other = await factories.employer("芜湖某科技有限公司", login_name="wuhu")
    other_list = await gql(THEIRS, token=factories.token(Role.EMPLOYER, other))
    assert other_list["data"]["interviewInvitations"]["totalCount"] == 0

    node = "query($id: ID!) { node(id: $id) { ... on InterviewInvitation { state } } }"
    assert (await gql(node, {"id": interview_id}, token=world.tokens["alice"]))["data"]["node"] == {"state": "PENDING"}
    assert (await gql(node, {"id": interview_id}, token=world.tokens["bob"]))["data"]["node"] is None
    refused = await gql(MINE)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
