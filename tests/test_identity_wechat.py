"""Graduate WeChat login and binding (issue 2 §5, B1, B2, B3), against a local WeChat server."""

import asyncio

import pytest
from stdnum.cn import ric

from models import AuditEntry, Graduate
from resolvers.viewer import Role
from schema.relay import encode_id
from server import crypto
from server.auth import issue_binding_ticket
from server.settings import get_settings
from tests import factories
from tests.fakes.wechat_server import closed_port_url, fake_wechat

WECHAT_LOGIN = """mutation($input: WechatLoginInput!) { wechatLogin(input: $input) {
  bound token bindingTicket graduate { name } errors { field code message } } }"""
BIND = """mutation($input: BindGraduateInput!) { bindGraduate(input: $input) {
  token graduate { id name graduationYear isBound } errors { field code message } } }"""
ME = "{ me { role graduate { name graduationYear idNumber } } }"


@pytest.fixture
def wechat():
    with fake_wechat() as fake:
        yield fake


async def _login(gql, code):
    return (await gql(WECHAT_LOGIN, {"input": {"code": code}}))["data"]["wechatLogin"]


async def _bind(gql, ticket, school, name, student_number, idn):
    variables = {"input": {"ticket": ticket, "schoolId": encode_id("School", school.id), "name": name,
                           "studentNumber": student_number, "idNumber": idn}}
    return (await gql(BIND, variables))["data"]["bindGraduate"]


def _codes(payload):
    return [e["code"] for e in payload["errors"]]


def _id_number(serial: int) -> str:
    # ric.calc_check_digit expects the number with a placeholder check digit (factories.id_number omits it).
    body = f"34010420030415{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


async def _give_id_number(graduate: Graduate, idn: str) -> str:
    graduate.id_number_enc, graduate.id_number_hash = crypto.encrypt(idn), crypto.lookup_hash(idn)
    await graduate.save()
    return idn


@pytest.fixture
async def alice_idn(world):
    return await _give_id_number(world.alice, _id_number(3))


async def test_wechat_login_unbound_returns_a_binding_ticket_and_never_the_session_key(world, gql, wechat):
    r = await gql(WECHAT_LOGIN, {"input": {"code": "c1"}})
    payload = r["data"]["wechatLogin"]
    assert payload["errors"] == [] and payload["bound"] is False
    assert payload["token"] is None and payload["bindingTicket"]
    assert "sk-" not in str(r)
    assert await Graduate.filter(openid="o-c1").count() == 0


async def test_b1_binding_matches_school_name_student_number_and_id_number(world, gql, wechat, alice_idn):
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", alice_idn)
    assert payload["errors"] == []
    assert payload["graduate"]["name"] == "陈晓明" and payload["graduate"]["isBound"] is True
    me = (await gql(ME, token=payload["token"]))["data"]["me"]
    assert me["role"] == "graduate" and me["graduate"]["idNumber"] == alice_idn
    # Next time the mini-program opens, WeChat login alone signs the graduate in.
    wechat.openids["c2"] = "o-c1"
    relogin = await _login(gql, "c2")
    assert relogin["bound"] is True and relogin["bindingTicket"] is None
    assert relogin["graduate"] == {"name": "陈晓明"}
    assert (await gql(ME, token=relogin["token"]))["data"]["me"]["role"] == "graduate"


async def test_b1_surrounding_spaces_ignored_and_id_number_upper_cased(world, gql, wechat):
    idn = next(n for n in (_id_number(s) for s in range(100, 1000)) if n.endswith("X"))
    g = await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701099",
                                 name="王小丫", idn=idn)
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    payload = await _bind(gql, ticket, world.school, "  王小丫 ", " 3220701099  ", f" {idn.lower()} ")
    assert payload["errors"] == []
    assert payload["graduate"]["id"] == encode_id("Graduate", g.id)


async def test_b1_no_match_says_not_matched_or_not_registered(world, gql, wechat, alice_idn):
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    other_id = _id_number(11)
    for school, name, number, idn in (
        (world.school, "陈晓明", "3220701001", other_id),  # wrong ID number
        (world.school, "陈小明", "3220701001", alice_idn),  # wrong name
        (world.school, "陈晓明", "3220701002", alice_idn),  # wrong student number
        (world.other_school, "陈晓明", "3220701001", alice_idn),  # wrong school
    ):
        payload = await _bind(gql, ticket, school, name, number, idn)
        assert payload["errors"] == [{"field": None, "code": "BINDING_NOT_MATCHED", "message": "信息不匹配或没有注册"}]
        assert payload["token"] is None
    assert await Graduate.filter(openid="o-c1").count() == 0


async def test_b1_two_records_of_the_same_year_are_duplicated(world, gql, wechat, alice_idn):
    idn = alice_idn
    await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701001", name="陈晓明",
                             idn=idn, level="25")  # the school imported her a second time as 二学位
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", idn)
    assert _codes(payload) == ["BINDING_DUPLICATED"]
    assert payload["errors"][0]["message"].startswith("信息重复")


async def test_b3_binding_picks_the_current_graduation_year(world, gql, wechat, alice_idn):
    idn = alice_idn
    older = await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701001",
                                     name="陈晓明", idn=idn, year=2025)  # kept her number after a repeated year
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", idn)
    assert payload["errors"] == []
    assert payload["graduate"] == {"id": encode_id("Graduate", world.alice.id), "name": "陈晓明",
                                   "graduationYear": 2026, "isBound": True}
    assert (await Graduate.get(id=older.id)).openid is None


async def test_b2_record_bound_to_another_wechat_is_already_bound(world, gql, wechat, alice_idn):
    world.alice.openid = "o-someone-else"
    await world.alice.save()
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", alice_idn)
    assert _codes(payload) == ["ALREADY_BOUND"]
    assert "学校管理员" in payload["errors"][0]["message"]
    assert (await Graduate.get(id=world.alice.id)).openid == "o-someone-else"


async def test_b2_b3_binding_the_current_record_moves_the_wechat_from_the_older_one(world, gql, wechat, alice_idn,
                                                                                    refusal):
    idn = alice_idn
    bachelor = await factories.graduate(world.school, world.cs, world.cs_major, student_number="2180701001",
                                        name="陈晓明", idn=idn, year=2022, openid="o-alice")
    bachelor_token = factories.token(Role.GRADUATE, bachelor)
    # The ticket was issued for her WeChat account (say, before the bachelor binding was restored by a teacher).
    payload = await _bind(gql, issue_binding_ticket("o-alice"), world.school, "陈晓明", "3220701001", idn)
    assert payload["errors"] == []
    assert (await Graduate.get(id=world.alice.id)).openid == "o-alice"
    assert (await Graduate.get(id=bachelor.id)).openid is None
    assert await refusal(bachelor_token) == "TOKEN_REVOKED"
    moved = await AuditEntry.filter(action="graduate.wechat_unbound", subject_id=bachelor.id).get()
    assert moved.actor_kind == "graduate" and moved.actor_id == world.alice.id
    assert str(world.alice.id) in moved.reason
    assert await AuditEntry.filter(action="graduate.wechat_bound", subject_id=world.alice.id).exists()


async def test_b2_a_wechat_bound_to_another_person_cannot_bind_a_second_record(world, gql, wechat, alice_idn):
    world.bob.openid = "o-shared"
    await world.bob.save()
    payload = await _bind(gql, issue_binding_ticket("o-shared"), world.school, "陈晓明", "3220701001",
                          alice_idn)
    assert _codes(payload) == ["ALREADY_BOUND"]
    assert (await Graduate.get(id=world.bob.id)).openid == "o-shared"
    assert (await Graduate.get(id=world.alice.id)).openid is None


async def test_binding_with_malformed_id_number_is_refused_before_matching(world, gql, wechat, alice_idn):
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    bad = alice_idn[:-1] + ("0" if alice_idn[-1] != "0" else "1")
    payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", bad)
    assert payload["errors"][0]["code"] == "INVALID_ID_NUMBER"
    assert payload["errors"][0]["field"] == ["idNumber"]
    payload = await _bind(gql, ticket, world.school, " ", "", "12345")
    assert sorted((e["field"][0], e["code"]) for e in payload["errors"]) == [
        ("idNumber", "INVALID_ID_NUMBER"), ("name", "REQUIRED"), ("studentNumber", "REQUIRED")]


async def test_binding_brute_force_is_locked_after_five_failures(world, gql, wechat, alice_idn):
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    for serial in range(20, 25):
        guess = _id_number(serial)
        payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", guess)
        assert _codes(payload) == ["BINDING_NOT_MATCHED"]
    payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", alice_idn)
    assert _codes(payload) == ["RATE_LIMITED"] and payload["token"] is None
    # The lock is on the record: another WeChat account cannot continue the guessing either.
    other_ticket = (await _login(gql, "c2"))["bindingTicket"]
    payload = await _bind(gql, other_ticket, world.school, "陈晓明", "3220701001", alice_idn)
    assert _codes(payload) == ["RATE_LIMITED"]


async def test_binding_one_wechat_account_guessing_across_records_is_locked(world, gql, wechat):
    ticket = (await _login(gql, "c1"))["bindingTicket"]
    for number in ("3220701001", "3220301002", "3220701003", "3220701004", "3220701005"):
        payload = await _bind(gql, ticket, world.school, "陈晓明", number, _id_number(30))
        assert _codes(payload) == ["BINDING_NOT_MATCHED"]
    bob_idn = await _give_id_number(world.bob, _id_number(5))
    payload = await _bind(gql, ticket, world.school, "周大伟", "3220301002", bob_idn)
    assert _codes(payload) == ["RATE_LIMITED"]


async def test_binding_ticket_must_be_genuine(world, gql, wechat, alice_idn):
    for ticket in ("not-a-ticket", factories.token(Role.GRADUATE, world.alice)):
        payload = await _bind(gql, ticket, world.school, "陈晓明", "3220701001", alice_idn)
        assert payload["errors"][0]["code"] == "WECHAT_LOGIN_FAILED"
        assert payload["errors"][0]["field"] == ["ticket"]


async def test_wechat_invalid_code_fails_login(world, gql, wechat):
    payload = await _login(gql, "bad")
    assert payload["errors"] == [{"field": ["code"], "code": "WECHAT_LOGIN_FAILED",
                                  "message": "微信登录失败，请重新进入小程序"}]
    assert payload["bindingTicket"] is None


async def test_wechat_busy_is_retried_once(world, gql, wechat):
    payload = await _login(gql, "busy")
    assert payload["errors"] == [] and payload["bindingTicket"]
    assert wechat.calls["busy"] == 2


async def test_wechat_still_busy_or_too_frequent_is_unavailable(world, gql, wechat):
    payload = await _login(gql, "busy-always")
    assert _codes(payload) == ["WECHAT_UNAVAILABLE"]
    assert wechat.calls["busy-always"] == 2
    payload = await _login(gql, "limit")
    assert _codes(payload) == ["WECHAT_UNAVAILABLE"]
    assert wechat.calls["limit"] == 1


async def test_wechat_unreachable_is_unavailable(world, gql, wechat):
    get_settings().wechat_api_base = closed_port_url()  # fake_wechat restores it after the test
    payload = await _login(gql, "c1")
    assert _codes(payload) == ["WECHAT_UNAVAILABLE"]
    assert payload["errors"][0]["message"] == "微信服务繁忙，请稍后再试"


async def test_wechat_misconfigured_secret_is_unavailable_not_the_graduates_fault(world, gql, wechat):
    get_settings().wechat_secret = "wrong"
    assert _codes(await _login(gql, "c1")) == ["WECHAT_UNAVAILABLE"]


@pytest.mark.postgres_only
async def test_b2_two_wechat_accounts_racing_for_one_record_one_wins(world, gql, alice_idn):
    tickets = [issue_binding_ticket(f"o-racer-{i}") for i in range(4)]
    results = await asyncio.gather(
        *(_bind(gql, t, world.school, "陈晓明", "3220701001", alice_idn) for t in tickets))
    assert sorted(_codes(r)[0] if r["errors"] else "OK" for r in results) == ["ALREADY_BOUND"] * 3 + ["OK"]
    winner = next(i for i, r in enumerate(results) if not r["errors"])
    assert (await Graduate.get(id=world.alice.id)).openid == f"o-racer-{winner}"
    assert await AuditEntry.filter(action="graduate.wechat_bound").count() == 1
