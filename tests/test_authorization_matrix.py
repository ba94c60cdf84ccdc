"""Authorization matrix (issue 2 §6, issue 7.14, R2, B5).

Part one is driven by the declarations (schema/access.py): EVERY root query and mutation is called as every
role, with arguments built from its argument types. A role the operation does not declare is refused
(UNAUTHENTICATED without a token, else PERMISSION_DENIED) with nothing in the data; a declared role is not
refused for its role, and every code it gets back is one the operation declares. A root field without a
declaration fails the suite.

Part two is table-driven and checks scope within a declared role: add a `Case` to CASES for an operation whose
callers must also be in the target's school or department. Each case names an actor in scope for whom it must
NOT be refused, so a case can never pass by being broken for everyone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
    get_named_type,
    is_composite_type,
)

from models import CorrectionRequest, Department, Graduate, JobFair, Major, Notice, PaperForm, Staff
from resolvers.errors import ErrorCode
from resolvers.viewer import Role
from schema import access
from schema.relay import encode_id
from schema.root import schema as wangqian_schema
from tests.fakes.wechat_server import fake_wechat

# --- Part one: every root operation, every role, from its declaration --------------------------------------------

ACTORS: dict[Role | None, str | None] = {None: None, Role.GRADUATE: "alice", Role.EMPLOYER: "employer",
                                         Role.DEPARTMENT_REVIEWER: "cs", Role.SCHOOL_ADMIN: "admin",
                                         Role.PROVINCE: "province"}
# The node type a bare `id` argument names, by operation; other ids are named by their argument (`schoolId`).
ID_TYPES = {"decideReview": "Review", "decideCorrection": "CorrectionRequest",
            "withdrawCorrection": "CorrectionRequest", "withdrawTermination": "Termination",
            "acceptSigningInvitation": "SigningInvitation",
            "declineSigningInvitation": "SigningInvitation", "withdrawSigningInvitation": "SigningInvitation",
            "answerInterview": "InterviewInvitation", "recordInterviewResult": "InterviewInvitation",
            "closePosition": "Position", "reopenPosition": "Position", "updatePosition": "Position",
            "updateDepartment": "Department", "updateMajor": "Major", "deleteResumeSection": "ResumeSection",
            "moveResumeSection": "ResumeSection", "updateResumeSection": "ResumeSection", "node": "Graduate",
            "resubmitAgreement": "Agreement", "updateNotice": "Notice", "publishNotice": "Notice",
            "withdrawNotice": "Notice", "setNoticePinned": "Notice", "addNoticeAttachment": "Notice",
            "deleteNoticeAttachment": "Notice",
            "updateJobFair": "JobFair", "publishJobFair": "JobFair", "cancelJobFair": "JobFair",
            "approveFairApplication": "FairApplication", "rejectFairApplication": "FairApplication",
            "updateRecommendationForm": "RecommendationForm", "submitRecommendationForm": "RecommendationForm",
            "reopenRecommendationForm": "RecommendationForm"}
NAMED_IDS = {"staff": "Staff", "invitation": "SigningInvitation", "interview": "InterviewInvitation",
             "subject": "Agreement", "fair": "JobFair"}
SCALARS = {"String": "x", "Int": 1, "Float": 1.0, "Boolean": True, "Date": "2026-07-01",
           "DateTime": "2026-07-01T08:00:00+08:00", "JSON": {}}
MISSING = 999_999  # ids of the right type that name no row
# Enum arguments whose first value not every declared caller may use: the province exports only its statistics.
ENUM_VALUES = {("requestExport", "kind"): "STATISTICS"}


def _root_fields() -> list[tuple[str, str, GraphQLField]]:
    gs = wangqian_schema._schema
    return [(kind, name, f) for kind, t in (("query", gs.query_type), ("mutation", gs.mutation_type))
            for name, f in t.fields.items()]


def _subscription_fields() -> list[tuple[str, GraphQLField]]:
    t = wangqian_schema._schema.subscription_type
    return list(t.fields.items()) if t else []


def _declaration(field: GraphQLField) -> access.Access | None:
    return access.declaration(field.extensions["strawberry-definition"])


def _value(t, op: str, name: str, path: str, uploads: list[str], ids: dict[str, int]):
    """A minimal value of type `t` that passes validation: required input fields only, ids of the right type
    (`ids` by node type, else a missing row)."""
    if isinstance(t, GraphQLNonNull):
        return _value(t.of_type, op, name, path, uploads, ids)
    if isinstance(t, GraphQLList):
        return [_value(t.of_type, op, name, f"{path}.0", uploads, ids)]
    if isinstance(t, GraphQLInputObjectType):
        return {k: _value(f.type, op, k, f"{path}.{k}", uploads, ids) for k, f in t.fields.items()
                if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined}
    if isinstance(t, GraphQLEnumType):
        return ENUM_VALUES.get((op, name), next(iter(t.values)))
    assert isinstance(t, GraphQLScalarType)
    if t.name == "Upload":
        uploads.append(path)
        return None
    if t.name == "ID":
        base = name.removesuffix("Ids").removesuffix("Id")
        node = ID_TYPES.get(op, "Graduate") if name == "id" else NAMED_IDS.get(base, base[:1].upper() + base[1:])
        return encode_id(node, ids.get(node, MISSING))
    return SCALARS.get(t.name, "x")


def _selection(t) -> str:
    """What a refusal must leave empty: every field of a payload (objects by their __typename)."""
    named = get_named_type(t)
    if not is_composite_type(named):
        return ""
    if "errors" not in named.fields:
        return "{ __typename }"
    inner = " ".join(k if not isinstance(get_named_type(f.type), GraphQLObjectType) or k == "errors"
                     else f"{k} {{ __typename }}" for k, f in named.fields.items())
    return "{ " + inner.replace("errors", "errors { code field }", 1) + " }"


def _operation(kind: str, name: str, field: GraphQLField, ids: dict[str, int]) -> tuple[str, dict, list[str]]:
    uploads: list[str] = []
    args = {k: a for k, a in field.args.items() if isinstance(a.type, GraphQLNonNull)}
    variables = {k: _value(a.type, name, k, f"variables.{k}", uploads, ids) for k, a in args.items()}
    params = ", ".join(f"${k}: {a.type}" for k, a in args.items())
    call = f"{name}({', '.join(f'{k}: ${k}' for k in args)})" if args else name
    query = f"{kind} {f'({params})' if params else ''} {{ {call} {_selection(field.type)} }}"
    return query, variables, uploads


async def _call(client, token: str | None, query: str, variables: dict, uploads: list[str]) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if uploads:
        files = {str(i): ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png") for i in range(len(uploads))}
        r = await client.post("/graphql", headers=headers, files=files, data={
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps({str(i): [p] for i, p in enumerate(uploads)})})
    else:
        r = await client.post("/graphql", headers=headers, json={"query": query, "variables": variables})
    assert r.status_code == 200, r.text
    return r.json()


def _codes(kind: str, name: str, r: dict) -> list[str]:
    if kind == "mutation" and r.get("data") and r["data"].get(name):
        return [e["code"] for e in r["data"][name]["errors"]]
    return [e["extensions"]["code"] for e in r.get("errors", [])]


def _leaks(kind: str, name: str, r: dict) -> bool:
    data = (r.get("data") or {}).get(name)
    if kind == "query":
        return data is not None
    return any(v is not None for k, v in data.items() if k != "errors")


ROOT_FIELDS = _root_fields()


def test_i7_14_every_root_operation_declares_its_callers_and_error_codes():
    fields = [(name, f) for _, name, f in ROOT_FIELDS] + _subscription_fields()
    undeclared = [name for name, f in fields if _declaration(f) is None]
    assert not undeclared, f"root fields without access.query/access.mutation: {undeclared}"
    for name, f in fields:
        declared = _declaration(f)
        assert declared.roles and declared.roles <= set(access.CALLERS), name
        assert all(isinstance(e, ErrorCode) for e in declared.errors), name
        assert "可调用：" in f.description and "可能的错误码：" in f.description, name


@pytest.mark.parametrize(("kind", "name", "field"), ROOT_FIELDS, ids=[n for _, n, _ in ROOT_FIELDS])
async def test_i7_14_each_operation_refuses_undeclared_roles_and_serves_declared_ones(kind, name, field, world,
                                                                                      client):
    declared = _declaration(field)
    # A school id names the actors' own school, so a school admin is in scope; other ids name no row.
    query, variables, uploads = _operation(kind, name, field, {"School": world.school.id})
    for role, actor in ACTORS.items():
        with fake_wechat():
            r = await _call(client, world.tokens[actor] if actor else None, query, variables, uploads)
        codes = _codes(kind, name, r)
        who = f"{name} as {role or 'anonymous'}: {r}"
        if role not in declared.roles:
            assert codes == ["UNAUTHENTICATED" if role is None else "PERMISSION_DENIED"], who
            assert not _leaks(kind, name, r), who
        else:
            assert not {"UNAUTHENTICATED", "PERMISSION_DENIED"} & set(codes), who
            assert set(codes) <= {e.value for e in declared.errors}, f"undeclared code: {who}"


SUBSCRIPTION_FIELDS = _subscription_fields()


@pytest.mark.parametrize(("name", "field"), SUBSCRIPTION_FIELDS, ids=[n for n, _ in SUBSCRIPTION_FIELDS])
async def test_i8_2_each_subscription_refuses_undeclared_roles_before_any_event(name, field, world):
    """Over a websocket nobody is anonymous (the connection is refused); the declaration still holds for every
    role, checked on the stream itself as strawberry runs it for a connection."""
    import asyncio

    from resolvers.context import Context
    from resolvers.viewer import ANONYMOUS
    from server import auth

    declared = _declaration(field)
    query, variables, _ = _operation("subscription", name, field, {"School": world.school.id})
    for role, actor in ACTORS.items():
        viewer = await auth.viewer_from_token(world.tokens[actor]) if actor else ANONYMOUS
        stream = await wangqian_schema.subscribe(query, variable_values=variables, context_value=Context(viewer=viewer))
        who = f"{name} as {role or 'anonymous'}"
        try:
            first = await asyncio.wait_for(anext(stream), 0.5)
        except TimeoutError:
            first = None  # waiting for its first event: not refused
        finally:
            await stream.aclose()
        codes = [e.extensions.get("code") for e in (first.errors or [])] if first else []
        if role not in declared.roles:
            assert codes == ["UNAUTHENTICATED" if role is None else "PERMISSION_DENIED"], who
            assert not (first.data or {}).get(name), who
        else:
            assert not {"UNAUTHENTICATED", "PERMISSION_DENIED"} & set(codes), f"{who}: {codes}"
            assert set(codes) <= {e.value for e in declared.errors}, f"undeclared code: {who}: {codes}"


# --- Part two: scope within a declared role (R2, B5) --------------------------------------------------------------

# Outsiders to the first school's computer-science department, where the targets live (alice's records).
OUTSIDERS = ("other_admin", "law", "bob", "employer", "other_province", None)
# What only the school's own admin may do: everyone else, the department's own reviewer and the province included.
NOT_THE_ADMIN = ("other_admin", "cs", "law", "province", "other_province", "alice", "bob", "employer", None)
REFUSALS = {"NOT_FOUND", "PERMISSION_DENIED", "UNAUTHENTICATED"}


def node_hidden(path: tuple[str, ...] = ()) -> Callable[[dict, dict], bool]:
    def check(r: dict, _: dict) -> bool:
        value = r["data"]["node"]
        for key in path:
            value = value and value[key]
        return value is None

    return check


def list_hidden(root: str, needle: str) -> Callable[[dict, dict], bool]:
    """Refused outright (a GraphQL error with a refusal code), or the target is simply not in the list."""

    def check(r: dict, targets: dict) -> bool:
        if r.get("errors"):
            return r["data"] is None and r["errors"][0]["extensions"]["code"] in REFUSALS
        return targets[needle] not in json.dumps(r["data"][root], ensure_ascii=False)

    return check


def payload_refused(root: str) -> Callable[[dict, dict], bool]:
    def check(r: dict, _: dict) -> bool:
        return any(e["code"] in REFUSALS for e in r["data"][root]["errors"])

    return check


def own_record_only(root: str) -> Callable[[dict, dict], bool]:
    """Origin mutations carry no target: outsiders are refused, another graduate only reaches their own record."""

    def check(r: dict, targets: dict) -> bool:
        errors = r["data"][root]["errors"]
        return any(e["code"] in REFUSALS for e in errors) or (not errors and targets["viewer"] == "bob")

    return check


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    variables: Callable[[Any, dict], dict]
    refused: Callable[[dict, dict], bool]
    allowed: str  # an actor in scope, for whom `refused` must be false
    outsiders: tuple[str | None, ...] = OUTSIDERS


NODE = "query($id: ID!) { node(id: $id) { id ... on School { settings { reviewLevels } } } }"

CASES = [
    Case("graduate node", NODE, lambda w, t: {"id": t["alice"]}, node_hidden(), "cs"),
    Case("graduate list", "{ graduates { edges { node { id } } } }", lambda w, t: {},
         list_hidden("graduates", "alice"), "admin"),
    Case("correction node", NODE, lambda w, t: {"id": t["correction"]}, node_hidden(), "cs"),
    Case("correction list", "{ correctionRequests { edges { node { id } } } }", lambda w, t: {},
         list_hidden("correctionRequests", "correction"), "cs"),
    Case("decide correction",
         "mutation($id: ID!) { decideCorrection(input: {id: $id, accept: false, reason: \"不符\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["correction"]}, payload_refused("decideCorrection"), "admin"),
    Case("withdraw correction",
         "mutation($id: ID!) { withdrawCorrection(input: {id: $id}) { errors { code } } }",
         lambda w, t: {"id": t["correction"]}, payload_refused("withdrawCorrection"), "alice"),
    Case("audit log", "{ auditLog { edges { node { id } } } }", lambda w, t: {},
         list_hidden("auditLog", "audit"), "cs"),
    Case("audit entry node", NODE, lambda w, t: {"id": t["audit"]}, node_hidden(), "admin"),
    # Settings belong to the whole school: every department's reviewer reads them.
    Case("school settings read", NODE, lambda w, t: {"id": t["school"]}, node_hidden(("settings",)), "law",
         outsiders=tuple(a for a in OUTSIDERS if a != "law")),
    Case("school settings write",
         "mutation($id: ID!) { updateSchoolSettings(input: {schoolId: $id, reviewLevels: 1}) { errors { code } } }",
         lambda w, t: {"id": t["school"]}, payload_refused("updateSchoolSettings"), "admin"),
    Case("update origin record",
         "mutation { updateOriginRecord(input: {qq: \"99999\"}) { errors { code } } }", lambda w, t: {},
         own_record_only("updateOriginRecord"), "alice"),
    Case("confirm origin record",
         "mutation { confirmOriginRecord(input: {confirmed: true}) { errors { code } } }", lambda w, t: {},
         own_record_only("confirmOriginRecord"), "alice"),
    Case("request correction",
         "mutation { requestCorrection(input: {field: CLASS_NAME, requestedValue: \"某班\"}) { errors { code } } }",
         lambda w, t: {}, own_record_only("requestCorrection"), "alice"),
    # School structure and staff accounts: the school admin only. Another school's admin creating a department
    # creates it in their own school, so only the operations naming a target list them.
    Case("create department",
         "mutation { createDepartment(input: {code: \"X1\", name: \"新学院\"}) { errors { code } } }",
         lambda w, t: {}, payload_refused("createDepartment"), "admin",
         outsiders=tuple(a for a in NOT_THE_ADMIN if a != "other_admin")),
    Case("update department",
         "mutation($id: ID!) { updateDepartment(input: {id: $id, name: \"改名\"}) { errors { code } } }",
         lambda w, t: {"id": t["cs_department"]}, payload_refused("updateDepartment"), "admin",
         outsiders=NOT_THE_ADMIN),
    Case("create major",
         "mutation($id: ID!) { createMajor(input: {departmentId: $id, code: \"X1\", name: \"新专业\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["cs_department"]}, payload_refused("createMajor"), "admin", outsiders=NOT_THE_ADMIN),
    Case("update major",
         "mutation($id: ID!) { updateMajor(input: {id: $id, name: \"改名\"}) { errors { code } } }",
         lambda w, t: {"id": t["cs_major"]}, payload_refused("updateMajor"), "admin", outsiders=NOT_THE_ADMIN),
    Case("create staff account",
         "mutation($id: ID!) { createStaffAccount(input: {username: \"new_teacher\", name: \"新老师\", "
         "departmentId: $id, initialPassword: \"Start2026now\"}) { errors { code } } }",
         lambda w, t: {"id": t["cs_department"]}, payload_refused("createStaffAccount"), "admin",
         outsiders=NOT_THE_ADMIN),
    Case("set staff active",
         "mutation($id: ID!) { setStaffActive(input: {staffId: $id, active: false}) { errors { code } } }",
         lambda w, t: {"id": t["cs_reviewer"]}, payload_refused("setStaffActive"), "admin", outsiders=NOT_THE_ADMIN),
    Case("staff accounts", "{ staffAccounts { edges { node { id } } } }", lambda w, t: {},
         list_hidden("staffAccounts", "cs_reviewer"), "admin", outsiders=NOT_THE_ADMIN),
    Case("reset graduate password",
         "mutation($id: ID!) { resetGraduatePassword(input: {graduateId: $id, newInitialPassword: \"Reset2026go\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["alice"]}, payload_refused("resetGraduatePassword"), "admin",
         outsiders=NOT_THE_ADMIN),
    # X1: the graduate's family contacts and archive forwarding, for the graduate and the staff of their scope.
    Case("graduate records", "query($id: ID!) { node(id: $id) { ... on Graduate { familyContacts { name } } } }",
         lambda w, t: {"id": t["alice"]}, lambda r, _: (r["data"]["node"] or {}).get("familyContacts") is None, "cs",
         outsiders=(*OUTSIDERS, "province")),
    # X4: statistics of a named school, for its staff and its province only.
    Case("statistics", "query($id: ID!) { statistics(graduationYear: 2026, groupBy: SCHOOL, schoolId: $id) "
         "{ total { graduates } } }",
         lambda w, t: {"id": t["school"]},
         lambda r, _: bool(r.get("errors")) and r["errors"][0]["extensions"]["code"] in REFUSALS, "cs",
         outsiders=("other_admin", "other_province", "bob", "employer", None)),
    # F3: paper forms, for the counsellors of the graduate's scope; the province hands out no forms.
    Case("paper form list", "{ paperForms { edges { node { id } } } }", lambda w, t: {},
         list_hidden("paperForms", "paper_form"), "cs", outsiders=(*OUTSIDERS, "province")),
    Case("paper form node", NODE, lambda w, t: {"id": t["paper_form"]}, node_hidden(), "cs",
         outsiders=(*OUTSIDERS, "province")),
    Case("reissue paper form",
         "mutation($id: ID!) { reissuePaperForm(input: {graduateId: $id, number: \"F-9\", reason: \"遗失\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["alice"]}, payload_refused("reissuePaperForm"), "cs",
         outsiders=(*OUTSIDERS, "province")),
    Case("record paper form collected",
         "mutation($id: ID!) { recordPaperFormCollected(input: {graduateId: $id, number: \"F-1\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["alice"]}, payload_refused("recordPaperFormCollected"), "admin",
         outsiders=(*OUTSIDERS, "province")),
    Case("reset staff password",
         "mutation($id: ID!) { resetStaffPassword(input: {staffId: $id, newInitialPassword: \"Reset2026go\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["cs_reviewer"]}, payload_refused("resetStaffPassword"), "admin",
         outsiders=NOT_THE_ADMIN),
    # Issue 12 §1: a department's notice is its reviewer's and the school admin's to manage, its graduates' to read.
    Case("notice node", NODE, lambda w, t: {"id": t["cs_notice"]}, node_hidden(), "alice",
         outsiders=(*OUTSIDERS, "carol", "province")),
    Case("my notices", "{ myNotices { edges { node { id } } } }", lambda w, t: {},
         list_hidden("myNotices", "cs_notice"), "alice", outsiders=(*OUTSIDERS, "carol")),
    Case("managed notices", "{ notices { edges { node { id } } } }", lambda w, t: {},
         list_hidden("notices", "cs_notice"), "cs", outsiders=(*OUTSIDERS, "province")),
    Case("withdraw notice", "mutation($id: ID!) { withdrawNotice(input: {id: $id}) { errors { code } } }",
         lambda w, t: {"id": t["cs_notice"]}, payload_refused("withdrawNotice"), "admin",
         outsiders=("other_admin", "law", "province", "other_province", "alice", "bob", "employer", None)),
    Case("notice to another department",
         "mutation($id: ID!) { createNotice(input: {kind: NOTICE, title: \"通知\", departmentId: $id}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["cs_department"]}, payload_refused("createNotice"), "cs",
         outsiders=("law", "other_admin", "alice", "employer", None)),
    # Issue 12 §2: a published fair is its school's staff's and graduates' (and any employer's) to read, its
    # school admin's alone to change; another school's staff and graduates do not see it.
    Case("job fair node", NODE, lambda w, t: {"id": t["fair"]}, node_hidden(), "alice",
         outsiders=("other_admin", "carol", "province", "other_province", None)),
    Case("my job fairs", "{ myJobFairs { edges { node { id } } } }", lambda w, t: {},
         list_hidden("myJobFairs", "fair"), "alice", outsiders=("carol", "employer", "admin", None)),
    Case("managed job fairs", "{ jobFairs { edges { node { id } } } }", lambda w, t: {},
         list_hidden("jobFairs", "fair"), "cs",
         outsiders=("other_admin", "province", "other_province", "alice", "employer", None)),
    Case("cancel job fair",
         "mutation($id: ID!) { cancelJobFair(input: {id: $id, reason: \"取消\"}) { errors { code } } }",
         lambda w, t: {"id": t["fair"]}, payload_refused("cancelJobFair"), "admin", outsiders=NOT_THE_ADMIN),
    # Issue 12 §6: alice's feedback on the national system's record is hers and her department's and school's.
    Case("national feedback node", NODE, lambda w, t: {"id": t["national_feedback"]}, node_hidden(), "cs",
         outsiders=(*OUTSIDERS, "province")),
    Case("national feedback list", "{ nationalRecordFeedback { edges { node { id } } } }", lambda w, t: {},
         list_hidden("nationalRecordFeedback", "national_feedback"), "alice", outsiders=(*OUTSIDERS, "province")),
    Case("answer national feedback",
         "mutation($id: ID!) { answerNationalRecordFeedback(input: {id: $id, answer: \"已核实\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["national_feedback"]}, payload_refused("answerNationalRecordFeedback"), "cs",
         outsiders=(*OUTSIDERS, "province")),
    Case("national unconfirmed graduates", "{ nationalUnconfirmedGraduates { edges { node { id } } } }",
         lambda w, t: {}, list_hidden("nationalUnconfirmedGraduates", "alice"), "cs",
         outsiders=(*OUTSIDERS, "province")),
    # Issue 12 §4: the graduate's own recommendation form; their department's reviewer and school's admin.
    Case("recommendation form node", NODE, lambda w, t: {"id": t["recommendation_form"]}, node_hidden(), "cs",
         outsiders=(*OUTSIDERS, "carol", "province")),
    Case("recommendation form list", "{ recommendationForms { edges { node { id } } } }", lambda w, t: {},
         list_hidden("recommendationForms", "recommendation_form"), "admin",
         outsiders=(*OUTSIDERS, "province")),
    Case("download recommendation form",
         "mutation($id: ID!) { downloadRecommendationForm(input: {formId: $id}) { errors { code } } }",
         lambda w, t: {"id": t["recommendation_form"]}, payload_refused("downloadRecommendationForm"), "alice",
         outsiders=(*OUTSIDERS, "carol", "province")),
    Case("update recommendation form",
         "mutation($id: ID!) { updateRecommendationForm(input: {id: $id, awards: \"x\"}) { errors { code } } }",
         lambda w, t: {"id": t["recommendation_form"]}, payload_refused("updateRecommendationForm"), "alice",
         outsiders=(*OUTSIDERS, "carol", "cs", "province")),
    # Issue 12 §2 (gaps): who registered for a fair is its school's staff's, a reviewer's only for their own
    # department's graduates (R2); the registration itself alice's too.
    Case("fair registrations", "query($id: ID!) { fairRegistrations(fairId: $id) { edges { node { id } } } }",
         lambda w, t: {"id": t["fair"]}, list_hidden("fairRegistrations", "fair_registration"), "cs",
         outsiders=(*OUTSIDERS, "province")),
    Case("fair registration node", NODE, lambda w, t: {"id": t["fair_registration"]}, node_hidden(), "alice",
         outsiders=(*OUTSIDERS, "province")),
]


async def _targets(world, gql) -> dict:
    """Alice's correction request and the audit entry it leaves, made through GraphQL."""
    r = await gql("""mutation { requestCorrection(input: {field: NAME, requestedValue: "陈晓鸣"}) {
      correctionRequest { id } } }""", token=world.tokens["alice"])
    correction = r["data"]["requestCorrection"]["correctionRequest"]["id"]
    r = await gql("""mutation($d: ID!) { createNotice(input: {kind: NOTICE, title: "院系通知", departmentId: $d}) {
      notice { id } } }""", {"d": encode_id("Department", world.cs.id)}, token=world.tokens["cs"])
    notice = r["data"]["createNotice"]["notice"]["id"]
    r = await gql("mutation($id: ID!) { publishNotice(input: {id: $id}) { errors { code } } }", {"id": notice},
                  token=world.tokens["cs"])
    assert r["data"]["publishNotice"]["errors"] == [], r
    r = await gql("{ auditLog(first: 1) { edges { node { id } } } }", token=world.tokens["admin"])
    audit = r["data"]["auditLog"]["edges"][0]["node"]["id"]
    r = await gql("""mutation($id: ID!) { reissuePaperForm(input: {graduateId: $id, number: "F-1", reason: "遗失"}) {
      paperForm { id } } }""", {"id": encode_id("Graduate", world.alice.id)}, token=world.tokens["admin"])
    paper_form = r["data"]["reissuePaperForm"]["paperForm"]["id"]
    starts = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    r = await gql("""mutation($s: DateTime!, $e: DateTime!) { createJobFair(input: {title: "校园招聘会",
      mode: ONSITE, place: "体育馆", startsAt: $s, endsAt: $e, capacity: 10}) { fair { id } } }""",
                  {"s": starts.isoformat(), "e": (starts + dt.timedelta(hours=3)).isoformat()},
                  token=world.tokens["admin"])
    fair = r["data"]["createJobFair"]["fair"]["id"]
    r = await gql("mutation($id: ID!) { publishJobFair(input: {id: $id}) { errors { code } } }", {"id": fair},
                  token=world.tokens["admin"])
    assert r["data"]["publishJobFair"]["errors"] == [], r
    r = await gql("mutation($id: ID!) { registerForJobFair(input: {fairId: $id}) { registration { id } } }",
                  {"id": fair}, token=world.tokens["alice"])
    fair_registration = r["data"]["registerForJobFair"]["registration"]["id"]
    r = await gql("""mutation { giveNationalRecordFeedback(input: {record: ORIGIN, body: "姓名有误"}) {
      feedback { id } } }""", token=world.tokens["alice"])
    national_feedback = r["data"]["giveNationalRecordFeedback"]["feedback"]["id"]
    r = await gql("mutation { createRecommendationForm(input: {}) { recommendationForm { id } } }",
                  token=world.tokens["alice"])
    recommendation_form = r["data"]["createRecommendationForm"]["recommendationForm"]["id"]
    return {"alice": encode_id("Graduate", world.alice.id), "correction": correction,
            "audit": audit, "paper_form": paper_form, "school": encode_id("School", world.school.id),
            "cs_department": encode_id("Department", world.cs.id), "cs_major": encode_id("Major", world.cs_major.id),
            "cs_reviewer": encode_id("Staff", world.cs_reviewer.id), "cs_notice": notice,
            "national_feedback": national_feedback, "fair": fair, "fair_registration": fair_registration,
            "recommendation_form": recommendation_form}


async def _untouched(world) -> bool:
    alice = await Graduate.get(id=world.alice.id)
    correction = await CorrectionRequest.get(graduate_id=world.alice.id, field="name")
    reviewer = await Staff.get(id=world.cs_reviewer.id)
    return (alice.qq is None and alice.origin_confirmed_at is None and correction.state == "pending"
            and not await CorrectionRequest.filter(graduate_id=world.alice.id, field="class_name").exists()
            and alice.session_version == 0 and not alice.must_change_password
            and reviewer.is_active and reviewer.session_version == 0 and not reviewer.must_change_password
            and await Staff.all().count() == 6
            and await PaperForm.filter(state="issued").values_list("number", flat=True) == ["F-1"]
            and await PaperForm.all().count() == 1
            and (await Department.get(id=world.cs.id)).name == world.cs.name
            and (await Major.get(id=world.cs_major.id)).name == world.cs_major.name
            and not await Department.filter(code="X1").exists() and not await Major.filter(code="X1").exists()
            and await Notice.filter(title="院系通知", state="published").count() == 1
            and not await Notice.filter(title="通知").exists()
            and await JobFair.filter(title="校园招聘会", state="published").count() == 1)


def _case_id(case: Case) -> str:
    return case.name.replace(" ", "_")


@pytest.mark.parametrize(("case", "actor"), [(c, a) for c in CASES for a in c.outsiders],
                         ids=[f"{_case_id(c)}-{a or 'anonymous'}" for c in CASES for a in c.outsiders])
async def test_r2_b5_cross_scope_access_is_refused(case: Case, actor: str | None, world, gql):
    targets = await _targets(world, gql)
    r = await gql(case.query, case.variables(world, targets), token=world.tokens[actor] if actor else None)
    assert case.refused(r, {**targets, "viewer": actor}), r
    assert await _untouched(world)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
async def test_r2_matrix_control_in_scope_actor_is_not_refused(case: Case, world, gql):
    targets = await _targets(world, gql)
    r = await gql(case.query, case.variables(world, targets), token=world.tokens[case.allowed])
    assert not case.refused(r, {**targets, "viewer": case.allowed}), r
