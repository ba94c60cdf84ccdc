"""Issue 8 points 4 and 7, WeChat: subscribe messages spend the graduate's one-time consents, official-account
template messages reach followers found by unionid, one access token shared and refreshed once, and each of
WeChat's failures ends in the channel contract's outcome — all against a local WeChat server."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import itertools

import pytest

from models import Graduate, OfficialAccountFollower, SubscribeCredit
from notifications import plan, templates
from notifications.channels import REGISTRY
from notifications.channels.base import Outgoing, Permanent, Retryable, Suppressed
from notifications.channels.wechat import INBOX_PAGE, WechatSubscribeChannel, WechatTemplateChannel
from resolvers import outbox
from resolvers.outbox import EventKind
from server.settings import get_settings
from tests.fakes.wechat_server import OA_TOKEN, fake_wechat, template_id
from tests.test_notification_inbox import SAMPLES

CONSENT = """mutation($input: RecordSubscribeConsentsInput!) { recordSubscribeConsents(input: $input) {
  consents { templateId eventKinds remaining } errors { field code message } } }"""
MY_CONSENTS = "{ mySubscribeConsents { templateId eventKinds remaining } }"
_ids = itertools.count(1)
RECEIVED = EventKind.INVITATION_RECEIVED
DEADLINE = dt.datetime(2026, 6, 1, 2, 30, tzinfo=dt.UTC)


@pytest.fixture
def wechat():
    with fake_wechat(timeout=0.5) as fake:
        yield fake


def outgoing(graduate_id: int, kind: EventKind = RECEIVED, payload=None, **address: str) -> Outgoing:
    payload = payload or outbox.InvitationReceived(1, 2, "安徽信通信息服务有限公司", "软件工程师", "direct", DEADLINE)
    message = templates.render(kind, payload)
    return Outgoing(delivery_id=next(_ids), kind=kind, recipient_kind="graduate", recipient_id=graduate_id,
                    title=message.title, body=message.body, sms=message.sms, payload=payload, address=address)


async def _bound(graduate: Graduate, openid: str = "o-alice", unionid: str | None = "u-alice") -> Graduate:
    await Graduate.filter(id=graduate.id).update(openid=openid, unionid=unionid)
    return await Graduate.get(id=graduate.id)


async def _consent(gql, token: str, *template_ids: str) -> dict:
    return (await gql(CONSENT, {"input": {"templateIds": list(template_ids)}}, token=token))["data"][
        "recordSubscribeConsents"]


def subscribe_channel() -> WechatSubscribeChannel:
    return REGISTRY["wechat_subscribe"](get_settings())


async def test_i8_a_consent_reported_by_the_mini_program_pays_for_exactly_one_subscribe_message(world, gql, wechat):
    alice = await _bound(world.alice)
    received = template_id(RECEIVED.value)
    payload = await _consent(gql, world.tokens["alice"], received, received)  # one dialog: one consent
    assert payload["errors"] == []
    assert {c["templateId"]: c["remaining"] for c in payload["consents"]}[received] == 1
    wechat.consent("o-alice", received)

    channel = subscribe_channel()
    msgid = await channel.send(outgoing(alice.id))
    assert msgid == "1001"
    sent = wechat.sent[-1]
    assert (sent["touser"], sent["template_id"], sent["page"]) == ("o-alice", received, INBOX_PAGE)
    assert sent["data"]["thing1"]["value"] == "安徽信通信息服务有限公司"
    assert sent["data"]["time3"]["value"] == "2026年06月01日 10:30"  # Beijing time

    with pytest.raises(Suppressed) as no_consent:
        await channel.send(outgoing(alice.id))
    assert no_consent.value.code == "no_consent"
    assert len(wechat.sent) == 1
    consents = (await gql(MY_CONSENTS, token=world.tokens["alice"]))["data"]["mySubscribeConsents"]
    assert {c["templateId"]: c["remaining"] for c in consents}[received] == 0


async def test_i8_consents_are_reported_by_bound_graduates_for_the_platforms_templates_only(world, gql, wechat):
    assert (await _consent(gql, world.tokens["alice"], template_id(RECEIVED.value)))["errors"][0]["code"] == \
        "NOT_BOUND"
    await _bound(world.alice)
    unknown = await _consent(gql, world.tokens["alice"], template_id(RECEIVED.value), "tmpl-someone-elses")
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [(["templateIds", "1"], "INVALID_CODE")]
    assert await SubscribeCredit.all().count() == 0  # nothing of a refused report is kept
    refused = await gql(CONSENT, {"input": {"templateIds": ["tmpl-invitation-received"]}},
                        token=world.tokens["employer"])
    assert [e["code"] for e in refused["data"]["recordSubscribeConsents"]["errors"]] == ["PERMISSION_DENIED"]
    too_many = await _consent(gql, world.tokens["alice"], *[template_id(k.value) for k in list(EventKind)[:4]])
    assert too_many["errors"][0]["code"] == "TOO_LONG"
    real_length = "6ywbB3rP0LP-wSNp1vEbNl4r0mf8AE4xfXvMGY8Td7c"  # WeChat's template ids look like this
    get_settings().wechat_subscribe_templates["review.decided"] = real_length
    assert (await _consent(gql, world.tokens["alice"], real_length))["errors"] == []


async def test_i8_no_openid_or_no_template_is_suppressed_not_an_error(world, wechat):
    with pytest.raises(Suppressed) as unbound:
        await subscribe_channel().send(outgoing(world.alice.id))
    assert unbound.value.code == "no_openid"
    get_settings().wechat_subscribe_templates.pop(RECEIVED.value)
    with pytest.raises(Suppressed) as untemplated:
        await subscribe_channel().send(outgoing(world.alice.id, openid="o-alice"))
    assert untemplated.value.code == "no_template"


async def test_i8_user_refused_43101_is_permanent_with_sms_fallback_and_clears_our_count(world, wechat):
    alice = await _bound(world.alice)
    await SubscribeCredit.create(openid="o-alice", template_id=template_id(RECEIVED.value), remaining=2)
    with pytest.raises(Permanent) as refused:  # WeChat holds no consent for it
        await subscribe_channel().send(outgoing(alice.id))
    assert (refused.value.code, refused.value.fallback) == ("43101", "sms")
    assert (await SubscribeCredit.get(openid="o-alice")).remaining == 0


@pytest.mark.parametrize("mode, code", [("busy", "-1"), ("500", "http_502"), ("timeout", "timeout")])
async def test_i8_busy_5xx_and_timeouts_are_retryable_and_give_the_consent_back(world, wechat, mode, code):
    alice = await _bound(world.alice)
    await SubscribeCredit.create(openid="o-alice", template_id=template_id(RECEIVED.value), remaining=1)
    wechat.consent("o-alice", template_id(RECEIVED.value))
    channel = subscribe_channel()
    wechat.fail_next(mode, mode, mode)  # a storm: every try of this send meets it
    for _ in range(3):
        with pytest.raises(Retryable) as failed:
            await channel.send(outgoing(alice.id))
        assert failed.value.code == code
        assert (await SubscribeCredit.get(openid="o-alice")).remaining == 1
    assert await channel.send(outgoing(alice.id))  # the storm is over: the consent was kept for it
    assert (await SubscribeCredit.get(openid="o-alice")).remaining == 0


@pytest.mark.parametrize("fault", ["expire", "invalidate"])
async def test_i8_an_expired_or_invalidated_token_is_refreshed_once_and_the_send_retried(world, wechat, fault):
    alice = await _bound(world.alice)
    await SubscribeCredit.create(openid="o-alice", template_id=template_id(RECEIVED.value), remaining=5)
    wechat.consent("o-alice", template_id(RECEIVED.value), 5)
    channel = subscribe_channel()
    await channel.send(outgoing(alice.id))
    assert wechat.token_requests == {"stable": 1}
    wechat.expire_tokens() if fault == "expire" else wechat.invalidate_tokens()
    assert await channel.send(outgoing(alice.id))
    assert wechat.token_requests == {"stable": 1, "stable-force": 1}
    await channel.send(outgoing(alice.id))
    assert wechat.token_requests == {"stable": 1, "stable-force": 1}


async def test_i8_two_channel_instances_share_one_token_and_refresh_it_once(world, wechat):
    if get_settings().redis_url:
        pytest.skip("with Redis the token is shared through it: test_i8_processes_share_the_token_through_redis_...")
    alice = await _bound(world.alice)
    await SubscribeCredit.create(openid="o-alice", template_id=template_id(RECEIVED.value), remaining=6)
    wechat.consent("o-alice", template_id(RECEIVED.value), 6)
    first, second = subscribe_channel(), subscribe_channel()
    await first.send(outgoing(alice.id))
    await second.send(outgoing(alice.id))
    assert wechat.token_requests == {"stable": 1}
    wechat.invalidate_tokens()
    await asyncio.gather(first.send(outgoing(alice.id)), second.send(outgoing(alice.id)),
                         first.send(outgoing(alice.id)), second.send(outgoing(alice.id)))
    assert wechat.token_requests == {"stable": 1, "stable-force": 1}
    assert len(wechat.sent) == 6


async def test_i8_daily_quota_waits_until_the_next_beijing_day_and_minute_quota_a_minute(world, wechat, clock):
    alice = await _bound(world.alice)
    await SubscribeCredit.create(openid="o-alice", template_id=template_id(RECEIVED.value), remaining=1)
    wechat.consent("o-alice", template_id(RECEIVED.value))
    clock.set(dt.datetime(2026, 6, 1, 15, 0, tzinfo=dt.UTC))  # 23:00 in Beijing
    wechat.daily_quota = 0
    with pytest.raises(Retryable) as daily:
        await subscribe_channel().send(outgoing(alice.id))
    assert (daily.value.code, daily.value.retry_after) == ("45009", 3600)
    wechat.daily_quota, wechat.minute_quota = None, 0
    with pytest.raises(Retryable) as minute:
        await subscribe_channel().send(outgoing(alice.id))
    assert (minute.value.code, minute.value.retry_after) == ("45011", 60)
    assert (await SubscribeCredit.get(openid="o-alice")).remaining == 1


async def test_i8_bad_template_id_openid_and_data_are_permanent_without_fallback(world, wechat):
    await SubscribeCredit.create(openid="o-alice", template_id=template_id(RECEIVED.value), remaining=1)
    await SubscribeCredit.create(openid="x-alice", template_id=template_id(RECEIVED.value), remaining=1)
    channel = subscribe_channel()
    wechat.templates = {"tmpl-something-else"}
    with pytest.raises(Permanent) as bad_template:
        await channel.send(outgoing(world.alice.id, openid="o-alice"))
    wechat.templates = set()
    with pytest.raises(Permanent) as bad_openid:
        await channel.send(outgoing(world.alice.id, openid="x-alice"))
    empty = outbox.InvitationReceived(1, 2, "", "软件工程师", "direct", DEADLINE)  # WeChat refuses an empty value
    with pytest.raises(Permanent) as bad_data:
        await channel.send(outgoing(world.alice.id, payload=empty, openid="o-alice"))
    assert [(e.value.code, e.value.fallback) for e in (bad_template, bad_openid, bad_data)] == \
        [("40037", None), ("40003", None), ("47003", None)]
    # WeChat did not deliver, so the consent is still there.
    assert (await SubscribeCredit.get(openid="o-alice")).remaining == 1


async def test_i8_every_kind_renders_within_wechats_limits_and_the_fake_accepts_it(world, wechat):
    channel = subscribe_channel()
    long = "很长的单位名称" * 10
    # A kind only the employer's contact receives (the upload link of F1 goes by SMS to a phone with no account)
    # has SMS parameters only, such as a link longer than any WeChat keyword type.
    carried = {kind: payload for kind, (payload, _) in SAMPLES.items() if set(plan.TABLE.get(kind, {})) != {"contact"}}
    for kind, payload in carried.items():
        for key in ("employer_name", "position_title", "graduate_name", "reason", "label"):
            if hasattr(payload, key):
                payload = type(payload)(**{**payload.__dict__, key: long + "\n第二行"})
        data = templates.wechat_subscribe_data(kind, payload)
        for key, item in data.items():
            limit = templates.KEYWORD_LIMITS[key.rstrip("0123456789")]
            assert 0 < len(item["value"]) <= limit and "\n" not in item["value"], (kind, key, item)
        for item in templates.wechat_official_account_data(kind, payload).values():
            assert len(item["value"]) <= 20 and "\n" not in item["value"]
        assert [k for k, _ in templates.sms_parameters(kind, payload)] == list(data)
        await SubscribeCredit.create(openid="o-alice", template_id=template_id(kind.value), remaining=1)
        wechat.consent("o-alice", template_id(kind.value))
        assert await channel.send(outgoing(world.alice.id, kind, payload, openid="o-alice")), kind
    assert len(wechat.sent) == len(carried) == len(EventKind) - 1


def _signed(query: dict[str, str]) -> dict[str, str]:
    signature = hashlib.sha1("".join(sorted([OA_TOKEN, query["timestamp"], query["nonce"]])).encode()).hexdigest()
    return {**query, "signature": signature}


def _event(openid: str, event: str) -> str:
    return (f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>1780000000</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event></xml>")


async def test_i8_official_account_push_records_followers_by_unionid_and_refuses_forgeries(client, wechat):
    query = _signed({"timestamp": "1780000000", "nonce": "n1"})
    check = await client.get("/wechat/official-account", params={**query, "echostr": "hello"})
    assert (check.status_code, check.text) == (200, "hello")
    forged = await client.post("/wechat/official-account", params={**query, "signature": "0" * 40},
                               content=_event("oa-alice", "subscribe"))
    assert forged.status_code == 403
    wechat.followers["oa-alice"] = "u-alice"
    r = await client.post("/wechat/official-account", params=query, content=_event("oa-alice", "subscribe"))
    assert (r.status_code, r.text) == (200, "success")
    follower = await OfficialAccountFollower.get(openid="oa-alice")
    assert (follower.unionid, follower.following) == ("u-alice", True)
    await client.post("/wechat/official-account", params=query, content=_event("oa-alice", "unsubscribe"))
    assert not (await OfficialAccountFollower.get(openid="oa-alice")).following


async def test_i8_template_message_reaches_the_follower_once_per_delivery(world, client, wechat):
    alice = await _bound(world.alice)
    channel = REGISTRY["wechat_template"](get_settings())
    with pytest.raises(Suppressed) as not_following:
        await channel.send(outgoing(alice.id))
    assert not_following.value.code == "not_following"

    wechat.followers["oa-alice"] = "u-alice"
    await client.post("/wechat/official-account", params=_signed({"timestamp": "1", "nonce": "n"}),
                      content=_event("oa-alice", "subscribe"))
    message = outgoing(alice.id)
    msgid = await channel.send(message)
    sent = wechat.sent[-1]
    assert (sent["api"], sent["touser"], sent["client_msg_id"]) == ("template", "oa-alice", str(message.delivery_id))
    assert sent["miniprogram"]["pagepath"] == INBOX_PAGE
    # The worker was killed before it recorded the answer and sends again: WeChat drops the repeat.
    assert await channel.send(message) == msgid
    assert len(wechat.sent) == 1

    del wechat.followers["oa-alice"]  # unfollowed while the push was lost
    with pytest.raises(Permanent) as gone:
        await channel.send(outgoing(alice.id))
    assert (gone.value.code, gone.value.fallback) == ("43004", "sms")
    assert not (await OfficialAccountFollower.get(openid="oa-alice")).following


async def test_i8_wechat_login_and_binding_keep_the_unionid(world, gql, wechat):
    wechat.openids["c1"] = "o-alice"
    await Graduate.filter(id=world.alice.id).update(openid="o-alice")
    login = """mutation($input: WechatLoginInput!) { wechatLogin(input: $input) { bound errors { code } } }"""
    assert (await gql(login, {"input": {"code": "c1"}}))["data"]["wechatLogin"]["bound"]
    assert (await Graduate.get(id=world.alice.id)).unionid == "u-o-alice"


async def test_i8_template_channel_is_suppressed_when_no_official_account_is_configured(world):
    settings = get_settings()
    assert settings.wechat_oa_appid is None  # the embedded default
    alice = await _bound(world.alice)
    with pytest.raises(Suppressed):
        await WechatTemplateChannel(settings).send(outgoing(alice.id, oa_openid="oa-alice"))


_SEND_FROM_ANOTHER_PROCESS = """
import asyncio, datetime as dt, sys
from notifications import plan, templates
from notifications.channels import REGISTRY
from notifications.channels.base import Outgoing
from resolvers import outbox
from server.settings import get_settings

async def main():
    deadline = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    payload = outbox.InvitationReceived(1, 2, "安徽信通", "软件工程师", "direct", deadline)
    m = templates.render(outbox.EventKind.INVITATION_RECEIVED, payload)
    message = Outgoing(int(sys.argv[1]), outbox.EventKind.INVITATION_RECEIVED, "graduate", 1, m.title, m.body, m.sms,
                       payload, {"oa_openid": "oa-alice"})
    print(await REGISTRY["wechat_template"](get_settings()).send(message))

asyncio.run(main())
"""


async def _other_process(delivery_id: int) -> str:
    import json
    import os
    import sys

    settings = get_settings()
    env = {**os.environ, "WECHAT_API_BASE": settings.wechat_api_base, "WECHAT_OA_APPID": settings.wechat_oa_appid,
           "WECHAT_OA_SECRET": settings.wechat_oa_secret, "WANGQIAN_PROVIDER_TIMEOUT_SECONDS": "5",
           "WECHAT_OA_TEMPLATES": json.dumps(settings.wechat_oa_templates)}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", _SEND_FROM_ANOTHER_PROCESS, str(delivery_id),
                                                env=env, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    assert proc.returncode == 0
    return out.decode().strip()


async def test_i8_processes_share_the_token_through_redis_and_refresh_it_once(wechat):
    if not get_settings().redis_url:
        pytest.skip("needs REDIS_URL: in-process tokens are shown by test_i8_two_channel_instances_share_one_token")
    wechat.followers["oa-alice"] = "u-alice"
    here = REGISTRY["wechat_template"](get_settings())
    await here.send(outgoing(1, oa_openid="oa-alice"))
    assert await _other_process(9001)
    assert wechat.token_requests == {"stable": 1}  # the other process took the token from Redis
    wechat.invalidate_tokens()
    assert await _other_process(9002)  # refreshes it for everyone ...
    assert wechat.token_requests == {"stable": 1, "stable-force": 1}
    await here.send(outgoing(1, oa_openid="oa-alice"))  # ... this process included
    assert wechat.token_requests == {"stable": 1, "stable-force": 1}
    wechat.invalidate_tokens()
    await asyncio.gather(_other_process(9003), _other_process(9004), here.send(outgoing(1, oa_openid="oa-alice")))
    assert wechat.token_requests == {"stable": 1, "stable-force": 2}
    assert len(wechat.sent) == 7


async def test_i8_binding_keeps_the_unionid_and_unbinding_drops_it(world, gql, wechat):
    from schema.relay import encode_id
    from server.auth import issue_binding_ticket
    from tests import factories

    bind = """mutation($input: BindGraduateInput!) { bindGraduate(input: $input) { token errors { code } } }"""
    variables = {"input": {"ticket": issue_binding_ticket("o-new", "u-new"), "schoolId": encode_id("School",
                 world.school.id), "name": "陈晓明", "studentNumber": "3220701001",
                 "idNumber": factories.id_number(serial=3)}}
    payload = (await gql(bind, variables))["data"]["bindGraduate"]
    assert payload["errors"] == []
    assert (await Graduate.get(id=world.alice.id)).unionid == "u-new"
    unbind = """mutation($input: UnbindWechatInput!) { unbindWechat(input: $input) { errors { code } } }"""
    assert (await gql(unbind, {"input": {}}, token=payload["token"]))["data"]["unbindWechat"]["errors"] == []
    assert (await Graduate.get(id=world.alice.id)).unionid is None  # official-account messages stop with it


async def test_i8_a_follow_whose_unionid_cannot_be_read_is_left_for_wechat_to_push_again(client, wechat):
    query = _signed({"timestamp": "1780000000", "nonce": "n2"})
    r = await client.post("/wechat/official-account", params=query, content=_event("oa-ghost", "subscribe"))
    assert r.status_code == 503  # WeChat pushes again when it gets no "success"
    assert not await OfficialAccountFollower.exists(openid="oa-ghost")
    doctype = '<!DOCTYPE xml [<!ENTITY a "aaaa">]>' + _event("oa-ghost", "subscribe")
    assert (await client.post("/wechat/official-account", params=query, content=doctype)).status_code == 400
