"""Which channels carry each event kind to each kind of recipient, and planning the deliveries.

One table says it: for each kind and recipient kind, the channels that may carry it and their default —
ON (sent), FALLBACK (sent only when an earlier channel failed for good and named it, e.g. WeChat's 43101
"user refused" falls back to SMS) or OFF (the user may switch it on). A user's preference row overrides the
default: enabled means ON, disabled means never, not even as a fallback. The inbox always gets every event.

Critical kinds (an invitation received, a review result, a termination result) keep at least one channel:
switching all of them off is refused. Quiet hours (a school setting) defer SMS of the other kinds.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from tortoise.expressions import Q

from models import Delivery, Graduate, NotificationPreference, OutboxEvent, School, Staff
from resolvers.outbox import EventKind
from server import clock

WECHAT_SUBSCRIBE, WECHAT_TEMPLATE, SMS, EMAIL = "wechat_subscribe", "wechat_template", "sms", "email"
CHANNELS = (WECHAT_SUBSCRIBE, WECHAT_TEMPLATE, SMS, EMAIL)


class Default(StrEnum):
    ON = "on"
    FALLBACK = "fallback"
    OFF = "off"


ON, FALLBACK, OFF = Default.ON, Default.FALLBACK, Default.OFF
_WECHAT = {WECHAT_SUBSCRIBE: ON, WECHAT_TEMPLATE: ON}

# kind -> recipient kind -> channel -> default. Staff read their queues and inbox; no channel carries theirs.
TABLE: dict[EventKind, dict[str, dict[str, Default]]] = {
    EventKind.INVITATION_RECEIVED: {"graduate": {**_WECHAT, SMS: ON}},
    EventKind.INVITATION_ANSWERED: {"employer": {EMAIL: ON}},
    EventKind.INVITATION_WITHDRAWN: {"graduate": {**_WECHAT, SMS: FALLBACK}},
    EventKind.INTERVIEW_RECEIVED: {"graduate": {**_WECHAT, SMS: FALLBACK}},
    EventKind.INTERVIEW_ANSWERED: {"employer": {EMAIL: OFF}},
    EventKind.INTERVIEW_RESULT_RECORDED: {"graduate": {**_WECHAT, SMS: FALLBACK}},
    EventKind.REVIEW_REQUESTED: {},
    EventKind.REVIEW_DECIDED: {"graduate": {**_WECHAT, SMS: ON}, "employer": {EMAIL: ON}},
    EventKind.TERMINATION_DECIDED: {"graduate": {**_WECHAT, SMS: ON}, "employer": {EMAIL: ON}},
    EventKind.DESTINATION_DECIDED: {"graduate": {**_WECHAT, SMS: ON}},
    EventKind.CORRECTION_REQUESTED: {},
    EventKind.CORRECTION_DECIDED: {"graduate": {**_WECHAT, SMS: FALLBACK}},
    # X3: a teacher's change to the graduate's records goes by SMS.
    EventKind.RECORD_CHANGED: {"graduate": {WECHAT_TEMPLATE: ON, SMS: ON}, "employer": {EMAIL: OFF}},
    EventKind.APPLICATION_RECEIVED: {"employer": {EMAIL: OFF}},
    EventKind.FRAUD_REPORTED: {},
    # F1: asked for by the graduate at that moment, so not held back by quiet hours (CRITICAL).
    EventKind.UPLOAD_LINK_SENT: {"contact": {SMS: ON}},
    EventKind.NOTICE_PUBLISHED: {},
    # Issue 12 §3: a push the graduate asked for by keeping intentions, not something they must act on: WeChat
    # subscribe messages by default, the official account and SMS only if they switch them on.
    EventKind.POSITIONS_MATCHED: {"graduate": {WECHAT_SUBSCRIBE: ON, WECHAT_TEMPLATE: OFF, SMS: OFF}},
    EventKind.FAIR_APPLICATION_DECIDED: {"employer": {EMAIL: ON}},
    EventKind.FAIR_CANCELLED: {"graduate": {**_WECHAT, SMS: ON}, "employer": {EMAIL: ON}},
    EventKind.FAIR_REMINDER: {"graduate": {**_WECHAT, SMS: FALLBACK}},
    EventKind.RECOMMENDATION_FORM_DECIDED: {"graduate": {**_WECHAT, SMS: FALLBACK}},
    EventKind.FAIR_APPLICATION_RECEIVED: {},  # staff: their inbox and the console's queue, no SMS
}

CRITICAL = frozenset({EventKind.INVITATION_RECEIVED, EventKind.REVIEW_DECIDED, EventKind.TERMINATION_DECIDED,
                      EventKind.UPLOAD_LINK_SENT})


def available(kind: EventKind, recipient_kind: str) -> dict[str, Default]:
    return TABLE.get(kind, {}).get(recipient_kind, {})


async def choices(recipient_kind: str, recipient_id: int) -> dict[tuple[str, str], bool]:
    """The user's own rows: (kind, channel) -> enabled."""
    rows = await NotificationPreference.filter(recipient_kind=recipient_kind, recipient_id=recipient_id)
    return {(r.kind, r.channel): r.enabled for r in rows}


def effective(kind: EventKind, recipient_kind: str, channel: str, chosen: dict[tuple[str, str], bool]) -> Default:
    """ON, FALLBACK or OFF for this user, after their choice."""
    default = available(kind, recipient_kind).get(channel)
    if default is None:
        return OFF
    choice = chosen.get((kind.value, channel))
    if choice is None:
        return default
    return ON if choice else OFF


async def _schools(batch: list[tuple[OutboxEvent, list[tuple[str, int]]]]
                   ) -> dict[tuple[int, str, int], int | None]:
    """The school whose admin looks after each delivery, keyed (event, recipient kind, recipient): a graduate's or
    staff member's own; for an employer the school of the event, or of the graduate it is about (an answered
    invitation names no school). Two queries for the whole batch."""
    def about(event: OutboxEvent) -> int | None:
        return event.graduate_id or (event.payload or {}).get("graduateId")

    graduates = {rid for _, to in batch for kind, rid in to if kind == "graduate"}
    graduates |= {about(event) for event, _ in batch if about(event)}
    staff = {rid for _, to in batch for kind, rid in to if kind == "staff"}
    by_graduate = dict(await Graduate.filter(id__in=sorted(graduates)).values_list("id", "school_id")
                       ) if graduates else {}
    by_staff = dict(await Staff.filter(id__in=sorted(staff)).values_list("id", "school_id")) if staff else {}
    out: dict[tuple[int, str, int], int | None] = {}
    for event, to in batch:
        employer_school = event.school_id or by_graduate.get(about(event))
        for kind, rid in to:
            out[(event.id, kind, rid)] = {"graduate": by_graduate.get(rid), "staff": by_staff.get(rid)
                                          }.get(kind, employer_school)
    return out


async def _choices_of(recipients: set[tuple[str, int]]) -> dict[tuple[str, int], dict[tuple[str, str], bool]]:
    """Each recipient's own rows, (kind, channel) -> enabled, in one query."""
    by_kind: dict[str, set[int]] = {}
    for recipient_kind, recipient_id in recipients:
        by_kind.setdefault(recipient_kind, set()).add(recipient_id)
    wanted = [Q(recipient_kind=recipient_kind, recipient_id__in=sorted(ids))
              for recipient_kind, ids in sorted(by_kind.items())]
    out: dict[tuple[str, int], dict[tuple[str, str], bool]] = {r: {} for r in recipients}
    for r in await NotificationPreference.filter(Q(*wanted, join_type="OR")):
        out[(r.recipient_kind, r.recipient_id)][(r.kind, r.channel)] = r.enabled
    return out


async def plan(event: OutboxEvent, recipients: list[tuple[str, int]]) -> list[Delivery]:
    """The deliveries of one event (see plan_batch)."""
    return await plan_batch([(event, recipients)])


async def plan_batch(batch: list[tuple[OutboxEvent, list[tuple[str, int]]]]) -> list[Delivery]:
    """The deliveries of a batch of events, written by the fan-out in its transaction (so planned exactly once),
    with a fixed number of statements whatever the batch's size."""
    carried = []
    for event, to in batch:
        kind = EventKind(event.kind)
        mine = [(r, available(kind, r[0])) for r in to]
        mine = [(r, table) for r, table in mine if table]
        if mine:
            carried.append((event, kind, mine))
    if not carried:
        return []
    schools = await _schools([(event, [r for r, _ in mine]) for event, _, mine in carried])
    chosen = await _choices_of({r for _, _, mine in carried for r, _ in mine})
    rows = []
    for event, kind, mine in carried:
        for (recipient_kind, recipient_id), table in mine:
            for channel in table:
                if effective(kind, recipient_kind, channel, chosen[(recipient_kind, recipient_id)]) is ON:
                    rows.append(Delivery(event_id=event.id, kind=event.kind, recipient_kind=recipient_kind,
                                         recipient_id=recipient_id, channel=channel,
                                         school_id=schools[(event.id, recipient_kind, recipient_id)]))
    if rows:
        await Delivery.bulk_create(rows)
    return rows


async def plan_fallback(delivery: Delivery, channel: str) -> Delivery | None:
    """After a permanent failure naming `channel`: a delivery on it, unless the user switched it off or the kind
    has no such channel for them. The unique key keeps it single when one already exists."""
    kind = EventKind(delivery.kind)
    chosen = await choices(delivery.recipient_kind, delivery.recipient_id)
    if effective(kind, delivery.recipient_kind, channel, chosen) is OFF:
        return None
    row, created = await Delivery.get_or_create(
        event_id=delivery.event_id, recipient_kind=delivery.recipient_kind, recipient_id=delivery.recipient_id,
        channel=channel, defaults={"kind": delivery.kind, "school_id": delivery.school_id})
    return row if created else None


def may_be_deferred(kind: EventKind, channel: str) -> bool:
    """Quiet hours hold back SMS of the non-critical kinds only."""
    return channel == SMS and kind not in CRITICAL


def quiet_until(kind: EventKind, channel: str, school: School | None, now: dt.datetime) -> dt.datetime | None:
    """The end of the school's quiet period if a non-critical SMS would go out inside it, else None."""
    if not may_be_deferred(kind, channel) or school is None:
        return None
    start, end = school.quiet_hours_start, school.quiet_hours_end
    if start is None or end is None or start == end:
        return None
    local = clock.in_platform_zone(now)
    minute = local.hour * 60 + local.minute
    inside = start <= minute < end if start < end else (minute >= start or minute < end)
    if not inside:
        return None
    ends = local.replace(hour=end // 60, minute=end % 60, second=0, microsecond=0)
    if ends <= local:
        ends += dt.timedelta(days=1)
    return ends.astimezone(dt.UTC)
