"""Notification events, written to the outbox inside the transaction that causes them.

Each kind has one payload type, declaring what a recipient needs to be told (ids to open the object, names to
show, the reason or notice where there is one). `emit` refuses a payload of another type; callers do not call
it themselves but the function of their event in `resolvers/events.py`. Payloads are stored with camelCase keys.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any, get_type_hints

from models import OutboxEvent
from resolvers import deferred_rows, raw_sql
from server import clock


class EventKind(StrEnum):
    INVITATION_RECEIVED = "invitation.received"
    INVITATION_ANSWERED = "invitation.answered"  # accepted, declined or expired: the employer is told
    INVITATION_WITHDRAWN = "invitation.withdrawn"  # the employer took back a pending signing invitation
    INTERVIEW_RECEIVED = "interview.received"
    INTERVIEW_ANSWERED = "interview.answered"
    INTERVIEW_RESULT_RECORDED = "interview.result_recorded"
    INVITATION_EXPIRED = "invitation.expired"  # S4: unanswered at its deadline; the graduate is told
    INVITATIONS_ANSWERABLE = "invitation.answerable"  # the graduate is free again: pending invitations reopen (S5)
    REVIEW_REQUESTED = "review.requested"  # an agreement or termination waits for a department or the school
    REVIEW_ADVANCED = "review.advanced"  # the department approved: the school's final review comes next (R2)
    REVIEW_WITHDRAWN = "review.withdrawn"  # an open review closed because its subject went away (T5, withdrawal)
    REVIEW_DECIDED = "review.decided"  # the school's final decision on an agreement (S10)
    TERMINATION_DECIDED = "termination.decided"  # T4
    DESTINATION_DECIDED = "destination.decided"  # the school's final decision on a destination registration (D1)
    CORRECTION_REQUESTED = "correction.requested"  # O2: a graduate asks to correct their record
    CORRECTION_DECIDED = "correction.decided"
    CORRECTION_WITHDRAWN = "correction.withdrawn"  # the graduate took back a pending correction request
    RECORD_CHANGED = "record.changed"  # a teacher changed the graduate's signing or destination record (X3)
    APPLICATION_RECEIVED = "application.received"  # a graduate applied to the employer's position (S1)
    FRAUD_REPORTED = "fraud.reported"  # a graduate reported a position to their school (X2)
    PRINT_CODE_SCANNED = "print_code.scanned"  # P2: the print page holding the code gets the agreement's PDF
    UPLOAD_LINK_SENT = "agreement.upload_link"  # F1: the one-time link to the employer's contact phone, by SMS
    NOTICE_PUBLISHED = "notice.published"  # issue 12 §1: a school or the province published a notice
    POSITIONS_MATCHED = "position.matched"  # issue 12 §3: open positions newly match the graduate's job intentions
    # Issue 12 §2: campus job fairs
    FAIR_APPLICATION_DECIDED = "fair_application.decided"  # the school approved or rejected an employer's booth
    FAIR_CANCELLED = "job_fair.cancelled"  # one event per registered graduate and per approved employer
    FAIR_REMINDER = "job_fair.reminder"  # one event per registered graduate, before the fair starts
    RECOMMENDATION_FORM_DECIDED = "recommendation_form.decided"  # issue 12 §4: the final review of the form
    FAIR_APPLICATION_RECEIVED = "fair_application.received"  # issue 12 §2: an employer asks to attend a fair


@dataclass(frozen=True)
class InvitationReceived:
    invitation_id: int
    employer_id: int
    employer_name: str
    position_title: str
    method: str
    deadline: dt.datetime


@dataclass(frozen=True)
class InvitationAnswered:
    invitation_id: int
    state: str  # accepted / declined / expired
    graduate_id: int
    graduate_name: str
    position_title: str
    reason: str  # the graduate's reason for declining, else ""
    agreement_id: int | None
    agreement_number: str | None  # when accepted


@dataclass(frozen=True)
class InvitationWithdrawn:
    invitation_id: int
    employer_id: int
    employer_name: str
    position_title: str


@dataclass(frozen=True)
class InvitationExpired:
    invitation_id: int
    employer_id: int
    employer_name: str
    position_title: str
    deadline: dt.datetime


@dataclass(frozen=True)
class InvitationsAnswerable:
    graduate_id: int
    invitation_ids: list[int]  # the pending invitations, within their deadlines, the graduate may answer again
    cause: str  # agreement_rejected / termination_approved / unlock


@dataclass(frozen=True)
class InterviewReceived:
    interview_id: int
    employer_id: int
    employer_name: str
    position_id: int
    position_title: str
    scheduled_at: dt.datetime
    place: str
    link: str
    note: str


@dataclass(frozen=True)
class InterviewAnswered:
    interview_id: int
    state: str  # accepted / declined
    graduate_id: int
    graduate_name: str
    position_id: int
    position_title: str


@dataclass(frozen=True)
class InterviewResultRecorded:
    interview_id: int
    state: str  # passed / failed
    employer_id: int
    employer_name: str
    position_id: int
    position_title: str
    note: str


@dataclass(frozen=True)
class ReviewRequested:
    review_id: int
    subject_type: str  # agreement / termination / destination
    subject_id: int
    round: int
    state: str  # pending_department / pending_school
    graduate_id: int
    graduate_name: str
    previous_state: str | None = None  # pending_department when a department approved; None for a new round


@dataclass(frozen=True)
class ReviewAdvanced:
    review_id: int
    subject_type: str  # agreement / termination / destination
    subject_id: int
    agreement_number: str
    round: int


@dataclass(frozen=True)
class ReviewWithdrawn:
    review_id: int
    subject_type: str
    subject_id: int
    round: int
    previous_state: str  # the level whose queue held it
    graduate_id: int
    graduate_name: str
    reason: str


@dataclass(frozen=True)
class ReviewDecided:
    agreement_id: int
    agreement_number: str
    decision: str  # approve / return / reject
    state: str
    reason: str
    fields_to_fix: list[str]
    notice: str | None  # S10: what a rejection does not mean, on a rejection
    message: str | None  # the whole Chinese message shown to both parties, on a rejection
    review_id: int | None = None  # the round decided, for the reviewers' live queues
    # Offline agreements (F1) are reviewed twice: "content" before printing, "signing" once stamped; else None.
    stage: str | None = None


@dataclass(frozen=True)
class TerminationDecided:
    termination_id: int
    agreement_id: int
    agreement_number: str
    decision: str  # approve / reject
    state: str
    reason: str
    review_id: int | None = None


@dataclass(frozen=True)
class DestinationDecided:
    destination_id: int
    destination: str  # the registered destination as the graduate chose it, e.g. 签劳动合同形式就业
    decision: str  # approve / return / reject
    state: str
    reason: str
    fields_to_fix: list[str]  # the labels of what to fix, on a return
    review_id: int | None = None  # the round decided, for the reviewers' live queues


@dataclass(frozen=True)
class CorrectionRequested:
    correction_id: int
    graduate_id: int
    graduate_name: str
    field: str
    label: str
    reason: str


@dataclass(frozen=True)
class CorrectionDecided:
    correction_id: int
    field: str
    label: str
    accepted: bool
    reason: str


@dataclass(frozen=True)
class CorrectionWithdrawn:
    correction_id: int
    graduate_id: int
    graduate_name: str
    field: str
    label: str


@dataclass(frozen=True)
class RecordChanged:
    graduate_id: int
    change: str  # one of notifications/templates._RECORD_CHANGE: an unbinding, an unlock, a review decision...
    reason: str
    voided_agreement: str | None  # the number of the agreement an unlock voided
    agreement_number: str | None = None  # the agreement a review or termination decision concerned
    changes: list[str] | None = None  # what changed, one line each ("毕业去向：签就业协议形式就业 → 待就业")


@dataclass(frozen=True)
class ApplicationReceived:
    application_id: int
    position_id: int
    position_title: str
    graduate_id: int
    graduate_name: str


@dataclass(frozen=True)
class FraudReported:
    fraud_report_id: int
    position_id: int
    position_title: str
    employer_id: int
    employer_name: str
    reason: str


@dataclass(frozen=True)
class PrintCodeScanned:
    print_code_id: int
    agreement_id: int
    agreement_number: str


@dataclass(frozen=True)
class UploadLinkSent:
    link_id: int
    agreement_id: int
    agreement_number: str
    graduate_name: str
    employer_name: str
    expires_at: dt.datetime
    url_enc: str  # the link with its one-time token, encrypted: the outbox never holds a usable link in clear


@dataclass(frozen=True)
class NoticePublished:
    notice_id: int
    kind: str  # notice | employment_news
    title: str
    publisher: str  # the school's or the province's name
    published_at: dt.datetime
    # The audience, for the graduates' live streams to tell without a read whether it is theirs (the event's
    # school and department columns say the rest). None on events stored before they were carried.
    province_id: int | None = None
    education_level: str | None = None


@dataclass(frozen=True)
class PositionsMatched:
    count: int  # how many positions newly match: 1 when a position opens, any number when intentions change
    position_id: int  # the position, or the newest of them
    position_title: str
    employer_name: str
    location_name: str


@dataclass(frozen=True)
class FairApplicationDecided:
    application_id: int
    fair_id: int
    fair_title: str
    school_name: str
    decision: str  # approve / reject
    state: str
    reason: str
    starts_at: dt.datetime


@dataclass(frozen=True)
class FairCancelled:
    fair_id: int
    fair_title: str
    school_name: str
    starts_at: dt.datetime
    reason: str


@dataclass(frozen=True)
class FairReminder:
    fair_id: int
    registration_id: int
    fair_title: str
    school_name: str
    starts_at: dt.datetime
    place: str  # on site; "" when online
    link: str  # online; "" when on site


@dataclass(frozen=True)
class RecommendationFormDecided:
    form_id: int
    decision: str  # approve / return / reject
    state: str
    reason: str  # the approval's comment, or why it was returned or refused
    fields_to_fix: list[str]  # the labels of what to fix, on a return
    review_id: int | None = None  # the round decided, for the reviewers' live queues


@dataclass(frozen=True)
class FairApplicationReceived:
    application_id: int
    fair_id: int
    fair_title: str
    employer_id: int
    employer_name: str
    position_count: int  # how many positions the employer brings
    starts_at: dt.datetime


PAYLOADS: dict[EventKind, type] = {
    EventKind.INVITATION_RECEIVED: InvitationReceived,
    EventKind.INVITATION_ANSWERED: InvitationAnswered,
    EventKind.INVITATION_WITHDRAWN: InvitationWithdrawn,
    EventKind.INVITATION_EXPIRED: InvitationExpired,
    EventKind.INVITATIONS_ANSWERABLE: InvitationsAnswerable,
    EventKind.INTERVIEW_RECEIVED: InterviewReceived,
    EventKind.INTERVIEW_ANSWERED: InterviewAnswered,
    EventKind.INTERVIEW_RESULT_RECORDED: InterviewResultRecorded,
    EventKind.REVIEW_REQUESTED: ReviewRequested,
    EventKind.REVIEW_ADVANCED: ReviewAdvanced,
    EventKind.REVIEW_WITHDRAWN: ReviewWithdrawn,
    EventKind.REVIEW_DECIDED: ReviewDecided,
    EventKind.TERMINATION_DECIDED: TerminationDecided,
    EventKind.DESTINATION_DECIDED: DestinationDecided,
    EventKind.CORRECTION_REQUESTED: CorrectionRequested,
    EventKind.CORRECTION_DECIDED: CorrectionDecided,
    EventKind.CORRECTION_WITHDRAWN: CorrectionWithdrawn,
    EventKind.RECORD_CHANGED: RecordChanged,
    EventKind.APPLICATION_RECEIVED: ApplicationReceived,
    EventKind.FRAUD_REPORTED: FraudReported,
    EventKind.PRINT_CODE_SCANNED: PrintCodeScanned,
    EventKind.UPLOAD_LINK_SENT: UploadLinkSent,
    EventKind.NOTICE_PUBLISHED: NoticePublished,
    EventKind.POSITIONS_MATCHED: PositionsMatched,
    EventKind.FAIR_APPLICATION_DECIDED: FairApplicationDecided,
    EventKind.FAIR_CANCELLED: FairCancelled,
    EventKind.FAIR_REMINDER: FairReminder,
    EventKind.RECOMMENDATION_FORM_DECIDED: RecommendationFormDecided,
    EventKind.FAIR_APPLICATION_RECEIVED: FairApplicationReceived,
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def stored(payload: Any) -> dict[str, Any]:
    """The JSON the outbox row and the bus message carry."""
    return {_camel(k): _plain(v) for k, v in asdict(payload).items()}


def loaded(kind: EventKind, data: dict[str, Any]) -> Any:
    """The payload dataclass back from its stored JSON (the inverse of `stored`)."""
    cls = PAYLOADS[kind]
    hints = get_type_hints(cls)
    values = {}
    for f in fields(cls):
        value = data.get(_camel(f.name))
        if hints[f.name] is dt.datetime and isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        values[f.name] = value
    return cls(**values)


async def emit(
    kind: EventKind,
    payload: Any,
    subject_type: str,
    subject_id: int | None,
    *,
    school_id: int | None = None,
    department_id: int | None = None,
    graduate_id: int | None = None,
    employer_id: int | None = None,
) -> OutboxEvent:
    if not isinstance(kind, EventKind):
        raise TypeError(f"event kind must be an EventKind member, not {kind!r}")
    if type(payload) is not PAYLOADS[kind]:
        raise TypeError(f"{kind} carries a {PAYLOADS[kind].__name__}, not {type(payload).__name__}")
    event = OutboxEvent(
        kind=kind.value,
        subject_type=subject_type,
        subject_id=subject_id,
        school_id=school_id,
        department_id=department_id,
        graduate_id=graduate_id,
        employer_id=employer_id,
        payload=stored(payload),
    )
    if not deferred_rows.defer(event):
        await event.save()
    return event


_EMIT_TO_CLAIMED = {
    dialect: "INSERT INTO outbox_event (kind, subject_type, subject_id, graduate_id, payload, created_at, attempts, "
             f"last_error) SELECT :kind, :subject_type, :subject_id, a.graduate_id, {cast}, :now, 0, '' "
             "FROM position_match_announcement a WHERE a.claim = :claim"
    for dialect, cast in (("postgres", "CAST(:payload AS JSONB)"), ("sqlite", ":payload"))
}


async def emit_to_claimed(kind: EventKind, payload: Any, subject_type: str, subject_id: int, claim: str) -> None:
    """One event of the same payload to every graduate of the announcement pairs `claim` names, in ONE
    INSERT ... SELECT (issue 12 §3: a position matching thousands of graduates must not cost a statement each).
    Written at once, not deferred: the rows are many and nothing of the caller's reads them back."""
    if type(payload) is not PAYLOADS[kind]:
        raise TypeError(f"{kind} carries a {PAYLOADS[kind].__name__}, not {type(payload).__name__}")
    dialect = raw_sql.dialect()
    await raw_sql.rows(_EMIT_TO_CLAIMED["postgres" if dialect == "postgres" else "sqlite"], kind=kind.value,
                       subject_type=subject_type, subject_id=subject_id,
                       payload=json.dumps(stored(payload), ensure_ascii=False), now=raw_sql.timestamp(clock.now()),
                       claim=claim)
