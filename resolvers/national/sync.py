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

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Max

from models import Graduate, NationalConfirmation, NationalSyncItem, School
from resolvers import authz, raw_sql
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
        await queue_fields(graduate, record, await snapshots.BUILDERS[record](graduate))
    await withdraw_confirmation(graduate.id)


# The waiting item of this graduate and record is rewritten, or a new one inserted, in one statement whose target
# is the partial unique index "one queued item per graduate and record" (migration 0021). The version is computed
# in the same statement: one above every item of the record, the waiting one included, so it grows with every
# change and the receiver (which keeps the highest) never takes an older state over a newer one. A refused item
# stays as it was: readers take a refusal into account only while it is the record's newest item
# (`unsettled_refusals`, resolvers/national/view.py), and the worker marks it superseded once a newer state is
# answered (`send`), so queueing costs no statement for it.
_UPSERT = """
INSERT INTO national_sync_item (graduate_id, school_id, department_id, record, version, snapshot_enc,
  idempotency_key, state, attempts, last_error, refusal_reason, receipt, created_at, updated_at)
SELECT CAST(:graduate AS INTEGER), :school, :department, CAST(:record AS VARCHAR(16)),
  COALESCE(MAX(version), 0) + 1, :snapshot, :key, 'queued', 0, '', '', '', :now, :now
FROM national_sync_item WHERE graduate_id = CAST(:graduate AS INTEGER) AND record = CAST(:record AS VARCHAR(16))
ON CONFLICT (graduate_id, record) WHERE state = 'queued' DO UPDATE SET
  version = excluded.version, snapshot_enc = excluded.snapshot_enc, idempotency_key = excluded.idempotency_key,
  next_attempt_at = NULL, school_id = excluded.school_id, department_id = excluded.department_id,
  updated_at = excluded.updated_at
"""


async def queue_fields(graduate: Graduate, record: str, fields: list) -> None:
    """Queues one record built by the caller (resolvers/national/snapshots.py) from rows it already holds: one
    statement. The caller holds the graduate's row lock (select_for_update) in the change's transaction, so two
    changes of one graduate queue in turn and each reads the other's committed item; and it calls
    `withdraw_confirmation` once after its records."""
    await raw_sql.rows(_UPSERT, graduate=graduate.id, school=graduate.school_id, department=graduate.department_id,
                       record=record, snapshot=crypto.encrypt(json.dumps(fields, ensure_ascii=False)),
                       key=uuid.uuid4().hex, now=raw_sql.timestamp(clock.now()))


# `_UPSERT` for many graduates at once (the roster import): one statement per batch of rows, whatever its size.
# Parameters are cast: PostgreSQL types a VALUES list on its own, before it knows the columns it goes into.
_UPSERT_MANY = """
INSERT INTO national_sync_item (graduate_id, school_id, department_id, record, version, snapshot_enc,
  idempotency_key, state, attempts, last_error, refusal_reason, receipt, created_at, updated_at)
SELECT v.column1, v.column2, v.column3, v.column4,
  COALESCE((SELECT MAX(i.version) FROM national_sync_item i WHERE i.graduate_id = v.column1
            AND i.record = v.column4), 0) + 1,
  v.column5, v.column6, 'queued', 0, '', '', '', :now, :now
FROM (VALUES {rows}) AS v WHERE true
ON CONFLICT (graduate_id, record) WHERE state = 'queued' DO UPDATE SET
  version = excluded.version, snapshot_enc = excluded.snapshot_enc, idempotency_key = excluded.idempotency_key,
  next_attempt_at = NULL, school_id = excluded.school_id, department_id = excluded.department_id,
  updated_at = excluded.updated_at
"""
_ROW = ("(CAST(:g{n} AS INTEGER), CAST(:s{n} AS INTEGER), CAST(:d{n} AS INTEGER), CAST(:r{n} AS VARCHAR(16)), "
        "CAST(:e{n} AS TEXT), CAST(:k{n} AS VARCHAR(64)))")
MANY_BATCH = 500


async def queue_many(queued: list[tuple[Graduate, str, list]]) -> None:
    """Queues (graduate, record, fields) for many graduates, `MANY_BATCH` to a statement. At most one entry per
    graduate and record (the upsert cannot touch one row twice); the caller's transaction has written the
    graduates (their rows stay locked to its end), and it withdraws their confirmations."""
    now = raw_sql.timestamp(clock.now())
    for start in range(0, len(queued), MANY_BATCH):
        batch = queued[start:start + MANY_BATCH]
        params: dict = {"now": now}
        for n, (graduate, record, fields) in enumerate(batch):
            params.update({f"g{n}": graduate.id, f"s{n}": graduate.school_id, f"d{n}": graduate.department_id,
                           f"r{n}": record, f"e{n}": crypto.encrypt(json.dumps(fields, ensure_ascii=False)),
                           f"k{n}": uuid.uuid4().hex})
        await raw_sql.rows(_UPSERT_MANY.format(rows=", ".join(_ROW.format(n=n) for n in range(len(batch)))),
                           **params)


async def withdraw_confirmation(graduate_id: int) -> None:
    # What the graduate confirmed is no longer what the national system will hold.
    await NationalConfirmation.filter(graduate_id=graduate_id).delete()


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
        if await _finish(item, state=REFUSED, attempts=attempts, refusal_reason=e.reason[:500], claimed_at=None):
            await _supersede_older_refusals(item)
        return REFUSED
    except Exception as e:  # NotReceived, or anything unforeseen: kept and retried, never dropped
        if not isinstance(e, connector.NotReceived):
            log.error("national sync item %s: %s", item.id, type(e).__name__)
        error = str(e)[:500] if isinstance(e, connector.NotReceived) else f"unexpected: {type(e).__name__}"
        if await _newer_exists(item):  # a later state of the record goes instead
            await _finish(item, state=SUPERSEDED, attempts=attempts, last_error=error, claimed_at=None)
            return SUPERSEDED
        try:
            await _finish(item, state=QUEUED, attempts=attempts, last_error=error, claimed_at=None,
                          next_attempt_at=clock.now() + dt.timedelta(seconds=backoff(attempts)))
        except IntegrityError:  # a change queued a newer state since the check: one item waits per record
            await _finish(item, state=SUPERSEDED, attempts=attempts, last_error=error, claimed_at=None)
            return SUPERSEDED
        return QUEUED
    if await _finish(item, state=ACKNOWLEDGED, attempts=attempts, receipt=receipt, acknowledged_at=clock.now(),
                     last_error="", claimed_at=None):
        await _supersede_older_refusals(item)
    return ACKNOWLEDGED


async def _supersede_older_refusals(item: NationalSyncItem) -> None:
    """A refusal answered by a newer state no longer describes the record (readers already ignore it: queueing
    leaves it as it was, to stay one statement)."""
    await NationalSyncItem.filter(graduate_id=item.graduate_id, record=item.record, state=REFUSED,
                                  version__lt=item.version).update(state=SUPERSEDED)


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
    refused = await scoped.filter(state=REFUSED).values_list("graduate_id", "record", "version")
    return (connector.configured() is not None, await scoped.filter(state__in=(QUEUED, SENDING)).count(),
            len(await unsettled_refusals(refused)))


async def unsettled_refusals(refused: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """Of these refused items (graduate, record, version), those still the newest of their record: a change
    since queued a newer state, which the refusal no longer describes (see `_UPSERT`)."""
    if not refused:
        return []
    newest = dict(((g, r), v) for g, r, v in await NationalSyncItem.filter(
        graduate_id__in={g for g, _, _ in refused}).annotate(newest=Max("version")).group_by(
        "graduate_id", "record").values_list("graduate_id", "record", "newest"))
    return [(g, r, v) for g, r, v in refused if newest.get((g, r)) == v]
