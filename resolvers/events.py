"""One function per notification event: each builds its kind's payload from the objects involved, names the
recipients and writes the event to the outbox, inside the caller's transaction."""

from __future__ import annotations

from models import (
    Agreement,
    Application,
    CorrectionRequest,
    Destination,
    Employer,
    FairApplication,
    FraudReport,
    Graduate,
    InterviewInvitation,
    JobFair,
    Notice,
    Position,
    PrintCode,
    RecommendationForm,
    Review,
    SigningInvitation,
    Termination,
)
from models import AgreementUploadLink as UploadLink
from resolvers.outbox import (
    ApplicationReceived,
    CorrectionDecided,
    CorrectionRequested,
    CorrectionWithdrawn,
    DestinationDecided,
    EventKind,
    FairApplicationDecided,
    FairApplicationReceived,
    FairCancelled,
    FairReminder,
    FraudReported,
    InterviewAnswered,
    InterviewReceived,
    InterviewResultRecorded,
    InvitationAnswered,
    InvitationExpired,
    InvitationReceived,
    InvitationsAnswerable,
    InvitationWithdrawn,
    NoticePublished,
    PositionsMatched,
    PrintCodeScanned,
    RecommendationFormDecided,
    RecordChanged,
    ReviewAdvanced,
    ReviewDecided,
    ReviewRequested,
    ReviewWithdrawn,
    TerminationDecided,
    UploadLinkSent,
    emit,
    emit_to_claimed,
)


async def invitation_received(invitation: SigningInvitation, employer: Employer) -> None:
    """To the graduate: an employer invites them to sign."""
    await emit(EventKind.INVITATION_RECEIVED, InvitationReceived(
        invitation_id=invitation.id, employer_id=employer.id, employer_name=employer.name,
        position_title=invitation.position_title, method=invitation.method, deadline=invitation.deadline),
        "signing_invitation", invitation.id, graduate_id=invitation.graduate_id)


async def invitation_answered(invitation: SigningInvitation, graduate: Graduate,
                              agreement: Agreement | None = None) -> None:
    """To the employer: the graduate accepted or declined their invitation, or it expired unanswered (S4)."""
    await emit(EventKind.INVITATION_ANSWERED, InvitationAnswered(
        invitation_id=invitation.id, state=invitation.state, graduate_id=graduate.id, graduate_name=graduate.name,
        position_title=invitation.position_title, reason=invitation.decline_reason or "",
        agreement_id=agreement.id if agreement else None, agreement_number=agreement.number if agreement else None),
        "signing_invitation", invitation.id, employer_id=invitation.employer_id)


async def invitation_withdrawn(invitation: SigningInvitation, employer_name: str) -> None:
    """To the graduate: the employer took its pending invitation back. Also on the employer's channel, so the
    employer's other open pages see it (the inbox audience stays the graduate)."""
    await emit(EventKind.INVITATION_WITHDRAWN, InvitationWithdrawn(
        invitation_id=invitation.id, employer_id=invitation.employer_id, employer_name=employer_name,
        position_title=invitation.position_title),
        "signing_invitation", invitation.id, graduate_id=invitation.graduate_id, employer_id=invitation.employer_id)


async def invitation_expired(invitation: SigningInvitation) -> None:
    """To the graduate: an invitation they did not answer expired at its deadline (S4); the employer is told by
    `invitation_answered`."""
    employer = await Employer.get(id=invitation.employer_id)
    await emit(EventKind.INVITATION_EXPIRED, InvitationExpired(
        invitation_id=invitation.id, employer_id=employer.id, employer_name=employer.name,
        position_title=invitation.position_title, deadline=invitation.deadline),
        "signing_invitation", invitation.id, graduate_id=invitation.graduate_id)


async def invitations_answerable(graduate: Graduate, invitation_ids: list[int], cause: str) -> None:
    """To the graduate: free again, they may answer their pending invitations again (S5, S10, T4, T5)."""
    await emit(EventKind.INVITATIONS_ANSWERABLE, InvitationsAnswerable(
        graduate_id=graduate.id, invitation_ids=list(invitation_ids), cause=cause),
        "graduate", graduate.id, graduate_id=graduate.id)


async def interview_received(interview: InterviewInvitation, position: Position, employer_name: str) -> None:
    """To the graduate: an employer invites them to an interview for a position they applied to (S1)."""
    await emit(EventKind.INTERVIEW_RECEIVED, InterviewReceived(
        interview_id=interview.id, employer_id=interview.employer_id, employer_name=employer_name,
        position_id=position.id, position_title=position.title, scheduled_at=interview.scheduled_at,
        place=interview.place, link=interview.link, note=interview.note),
        "interview_invitation", interview.id, graduate_id=interview.graduate_id)


async def interview_answered(interview: InterviewInvitation, graduate: Graduate) -> None:
    """To the employer: the graduate accepted or declined the interview."""
    position = await Position.get(id=interview.position_id)
    await emit(EventKind.INTERVIEW_ANSWERED, InterviewAnswered(
        interview_id=interview.id, state=interview.state, graduate_id=graduate.id, graduate_name=graduate.name,
        position_id=position.id, position_title=position.title),
        "interview_invitation", interview.id, employer_id=interview.employer_id)


async def interview_result_recorded(interview: InterviewInvitation, employer_name: str) -> None:
    """To the graduate: the employer recorded whether they passed the interview."""
    position = await Position.get(id=interview.position_id)
    await emit(EventKind.INTERVIEW_RESULT_RECORDED, InterviewResultRecorded(
        interview_id=interview.id, state=interview.state, employer_id=interview.employer_id,
        employer_name=employer_name, position_id=position.id, position_title=position.title,
        note=interview.result_note or ""),
        "interview_invitation", interview.id, graduate_id=interview.graduate_id)


async def review_requested(review: Review, graduate: Graduate, previous_state: str | None = None) -> None:
    """To the reviewers of the graduate's department or school: a review round waits for them (R2).
    `previous_state`: the level it comes from when a department passed it on."""
    await emit(EventKind.REVIEW_REQUESTED, ReviewRequested(
        review_id=review.id, subject_type=review.subject_type, subject_id=review.subject_id, round=review.round,
        state=review.state, graduate_id=graduate.id, graduate_name=graduate.name, previous_state=previous_state),
        "review", review.id, school_id=review.school_id, department_id=review.department_id, graduate_id=graduate.id)


async def review_advanced(review: Review, agreement: Agreement) -> None:
    """To the graduate and the employer: the department approved, the school's final review comes next (R2)."""
    await emit(EventKind.REVIEW_ADVANCED, ReviewAdvanced(
        review_id=review.id, subject_type=review.subject_type, subject_id=review.subject_id,
        agreement_number=agreement.number, round=review.round),
        "review", review.id, school_id=review.school_id, department_id=review.department_id,
        graduate_id=review.graduate_id, employer_id=agreement.employer_id)


async def review_withdrawn(review: Review, previous_state: str, graduate: Graduate, reason: str) -> None:
    """To the reviewers whose queue held it: the review closed because its subject went away (a termination
    withdrawn, an agreement voided by an unlock)."""
    await emit(EventKind.REVIEW_WITHDRAWN, ReviewWithdrawn(
        review_id=review.id, subject_type=review.subject_type, subject_id=review.subject_id, round=review.round,
        previous_state=previous_state, graduate_id=graduate.id, graduate_name=graduate.name, reason=reason),
        "review", review.id, school_id=review.school_id, department_id=review.department_id, graduate_id=graduate.id)


async def review_decided(agreement: Agreement, decision: str, reason: str, fields_to_fix: list[str],
                         notice: str | None, message: str | None, review: Review | None = None,
                         stage: str | None = None) -> None:
    """To the graduate and the employer: the decision that closed the review of their agreement (S10; the
    content or signing review of an offline or paper one, F1, F2)."""
    await emit(EventKind.REVIEW_DECIDED, ReviewDecided(
        agreement_id=agreement.id, agreement_number=agreement.number, decision=decision, state=agreement.state,
        reason=reason, fields_to_fix=list(fields_to_fix), notice=notice, message=message,
        review_id=review.id if review else None, stage=stage),
        "agreement", agreement.id, school_id=agreement.school_id, department_id=agreement.department_id,
        graduate_id=agreement.graduate_id, employer_id=agreement.employer_id)


async def termination_decided(termination: Termination, agreement: Agreement, decision: str, reason: str,
                              review: Review | None = None) -> None:
    """To the graduate and the employer: the school agreed to the termination or refused it (T4)."""
    await emit(EventKind.TERMINATION_DECIDED, TerminationDecided(
        termination_id=termination.id, agreement_id=agreement.id, agreement_number=agreement.number,
        decision=decision, state=termination.state, reason=reason, review_id=review.id if review else None),
        "termination", termination.id, school_id=termination.school_id, department_id=termination.department_id,
        graduate_id=termination.graduate_id, employer_id=agreement.employer_id)


async def destination_decided(destination: Destination, decision: str, reason: str, fields_to_fix: list[str],
                              review: Review | None = None) -> None:
    """To the graduate: the school approved, returned or rejected their destination registration (D1, R3)."""
    from resolvers.destination.catalog import kind_of
    from resolvers.destination.review import FIXABLE

    kind = kind_of(destination.type, destination.sub_type)
    await emit(EventKind.DESTINATION_DECIDED, DestinationDecided(
        destination_id=destination.id, destination=kind.label if kind else destination.type, decision=decision,
        state=destination.state, reason=reason, fields_to_fix=[FIXABLE.get(f, f) for f in fields_to_fix],
        review_id=review.id if review else None),
        "destination", destination.id, school_id=destination.school_id, department_id=destination.department_id,
        graduate_id=destination.graduate_id)


async def correction_requested(correction: CorrectionRequest, graduate: Graduate, label: str) -> None:
    """To the graduate's department reviewer and school admin: a correction request to decide (O2)."""
    await emit(EventKind.CORRECTION_REQUESTED, CorrectionRequested(
        correction_id=correction.id, graduate_id=graduate.id, graduate_name=graduate.name, field=correction.field,
        label=label, reason=correction.reason or ""),
        "correction_request", correction.id, school_id=correction.school_id,
        department_id=correction.department_id, graduate_id=graduate.id)


async def correction_decided(correction: CorrectionRequest, label: str, accepted: bool, reason: str) -> None:
    """To the graduate: their correction request was accepted or rejected, and why."""
    await emit(EventKind.CORRECTION_DECIDED, CorrectionDecided(
        correction_id=correction.id, field=correction.field, label=label, accepted=accepted, reason=reason),
        "correction_request", correction.id, school_id=correction.school_id,
        department_id=correction.department_id, graduate_id=correction.graduate_id)


async def correction_withdrawn(correction: CorrectionRequest, graduate: Graduate, label: str) -> None:
    """To the reviewers it was waiting for: the graduate took the correction request back."""
    await emit(EventKind.CORRECTION_WITHDRAWN, CorrectionWithdrawn(
        correction_id=correction.id, graduate_id=graduate.id, graduate_name=graduate.name, field=correction.field,
        label=label),
        "correction_request", correction.id, school_id=correction.school_id,
        department_id=correction.department_id, graduate_id=graduate.id)


async def record_changed(graduate: Graduate, change: str, reason: str, changes: list[str] | tuple = (), *,
                         voided: Agreement | None = None, agreement: Agreement | None = None) -> None:
    """To the graduate (and the employer of an agreement it voided): a teacher changed their signing,
    destination or origin record (X3, sent by SMS). `changes`: what changed, in words (resolvers/record_changes.py);
    `agreement`: the agreement a decision concerned."""
    await emit(EventKind.RECORD_CHANGED, RecordChanged(
        graduate_id=graduate.id, change=change, reason=reason,
        voided_agreement=voided.number if voided else None,
        agreement_number=agreement.number if agreement else None, changes=list(changes)),
        "graduate", graduate.id, school_id=graduate.school_id, department_id=graduate.department_id,
        graduate_id=graduate.id, employer_id=voided.employer_id if voided else None)


async def upload_link_sent(link: UploadLink, agreement: Agreement, graduate: Graduate,
                           url_enc: str) -> None:
    """To the employer's contact of an offline agreement, by SMS only (no account, no inbox): the one-time link
    to upload the stamped agreement (F1)."""
    employer_name = ((agreement.terms or {}).get("partyB") or {}).get("name") or ""
    await emit(EventKind.UPLOAD_LINK_SENT, UploadLinkSent(
        link_id=link.id, agreement_id=agreement.id, agreement_number=agreement.number, graduate_name=graduate.name,
        employer_name=employer_name, expires_at=link.expires_at, url_enc=url_enc),
        "agreement", agreement.id, school_id=agreement.school_id, department_id=agreement.department_id,
        graduate_id=graduate.id)


async def application_received(application: Application, position: Position, graduate_name: str) -> None:
    """To the employer: a graduate applied to its position (S1)."""
    await emit(EventKind.APPLICATION_RECEIVED, ApplicationReceived(
        application_id=application.id, position_id=position.id, position_title=position.title,
        graduate_id=application.graduate_id, graduate_name=graduate_name),
        "application", application.id, employer_id=position.employer_id)


async def fraud_reported(fraud_report: FraudReport, position: Position) -> None:
    """To the reporting graduate's school: a position is suspected of fraud (X2)."""
    employer = await Employer.get(id=position.employer_id)
    await emit(EventKind.FRAUD_REPORTED, FraudReported(
        fraud_report_id=fraud_report.id, position_id=position.id, position_title=position.title,
        employer_id=employer.id, employer_name=employer.name, reason=fraud_report.reason),
        "fraud_report", fraud_report.id, school_id=fraud_report.school_id)


async def print_code_scanned(code: PrintCode, agreement: Agreement) -> None:
    """To the print page showing the code, and to no one's inbox: the scan it waits for happened (P2). The page
    re-reads the code's row and signs its own download link, so no link sits in the outbox."""
    await emit(EventKind.PRINT_CODE_SCANNED, PrintCodeScanned(
        print_code_id=code.id, agreement_id=agreement.id, agreement_number=agreement.number),
        "print_code", code.id)


async def notice_published(notice: Notice, publisher: str) -> None:
    """Issue 12 §1: a notice went out. On the school's (and department's) channel for the staff pages, and on the
    notice channel of the school or province, where every addressed graduate's live inbox stream hears it
    (resolvers/notices/live.py); it writes no inbox row per graduate: the notice list shows it unread."""
    await emit(EventKind.NOTICE_PUBLISHED, NoticePublished(
        notice_id=notice.id, kind=notice.kind, title=notice.title, publisher=publisher,
        published_at=notice.published_at, province_id=notice.province_id, education_level=notice.education_level),
        "notice", notice.id, school_id=notice.school_id, department_id=notice.department_id)


async def position_matched_graduates(position: Position, employer_name: str, claim: str) -> None:
    """Issue 12 §3: to every graduate whose intentions the opened position newly matches (the pairs `claim`
    names), one event each, written in one statement."""
    await emit_to_claimed(EventKind.POSITIONS_MATCHED, PositionsMatched(
        count=1, position_id=position.id, position_title=position.title, employer_name=employer_name,
        location_name=position.location_name), "position", position.id, claim)


async def positions_matched(graduate_id: int, count: int, newest: Position, employer_name: str) -> None:
    """Issue 12 §3: to the graduate who changed their intentions, one event for all the open positions that now
    match, naming the newest."""
    await emit(EventKind.POSITIONS_MATCHED, PositionsMatched(
        count=count, position_id=newest.id, position_title=newest.title, employer_name=employer_name,
        location_name=newest.location_name), "graduate", graduate_id, graduate_id=graduate_id)


async def fair_application_decided(application: FairApplication, fair: JobFair, school_name: str) -> None:
    """To the employer: the school approved or rejected its application to attend a fair (issue 12 §2)."""
    await emit(EventKind.FAIR_APPLICATION_DECIDED, FairApplicationDecided(
        application_id=application.id, fair_id=fair.id, fair_title=fair.title, school_name=school_name,
        decision="approve" if application.state == "approved" else "reject", state=application.state,
        reason=application.reason or "", starts_at=fair.starts_at),
        "fair_application", application.id, school_id=fair.school_id, employer_id=application.employer_id)


async def fair_cancelled(fair: JobFair, school_name: str, reason: str, *, graduate_ids: list[int],
                         employer_ids: list[int]) -> None:
    """To each registered graduate and each approved employer: the fair will not take place. One event per
    recipient, so each reads it in their own inbox and gets their own deliveries."""
    recipients = [(g, None) for g in graduate_ids] + [(None, e) for e in employer_ids]
    for graduate_id, employer_id in recipients:
        await emit(EventKind.FAIR_CANCELLED, FairCancelled(
            fair_id=fair.id, fair_title=fair.title, school_name=school_name, starts_at=fair.starts_at,
            reason=reason),
            "job_fair", fair.id, graduate_id=graduate_id, employer_id=employer_id)


async def fair_reminder(fair: JobFair, registration_id: int, graduate_id: int, school_name: str) -> None:
    """To a registered graduate, a configured time before the fair starts (issue 12 §2)."""
    await emit(EventKind.FAIR_REMINDER, FairReminder(
        fair_id=fair.id, registration_id=registration_id, fair_title=fair.title, school_name=school_name,
        starts_at=fair.starts_at, place=fair.place if fair.mode == "onsite" else "",
        link=fair.link if fair.mode == "online" else ""),
        "fair_registration", registration_id, graduate_id=graduate_id)


async def recommendation_form_decided(form: RecommendationForm, decision: str, reason: str, fields_to_fix: list[str],
                                      review: Review | None = None) -> None:
    """To the graduate: the school approved their recommendation form, returned it, or refused to recommend."""
    await emit(EventKind.RECOMMENDATION_FORM_DECIDED, RecommendationFormDecided(
        form_id=form.id, decision=decision, state=form.state, reason=reason, fields_to_fix=list(fields_to_fix),
        review_id=review.id if review else None),
        "recommendation_form", form.id, school_id=form.school_id, department_id=form.department_id,
        graduate_id=form.graduate_id)


async def fair_application_received(application: FairApplication, fair: JobFair, employer_name: str) -> None:
    """To the fair's school admins, who decide it: an employer asks to attend (issue 12 §2). Their inbox and the
    console only; the employer learns of nothing here, so the event names no employer recipient."""
    await emit(EventKind.FAIR_APPLICATION_RECEIVED, FairApplicationReceived(
        application_id=application.id, fair_id=fair.id, fair_title=fair.title, employer_id=application.employer_id,
        employer_name=employer_name, position_count=len(application.position_ids), starts_at=fair.starts_at),
        "fair_application", application.id, school_id=fair.school_id)
