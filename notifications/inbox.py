"""Fan-out: each committed outbox event gets its sequence and one inbox row per recipient, exactly once.

The same step plans the event's deliveries to WeChat, SMS and email (notifications/plan.py).

The single fan-out step numbers the rows: it claims the event (a conditional UPDATE), locks the counter row and
writes the rows with the next sequence numbers in one transaction. The counter stays locked until that commit,
so sequences become visible in the order they are numbered, whatever order the events themselves committed in.
Two dispatchers never fan out one event twice: the claim lets one through and (event, recipient) is unique.
"""

from __future__ import annotations

import logging

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
    EventKind.CORRECTION_REQUESTED: frozenset({DEPARTMENT_STAFF, SCHOOL_ADMINS}),
    EventKind.CORRECTION_DECIDED: frozenset({GRADUATE}),
    EventKind.CORRECTION_WITHDRAWN: frozenset({DEPARTMENT_STAFF, SCHOOL_ADMINS}),
    EventKind.RECORD_CHANGED: frozenset({GRADUATE, EMPLOYER}),
    EventKind.APPLICATION_RECEIVED: frozenset({EMPLOYER}),
    EventKind.FRAUD_REPORTED: frozenset({SCHOOL_ADMINS}),
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


async def recipients(event: OutboxEvent) -> list[tuple[str, int]]:
    kind = EventKind(event.kind)
    audiences = audiences_of(kind, event.payload)
    out: list[tuple[str, int]] = []
    if GRADUATE in audiences and event.graduate_id:
        out.append(("graduate", event.graduate_id))
    if EMPLOYER in audiences and event.employer_id:
        out.append(("employer", event.employer_id))
    staff = Staff.filter(is_active=True)
    if DEPARTMENT_STAFF in audiences and event.department_id:
        ids = await staff.filter(role=Role.DEPARTMENT_REVIEWER.value, department_id=event.department_id
                                 ).order_by("id").values_list("id", flat=True)
        out += [("staff", i) for i in ids]
    if SCHOOL_ADMINS in audiences and event.school_id:
        ids = await staff.filter(role=Role.SCHOOL_ADMIN.value, school_id=event.school_id
                                 ).order_by("id").values_list("id", flat=True)
        out += [("staff", i) for i in ids]
    return list(dict.fromkeys(out))


async def fan_out(event_id: int) -> int:
    """Numbers the event and writes its inbox rows unless another dispatcher did; returns how many rows."""
    async with in_transaction() as conn:
        claimed = await OutboxEvent.filter(id=event_id, fanned_out_at=None).update(fanned_out_at=clock.now())
        if claimed != 1:
            return 0
        event = await OutboxEvent.get(id=event_id)
        kind = EventKind(event.kind)
        to = await recipients(event)
        await conn.execute_query("INSERT INTO notification_counter (id, last_value) VALUES (1, 0) "
                                 "ON CONFLICT DO NOTHING")
        # One counter numbers events and inbox rows alike; held until commit, so numbers appear in order.
        counter = await NotificationCounter.select_for_update().get(id=1)
        first = counter.last_value + 1
        if to:
            message = templates.render(kind, outbox.loaded(kind, event.payload))
            await Notification.bulk_create([
                Notification(sequence=first + i, recipient_kind=recipient_kind, recipient_id=recipient_id,
                             event_id=event.id, kind=event.kind, title=message.title, body=message.body)
                for i, (recipient_kind, recipient_id) in enumerate(to)])
            # WeChat, SMS and email deliveries are planned in the same claimed step, so never twice.
            await plan.plan(event, to)
        event_sequence = first + len(to)
        await OutboxEvent.filter(id=event.id).update(sequence=event_sequence)
        await NotificationCounter.filter(id=1).update(last_value=event_sequence)
        return len(to)


async def fan_out_pending(limit: int = 200) -> int:
    """Fans out committed events in id order; an event committed later than a larger id gets a later sequence."""
    ids = await OutboxEvent.filter(fanned_out_at=None).order_by("id").limit(limit).values_list("id", flat=True)
    written = 0
    for event_id in ids:
        try:
            written += await fan_out(event_id)
        except Exception:  # one bad event must not hold back the others; it stays pending and is retried
            log.exception("outbox event %s not fanned out", event_id)
    return written
