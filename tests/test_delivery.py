"""Issue 8 point 4 (the delivery engine): deliveries planned once with the inbox, sent by the worker through a
real SMTP server, retried with backoff, stopped by permanent errors, deferred by quiet hours, falling back, and
recovered after a worker died mid-send."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from tortoise.transactions import in_transaction

from models import Application, Delivery, Graduate, NotificationPreference, School
from notifications import channels, deliveries, dispatcher
from notifications.channels import email
from notifications.channels.base import Permanent, Retryable
from resolvers.identity.unbinding import unbind_wechat
from resolvers.outbox import EventKind
from resolvers.signing import expiry
from resolvers.viewer import Role
from schema.relay import encode_id
from server import clock as service_clock
from server.clock import PLATFORM_TZ
from server.settings import get_settings
from tests import factories
from tests.delivery_support import FakeProvider, LookingUp, rows, use, work
from tests.live_server import free_port

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


async def test_i8_accepted_invitation_emails_the_employer_once_through_smtp(world, smtp):
    await factories.signed_agreement(world.alice, world.employer)
    await work()
    [mail] = smtp.received
    assert mail.to == ["hr@example.com"] and mail.subject == "【网签平台】签约邀请已接受"
    assert world.alice.name in mail.text and "网签平台" in mail.text
    [sent] = await rows(channel="email")
    assert sent.status == "sent" and sent.attempts == 1 and sent.kind == "invitation.answered"
    assert sent.provider_message_id.startswith(f"<delivery.{sent.id}@") and sent.sent_at is not None
    assert sent.school_id == world.school.id and sent.recipient_kind == "employer"
    assert mail.message_id == email.message_id(sent.id, "wangqian.local")
    # The invitation's WeChat and SMS messages: no such channel configured here, said so and not retried.
    received = await rows(kind="invitation.received")
    assert {r.channel for r in received} == {"wechat_subscribe", "wechat_template", "sms"}
    assert {r.status for r in received} == {"suppressed"}
    assert all(r.last_error.startswith("channel_not_configured") for r in received)
    await work()
    await dispatcher.publish_pending()
    assert len(smtp.received) == 1 and await Delivery.filter(channel="email").count() == 1, "planned and sent once"


async def test_i8_refused_connection_is_retried_with_backoff_then_sent(world, smtp, clock, monkeypatch):
    smtp_port = smtp.port
    monkeypatch.setattr(get_settings(), "smtp_port", free_port())  # nobody listens there
    channels.reset()
    await factories.signed_agreement(world.alice, world.employer)
    await work()
    [row] = await rows(channel="email")
    assert row.status == "pending" and row.attempts == 1 and "smtp_unavailable" in row.last_error
    wait = (row.next_attempt_at - clock.now()).total_seconds()
    assert 15 <= wait <= 30, "half to all of the 30 s base"
    assert await deliveries.run_pass() == 0, "not before its time"

    clock.advance(seconds=31)
    await deliveries.run_pass()
    [row] = await rows(channel="email")
    assert row.attempts == 2 and row.status == "pending"
    assert 30 <= (row.next_attempt_at - clock.now()).total_seconds() <= 60, "doubled"

    monkeypatch.setattr(get_settings(), "smtp_port", smtp_port)  # the server is back
    channels.reset()
    clock.advance(seconds=61)
    await deliveries.run_pass()
    [row] = await rows(channel="email")
    assert row.status == "sent" and row.attempts == 3 and len(smtp.received) == 1


async def test_i8_smtp_4xx_is_retried_and_5xx_fails_at_once(world, smtp, clock):
    smtp.data_answers.append("451 4.3.0 mailbox busy")
    smtp.rcpt_answers.extend(["250 OK", "550 5.1.1 no such user"])
    await factories.signed_agreement(world.alice, world.employer)
    await work()
    [busy] = await rows(channel="email")
    assert busy.status == "pending" and "smtp_451" in busy.last_error and busy.next_attempt_at > clock.now()

    clock.advance(seconds=31)
    await deliveries.run_pass()  # the recipient is refused now: permanent
    [refused] = await rows(channel="email")
    assert refused.status == "failed" and "smtp_550" in refused.last_error and refused.attempts == 2
    clock.advance(hours=10)
    await deliveries.run_pass()
    assert (await Delivery.get(id=refused.id)).status == "failed" and smtp.received == []


async def test_i8_retries_end_dead_after_the_last_attempt(world, smtp, clock, monkeypatch):
    monkeypatch.setattr(get_settings(), "delivery_max_attempts", 2)
    smtp.data_answers.extend(["421 4.3.2 shutting down", "452 4.3.1 no space"])
    await factories.signed_agreement(world.alice, world.employer)
    await work()
    clock.advance(seconds=31)
    await deliveries.run_pass()
    [row] = await rows(channel="email")
    assert row.status == "dead" and row.attempts == 2 and "smtp_452" in row.last_error


async def test_i8_no_contact_email_is_suppressed_not_an_error(world, smtp):
    world.employer.contact_email = ""
    await world.employer.save()
    await factories.signed_agreement(world.alice, world.employer)
    await work()
    [row] = await rows(channel="email")
    assert row.status == "suppressed" and row.last_error.startswith("no_address") and smtp.received == []


async def test_i8_retryable_provider_answer_keeps_its_retry_after(world, providers, clock):
    sms = use(providers, FakeProvider("sms", Retryable("LimitExceeded", "30 s per number", retry_after=600)))
    await factories.pending_invitation(world.alice, world.employer)
    await work()
    [row] = await rows(channel="sms")
    assert row.status == "pending" and (row.next_attempt_at - clock.now()).total_seconds() >= 600
    clock.advance(seconds=601)
    await deliveries.run_pass()
    assert (await Delivery.get(id=row.id)).status == "sent" and len(sms.sent) == 1
    [message] = sms.sent
    assert message.address["phone"] == "13905510001", "decrypted for the provider, in the worker"
    assert world.employer.name in message.sms


async def test_i8_provider_errors_never_store_a_phone_number(world, providers):
    use(providers, FakeProvider("sms", Permanent("isv.MOBILE_NUMBER_ILLEGAL", "号码 13905510001 无效")))
    await factories.pending_invitation(world.alice, world.employer)
    await work()
    [row] = await rows(channel="sms")
    assert row.status == "failed" and "13905510001" not in row.last_error and "139****0001" in row.last_error


async def test_i8_permanent_wechat_refusal_falls_back_to_sms_where_preferences_allow(world, providers, gql, clock):
    use(providers, FakeProvider("wechat_subscribe", Permanent("43101", "user refuse to accept the msg",
                                                              fallback="sms")))
    use(providers, FakeProvider("wechat_template"))
    sms = use(providers, FakeProvider("sms"))
    clock.set(dt.datetime(2026, 5, 20, 10, 0, tzinfo=PLATFORM_TZ))
    # An interview invitation goes by WeChat; SMS only as a fallback (notifications/plan.py).
    position = await factories.position(world.employer)
    await _interview(gql, world, position, world.alice)
    await work()
    assert {(r.channel, r.status) for r in await rows(kind="interview.received")} == {
        ("wechat_subscribe", "failed"), ("wechat_template", "sent"), ("sms", "pending")}
    await deliveries.run_pass()
    assert [m.kind for m in sms.sent] == [EventKind.INTERVIEW_RECEIVED] and "面试" in sms.sent[0].sms

    # Bob switched SMS off for interviews: no fallback for him.
    use(providers, FakeProvider("wechat_subscribe", Permanent("43101", "user refuse", fallback="sms")))
    await NotificationPreference.create(recipient_kind="graduate", recipient_id=world.bob.id,
                                        kind="interview.received", channel="sms", enabled=False)
    await _interview(gql, world, position, world.bob)
    await work()
    assert {(r.channel, r.status) for r in await rows(kind="interview.received", recipient_id=world.bob.id)} == {
        ("wechat_subscribe", "failed"), ("wechat_template", "sent")}


async def _interview(gql, world, position, graduate) -> None:
    application = await Application.create(graduate=graduate, position=position)
    query = (OPS / "employer-spa" / "InviteToInterview.graphql").read_text(encoding="utf-8")
    body = await gql(query, {"input": {
        "applicationId": encode_id("Application", application.id), "scheduledAt": "2026-06-10T10:00:00+08:00",
        "place": "合肥市黄山路 1 号"}}, token=world.tokens["employer"])
    assert body["data"]["inviteToInterview"]["errors"] == [], body


async def test_i8_quiet_hours_defer_non_critical_sms_to_their_end(world, providers, gql, clock):
    sms = use(providers, FakeProvider("sms"))
    await Graduate.filter(id=world.alice.id).update(openid="o-alice")
    clock.set(dt.datetime(2026, 5, 20, 23, 30, tzinfo=PLATFORM_TZ))  # inside 22:00-08:00
    query = (OPS / "console" / "UnbindGraduate.graphql").read_text(encoding="utf-8")
    body = await gql(query, {"input": {"graduateId": encode_id("Graduate", world.alice.id)}},
                     token=world.tokens["admin"])
    assert body["data"]["unbindWechat"]["errors"] == []
    # A review result at the same hour is critical: it goes at once.
    _, review = await factories.signed_agreement(world.bob, world.employer)
    await factories.approve(review)
    await work()
    # Each review decision is a teacher's change to bob's record too (X3): deferred like alice's unbinding.
    found = await rows(kind="record.changed", channel="sms")
    [changed] = [d for d in found if d.recipient_id == world.alice.id]
    bobs = [d for d in found if d.recipient_id == world.bob.id]
    assert changed.status == "pending" and changed.attempts == 0
    assert bobs and all(d.status == "pending" for d in bobs)
    assert changed.next_attempt_at == dt.datetime(2026, 5, 21, 0, 0, tzinfo=dt.UTC), "08:00 Beijing time"
    assert sorted(m.kind for m in sms.sent if m.recipient_id == world.bob.id) == [EventKind.INVITATION_RECEIVED,
                                                                                   EventKind.REVIEW_DECIDED]
    clock.set(dt.datetime(2026, 5, 21, 7, 59, tzinfo=PLATFORM_TZ))
    await deliveries.run_pass()
    assert (await Delivery.get(id=changed.id)).status == "pending"
    clock.set(dt.datetime(2026, 5, 21, 8, 0, tzinfo=PLATFORM_TZ))
    await deliveries.run_pass()
    assert (await Delivery.get(id=changed.id)).status == "sent"
    assert {d.status for d in await Delivery.filter(id__in=[d.id for d in bobs])} == {"sent"}
    assert (EventKind.RECORD_CHANGED, world.alice.id) in {(m.kind, m.recipient_id) for m in sms.sent}


async def test_i8_a_school_without_quiet_hours_sends_at_night(world, providers, clock):
    sms = use(providers, FakeProvider("sms"))
    await School.filter(id=world.school.id).update(quiet_hours_start=None, quiet_hours_end=None)
    clock.set(dt.datetime(2026, 5, 20, 23, 30, tzinfo=PLATFORM_TZ))
    await Graduate.filter(id=world.alice.id).update(openid="o-alice")
    async with in_transaction():
        await unbind_wechat(factories.as_viewer(Role.SCHOOL_ADMIN, world.admin), world.alice.id)
    await work()
    assert [m.kind for m in sms.sent] == [EventKind.RECORD_CHANGED]


async def test_i8_worker_died_mid_send_is_resolved_after_the_lease(world, providers, clock):
    """A row left `sending` by a dead worker: a provider with a status query is asked, not sent to again; an
    idempotent or plain one is sent again with the same key."""
    sms = use(providers, LookingUp("sms", found="biz-123"))
    wechat = use(providers, FakeProvider("wechat_template"))
    await factories.pending_invitation(world.alice, world.employer)
    await dispatcher.publish_pending()
    for row in await rows(status="pending"):
        assert await deliveries._claim(row.id, clock.now()) is not None  # claimed, then the worker died
    assert await deliveries.run_pass() == 0, "within the lease nobody touches them"
    clock.advance(seconds=get_settings().delivery_lease_seconds + 1)
    assert await deliveries.run_pass() == 3
    by_channel = {r.channel: r for r in await rows()}
    assert by_channel["sms"].status == "sent" and by_channel["sms"].provider_message_id == "biz-123"
    assert sms.lookups == 1 and sms.sent == [], "the provider had it: not sent twice"
    assert by_channel["wechat_template"].status == "sent" and len(wechat.sent) == 1
    assert wechat.sent[0].delivery_id == by_channel["wechat_template"].id, "the same idempotency key"
    assert by_channel["wechat_subscribe"].status == "suppressed"


async def test_i8_a_late_worker_cannot_overwrite_the_attempt_that_took_over(world, providers, clock):
    use(providers, FakeProvider("sms"))
    await factories.pending_invitation(world.alice, world.employer)
    await dispatcher.publish_pending()
    [row] = await rows(channel="sms")
    stale = await deliveries._claim(row.id, clock.now())
    clock.advance(seconds=get_settings().delivery_lease_seconds + 1)
    await deliveries.run_pass()  # the in-doubt row is taken over and sent
    assert (await Delivery.get(id=row.id)).status == "sent"
    assert not await deliveries._finish(stale, status="failed", last_error="late"), "the old claim is void"
    assert (await Delivery.get(id=row.id)).status == "sent"


async def test_i8_workers_running_at_once_send_each_delivery_once(world, smtp):
    for i in range(6):
        employer = await factories.employer(f"并发单位{i}", login_name=f"c{i}", contact_email=f"c{i}@example.com")
        await factories.pending_invitation(world.alice, employer, days=-1)
    await expiry.expire_due(service_clock.now())
    await dispatcher.publish_pending()
    await asyncio.gather(*(deliveries.run_pass() for _ in range(3)))
    sent = await rows(channel="email")
    assert [r.status for r in sent] == ["sent"] * 6 and all(r.attempts == 1 for r in sent)
    assert sorted(smtp.ids()) == sorted({m for m in smtp.ids()}) and len(smtp.received) == 6
