"""Unbinding WeChat from a graduate record (issue 2 §5, B2): by the graduate, or by their school's admin."""

import pytest

from models import AuditEntry, Graduate, OutboxEvent
from schema.relay import encode_id
from tests.fakes.wechat_server import fake_wechat

UNBIND = """mutation($input: UnbindWechatInput!) { unbindWechat(input: $input) {
  graduate { name isBound } errors { field code message } } }"""
WECHAT_LOGIN = """mutation($input: WechatLoginInput!) { wechatLogin(input: $input) {
  bound token bindingTicket errors { code } } }"""
ME = "{ me { role } }"


@pytest.fixture
async def bound(world):
    """Alice and Carol have bound their WeChat accounts."""
    for graduate, openid in ((world.alice, "o-alice"), (world.carol, "o-carol")):
        graduate.openid = openid
        await graduate.save()
    return world


async def _unbind(gql, token, graduate=None):
    variables = {"input": {"graduateId": encode_id("Graduate", graduate.id)} if graduate else {}}
    return (await gql(UNBIND, variables, token=token))["data"]["unbindWechat"]


async def test_b2_graduate_unbinds_themself_and_logs_in_again(bound, gql, refusal):
    payload = await _unbind(gql, bound.tokens["alice"])
    assert payload["errors"] == [] and payload["graduate"] == {"name": "陈晓明", "isBound": False}
    assert await refusal(bound.tokens["alice"]) == "TOKEN_REVOKED"  # old token revoked
    audit = await AuditEntry.filter(action="graduate.wechat_unbound", subject_id=bound.alice.id).get()
    assert (audit.actor_kind, audit.actor_id, audit.after) == ("graduate", bound.alice.id, {"bound": False})
    assert not await OutboxEvent.filter(graduate_id=bound.alice.id).exists()  # she did it herself
    with fake_wechat() as wechat:
        wechat.openids["c1"] = "o-alice"
        login = (await gql(WECHAT_LOGIN, {"input": {"code": "c1"}}))["data"]["wechatLogin"]
    assert login["bound"] is False and login["bindingTicket"]


async def test_b2_school_admin_unbinds_a_graduate_of_their_school(bound, gql, refusal):
    payload = await _unbind(gql, bound.tokens["admin"], bound.alice)
    assert payload["errors"] == [] and payload["graduate"]["isBound"] is False
    assert (await Graduate.get(id=bound.alice.id)).openid is None
    assert await refusal(bound.tokens["alice"]) == "TOKEN_REVOKED"
    audit = await AuditEntry.filter(action="graduate.wechat_unbound", subject_id=bound.alice.id).get()
    assert (audit.actor_kind, audit.actor_id, audit.school_id) == ("staff", bound.admin.id, bound.school.id)
    event = await OutboxEvent.filter(graduate_id=bound.alice.id).get()
    assert event.kind == "record.changed"
    assert event.payload == {"graduateId": bound.alice.id, "change": "wechat_unbound", "reason": "学校管理员解除绑定",
                             "voidedAgreement": None, "agreementNumber": None,
                             "changes": ["微信绑定：已绑定 → 未绑定"]}


async def test_b2_unbind_refused_across_scopes(bound, gql):
    cases = (
        ("other_admin", bound.alice, "NOT_FOUND"),  # another school's admin
        ("cs", bound.alice, "PERMISSION_DENIED"),  # a department reviewer, even of her own department
        ("province", bound.alice, "PERMISSION_DENIED"),
        ("employer", bound.alice, "PERMISSION_DENIED"),
        ("bob", bound.alice, "NOT_FOUND"),  # another graduate
        ("admin", bound.carol, "NOT_FOUND"),  # a graduate of another school
        ("admin", None, "REQUIRED"),
    )
    for who, graduate, code in cases:
        payload = await _unbind(gql, bound.tokens[who], graduate)
        assert [e["code"] for e in payload["errors"]] == [code], who
        assert payload["graduate"] is None
    assert (await _unbind(gql, None, bound.alice))["errors"][0]["code"] == "UNAUTHENTICATED"
    assert (await Graduate.get(id=bound.alice.id)).openid == "o-alice"
    assert (await Graduate.get(id=bound.carol.id)).openid == "o-carol"
    assert not await AuditEntry.filter(action="graduate.wechat_unbound").exists()


async def test_b2_unbinding_an_unbound_record_says_not_bound(bound, gql):
    payload = await _unbind(gql, bound.tokens["admin"], bound.bob)
    assert payload["errors"][0]["code"] == "NOT_BOUND"
    assert (await gql(ME, token=bound.tokens["bob"]))["data"]["me"]["role"] == "graduate"
