"""Sending planned deliveries: claim, send through the channel, record the outcome; retries with backoff.

Claiming is a conditional UPDATE (pending and due -> sending, stamped `claimed_at`), so two workers never take
the same row; every later write is conditional on that stamp, so a worker whose claim was taken over after its
lease ran out cannot overwrite the newer attempt's outcome.

Killed at any point, a worker loses nothing and repeats nothing the provider confirmed and we recorded:
- before the claim commits: the row is still pending; another pass takes it.
- after the claim, before the provider answers: the row stays `sending`. After the lease
  (WANGQIAN_DELIVERY_LEASE_SECONDS) it is in doubt and claimed again (`_reclaim_in_doubt`).
- between the provider's answer and the status write (`_finish` below, a few milliseconds): the provider has
  the message and we do not know it. The in-doubt path decides by the channel (channels/base.py): a provider
  with a status query (`lookup`, SMS by its OutId) is asked and the answer recorded without sending; a provider
  that drops repeated keys (`idempotent`, WeChat template client_msg_id = delivery id) gets the same key again;
  otherwise (SMTP) the message is sent again with the same Message-ID: at least once, never lost, and a copy
  sent twice is recognisable as one. Only a message whose confirmation was never recorded can be sent twice;
  a row recorded `sent` is never claimed again. A worker sends WANGQIAN_DELIVERY_CONCURRENCY at a time, so at
  most that many are in doubt when it dies.
The lease must outlast one send (the SMTP timeout, a provider's HTTP timeout): 300 s by default.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import re

from tortoise.expressions import Q

from models import AgreementUploadLink, Delivery, Employer, Graduate, OutboxEvent, School, Staff
from notifications import channels, plan, templates
from notifications.channels.base import Outgoing, Permanent, Retryable, Suppressed
from resolvers import outbox
from resolvers.outbox import EventKind
from server import clock, crypto
from server.settings import get_settings

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED, DEAD, SUPPRESSED = "pending", "sending", "sent", "failed", "dead", "suppressed"
STATUSES = (PENDING, SENDING, SENT, FAILED, DEAD, SUPPRESSED)
REQUEUEABLE = (FAILED, DEAD)
BATCH = 100
_PHONE = re.compile(r"(?<!\d)(?:\+?86)?(1[3-9]\d)\d{4}(\d{4})(?!\d)")

_wakeup: asyncio.Event | None = None


def wake() -> None:
    if _wakeup is not None:
        _wakeup.set()


def _clean(text: str) -> str:
    """Error text as stored and shown to admins: a provider may echo the number; it is masked."""
    return _PHONE.sub(r"\1****\2", text)[:500]


def backoff(attempts: int, retry_after: float | None = None) -> float:
    """Exponential in the attempts made, with jitter (half to all of it), so a provider outage does not end in
    every worker retrying at the same instant; never sooner than the provider asked."""
    settings = get_settings()
    ceiling = min(settings.delivery_max_backoff_seconds, settings.delivery_backoff_seconds * 2 ** (attempts - 1))
    delay = ceiling * random.uniform(0.5, 1.0)
    return max(delay, retry_after or 0.0)


async def address_of(channel: str, recipient_kind: str, recipient_id: int) -> dict[str, str]:
    """Where to send. Phones are decrypted here, in the worker, for SMS only, and never logged or stored."""
    model = {"graduate": Graduate, "employer": Employer, "staff": Staff, "contact": AgreementUploadLink}[recipient_kind]
    row = await model.get_or_none(id=recipient_id)
    if row is None:
        return {}
    out: dict[str, str] = {}
    # The official account's openid is found by unionid among its followers, by the channel itself.
    for key, attribute in (("openid", "openid"), ("unionid", "unionid"),
                           ("email", "contact_email" if recipient_kind == "employer" else "email")):
        value = getattr(row, attribute, None)
        if value:
            out[key] = value
    if channel == plan.SMS:
        sealed = row.contact_phone_enc if recipient_kind == "employer" else getattr(row, "phone_enc", None)
        phone = crypto.decrypt(sealed) if sealed else None
        if phone:
            out["phone"] = phone
    return out


async def _claim(row_id: int, now: dt.datetime) -> Delivery | None:
    due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
    if await Delivery.filter(due, id=row_id, status=PENDING).update(status=SENDING, claimed_at=now) != 1:
        return None  # another worker's, or re-queued or deferred meanwhile
    return await Delivery.get(id=row_id)


async def _reclaim_in_doubt(now: dt.datetime, limit: int) -> list[Delivery]:
    """Rows left `sending` past the lease: their worker died (or hangs). Claimed again with a new stamp."""
    stale = now - dt.timedelta(seconds=get_settings().delivery_lease_seconds)
    rows = await Delivery.filter(status=SENDING, claimed_at__lt=stale).order_by("id").limit(limit)
    taken = []
    for row in rows:
        if await Delivery.filter(id=row.id, status=SENDING, claimed_at=row.claimed_at).update(claimed_at=now) == 1:
            row.claimed_at = now
            taken.append(row)
    return taken


async def _finish(row: Delivery, **changes) -> bool:
    """The outcome of the attempt that holds the claim; False when another worker took the row over."""
    return await Delivery.filter(id=row.id, status=SENDING, claimed_at=row.claimed_at).update(**changes) == 1


async def deliver(row: Delivery, *, in_doubt: bool = False) -> str:
    """One claimed delivery, start to end; returns the status it was left in."""
    now = clock.now()
    attempts = row.attempts + 1
    channel = channels.get(row.channel)
    if channel is None:
        await _finish(row, status=SUPPRESSED, attempts=attempts,
                      last_error=f"channel_not_configured: 渠道 {row.channel} 未配置")
        return SUPPRESSED
    kind = EventKind(row.kind)
    chosen = await plan.choices(row.recipient_kind, row.recipient_id)
    if plan.effective(kind, row.recipient_kind, row.channel, chosen) is plan.OFF:
        await _finish(row, status=SUPPRESSED, attempts=attempts, last_error="preference_off: 收件人已关闭此渠道")
        return SUPPRESSED
    quiet_end = None
    if plan.may_be_deferred(kind, row.channel) and row.school_id:
        quiet_end = plan.quiet_until(kind, row.channel, await School.get_or_none(id=row.school_id), now)
    if quiet_end is not None:
        # Not an attempt: the message waits for the end of the school's quiet hours.
        await _finish(row, status=PENDING, next_attempt_at=quiet_end, claimed_at=None)
        return PENDING
    event = await OutboxEvent.get(id=row.event_id)
    payload = outbox.loaded(kind, event.payload)
    rendered = templates.render(kind, payload)
    message = Outgoing(delivery_id=row.id, kind=kind, recipient_kind=row.recipient_kind,
                       recipient_id=row.recipient_id, title=rendered.title, body=rendered.body, sms=rendered.sms,
                       payload=payload, address=await address_of(row.channel, row.recipient_kind, row.recipient_id))
    try:
        provider_id = None
        lookup = getattr(channel, "lookup", None)
        if in_doubt and lookup is not None:
            provider_id = await lookup(message)
        if provider_id is None:
            provider_id = await channel.send(message)
    except Suppressed as e:
        await _finish(row, status=SUPPRESSED, attempts=attempts, last_error=_clean(str(e)))
        return SUPPRESSED
    except Permanent as e:
        await _finish(row, status=FAILED, attempts=attempts, last_error=_clean(str(e)))
        if e.fallback:
            fallback = await plan.plan_fallback(row, e.fallback)
            if fallback is not None:
                log.info("delivery %s failed for good (%s); fallback %s planned", row.id, e.code, fallback.id)
        return FAILED
    except Exception as e:  # Retryable, or anything unforeseen (a bug in a client): kept and retried
        retry_after = e.retry_after if isinstance(e, Retryable) else None
        if not isinstance(e, Retryable):
            log.error("delivery %s: %s from the %s channel", row.id, type(e).__name__, row.channel)
        error = _clean(str(e) if isinstance(e, Retryable) else f"unexpected: {type(e).__name__}")
        if attempts >= get_settings().delivery_max_attempts:
            await _finish(row, status=DEAD, attempts=attempts, last_error=error)
            return DEAD
        await _finish(row, status=PENDING, attempts=attempts, last_error=error, claimed_at=None,
                      next_attempt_at=now + dt.timedelta(seconds=backoff(attempts, retry_after)))
        return PENDING
    # The provider has the message. Until this write commits, a worker killed here leaves the row `sending`,
    # and the in-doubt path above decides (a status query, an idempotent key, or a second copy for SMTP).
    await _finish(row, status=SENT, attempts=attempts, provider_message_id=str(provider_id)[:128],
                  sent_at=clock.now(), last_error="")
    return SENT


async def _attempt(row: Delivery, *, in_doubt: bool = False) -> None:
    try:
        await deliver(row, in_doubt=in_doubt)
    except Exception as e:  # a broken row (its event gone, a bad payload) fails alone, not the pass
        log.exception("delivery %s not attempted", row.id)
        await _finish(row, status=FAILED, attempts=row.attempts + 1, last_error=_clean(f"internal: {type(e).__name__}"))


async def run_pass(limit: int = BATCH) -> int:
    """One pass: rows in doubt first, then the due ones, WANGQIAN_DELIVERY_CONCURRENCY at a time (each claimed on
    its own just before it is sent); returns how many were attempted."""
    now = clock.now()
    done = 0
    for row in await _reclaim_in_doubt(now, limit):
        await _attempt(row, in_doubt=True)
        done += 1
    due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
    ids = await Delivery.filter(due, status=PENDING).order_by("id").limit(limit).values_list("id", flat=True)
    slots = asyncio.Semaphore(max(1, get_settings().delivery_concurrency))

    async def one(row_id: int) -> int:
        async with slots:
            row = await _claim(row_id, clock.now())
            if row is None:
                return 0
            await _attempt(row)
            return 1

    return done + sum(await asyncio.gather(*(one(i) for i in ids)))


async def run_forever() -> None:
    global _wakeup
    _wakeup = asyncio.Event()
    while True:
        try:
            while await run_pass() >= BATCH:
                pass
        except Exception:
            log.exception("delivery pass failed")
        try:
            await asyncio.wait_for(_wakeup.wait(), timeout=get_settings().delivery_poll_seconds)
        except TimeoutError:
            pass
        _wakeup.clear()
