"""Authorization matrix (issue 2 §6, R2, B5): every cross-scope read and write is refused.

Table-driven: add a `Case` to CASES for each new operation. Each case names the operation, the variables
(built from the world and the targets made by `_targets`), how a refusal shows, and an actor in scope for
whom it must NOT be refused, so a case can never pass by being broken for everyone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from models import CorrectionRequest, Department, Graduate, Major, Staff
from schema.relay import encode_id

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
    Case("reset staff password",
         "mutation($id: ID!) { resetStaffPassword(input: {staffId: $id, newInitialPassword: \"Reset2026go\"}) "
         "{ errors { code } } }",
         lambda w, t: {"id": t["cs_reviewer"]}, payload_refused("resetStaffPassword"), "admin",
         outsiders=NOT_THE_ADMIN),
]


async def _targets(world, gql) -> dict:
    """Alice's correction request and the audit entry it leaves, made through GraphQL."""
    r = await gql("""mutation { requestCorrection(input: {field: NAME, requestedValue: "陈晓鸣"}) {
      correctionRequest { id } } }""", token=world.tokens["alice"])
    correction = r["data"]["requestCorrection"]["correctionRequest"]["id"]
    r = await gql("{ auditLog(first: 1) { edges { node { id } } } }", token=world.tokens["admin"])
    return {"alice": encode_id("Graduate", world.alice.id), "correction": correction,
            "audit": r["data"]["auditLog"]["edges"][0]["node"]["id"], "school": encode_id("School", world.school.id),
            "cs_department": encode_id("Department", world.cs.id), "cs_major": encode_id("Major", world.cs_major.id),
            "cs_reviewer": encode_id("Staff", world.cs_reviewer.id)}


async def _untouched(world) -> bool:
    alice = await Graduate.get(id=world.alice.id)
    correction = await CorrectionRequest.get(graduate_id=world.alice.id, field="name")
    reviewer = await Staff.get(id=world.cs_reviewer.id)
    return (alice.qq is None and alice.origin_confirmed_at is None and correction.state == "pending"
            and not await CorrectionRequest.filter(graduate_id=world.alice.id, field="class_name").exists()
            and alice.session_version == 0 and not alice.must_change_password
            and reviewer.is_active and reviewer.session_version == 0 and not reviewer.must_change_password
            and await Staff.all().count() == 6
            and (await Department.get(id=world.cs.id)).name == world.cs.name
            and (await Major.get(id=world.cs_major.id)).name == world.cs_major.name
            and not await Department.filter(code="X1").exists() and not await Major.filter(code="X1").exists())


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
