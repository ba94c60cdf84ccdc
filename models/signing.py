"""Positions, resumes, applications, interview and signing invitations, agreements, terminations."""

from tortoise import fields
from tortoise.models import Model


class Position(Model):
    id = fields.IntField(primary_key=True)
    employer = fields.ForeignKeyField("wangqian.Employer", related_name="positions")
    title = fields.CharField(max_length=64)
    category = fields.CharField(max_length=64, default="")
    location_code = fields.CharField(max_length=6)
    location_name = fields.CharField(max_length=128, default="")
    salary_min = fields.IntField(null=True)  # yuan per month
    salary_max = fields.IntField(null=True)
    headcount = fields.IntField(default=1)
    deadline = fields.DateField(null=True)
    description = fields.TextField(default="")
    state = fields.CharField(max_length=16, default="open")  # open | closed
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "position"


class ResumeSection(Model):
    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="resume_sections")
    kind = fields.CharField(max_length=24)  # intention | education | experience | project | award | skill | other
    title = fields.CharField(max_length=128, default="")
    content = fields.TextField(default="")
    sort_order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "resume_section"


class Application(Model):
    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="applications")
    position = fields.ForeignKeyField("wangqian.Position", related_name="applications")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "application"
        unique_together = (("graduate", "position"),)


class FraudReport(Model):
    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="fraud_reports")
    position = fields.ForeignKeyField("wangqian.Position", related_name="fraud_reports")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    reason = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "fraud_report"


class InterviewInvitation(Model):
    id = fields.IntField(primary_key=True)
    employer = fields.ForeignKeyField("wangqian.Employer", related_name="interview_invitations")
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="interview_invitations")
    position = fields.ForeignKeyField("wangqian.Position", related_name="interview_invitations")
    application = fields.ForeignKeyField("wangqian.Application", null=True, related_name="interviews")
    scheduled_at = fields.DatetimeField()
    place = fields.CharField(max_length=255, default="")
    link = fields.CharField(max_length=512, default="")
    note = fields.TextField(default="")
    state = fields.CharField(max_length=16, default="pending")  # workflows.INTERVIEW
    result_note = fields.TextField(default="")
    answered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "interview_invitation"


class SigningInvitation(Model):
    id = fields.IntField(primary_key=True)
    employer = fields.ForeignKeyField("wangqian.Employer", related_name="signing_invitations")
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="signing_invitations")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    position = fields.ForeignKeyField("wangqian.Position", null=True, related_name="signing_invitations")
    interview = fields.ForeignKeyField("wangqian.InterviewInvitation", null=True, related_name=False)
    method = fields.CharField(max_length=16)  # interview | direct | qr_card (S1, S2, S3)
    state = fields.CharField(max_length=16, default="pending")  # workflows.SIGNING_INVITATION
    deadline = fields.DatetimeField()  # S4
    # Agreement terms carried by the invitation (P4, seed 001 articles 2 and 5).
    position_title = fields.CharField(max_length=64)
    job_category = fields.CharField(max_length=64, default="")
    work_location_code = fields.CharField(max_length=6, default="")
    work_location_name = fields.CharField(max_length=128, default="")
    monthly_salary = fields.IntField(null=True)
    probation_months = fields.SmallIntField(null=True)
    contract_years = fields.SmallIntField(null=True)
    report_date = fields.DateField(null=True)
    breach_terms = fields.TextField(default="")
    other_terms = fields.TextField(default="")
    supervising_authority = fields.CharField(max_length=128, default="")
    contact_name = fields.CharField(max_length=32, default="")
    contact_phone_enc = fields.TextField(null=True)
    # S7: the graduate opens a confirmation; a second call within 60 s signs.
    confirmation_opened_at = fields.DatetimeField(null=True)
    answered_at = fields.DatetimeField(null=True)
    decline_reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "signing_invitation"
        indexes = (("graduate_id", "state"), ("employer_id", "graduate_id", "state"), ("state", "deadline"))


class Agreement(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)  # year + school code + sequence
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="agreements")
    # online: accepted from an invitation (S1-S3); offline: filled in by the graduate for an employer that may
    # not be on the platform (F1); paper: signed on paper and registered with its stamped image (F2). Only an
    # online agreement has an invitation; an offline or paper one has an employer only if its USCC is registered.
    method = fields.CharField(max_length=8, default="online")
    employer = fields.ForeignKeyField("wangqian.Employer", null=True, related_name="agreements")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    invitation = fields.OneToOneField("wangqian.SigningInvitation", null=True, related_name="agreement")
    # Set while the agreement binds the graduate; unique, so the database itself allows one (S5).
    active_graduate = fields.OneToOneField("wangqian.Graduate", null=True, related_name="active_agreement")
    state = fields.CharField(max_length=20, default="awaiting_review")  # workflows.AGREEMENT
    terms = fields.JSONField()  # both parties' fields and the articles' terms, frozen at signing
    returned_fields = fields.JSONField(default=list)
    signed_at = fields.DatetimeField()
    approved_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)
    # P3: raised whenever the printed content or the standing changes (correction, termination, voiding), by the
    # transition that changes it; a verification token names the version it was printed for.
    version = fields.IntField(default=1)
    # The sealed PDF of `document_version`; printable while that is the current version (pdf/agreements.py).
    document = fields.ForeignKeyField("wangqian.StoredFile", null=True, related_name=False, on_delete=fields.SET_NULL)
    document_version = fields.IntField(default=0)
    print_count = fields.IntField(default=0)
    last_printed_at = fields.DatetimeField(null=True)
    # F1, F2: the image of the agreement stamped by the employer, uploaded by the graduate or through the link.
    stamped_file = fields.ForeignKeyField("wangqian.StoredFile", null=True, related_name=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "agreement"
        indexes = (("state", "document_version"), ("school_id", "method", "state"))


class AgreementUploadLink(Model):
    """F1: a one-time link, sent by SMS to the employer's contact, to upload the stamped agreement without an
    account. Only the token's hash is kept; the token itself travels encrypted in the SMS event."""

    id = fields.IntField(primary_key=True)
    agreement = fields.ForeignKeyField("wangqian.Agreement", related_name="upload_links")
    token_hash = fields.CharField(max_length=64, unique=True)
    phone_enc = fields.TextField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "agreement_upload_link"


class AgreementPrint(Model):
    """One printing of an approved agreement (P1, P2): who, when, which stored document was handed out.
    Agreement.print_count and last_printed_at are the summary print management lists."""

    id = fields.IntField(primary_key=True)
    agreement = fields.ForeignKeyField("wangqian.Agreement", related_name="prints")
    actor_kind = fields.CharField(max_length=16)  # graduate | employer | staff
    actor_id = fields.IntField()
    actor_name = fields.CharField(max_length=64, default="")
    document = fields.ForeignKeyField("wangqian.StoredFile", null=True, related_name=False)
    printed_at = fields.DatetimeField()

    class Meta:
        table = "agreement_print"
        indexes = (("agreement_id", "id"),)


class PrintCode(Model):
    """A scan-to-print code (P2): shown as a QR by the print page of a shared PC, scanned once by a graduate
    in the mini-program, who names the agreement to print; the page, holding only the code, then gets the PDF.
    Only the code's SHA-256 is stored, so the table cannot be read back into working codes."""

    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    scanned_at = fields.DatetimeField(null=True)
    agreement = fields.ForeignKeyField("wangqian.Agreement", null=True, related_name=False)
    graduate = fields.ForeignKeyField("wangqian.Graduate", null=True, related_name=False)
    document = fields.ForeignKeyField("wangqian.StoredFile", null=True, related_name=False)

    class Meta:
        table = "print_code"


class AgreementSequence(Model):
    """Next agreement number per school and year: the row is locked while a number is taken."""

    id = fields.IntField(primary_key=True)
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    year = fields.SmallIntField()
    last_value = fields.IntField(default=0)

    class Meta:
        table = "agreement_sequence"
        unique_together = (("school", "year"),)


class Termination(Model):
    id = fields.IntField(primary_key=True)
    agreement = fields.ForeignKeyField("wangqian.Agreement", related_name="terminations")
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="terminations")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    consent_file = fields.ForeignKeyField("wangqian.StoredFile", related_name=False)
    reason = fields.TextField(default="")
    state = fields.CharField(max_length=16, default="requested")  # workflows.TERMINATION
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "termination"
