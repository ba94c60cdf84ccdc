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

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import Notification, NotificationCounter, OutboxEvent, Staff
from notifications import plan, templates
from resolvers import outbox
from resolvers.outbox import EventKind
from resolvers.viewer import Role
from server import clock

log = logging.getLogger(__name__)

GRADUATE, EMPLOYER, DEPARTMENT_STAFF, SCHOOL_ADMINS = "graduate", "employer", "department", "school"

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
    # Issue 12 §1: the notice list is the graduates' inbox for notices (unread state per graduate), so a notice
    # to a 20,000-graduate school writes no inbox row and no delivery per graduate (docs/rules.md, Notices).
    EventKind.NOTICE_PUBLISHED: frozenset(),
}


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


async def _fan_out(limit: int, ids: list[int] | None = None) -> tuple[int, int]:
    """Numbers a batch of committed events and writes their inbox rows and deliveries in one transaction;
    returns (events fanned out, inbox rows written).

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
            return 0, 0
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
            return 0, 0
        now = clock.now()
        claimed = await OutboxEvent.filter(id__in=[e.id for e, _, _ in batch], fanned_out_at=None
                                           ).update(fanned_out_at=now)
        if claimed != len(batch):  # cannot happen while fan-outs take turns on the counter; never number twice
            raise RuntimeError(f"claimed {claimed} of {len(batch)} outbox events")
        rows: list[Notification] = []
        number = counter.last_value
        for event, to, message in batch:
            for recipient_kind, recipient_id in to:
                number += 1
                rows.append(Notification(sequence=number, recipient_kind=recipient_kind, recipient_id=recipient_id,
                                         event_id=event.id, kind=event.kind, title=message.title,
                                         body=message.body))
            number += 1
            event.sequence, event.fanned_out_at = number, now
        if rows:
            await Notification.bulk_create(rows)
        # WeChat, SMS and email deliveries are planned in the same claimed step, so never twice.
        await plan.plan_batch([(event, to) for event, to, _ in batch if to])
        await OutboxEvent.bulk_update([event for event, _, _ in batch], fields=["sequence"])
        await NotificationCounter.filter(id=1).update(last_value=number)
        return len(batch), len(rows)


async def fan_out(event_id: int) -> int:
    """Numbers the event and writes its inbox rows unless another dispatcher did; returns how many rows."""
    return (await _fan_out(1, [event_id]))[1]


async def fan_out_pending(limit: int = 200) -> int:
    """Fans out committed events in id order, a batch per transaction; an event committed later than a larger id
    gets a later sequence. Returns how many events were fanned out."""
    try:
        return (await _fan_out(limit))[0]
    except Exception:  # a bad event in the batch: go one by one, so it alone stays pending and is retried
        log.exception("outbox batch not fanned out; one event at a time")
    ids = await OutboxEvent.filter(fanned_out_at=None).order_by("id").limit(limit).values_list("id", flat=True)
    done = 0
    for event_id in ids:
        try:
            done += (await _fan_out(1, [event_id]))[0]
        except Exception:
            log.exception("outbox event %s not fanned out", event_id)
    return done
