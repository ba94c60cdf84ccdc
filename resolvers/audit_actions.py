"""Every action the audit log records, in one place and one tense: `<subject>.<what happened, past tense>`.

`audit.record` takes only these members. The stored strings are what staff filter the audit log by.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # Accounts and sign-in
    PROVINCE_CREATED = "province.created"
    SCHOOL_CREATED = "school.created"
    SCHOOL_SETTINGS_UPDATED = "school.settings_updated"
    STAFF_CREATED = "staff.created"
    STAFF_DEACTIVATED = "staff.deactivated"
    STAFF_REACTIVATED = "staff.reactivated"
    STAFF_LOGGED_IN = "staff.logged_in"
    STAFF_LOGIN_FAILED = "staff.login_failed"
    STAFF_LOGIN_LOCKED = "staff.login_locked"
    PASSWORD_CHANGED = "password.changed"
    PASSWORD_CHANGE_FAILED = "password.change_failed"
    PASSWORD_CHANGE_LOCKED = "password.change_locked"
    PASSWORD_RESET = "password.reset"
    EMPLOYER_REGISTERED = "employer.registered"
    EMPLOYER_CLAIMED = "employer.claimed"
    EMPLOYER_CREATED_BY_QR_CARD = "employer.created_by_qr_card"
    EMPLOYER_LICENSE_UPLOADED = "employer.license_uploaded"
    EMPLOYER_LOGGED_IN = "employer.logged_in"
    EMPLOYER_LOGIN_FAILED = "employer.login_failed"
    EMPLOYER_LOGIN_LOCKED = "employer.login_locked"
    EMPLOYER_IDENTIFICATION_FAILED = "employer.identification_failed"
    EMPLOYER_IDENTIFICATION_LOCKED = "employer.identification_locked"
    GRADUATE_LOGGED_IN_BY_PASSWORD = "graduate.logged_in_by_password"
    GRADUATE_PASSWORD_LOGIN_FAILED = "graduate.password_login_failed"
    GRADUATE_PASSWORD_LOGIN_LOCKED = "graduate.password_login_locked"
    GRADUATE_LOGGED_IN_BY_WECHAT = "graduate.logged_in_by_wechat"
    GRADUATE_WECHAT_BOUND = "graduate.wechat_bound"
    GRADUATE_WECHAT_UNBOUND = "graduate.wechat_unbound"
    GRADUATE_BINDING_FAILED = "graduate.binding_failed"
    GRADUATE_BINDING_LOCKED = "graduate.binding_locked"
    GRADUATE_LOCKOUT_CLEARED = "graduate.lockout_cleared"
    QR_CARD_VERIFICATION_FAILED = "qr_card.verification_failed"
    QR_CARD_VERIFICATION_LOCKED = "qr_card.verification_locked"

    # School structure and graduate records
    DEPARTMENT_CREATED = "department.created"
    DEPARTMENT_UPDATED = "department.updated"
    MAJOR_CREATED = "major.created"
    MAJOR_UPDATED = "major.updated"
    ROSTER_CREATED = "roster.created"
    ROSTER_UPDATED = "roster.updated"
    ORIGIN_RECORD_UPDATED = "origin_record.updated"
    ORIGIN_RECORD_CONFIRMED = "origin_record.confirmed"
    CORRECTION_REQUEST_CREATED = "correction_request.created"
    CORRECTION_REQUEST_ACCEPTED = "correction_request.accepted"
    CORRECTION_REQUEST_REJECTED = "correction_request.rejected"
    CORRECTION_REQUEST_WITHDRAWN = "correction_request.withdrawn"
    GRADUATE_CORRECTED = "graduate.corrected"
    FAMILY_CONTACTS_UPDATED = "family_contacts.updated"
    ARCHIVE_FORWARDING_UPDATED = "archive_forwarding.updated"
    PAPER_FORM_RECORDED = "paper_form.recorded"
    PAPER_FORM_REISSUED = "paper_form.reissued"
    PAPER_FORM_COLLECTED = "paper_form.collected"
    PAPER_FORM_VOIDED = "paper_form.voided"
    GRADUATE_DESTINATION_REGISTERED = "graduate.destination_registered"
    GRADUATE_RELEASED = "graduate.released"
    GRADUATE_UNLOCKED = "graduate.unlocked"
    RESUME_SECTION_ADDED = "resume_section.added"
    RESUME_SECTION_UPDATED = "resume_section.updated"
    RESUME_SECTION_DELETED = "resume_section.deleted"
    RESUME_SECTION_MOVED = "resume_section.moved"

    # Positions, applications, interviews
    POSITION_CREATED = "position.created"
    POSITION_UPDATED = "position.updated"
    POSITION_CLOSED = "position.closed"
    POSITION_REOPENED = "position.reopened"
    APPLICATION_CREATED = "application.created"
    FRAUD_REPORT_CREATED = "fraud_report.created"
    INTERVIEW_INVITATION_SENT = "interview_invitation.sent"
    INTERVIEW_INVITATION_ACCEPTED = "interview_invitation.accepted"
    INTERVIEW_INVITATION_DECLINED = "interview_invitation.declined"
    INTERVIEW_INVITATION_WITHDRAWN = "interview_invitation.withdrawn"
    INTERVIEW_INVITATION_PASSED = "interview_invitation.passed"
    INTERVIEW_INVITATION_FAILED = "interview_invitation.failed"

    # Signing, review, termination
    SIGNING_INVITATION_SENT = "signing_invitation.sent"
    SIGNING_INVITATION_CONFIRMATION_OPENED = "signing_invitation.confirmation_opened"
    SIGNING_INVITATION_ACCEPTED = "signing_invitation.accepted"
    SIGNING_INVITATION_DECLINED = "signing_invitation.declined"
    SIGNING_INVITATION_EXPIRED = "signing_invitation.expired"
    SIGNING_INVITATION_WITHDRAWN = "signing_invitation.withdrawn"
    AGREEMENT_SIGNED = "agreement.signed"
    AGREEMENT_CORRECTED = "agreement.corrected"
    AGREEMENT_APPROVED = "agreement.approved"
    AGREEMENT_RETURNED = "agreement.returned"
    AGREEMENT_REJECTED = "agreement.rejected"
    AGREEMENT_RESUBMITTED = "agreement.resubmitted"
    AGREEMENT_TERMINATED = "agreement.terminated"
    AGREEMENT_VOIDED = "agreement.voided"
    AGREEMENT_PRINTED = "agreement.printed"
    # Exports (who exported which list with which filters, and what came of it)
    EXPORT_REQUESTED = "export.requested"
    EXPORT_FINISHED = "export.finished"
    AGREEMENT_REGISTERED = "agreement.registered"  # F1, F2: an offline or paper agreement submitted
    AGREEMENT_WITHDRAWN = "agreement.withdrawn"
    AGREEMENT_EDITED = "agreement.edited"
    AGREEMENT_STAMPED_UPLOADED = "agreement.stamped_uploaded"
    AGREEMENT_UPLOAD_LINK_SENT = "agreement.upload_link_sent"
    REVIEW_OPENED = "review.opened"
    REVIEW_APPROVED = "review.approved"
    REVIEW_RETURNED = "review.returned"
    REVIEW_REJECTED = "review.rejected"
    REVIEW_WITHDRAWN = "review.withdrawn"
    DESTINATION_REGISTERED = "destination.registered"
    DESTINATION_UPDATED = "destination.updated"
    DESTINATION_CORRECTED = "destination.corrected"
    DESTINATION_PROOF_ADDED = "destination.proof_added"
    DESTINATION_PROOF_DELETED = "destination.proof_deleted"
    DESTINATION_SUBMITTED = "destination.submitted"
    DESTINATION_RECALLED = "destination.recalled"
    DESTINATION_FIRST_APPROVED = "destination.first_approved"
    DESTINATION_APPROVED = "destination.approved"
    DESTINATION_RETURNED = "destination.returned"
    DESTINATION_REJECTED = "destination.rejected"
    DESTINATION_DISCARDED = "destination.discarded"
    DESTINATION_VOIDED = "destination.voided"
    TERMINATION_REQUESTED = "termination.requested"
    TERMINATION_APPROVED = "termination.approved"
    TERMINATION_REJECTED = "termination.rejected"
    TERMINATION_WITHDRAWN = "termination.withdrawn"
    # Notices and employment news (issue 12 §1)
    NOTICE_CREATED = "notice.created"
    NOTICE_UPDATED = "notice.updated"
    NOTICE_PUBLISHED = "notice.published"
    NOTICE_WITHDRAWN = "notice.withdrawn"
    NOTICE_PINNED = "notice.pinned"
    NOTICE_UNPINNED = "notice.unpinned"
    NOTICE_ATTACHMENT_ADDED = "notice.attachment_added"
    NOTICE_ATTACHMENT_DELETED = "notice.attachment_deleted"
    # Job intentions (issue 12 §3)
    JOB_INTENTIONS_SET = "job_intentions.set"
    # Campus job fairs (issue 12 §2)
    JOB_FAIR_CREATED = "job_fair.created"
    JOB_FAIR_UPDATED = "job_fair.updated"
    JOB_FAIR_PUBLISHED = "job_fair.published"
    JOB_FAIR_CANCELLED = "job_fair.cancelled"
    FAIR_APPLICATION_SUBMITTED = "fair_application.submitted"
    FAIR_APPLICATION_APPROVED = "fair_application.approved"
    FAIR_APPLICATION_REJECTED = "fair_application.rejected"
    FAIR_REGISTRATION_CREATED = "fair_registration.created"
    FAIR_REGISTRATION_CANCELLED = "fair_registration.cancelled"
    FAIR_REGISTRATION_RENEWED = "fair_registration.renewed"
    FAIR_REMINDER_SENT = "fair_registration.reminded"
    # The national destination registration system (issue 12 §6)
    NATIONAL_RECORD_CONFIRMED = "national_record.confirmed"
    NATIONAL_FEEDBACK_GIVEN = "national_feedback.given"
    NATIONAL_FEEDBACK_ANSWERED = "national_feedback.answered"
    NATIONAL_FEEDBACK_CLOSED = "national_feedback.closed"
    # Employment recommendation forms (issue 12 §4)
    RECOMMENDATION_FORM_CREATED = "recommendation_form.created"
    RECOMMENDATION_FORM_UPDATED = "recommendation_form.updated"
    RECOMMENDATION_FORM_SUBMITTED = "recommendation_form.submitted"
    RECOMMENDATION_FORM_FIRST_APPROVED = "recommendation_form.first_approved"
    RECOMMENDATION_FORM_APPROVED = "recommendation_form.approved"
    RECOMMENDATION_FORM_RETURNED = "recommendation_form.returned"
    RECOMMENDATION_FORM_REJECTED = "recommendation_form.rejected"
    RECOMMENDATION_FORM_REOPENED = "recommendation_form.reopened"
    RECOMMENDATION_FORM_RENDERED = "recommendation_form.rendered"

    # Notifications
    DELIVERY_REQUEUED = "delivery.requeued"

    # Retention (resolvers/purges.py)
    EXPORT_PURGED = "export.purged"
    # Employers' qualification materials (issue 12 §5)
    EMPLOYER_MATERIAL_UPLOADED = "employer.material_uploaded"
    EMPLOYER_MATERIAL_REPLACED = "employer.material_replaced"
    EMPLOYER_MATERIAL_DELETED = "employer.material_deleted"
    EMPLOYER_LEGAL_REPRESENTATIVE_UPDATED = "employer.legal_representative_updated"
    EMPLOYER_MATERIALS_CHECKED = "employer.materials_checked"
    EMPLOYER_MATERIALS_UNCHECKED = "employer.materials_unchecked"

    @classmethod
    def named(cls, name: str) -> AuditAction | None:
        """The action a stored or typed name means, including the names entries were written with before
        the actions were renamed to the past tense (those rows keep their old name)."""
        try:
            return cls(name)
        except ValueError:
            return LEGACY_NAMES.get(name)

    def stored_names(self) -> list[str]:
        """Every name an entry of this action may carry: the current one and any it replaced."""
        return [self.value, *(old for old, new in LEGACY_NAMES.items() if new is self)]


A = AuditAction
# Names written before the audit actions were unified; old rows are history and are not rewritten.
LEGACY_NAMES: dict[str, AuditAction] = {
    "school.update_settings": A.SCHOOL_SETTINGS_UPDATED,
    "staff.login": A.STAFF_LOGGED_IN,
    "employer.login": A.EMPLOYER_LOGGED_IN,
    "employer.create_by_qr_card": A.EMPLOYER_CREATED_BY_QR_CARD,
    "employer.license_file": A.EMPLOYER_LICENSE_UPLOADED,
    "graduate.password_login": A.GRADUATE_LOGGED_IN_BY_PASSWORD,
    "graduate.wechat_login": A.GRADUATE_LOGGED_IN_BY_WECHAT,
    "roster.create": A.ROSTER_CREATED,
    "roster.update": A.ROSTER_UPDATED,
    "origin_record.update": A.ORIGIN_RECORD_UPDATED,
    "origin_record.confirm": A.ORIGIN_RECORD_CONFIRMED,
    "correction_request.create": A.CORRECTION_REQUEST_CREATED,
    "correction_request.accept": A.CORRECTION_REQUEST_ACCEPTED,
    "correction_request.reject": A.CORRECTION_REQUEST_REJECTED,
    "correction_request.withdraw": A.CORRECTION_REQUEST_WITHDRAWN,
    "graduate.correct": A.GRADUATE_CORRECTED,
    "graduate.destination": A.GRADUATE_DESTINATION_REGISTERED,
    "graduate.release": A.GRADUATE_RELEASED,
    "graduate.unlock": A.GRADUATE_UNLOCKED,
    "resume_section.add": A.RESUME_SECTION_ADDED,
    "resume_section.update": A.RESUME_SECTION_UPDATED,
    "resume_section.delete": A.RESUME_SECTION_DELETED,
    "resume_section.move": A.RESUME_SECTION_MOVED,
    "position.create": A.POSITION_CREATED,
    "position.update": A.POSITION_UPDATED,
    "position.close": A.POSITION_CLOSED,
    "position.reopen": A.POSITION_REOPENED,
    "application.create": A.APPLICATION_CREATED,
    "fraud_report.create": A.FRAUD_REPORT_CREATED,
    "interview_invitation.send": A.INTERVIEW_INVITATION_SENT,
    "interview_invitation.accept": A.INTERVIEW_INVITATION_ACCEPTED,
    "interview_invitation.decline": A.INTERVIEW_INVITATION_DECLINED,
    "interview_invitation.withdraw": A.INTERVIEW_INVITATION_WITHDRAWN,
    "interview_invitation.pass": A.INTERVIEW_INVITATION_PASSED,
    "interview_invitation.fail": A.INTERVIEW_INVITATION_FAILED,
    "signing_invitation.send": A.SIGNING_INVITATION_SENT,
    "signing_invitation.open_confirmation": A.SIGNING_INVITATION_CONFIRMATION_OPENED,
    "signing_invitation.accept": A.SIGNING_INVITATION_ACCEPTED,
    "signing_invitation.decline": A.SIGNING_INVITATION_DECLINED,
    "signing_invitation.expire": A.SIGNING_INVITATION_EXPIRED,
    "signing_invitation.withdraw": A.SIGNING_INVITATION_WITHDRAWN,
    "agreement.sign": A.AGREEMENT_SIGNED,
    "agreement.correct": A.AGREEMENT_CORRECTED,
    "agreement.approve": A.AGREEMENT_APPROVED,
    "agreement.return": A.AGREEMENT_RETURNED,
    "agreement.reject": A.AGREEMENT_REJECTED,
    "agreement.resubmit": A.AGREEMENT_RESUBMITTED,
    "agreement.terminate": A.AGREEMENT_TERMINATED,
    "agreement.void": A.AGREEMENT_VOIDED,
    "review.open": A.REVIEW_OPENED,
    "review.approve": A.REVIEW_APPROVED,
    "review.return": A.REVIEW_RETURNED,
    "review.reject": A.REVIEW_REJECTED,
    "review.withdraw": A.REVIEW_WITHDRAWN,
    "termination.request": A.TERMINATION_REQUESTED,
    "termination.approve": A.TERMINATION_APPROVED,
    "termination.reject": A.TERMINATION_REJECTED,
    "termination.withdraw": A.TERMINATION_WITHDRAWN,
}
del A
