"""Issue 6.9 and 6.4: every mutation input is bounded at the boundary (schema/limits.py), with a payload error
that names the field; control characters never reach the database."""

import datetime as dt
import json

from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull

from models import Employer, Position, SigningInvitation
from schema import limits
from schema.relay import encode_id
from schema.root import schema
from tests import factories

CREATE_POSITION = """mutation($input: CreatePositionInput!) { createPosition(input: $input) {
  errors { field code message } position { id } } }"""
UPDATE_POSITION = """mutation($input: UpdatePositionInput!) { updatePosition(input: $input) {
  errors { field code message } position { headcount } } }"""
CLOSE_POSITION = """mutation($input: ClosePositionInput!) { closePosition(input: $input) {
  errors { field code message } position { state } } }"""
DECLINE = """mutation($input: DeclineSigningInvitationInput!) { declineSigningInvitation(input: $input) {
  errors { field code message } invitation { state } } }"""
STAFF_LOGIN = """mutation($input: StaffLoginInput!) { staffLogin(input: $input) {
  errors { field code message } token } }"""
SEND_DIRECT = """mutation($input: SendDirectSigningInvitationInput!) { sendDirectSigningInvitation(input: $input) {
  errors { field code message } invitation { id } } }"""
REGISTER = """mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) {
  errors { field code message } employer { id } } }"""

MEGABYTES = 1024 * 1024
LONG = 100_000  # far over every bound, yet (6 bytes a character as JSON escapes) under the 1 MiB body limit


def _unwrap(gtype):
    while isinstance(gtype, GraphQLNonNull | GraphQLList):
        gtype = gtype.of_type
    return gtype


def _undeclared(gtype, path, seen, missing):
    gtype = _unwrap(gtype)
    if not isinstance(gtype, GraphQLInputObjectType) or gtype.name in seen:
        return
    seen.add(gtype.name)
    for name, field in gtype.fields.items():
        inner = _unwrap(field.type)
        declared = field.extensions["strawberry-definition"].metadata.get(limits.LIMIT)
        wanted = {"String": limits.Text, "Int": limits.Number, "Date": limits.Days, "DateTime": limits.Days}
        kind = wanted.get(getattr(inner, "name", ""))
        if kind is not None and not isinstance(declared, kind):
            missing.append(f"{gtype.name}.{name}: {inner.name} without {kind.__name__}")
        _undeclared(field.type, [*path, name], seen, missing)


def test_i6_9_every_mutation_input_declares_its_bounds():
    mutation_type = schema._schema.mutation_type
    missing, seen = [], set()
    for name, field in mutation_type.fields.items():
        for arg_name, arg in field.args.items():
            assert _unwrap(arg.type).name != "String", f"{name}({arg_name}) is a bare String argument"
            _undeclared(arg.type, [name], seen, missing)
    assert len(seen) > 40  # the walk reached the inputs
    assert missing == []


async def _position(world):
    return await factories.position(world.employer)


async def test_i6_9_long_reasons_are_refused_naming_the_field(world, gql, client):
    position = await _position(world)
    # 2 MB never reaches GraphQL: the body limit (6.6) refuses it first.
    r = await client.post("/graphql", json={"query": CLOSE_POSITION, "variables": {"input": {
        "id": encode_id("Position", position.id), "reason": "x" * 2 * MEGABYTES}}},
        headers={"Authorization": f"Bearer {world.tokens['employer']}"})
    assert r.status_code == 413 and r.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    # Below the body limit, the reason's own bound names the field.
    r = (await gql(CLOSE_POSITION, {"input": {"id": encode_id("Position", position.id), "reason": "x" * LONG}},
                   token=world.tokens["employer"]))["data"]["closePosition"]
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["reason"], "TOO_LONG")]
    assert r["errors"][0]["message"] == f"不能超过 {limits.REASON} 个字符"
    assert (await Position.get(id=position.id)).state == "open"

    invitation = await factories.pending_invitation(world.alice, world.employer)
    r = (await gql(DECLINE, {"input": {"id": encode_id("SigningInvitation", invitation.id),
                                       "reason": "拒" * LONG}}, token=world.tokens["alice"]))
    r = r["data"]["declineSigningInvitation"]
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["reason"], "TOO_LONG")]
    assert (await SigningInvitation.get(id=invitation.id)).state == "pending"


async def test_i6_9_a_long_password_is_refused_before_any_login_logic(world, gql):
    for username in ("admin1", "nobody-at-all"):
        r = (await gql(STAFF_LOGIN, {"input": {"username": username, "password": "p" * LONG}}))
        r = r["data"]["staffLogin"]
        # TOO_LONG, not INVALID_CREDENTIALS: the resolver (which hashes) never ran.
        assert [(e["field"], e["code"]) for e in r["errors"]] == [(["password"], "TOO_LONG")] and r["token"] is None


async def test_i6_9_headcount_salary_and_far_deadlines_are_out_of_range(world, gql):
    bad = {"title": "Java 开发工程师", "locationCode": "340104", "locationName": "安徽省合肥市蜀山区",
           "salaryMin": 2147483647, "salaryMax": 2147483647, "headcount": 2147483647, "deadline": "9999-12-31"}
    r = (await gql(CREATE_POSITION, {"input": bad}, token=world.tokens["employer"]))["data"]["createPosition"]
    assert {(tuple(e["field"]), e["code"]) for e in r["errors"]} == {
        (("salaryMin",), "OUT_OF_RANGE"), (("salaryMax",), "OUT_OF_RANGE"), (("headcount",), "OUT_OF_RANGE"),
        (("deadline",), "OUT_OF_RANGE")}
    assert all(e["message"] for e in r["errors"])
    assert await Position.all().count() == 0

    position = await _position(world)
    r = (await gql(UPDATE_POSITION, {"input": {"id": encode_id("Position", position.id), "headcount": 2147483647}},
                   token=world.tokens["employer"]))["data"]["updatePosition"]
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["headcount"], "OUT_OF_RANGE")]


async def test_i6_9_nested_inputs_report_their_path(world, gql):
    position = await _position(world)
    alice = world.alice
    far = (dt.datetime.now(dt.UTC) + dt.timedelta(days=4000)).isoformat()
    r = (await gql(SEND_DIRECT, {"input": {
        "positionId": encode_id("Position", position.id),
        "graduate": {"schoolId": encode_id("School", alice.school_id), "name": "名" * 100,
                     "studentNumber": alice.student_number, "idNumber": "1" * 40},
        "terms": {"monthlySalary": 2147483647, "otherTerms": "条" * (limits.LONG_TEXT + 1)},
        "deadline": far}}, token=world.tokens["employer"]))["data"]["sendDirectSigningInvitation"]
    assert {(tuple(e["field"]), e["code"]) for e in r["errors"]} == {
        (("graduate", "name"), "TOO_LONG"), (("graduate", "idNumber"), "TOO_LONG"),
        (("terms", "monthlySalary"), "OUT_OF_RANGE"), (("terms", "otherTerms"), "TOO_LONG"),
        (("deadline",), "OUT_OF_RANGE")}


async def test_i6_4_nul_and_control_characters_are_refused_at_the_boundary(world, gql, client):
    form = {"name": "安徽\x00信通", "uscc": factories.uscc("91340100MA2N0XY31"), "natureCode": "10",
            "industryCode": "I", "locationCode": "340104", "locationName": "安徽省合肥市蜀山区",
            "address": "合肥市蜀山区\u0007", "postcode": "230000", "contactName": "王经理",
            "contactPhone": "13900002222", "contactEmail": "hr@example.com", "hasHiringAutonomy": True,
            "loginName": "ctrl-test", "password": "Passw0rd2026\ud800"}
    # JSON escapes as a client sends them ("\\u0000", a lone "\\ud800").
    body = json.dumps({"query": REGISTER, "variables": {"input": form}}, ensure_ascii=True)
    r = (await client.post("/graphql", content=body, headers={"Content-Type": "application/json"})).json()
    assert "errors" not in r  # a payload error, not an internal one
    errors = r["data"]["registerEmployer"]["errors"]
    assert {(tuple(e["field"]), e["code"]) for e in errors} == {
        (("name",), "INVALID_CHARACTERS"), (("address",), "INVALID_CHARACTERS"), (("password",), "INVALID_CHARACTERS")}
    assert await Employer.filter(login_name="ctrl-test").count() == 0

    # Multi-line text keeps its newlines and tabs; other controls are refused there too.
    position = await _position(world)
    ok = await gql(CLOSE_POSITION, {"input": {"id": encode_id("Position", position.id), "reason": "招满\n\t谢谢"}},
                   token=world.tokens["employer"])
    assert ok["data"]["closePosition"]["errors"] == []
    other = await factories.position(world.employer, title="测试岗位")
    bad = await gql(CLOSE_POSITION, {"input": {"id": encode_id("Position", other.id), "reason": "招满\x00"}},
                    token=world.tokens["employer"])
    assert [e["code"] for e in bad["data"]["closePosition"]["errors"]] == ["INVALID_CHARACTERS"]
