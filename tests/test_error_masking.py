"""Internal error text never reaches clients; only unexpected errors are errors in the log (issue 6.4, 7.9)."""

import base64
import logging

from tortoise import connections

from models import School
from schema.relay import encode_id

NODE = "query($id: ID!) { node(id: $id) { id } }"
SCHOOLS_AFTER = "query($after: String) { schools(first: 2, after: $after) { edges { cursor } } }"
INTERNAL_WORDS = ("int32", "out of range", "Python int", "SQLite", "Traceback", "relation", "no such table",
                  "GlobalID", "Exception")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _only_code(r: dict, code: str) -> None:
    assert [e["extensions"]["code"] for e in r["errors"]] == [code], r
    text = str(r)
    assert not any(word in text for word in INTERNAL_WORDS), text


async def test_i6_4_global_ids_out_of_range_or_garbage_are_invalid_id(world, gql):
    admin = world.tokens["admin"]
    for bad in (_b64("Graduate:99999999999999999999"), _b64("Graduate:2147483648"), _b64("Graduate:-1"),
                _b64("Graduate:1_0"), _b64("NoSuchType:1"), _b64("Graduate"), "garbage!!", "", "\u0000"):
        r = await gql(NODE, {"id": bad}, token=admin)
        assert r["data"] == {"node": None}
        _only_code(r, "INVALID_ID")
    ok = await gql(NODE, {"id": encode_id("Graduate", world.alice.id)}, token=admin)
    assert ok == {"data": {"node": {"id": encode_id("Graduate", world.alice.id)}}}


async def test_i6_4_ids_inside_inputs_are_range_checked(world, gql):
    query = "query($f: AuditLogFilter) { auditLog(filter: $f) { totalCount } }"
    r = await gql(query, {"f": {"subjectId": _b64("Graduate:99999999999999999999")}}, token=world.tokens["admin"])
    _only_code(r, "INVALID_ID")
    query = "query($f: GraduateFilter) { graduates(filter: $f) { totalCount } }"
    r = await gql(query, {"f": {"departmentId": _b64("Department:4294967296")}}, token=world.tokens["admin"])
    _only_code(r, "INVALID_ID")


async def test_i6_4_cursors_out_of_range_or_garbage_are_invalid_id(world, gql):
    for bad in ("%%%garbage", base64.urlsafe_b64encode(b"k:99999999999999999999").decode(), _b64("\xff\xfe"),
                base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(), base64.urlsafe_b64encode(b"x:1").decode()):
        r = await gql(SCHOOLS_AFTER, {"after": bad})
        assert r["data"] is None
        _only_code(r, "INVALID_ID")


async def test_i6_4_a_failure_inside_is_masked_and_logged_with_the_request_id(world, client, caplog):
    """A real failure of the database (its table gone) must not show the client the database's words."""
    conn = connections.get("default")
    table = School._meta.db_table
    await conn.execute_script(f'ALTER TABLE "{table}" RENAME TO "{table}_away"')
    try:
        with caplog.at_level(logging.DEBUG):
            r = await client.post("/graphql", json={"query": "{ schools { edges { node { name } } } }"})
    finally:
        await conn.execute_script(f'ALTER TABLE "{table}_away" RENAME TO "{table}"')
    assert r.status_code == 200
    body = r.json()
    request_id = r.headers["x-request-id"]
    assert body["errors"] == [{
        "message": "服务器内部错误，请稍后再试；如仍有问题，请把请求编号告诉管理员",
        "locations": [{"line": 1, "column": 3}],
        "path": ["schools"],
        "extensions": {"code": "INTERNAL_ERROR", "requestId": request_id},
    }]
    errors = [rec for rec in caplog.records if rec.levelno >= logging.ERROR]
    assert len(errors) == 1 and request_id in errors[0].getMessage() and errors[0].exc_info
    assert table in errors[0].getMessage() or table in str(errors[0].exc_info[1])


async def test_i7_9_expected_refusals_are_not_logged_as_errors(world, gql, caplog):
    with caplog.at_level(logging.DEBUG):
        refused = await gql("{ graduates { totalCount } }")
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        wrong = await gql("{ graduatez }")
        assert wrong["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
