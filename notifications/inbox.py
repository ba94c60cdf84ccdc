"""Fan-out: each committed outbox event gets its sequence and one inbox row per recipient, exactly once.

The same step plans the event's deliveries to WeChat, SMS and email (notifications/plan.py).

The single fan-out step numbers the rows: it locks the counter row, reads a batch of committed events not yet
fanned out, claims them (a conditional UPDATE) and writes their rows with the next sequence numbers in one
transaction. The counter stays locked until that commit, so sequences become visible in the order they are
numbered, whatever order the events themselves committed in. Two dispatchers never fan out one event twice: they
take turns on the counter, the claim lets one through and (event, recipient) is unique. A batch costs a fixed
number of statements whatever its size (tests/test_i9_sql_budgets.py).
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from tortoise.expressions import Q, RawSQL
from tortoise.transactions import in_transaction

from models import Notification, NotificationCounter, OutboxEvent, Staff
from notifications import plan, templates
from resolvers import outbox
from resolvers.outbox import EventKind
from resolvers.viewer import Role
from server import clock

log = logging.getLogger(__name__)

GRADUATE, EMPLOYER, DEPARTMENT_STAFF, SCHOOL_ADMINS = "graduate", "employer", "department", "school"
# The employer's contact of an offline agreement (F1): reached by SMS at the phone its upload link names; no
# account, so no inbox row.
CONTACT = "contact"
INBOX_KINDS = ("graduate", "employer", "staff")

# Who reads each kind in their inbox. Staff are told what lands in their review or work queue: department
# reviewers of the event's department and the school admins of its school.
AUDIENCES: dict[EventKind, frozenset[str]] = {
    EventKind.INVITATION_RECEIVED: frozenset({GRADUATE}),
    EventKind.INVITATION_ANSWERED: frozenset({EMPLOYER}),
    EventKind.INVITATION_WITHDRAWN: frozenset({GRADUATE}),
    EventKind.INVITATION_EXPIRED: frozenset({GRADUATE}),
    EventKind.INVITATIONS_ANSWERABLE: frozenset({GRADUATE}),
    EventKind.INTERVIEW_RECEIVED: frozenset({GRADUATE}),
    EventKind.INTERVIEW_ANSWERED: frozenset({EMPLOYER}),
    EventKind.INTERVIEW_RESULT_RECORDED: frozenset({GRADUATE}),
    EventKind.REVIEW_REQUESTED: frozenset(),  # by the review's level: see audiences_of
    EventKind.REVIEW_ADVANCED: frozenset({GRADUATE, EMPLOYER}),
    EventKind.REVIEW_WITHDRAWN: frozenset(),  # the level whose queue held it: see audiences_of
    EventKind.REVIEW_DECIDED: frozenset({GRADUATE, EMPLOYER}),
    EventKind.TERMINATION_DECIDED: frozenset({GRADUATE, EMPLOYER}),
    EventKind.DESTINATION_DECIDED: frozenset({GRADUATE}),
    EventKind.CORRECTION_REQUESTED: frozenset({DEPARTMENT_STAFF, SCHOOL_ADMINS}),
    EventKind.CORRECTION_DECIDED: frozenset({GRADUATE}),
    EventKind.CORRECTION_WITHDRAWN: frozenset({DEPARTMENT_STAFF, SCHOOL_ADMINS}),
    EventKind.RECORD_CHANGED: frozenset({GRADUATE, EMPLOYER}),
    EventKind.APPLICATION_RECEIVED: frozenset({EMPLOYER}),
    EventKind.FRAUD_REPORTED: frozenset({SCHOOL_ADMINS}),
    EventKind.PRINT_CODE_SCANNED: frozenset(),  # for the print page's subscription only (P2)
    EventKind.UPLOAD_LINK_SENT: frozenset({CONTACT}),
    # Issue 12 §1: the notice list is the graduates' inbox for notices (unread state per graduate), so a notice
    # to a 20,000-graduate school writes no inbox row and no delivery per graduate (docs/rules.md, Notices).
    EventKind.NOTICE_PUBLISHED: frozenset(),
    EventKind.POSITIONS_MATCHED: frozenset({GRADUATE}),  # issue 12 §3
    # Issue 12 §2: each event names its one recipient (graduate or employer).
    EventKind.FAIR_APPLICATION_DECIDED: frozenset({EMPLOYER}),
    EventKind.FAIR_CANCELLED: frozenset({GRADUATE, EMPLOYER}),
    EventKind.FAIR_REMINDER: frozenset({GRADUATE}),
    EventKind.RECOMMENDATION_FORM_DECIDED: frozenset({GRADUATE}),
    EventKind.FAIR_APPLICATION_RECEIVED: frozenset({SCHOOL_ADMINS}),  # the admins who decide it
}


# The recipient kind whose rows a channel's streams read (notifications/dispatcher.channels_for).
_READERS_OF_CHANNEL = {"graduate": "graduate", "employer": "employer", "department": "staff", "school": "staff"}
# At most this many rows ride in one bus message; an event with more leaves its streams to read the database.
CARRIED_MAX = 50
# The recipient's row numbered just before this one: lets a stream tell that nothing of its own came in between.
_PREVIOUS = RawSQL('(SELECT MAX(p.sequence) FROM notification p WHERE p.recipient_kind = "notification".'
                   '"recipient_kind" AND p.recipient_id = "notification"."recipient_id" '
                   'AND p.sequence < "notification"."sequence")')


async def published_rows(event_ids: list[int]) -> dict[int, list[dict]]:
    """The inbox rows of these (fanned-out) events as their bus messages carry them, by event, in sequence order,
    each with `previous`: its recipient's row numbered just before it (0 if none). Every row numbered before
    these is committed (fan-outs take turns and number in commit order), so `previous` is final."""
    out: dict[int, list[dict]] = {}
    for row in await (Notification.filter(event_id__in=event_ids).annotate(previous=_PREVIOUS)
                      .order_by("sequence")):
        out.setdefault(row.event_id, []).append({
            "sequence": row.sequence, "previous": row.previous or 0, "recipientKind": row.recipient_kind,
            "recipientId": row.recipient_id, "kind": row.kind, "title": row.title, "body": row.body,
            "readAt": row.read_at.isoformat() if row.read_at else None, "createdAt": row.created_at.isoformat()})
    return out


def carried(channel: str, rows: list[dict]) -> list[dict] | None:
    """The rows a message on `channel` carries: all of the event's rows its streams may read, or None (too many:
    they read the database)."""
    readers = _READERS_OF_CHANNEL.get(channel.partition(":")[0])
    mine = [row for row in rows if row["recipientKind"] == readers]
    return mine if len(mine) <= CARRIED_MAX else None


def audiences_of(kind: EventKind, payload: dict) -> frozenset[str]:
    """Who reads an event of this kind with this (stored) payload in their inbox."""
    if kind is EventKind.REVIEW_REQUESTED:
        # The reviewers whose turn it is: the department's first, then the school's (R2).
        return frozenset({SCHOOL_ADMINS if payload.get("state") == "pending_school" else DEPARTMENT_STAFF})
    if kind is EventKind.REVIEW_WITHDRAWN:
        # Those who were asked to review it: the level whose queue it left.
        return frozenset({SCHOOL_ADMINS if payload.get("previousState") == "pending_school"
                          else DEPARTMENT_STAFF})
    return AUDIENCES[kind]


def _recipients(event: OutboxEvent, staff: list[tuple[int, str, int | None, int | None]]) -> list[tuple[str, int]]:
    """Who gets this event's inbox row; `staff` is (id, role, department, school) of every active reviewer and
    admin the batch may need, read once for the whole batch."""
    audiences = audiences_of(EventKind(event.kind), event.payload)
    out: list[tuple[str, int]] = []
    if GRADUATE in audiences and event.graduate_id:
        out.append(("graduate", event.graduate_id))
    if EMPLOYER in audiences and event.employer_id:
        out.append(("employer", event.employer_id))
    if DEPARTMENT_STAFF in audiences and event.department_id:
        out += [("staff", i) for i, role, department, _ in staff
                if role == Role.DEPARTMENT_REVIEWER.value and department == event.department_id]
    if SCHOOL_ADMINS in audiences and event.school_id:
        out += [("staff", i) for i, role, _, school in staff
                if role == Role.SCHOOL_ADMIN.value and school == event.school_id]
    if CONTACT in audiences and (event.payload or {}).get("linkId"):
        out.append((CONTACT, event.payload["linkId"]))
    return list(dict.fromkeys(out))


async def _staff_for(events: list[OutboxEvent]) -> list[tuple[int, str, int | None, int | None]]:
    """The active department reviewers and school admins any of these events may go to, in one query."""
    departments, schools = set(), set()
    for event in events:
        try:
            audiences = audiences_of(EventKind(event.kind), event.payload)
        except ValueError:  # an unknown kind: the fan-out logs it and leaves it pending
            continue
        if DEPARTMENT_STAFF in audiences and event.department_id:
            departments.add(event.department_id)
        if SCHOOL_ADMINS in audiences and event.school_id:
            schools.add(event.school_id)
    if not departments and not schools:
        return []
    wanted = []
    if departments:
        wanted.append(Q(role=Role.DEPARTMENT_REVIEWER.value, department_id__in=sorted(departments)))
    if schools:
        wanted.append(Q(role=Role.SCHOOL_ADMIN.value, school_id__in=sorted(schools)))
    return list(await Staff.filter(Q(*wanted, join_type="OR"), is_active=True).order_by("id")
                .values_list("id", "role", "department_id", "school_id"))


async def recipients(event: OutboxEvent) -> list[tuple[str, int]]:
    return _recipients(event, await _staff_for([event]))


class Batch(NamedTuple):
    events: list[OutboxEvent]  # fanned out, in sequence order
    rows: int  # inbox rows written
    # With `publishing`: the events are claimed for publishing too, and these are their rows as published
    # (published_rows).
    published: dict[int, list[dict]]


async def _fan_out(limit: int, ids: list[int] | None = None, publishing: bool = False) -> Batch:
    """Numbers a batch of committed events and writes their inbox rows and deliveries in one transaction.
    With `publishing`, the same claim takes them for publishing (as dispatcher.publish_pending's claim would),
    so the dispatcher publishes them straight after this commit without a transaction of its own.

    The counter row is locked first: fan-outs take turns, so the pending events read next are exactly the ones
    no one else has fanned out, and the numbers handed out become visible in order at this commit."""
    async with in_transaction() as conn:
        await conn.execute_query("INSERT INTO notification_counter (id, last_value) VALUES (1, 0) "
                                 "ON CONFLICT DO NOTHING")
        counter = await NotificationCounter.select_for_update().get(id=1)
        pending = OutboxEvent.filter(fanned_out_at=None)
        if ids is not None:
            pending = pending.filter(id__in=ids)
        events = list(await pending.order_by("id").limit(limit))
        if not events:
            return Batch([], 0, {})
        staff = await _staff_for(events)
        batch: list[tuple[OutboxEvent, list[tuple[str, int]], templates.Message | None]] = []
        for event in events:
            try:
                kind = EventKind(event.kind)
                to = _recipients(event, staff)
                message = templates.render(kind, outbox.loaded(kind, event.payload)) if to else None
            except Exception:  # one bad event must not hold back the others; it stays pending and is retried
                log.exception("outbox event %s not fanned out", event.id)
                continue
            batch.append((event, to, message))
        if not batch:
            return Batch([], 0, {})
        now = clock.now()
        # Never published before it is numbered: published_at is still empty, and claiming it is this UPDATE's.
        claimed = await OutboxEvent.filter(id__in=[e.id for e, _, _ in batch], fanned_out_at=None
                                           ).update(fanned_out_at=now, **({"published_at": now} if publishing else {}))
        if claimed != len(batch):  # cannot happen while fan-outs take turns on the counter; never number twice
            raise RuntimeError(f"claimed {claimed} of {len(batch)} outbox events")
        rows: list[Notification] = []
        number = counter.last_value
        for event, to, message in batch:
            for recipient_kind, recipient_id in to:
                if recipient_kind not in INBOX_KINDS:
                    continue
                number += 1
                rows.append(Notification(sequence=number, recipient_kind=recipient_kind, recipient_id=recipient_id,
                                         event_id=event.id, kind=event.kind, title=message.title,
                                         body=message.body))
            number += 1
            event.sequence, event.fanned_out_at = number, now
            if publishing:
                event.published_at = now
        if rows:
            await Notification.bulk_create(rows)
        # WeChat, SMS and email deliveries are planned in the same claimed step, so never twice.
        await plan.plan_batch([(event, to) for event, to, _ in batch if to])
        await OutboxEvent.bulk_update([event for event, _, _ in batch], fields=["sequence"])
        await NotificationCounter.filter(id=1).update(last_value=number)
        published = await published_rows([e.id for e, _, _ in batch]) if publishing else {}
        return Batch([e for e, _, _ in batch], len(rows), published)


async def fan_out(event_id: int) -> int:
    """Numbers the event and writes its inbox rows unless another dispatcher did; returns how many rows."""
    return (await _fan_out(1, [event_id])).rows


async def fan_out_pending(limit: int = 200) -> int:
    """Fans out committed events in id order, a batch per transaction; an event committed later than a larger id
    gets a later sequence. Returns how many events were fanned out."""
    return len((await fan_out_to_publish(limit, publishing=False)).events)


async def fan_out_to_publish(limit: int = 200, publishing: bool = True) -> Batch:
    """fan_out_pending, the events also claimed for publishing (see _fan_out)."""
    try:
        return await _fan_out(limit, publishing=publishing)
    except Exception:  # a bad event in the batch: go one by one, so it alone stays pending and is retried
        log.exception("outbox batch not fanned out; one event at a time")
    ids = await OutboxEvent.filter(fanned_out_at=None).order_by("id").limit(limit).values_list("id", flat=True)
    done = Batch([], 0, {})
    for event_id in ids:
        try:
            one = await _fan_out(1, [event_id], publishing=publishing)
            done = Batch(done.events + one.events, done.rows + one.rows, {**done.published, **one.published})
        except Exception:
            log.exception("outbox event %s not fanned out", event_id)
    return done
