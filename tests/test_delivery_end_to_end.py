"""Issue 8, how it is checked: events made by real mutations travel the whole way — outbox, fan-out, delivery
rows, the worker's round, our own WeChat, SMS and email clients — to local servers that keep the providers'
contracts (tests/fakes/). Nothing of ours is replaced: the registry is the production one."""

from __future__ import annotations

import pytest

from models import Delivery, Graduate
from notifications import channels
from tests import factories
from tests.delivery_support import local_smtp, work
from tests.fakes.sms_servers import fake_sms, template_code
from tests.fakes.wechat_server import fake_wechat, template_id

CONSENT = """mutation($input: RecordSubscribeConsentsInput!) { recordSubscribeConsents(input: $input) {
  errors { field code message } } }"""


@pytest.fixture
def smtp(monkeypatch):
    yield from local_smtp(monkeypatch)


async def _deliveries(kind: str) -> dict[str, Delivery]:
    return {d.channel: d for d in await Delivery.filter(event__kind=kind)}


@pytest.mark.parametrize("sms_provider", ["aliyun", "tencent"])
async def test_i8_an_invitation_reaches_the_graduate_by_wechat_and_sms_and_the_answer_the_employer_by_email(
        world, gql, smtp, sms_provider):
    await Graduate.filter(id=world.alice.id).update(openid="o-alice", unionid="u-alice")
    received = template_id("invitation.received")
    with fake_wechat() as wechat, fake_sms(sms_provider) as sms:
        channels.reset()  # built from the settings the fakes just set
        consent = await gql(CONSENT, {"input": {"templateIds": [received]}}, token=world.tokens["alice"])
        assert consent["data"]["recordSubscribeConsents"]["errors"] == []
        wechat.consent("o-alice", received)  # what the graduate agreed to in wx.requestSubscribeMessage

        await factories.signed_agreement(world.alice, world.employer)  # invited, then accepted
        await work()
        await work()  # the second round finds nothing left: each delivery went once

    to_graduate = await _deliveries("invitation.received")
    assert {c: d.status for c, d in to_graduate.items()} == {
        "wechat_subscribe": "sent", "wechat_template": "suppressed", "sms": "sent"}
    assert "not_following" in to_graduate["wechat_template"].last_error  # alice does not follow the account
    [subscribe] = [m for m in wechat.sent if m["api"] == "subscribe"]
    assert (subscribe["touser"], subscribe["template_id"]) == ("o-alice", received)
    assert subscribe["data"]["thing1"]["value"] == world.employer.name[:20]
    [text] = sms.sent
    assert (text["phone"], text["template"]) == ("13905510001", template_code(sms_provider, "invitation.received"))
    assert to_graduate["sms"].provider_message_id == text["id"]

    answered = await _deliveries("invitation.answered")
    assert answered["email"].status == "sent"
    [mail] = smtp.received
    assert mail.to == ["hr@example.com"] and "陈晓明" in mail.text
