"""The outbox to the national destination registration system (issue 12 §6).

`queue` runs inside the transaction of every change to a graduate's origin, contact, destination or archive
record and stores the record's whole current snapshot (resolvers/national/snapshots.py), so a rolled-back change
queues nothing and a committed one cannot be lost. At most one item per graduate and record waits unsent: a later
change rewrites it (new snapshot, new version, new idempotency key), so only the latest state is sent, and never
an older one after it. The graduate's row is locked while queueing, so two changes of one graduate queue in turn.

The worker (`run_pass`) claims a due item with a conditional UPDATE (queued -> sending, stamped `claimed_at`), so
two workers never send one item; every later write is conditional on that stamp. A worker that dies mid-send
leaves the item `sending`; after the lease it is claimed again and sent with the same idempotency key, which the
receiver answers as before. A transient failure is retried with exponential backoff and jitter, without limit:
nothing is dropped, and the school sees how long the queue is. A refusal keeps the item with the receiver's
reason until the graduate or the school changes the record again. Without a configured receiver nothing is sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import random
import uuid

from tortoise.expressions import Q

from models import Graduate, NationalConfirmation, NationalSyncItem, School
from resolvers import authz
from resolvers.national import connector, snapshots
from resolvers.viewer import Role, Viewer
from server import clock, crypto
from server.settings import get_settings

log = logging.getLogger(__name__)

QUEUED, SENDING, ACKNOWLEDGED, REFUSED, SUPERSEDED = "queued", "sending", "acknowledged", "refused", "superseded"
BATCH = 100

_wakeup: asyncio.Event | None = None


def wake() -> None:
    if _wakeup is not None:
        _wakeup.set()


def snapshot_of(item: NationalSyncItem) -> list[list[str]]:
    return json.loads(crypto.decrypt(item.snapshot_enc))


async def queue(graduate_id: int, *records: str) -> None:
    """Queues the current state of these records of the graduate; call after the change, in its transaction."""
    graduate = await Graduate.select_for_update().get(id=graduate_id)
    for record in records:
        fields = await snapshots.BUILDERS[record](graduate)
        sealed = crypto.encrypt(json.dumps(fields, ensure_ascii=False))
        # The newest item tells all: a waiting item is always the newest (it is rewritten, never followed), and a
        # refusal older than the newest was superseded when the newest was queued.
        latest = await NationalSyncItem.filter(graduate_id=graduate.id, record=record).order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        key = uuid.uuid4().hex
        if latest is None or latest.state != QUEUED or await NationalSyncItem.filter(
                id=latest.id, state=QUEUED).update(
                snapshot_enc=sealed, version=version, idempotency_key=key, next_attempt_at=None,
                school_id=graduate.school_id, department_id=graduate.department_id) != 1:
            await NationalSyncItem.create(graduate_id=graduate.id, school_id=graduate.school_id,
                                          department_id=graduate.department_id, record=record, version=version,
                                          snapshot_enc=sealed, idempotency_key=key)
        if latest is not None and latest.state == REFUSED:
            # The newer state replaces what the receiver refused: the refusal no longer describes the record.
            await NationalSyncItem.filter(id=latest.id, state=REFUSED).update(state=SUPERSEDED)
    # What the graduate confirmed is no longer what the national system will hold.
    await NationalConfirmation.filter(graduate_id=graduate.id).delete()


def backoff(attempts: int) -> float:
    settings = get_settings()
    ceiling = min(settings.national_max_backoff_seconds, settings.national_backoff_seconds * 2 ** (attempts - 1))
    return ceiling * random.uniform(0.5, 1.0)


async def _outgoing(item: NationalSyncItem) -> connector.Outgoing:
    graduate = await Graduate.get(id=item.graduate_id)
    school = await School.get(id=graduate.school_id)
    return connector.Outgoing(
        idempotency_key=item.idempotency_key, school_code=school.code, student_number=graduate.student_number,
        graduation_year=graduate.graduation_year, education_level=graduate.education_level, record=item.record,
        version=item.version, fields={key: value for key, _, value, _ in snapshot_of(item)})


async def _finish(item: NationalSyncItem, **changes) -> bool:
    return await NationalSyncItem.filter(id=item.id, state=SENDING, claimed_at=item.claimed_at).update(**changes) == 1


async def _newer_exists(item: NationalSyncItem) -> bool:
    return await NationalSyncItem.filter(graduate_id=item.graduate_id, record=item.record, version__gt=item.version,
                                         state__in=(QUEUED, SENDING, ACKNOWLEDGED)).exists()


async def send(item: NationalSyncItem, link: connector.NationalConnector) -> str:
    """One claimed item, start to end; returns the state it was left in."""
    attempts = item.attempts + 1
    try:
        receipt = await link.send(await _outgoing(item))
    except connector.Refused as e:
        await _finish(item, state=REFUSED, attempts=attempts, refusal_reason=e.reason[:500], claimed_at=None)
        return REFUSED
    except Exception as e:  # NotReceived, or anything unforeseen: kept and retried, never dropped
        if not isinstance(e, connector.NotReceived):
            log.error("national sync item %s: %s", item.id, type(e).__name__)
        error = str(e)[:500] if isinstance(e, connector.NotReceived) else f"unexpected: {type(e).__name__}"
        if await _newer_exists(item):  # a later state of the record goes instead
            await _finish(item, state=SUPERSEDED, attempts=attempts, last_error=error, claimed_at=None)
            return SUPERSEDED
        await _finish(item, state=QUEUED, attempts=attempts, last_error=error, claimed_at=None,
                      next_attempt_at=clock.now() + dt.timedelta(seconds=backoff(attempts)))
        return QUEUED
    await _finish(item, state=ACKNOWLEDGED, attempts=attempts, receipt=receipt, acknowledged_at=clock.now(),
                  last_error="", claimed_at=None)
    return ACKNOWLEDGED


async def _claim(item_id: int, now: dt.datetime) -> NationalSyncItem | None:
    due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
    if await NationalSyncItem.filter(due, id=item_id, state=QUEUED).update(state=SENDING, claimed_at=now) != 1:
        return None  # another worker's, or rewritten by a newer change and no longer due
    return await NationalSyncItem.get(id=item_id)


async def _reclaim_in_doubt(now: dt.datetime, limit: int) -> list[NationalSyncItem]:
    stale = now - dt.timedelta(seconds=get_settings().national_lease_seconds)
    taken = []
    for item in await NationalSyncItem.filter(state=SENDING, claimed_at__lt=stale).order_by("id").limit(limit):
        if await NationalSyncItem.filter(id=item.id, state=SENDING, claimed_at=item.claimed_at
                                         ).update(claimed_at=now) == 1:
            item.claimed_at = now
            taken.append(item)
    return taken


async def run_pass(link: connector.NationalConnector | None = None, limit: int = BATCH) -> int:
    """Items in doubt first (same key), then the due ones, oldest first; returns how many were attempted."""
    link = link or connector.configured()
    if link is None:
        return 0
    now = clock.now()
    done = 0
    for item in await _reclaim_in_doubt(now, limit):
        await send(item, link)
        done += 1
    due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
    for item_id in await (NationalSyncItem.filter(due, state=QUEUED).order_by("id").limit(limit)
                          .values_list("id", flat=True)):
        item = await _claim(item_id, clock.now())
        if item is not None:
            await send(item, link)
            done += 1
    return done


async def run_forever() -> None:
    global _wakeup
    _wakeup = asyncio.Event()
    while True:
        try:
            while await run_pass() >= BATCH:
                pass
        except Exception:
            log.exception("national sync pass failed")
        try:
            await asyncio.wait_for(_wakeup.wait(), timeout=get_settings().national_poll_seconds)
        except TimeoutError:
            pass
        _wakeup.clear()


async def status(viewer: Viewer) -> tuple[bool, int, int]:
    """For the school's console: whether a receiver is configured, and the items of the viewer's scope still
    waiting to be acknowledged and those refused."""
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    scoped = authz.scope_by_school(viewer, NationalSyncItem.all())
    return (connector.configured() is not None, await scoped.filter(state__in=(QUEUED, SENDING)).count(),
            await scoped.filter(state=REFUSED).count())
