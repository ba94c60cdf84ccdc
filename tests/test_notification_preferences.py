"""Issue 8 points 5 and 6: each user's channels per event kind over the defaults, the critical kinds never all
off, quiet hours as a school setting, and the email text of every kind."""

from __future__ import annotations

import re
from pathlib import Path

from notifications import deliveries, dispatcher, templates
from notifications.channels import email
from notifications.channels.base import Outgoing
from resolvers import outbox
from resolvers.outbox import EventKind
from schema.relay import encode_id
from tests import factories
from tests.delivery_support import rows, work
from tests.test_notification_inbox import SAMPLES

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
MINE = (OPS / "mini-program" / "MyNotificationPreferences.graphql").read_text(encoding="utf-8")
UPDATE = (OPS / "employer-spa" / "UpdateNotificationPreferences.graphql").read_text(encoding="utf-8")
SETTINGS = (OPS / "console" / "UpdateSchoolSettings.graphql").read_text(encoding="utf-8")
HAN = re.compile(r"[\u4e00-\u9fff]")


async def _mine(gql, token) -> dict[tuple[str, str], dict]:
    body = await gql(MINE, token=token)
    assert "errors" not in body, body
    return {(p["kind"], p["channel"]): p for p in body["data"]["myNotificationPreferences"]}


async def _update(gql, token, *changes) -> dict:
    preferences = [{"kind": k, "channel": c, "enabled": e} for k, c, e in changes]
    return (await gql(UPDATE, {"input": {"preferences": preferences}}, token=token))["data"][
        "updateNotificationPreferences"]


async def test_i8_5_defaults_per_kind_and_channel(world, gql):
    graduate = await _mine(gql, world.tokens["alice"])
    assert {c for k, c in graduate if k == "invitation.received"} == {"WECHAT_SUBSCRIBE", "WECHAT_TEMPLATE", "SMS"}
    sms = graduate[("invitation.received", "SMS")]
    assert sms["enabled"] and sms["critical"] and sms["isDefault"] and not sms["fallback"]
    interview = graduate[("interview.received", "SMS")]
    assert not interview["enabled"] and interview["fallback"] and not interview["critical"]
    employer = await _mine(gql, world.tokens["employer"])
    assert employer[("invitation.answered", "EMAIL")]["enabled"]
    assert not employer[("application.received", "EMAIL")]["enabled"], "opt-in"
    assert await _mine(gql, world.tokens["cs"]) == {}, "staff work from their queues and inbox"


async def test_i8_5_critical_kinds_cannot_all_be_switched_off(world, gql):
    token = world.tokens["alice"]
    refused = await _update(gql, token, ("invitation.received", "WECHAT_SUBSCRIBE", False),
                            ("invitation.received", "WECHAT_TEMPLATE", False), ("invitation.received", "SMS", False))
    [error] = refused["errors"]
    assert error["code"] == "CRITICAL_NOTIFICATION_REQUIRED" and HAN.search(error["message"])
    assert error["field"] == ["preferences", "2", "enabled"] and refused["preferences"] is None
    assert (await _mine(gql, token))[("invitation.received", "WECHAT_SUBSCRIBE")]["enabled"], "nothing saved"

    kept = await _update(gql, token, ("invitation.received", "WECHAT_SUBSCRIBE", False),
                         ("invitation.received", "WECHAT_TEMPLATE", False))
    assert kept["errors"] == []
    last = await _update(gql, token, ("invitation.received", "SMS", False))
    assert last["errors"][0]["code"] == "CRITICAL_NOTIFICATION_REQUIRED", "the last one, in a later request"
    # A non-critical kind may go entirely silent (the inbox still has it).
    quiet = await _update(gql, token, ("record.changed", "WECHAT_TEMPLATE", False), ("record.changed", "SMS", False))
    assert quiet["errors"] == []
    mine = await _mine(gql, token)
    assert not mine[("record.changed", "SMS")]["enabled"] and not mine[("record.changed", "SMS")]["isDefault"]

    # The employer's review result has one channel: it stays.
    employer = await _update(gql, world.tokens["employer"], ("review.decided", "EMAIL", False))
    assert employer["errors"][0]["code"] == "CRITICAL_NOTIFICATION_REQUIRED"


async def test_i8_5_unknown_kinds_and_channels_a_kind_does_not_use_are_refused(world, gql):
    refused = await _update(gql, world.tokens["alice"], ("invitation.nonsense", "SMS", True),
                            ("invitation.answered", "EMAIL", True))
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        (["preferences", "0", "kind"], "INVALID_INPUT"), (["preferences", "1", "channel"], "INVALID_INPUT")]


async def test_i8_5_preferences_decide_what_is_sent(world, gql, smtp):
    token = world.tokens["employer"]
    assert (await _update(gql, token, ("invitation.answered", "EMAIL", False),
                          ("application.received", "EMAIL", True)))["errors"] == []
    await factories.signed_agreement(world.alice, world.employer)
    await work()
    assert await rows(kind="invitation.answered") == [], "switched off: not planned"

    first, second = await factories.position(world.employer), await factories.position(world.employer, title="测试岗")
    await _apply(gql, world, first)
    await work()
    [mail] = smtp.received
    assert mail.subject == "【网签平台】收到职位申请" and world.bob.name in mail.text

    # Switched off after the delivery was planned and before it went: not sent.
    await _apply(gql, world, second)
    await dispatcher.publish_pending()
    await _update(gql, token, ("application.received", "EMAIL", False))
    await deliveries.run_pass()
    late = (await rows(kind="application.received"))[-1]
    assert late.status == "suppressed" and late.last_error.startswith("preference_off") and len(smtp.received) == 1


async def _apply(gql, world, position) -> None:
    query = (OPS / "mini-program" / "ApplyToPosition.graphql").read_text(encoding="utf-8")
    applied = await gql(query, {"input": {"positionId": encode_id("Position", position.id)}},
                        token=world.tokens["bob"])
    assert next(iter(applied["data"].values()))["errors"] == [], applied


async def test_i8_5_quiet_hours_are_a_school_setting(world, gql):
    school = encode_id("School", world.school.id)

    async def update(value: str) -> dict:
        body = await gql(SETTINGS, {"input": {"schoolId": school, "quietHours": value}}, token=world.tokens["admin"])
        return body["data"]["updateSchoolSettings"]

    assert (await gql("query($id: ID!) { node(id: $id) { ... on School { settings { quietHours } } } }",
                      {"id": school}, token=world.tokens["admin"]))["data"]["node"]["settings"] == {
        "quietHours": "22:00-08:00"}, "the default"
    changed = await update("23:30-07:00")
    assert changed["errors"] == [] and changed["school"]["settings"]["quietHours"] == "23:30-07:00"
    assert [e["code"] for e in (await update("25:00-07:00"))["errors"]] == ["INVALID_FORMAT"]
    assert [e["code"] for e in (await update("07:00-07:00"))["errors"]] == ["INVALID_INPUT"]
    assert (await update(""))["school"]["settings"]["quietHours"] is None


def test_i8_6_every_kind_renders_an_email_in_chinese():
    channel = email.EmailChannel.__new__(email.EmailChannel)
    channel.sender, channel.domain = "网签平台 <noreply@example.edu.cn>", "example.edu.cn"
    for kind, (payload, facts) in SAMPLES.items():
        loaded = outbox.loaded(kind, outbox.stored(payload))
        rendered = templates.render_email(kind, loaded)
        assert rendered.subject.startswith("【网签平台】") and HAN.search(rendered.subject)
        assert "\n" not in rendered.subject
        for fact in facts:
            assert fact in rendered.subject + rendered.text, (kind, fact)
        message = Outgoing(7, kind, "employer", 1, "", "", "", loaded, {"email": "hr@example.com"})
        mail = channel.compose(message)
        assert mail["Message-ID"] == "<delivery.7@example.edu.cn>" and mail["To"] == "hr@example.com"
        assert mail.get_content().strip().endswith("请登录网签平台查看。")
    assert set(SAMPLES) == set(EventKind)
