"""The one place that decides who may read or change what (R2, B5).

Every resolver asks here; nothing else compares schools, departments or owners.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models import (
    Agreement,
    Application,
    AuditEntry,
    CorrectionRequest,
    Department,
    Destination,
    Employer,
    Export,
    FairApplication,
    FairRegistration,
    FraudReport,
    Graduate,
    InterviewInvitation,
    JobFair,
    Major,
    Notice,
    PaperForm,
    Position,
    Province,
    RecommendationForm,
    ResumeSection,
    Review,
    School,
    SigningInvitation,
    Staff,
    Termination,
)
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role, Viewer


def require_login(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise DomainError(ErrorCode.UNAUTHENTICATED)
    if viewer.password_change_required:
        raise DomainError(ErrorCode.PASSWORD_CHANGE_REQUIRED)


def require_session(viewer: Viewer) -> None:
    """Logged in, even with a restricted token: changing the initial password is all it may do (B4)."""
    if not viewer.is_authenticated:
        raise DomainError(ErrorCode.UNAUTHENTICATED)


def require_role(viewer: Viewer, *roles: Role) -> None:
    require_login(viewer)
    if viewer.role not in roles:
        raise DomainError(ErrorCode.PERMISSION_DENIED)


def require_staff(viewer: Viewer) -> None:
    require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN, Role.PROVINCE)


def _school_scope_ok(viewer: Viewer, school_id: int | None, department_id: int | None) -> bool:
    if viewer.role is Role.SCHOOL_ADMIN:
        return school_id == viewer.school_id
    if viewer.role is Role.DEPARTMENT_REVIEWER:
        return school_id == viewer.school_id and department_id == viewer.department_id
    return False


def staff_covers(viewer: Viewer, school_id: int | None, department_id: int | None) -> bool:
    """Department reviewers: their department; school admins: their school (R2)."""
    return _school_scope_ok(viewer, school_id, department_id)


async def province_covers(viewer: Viewer, school_id: int | None) -> bool:
    if viewer.role is not Role.PROVINCE or school_id is None:
        return False
    return await School.filter(id=school_id, province_id=viewer.province_id).exists()


def scope_by_school(viewer: Viewer, qs: QuerySet, *, school_field: str = "school_id",
                    department_field: str = "department_id") -> QuerySet:
    """Narrow a queryset of school-owned rows to the staff member's scope; nothing for anyone else."""
    if viewer.role is Role.SCHOOL_ADMIN:
        return qs.filter(**{school_field: viewer.school_id})
    if viewer.role is Role.DEPARTMENT_REVIEWER:
        return qs.filter(**{school_field: viewer.school_id, department_field: viewer.department_id})
    if viewer.role is Role.PROVINCE:
        prefix = school_field.removesuffix("_id")
        return qs.filter(**{f"{prefix}__province_id": viewer.province_id})
    return qs.filter(id=-1)


def scope_graduates(viewer: Viewer, qs: QuerySet[Graduate]) -> QuerySet[Graduate]:
    if viewer.role is Role.GRADUATE:
        return qs.filter(id=viewer.id)
    return scope_by_school(viewer, qs)


async def can_view_graduate(viewer: Viewer, graduate: Graduate) -> bool:
    if viewer.role is Role.GRADUATE:
        return graduate.id == viewer.id
    if viewer.role is Role.EMPLOYER:
        # An employer sees graduates who applied to it or whom it invited.
        from models import Application, SigningInvitation

        return await Application.filter(graduate_id=graduate.id, position__employer_id=viewer.id).exists() or \
            await SigningInvitation.filter(graduate_id=graduate.id, employer_id=viewer.id).exists()
    if viewer.role is Role.PROVINCE:
        return await province_covers(viewer, graduate.school_id)
    return staff_covers(viewer, graduate.school_id, graduate.department_id)


def can_view_graduate_records(viewer: Viewer, graduate: Graduate) -> bool:
    """X1: family contacts and archive forwarding are for the graduate and the staff of their scope (R2); not for
    employers, nor for the province, which counts graduates but does not contact them."""
    if viewer.role is Role.GRADUATE:
        return graduate.id == viewer.id
    return staff_covers(viewer, graduate.school_id, graduate.department_id)


def sees_personal_data(viewer: Viewer, graduate: Graduate) -> bool:
    """ID number and phone in clear: the graduate and their own school's staff only (B5)."""
    if viewer.password_change_required:
        return False
    if viewer.role is Role.GRADUATE:
        return graduate.id == viewer.id
    if viewer.role in (Role.SCHOOL_ADMIN, Role.DEPARTMENT_REVIEWER):
        return graduate.school_id == viewer.school_id
    return False


def can_manage_school(viewer: Viewer, school_id: int) -> bool:
    return viewer.role is Role.SCHOOL_ADMIN and viewer.school_id == school_id


def require_school_admin(viewer: Viewer) -> int:
    """A school admin, whose own school is the only one they manage; returns its id."""
    require_role(viewer, Role.SCHOOL_ADMIN)
    if viewer.school_id is None:
        raise DomainError(ErrorCode.PERMISSION_DENIED)
    return viewer.school_id


def manages_department(viewer: Viewer, department: Department) -> bool:
    """Departments and their majors: the admin of the department's school only."""
    return can_manage_school(viewer, department.school_id)


def manages_staff_account(viewer: Viewer, staff: Staff) -> bool:
    """A school admin manages the department reviewers of their own school (not other admins, not themself)."""
    return (can_manage_school(viewer, staff.school_id) and staff.role == Role.DEPARTMENT_REVIEWER.value
            and staff.id != viewer.id)


def can_reset_graduate_password(viewer: Viewer, graduate: Graduate) -> bool:
    """B4: the school sets the initial password; the admin of the graduate's own school resets it."""
    return can_manage_school(viewer, graduate.school_id)


def scope_staff_accounts(viewer: Viewer, qs: QuerySet[Staff]) -> QuerySet[Staff]:
    """The staff accounts of a school, for its admin only."""
    return qs.filter(school_id=require_school_admin(viewer))


def can_unbind_wechat(viewer: Viewer, graduate: Graduate) -> bool:
    """B2: the graduate themself, or an admin of the graduate's own school."""
    if viewer.role is Role.GRADUATE:
        return graduate.id == viewer.id
    return can_manage_school(viewer, graduate.school_id)


def owns_graduate_row(viewer: Viewer, row: Any) -> bool:
    """A row that belongs to one graduate (a correction request, a termination), asked by that graduate."""
    return viewer.role is Role.GRADUATE and getattr(row, "graduate_id", None) == viewer.id


def scope_corrections(viewer: Viewer, qs: QuerySet[CorrectionRequest]) -> QuerySet[CorrectionRequest]:
    """O2: the graduate their own requests; staff their scope (R2)."""
    if viewer.role is Role.GRADUATE:
        return qs.filter(graduate_id=viewer.id)
    return scope_by_school(viewer, qs)


def can_decide_correction(viewer: Viewer, correction: CorrectionRequest) -> bool:
    """O2: the reviewer of the graduate's department or the school admin; never the province."""
    return staff_covers(viewer, correction.school_id, correction.department_id)


def handles_paper_forms(viewer: Viewer, graduate: Graduate) -> bool:
    """F3: the counsellor, i.e. the reviewer of the graduate's department, or the school admin; not the province,
    which does not hand out forms."""
    return staff_covers(viewer, graduate.school_id, graduate.department_id)


def can_view_paper_form(viewer: Viewer, form: PaperForm) -> bool:
    if viewer.role is Role.GRADUATE:
        return form.graduate_id == viewer.id
    return staff_covers(viewer, form.school_id, form.department_id)


def works_at_school(viewer: Viewer, school_id: int | None) -> bool:
    """Staff of this school, whatever their department: refused as "permission denied", not "not found"."""
    return viewer.role in (Role.SCHOOL_ADMIN, Role.DEPARTMENT_REVIEWER) and viewer.school_id == school_id


def review_level(viewer: Viewer, review: Review, review_levels: int) -> str | None:
    """R2: "department" for the reviewer of the review's department in a two-level school, "school" for the
    admin of its school; None when the viewer has no say in it."""
    if not staff_covers(viewer, review.school_id, review.department_id):
        return None
    if viewer.role is Role.SCHOOL_ADMIN:
        return "school"
    return "department" if review_levels == 2 else None


def scope_review_queue(viewer: Viewer, qs: QuerySet[Review]) -> QuerySet[Review]:
    """R1, R2: the queue of a department reviewer (their department) or a school admin (their school)."""
    require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    return scope_by_school(viewer, qs)


def scope_agreements(viewer: Viewer, qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """The graduate's and the employer's own agreements; staff their scope (R2, P1)."""
    require_login(viewer)
    if viewer.role is Role.GRADUATE:
        return qs.filter(graduate_id=viewer.id)
    if viewer.role is Role.EMPLOYER:
        return qs.filter(employer_id=viewer.id)
    return scope_by_school(viewer, qs)


def scope_terminations(viewer: Viewer, qs: QuerySet[Termination]) -> QuerySet[Termination]:
    """T1-T4: the graduate their own requests; staff their scope (R2); nobody else."""
    require_login(viewer)
    if viewer.role is Role.GRADUATE:
        return qs.filter(graduate_id=viewer.id)
    return scope_by_school(viewer, qs) if viewer.is_staff else qs.filter(id=-1)


async def can_view_staff(viewer: Viewer, staff: Staff) -> bool:
    if viewer.role is Role.SCHOOL_ADMIN:
        return staff.school_id == viewer.school_id
    if viewer.is_staff:
        return staff.id == viewer.id
    return False


async def can_view_agreement(viewer: Viewer, agreement: Agreement) -> bool:
    if viewer.role is Role.GRADUATE:
        return agreement.graduate_id == viewer.id
    if viewer.role is Role.EMPLOYER:
        return agreement.employer_id == viewer.id
    if viewer.role is Role.PROVINCE:
        return await province_covers(viewer, agreement.school_id)
    return staff_covers(viewer, agreement.school_id, agreement.department_id)


def can_print_agreement(viewer: Viewer, agreement: Agreement) -> bool:
    """P2: the graduate and the employer their own agreements; school staff those of their scope (R2, P1).
    The province prints nothing. Whether the agreement is printable yet (S8) is asked separately."""
    if viewer.password_change_required:
        return False
    if viewer.role is Role.GRADUATE:
        return agreement.graduate_id == viewer.id
    if viewer.role is Role.EMPLOYER:
        return agreement.employer_id == viewer.id
    return staff_covers(viewer, agreement.school_id, agreement.department_id)


def scope_print_list(viewer: Viewer, qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """P1: print management, for the school admin (the school) and department reviewers (their department)."""
    require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    return scope_by_school(viewer, qs)


async def can_view_school_row(viewer: Viewer, row: Any) -> bool:
    """Rows that carry school_id and department_id and belong to one graduate (reviews, terminations,
    corrections): the graduate, the staff of that scope, the province of that school."""
    if viewer.role is Role.GRADUATE:
        return getattr(row, "graduate_id", None) == viewer.id
    if viewer.role is Role.PROVINCE:
        return await province_covers(viewer, row.school_id)
    return staff_covers(viewer, row.school_id, getattr(row, "department_id", None))


async def can_view_invitation(viewer: Viewer, inv: SigningInvitation | InterviewInvitation) -> bool:
    if viewer.role is Role.GRADUATE:
        return inv.graduate_id == viewer.id
    if viewer.role is Role.EMPLOYER:
        return inv.employer_id == viewer.id
    graduate = await Graduate.get_or_none(id=inv.graduate_id)
    return graduate is not None and viewer.is_staff and await can_view_graduate(viewer, graduate)


def owns_employer_row(viewer: Viewer, row: Any) -> bool:
    """A row that belongs to one employer (an interview or signing invitation), asked by that employer."""
    return viewer.role is Role.EMPLOYER and getattr(row, "employer_id", None) == viewer.id


def sees_invitation_graduate(viewer: Viewer, inv: SigningInvitation | InterviewInvitation) -> bool:
    """The graduate's record on an invitation the viewer already reached: its parties and staff, never an
    anonymous QR-card holder (S3 shows them the masked name only)."""
    return owns_graduate_row(viewer, inv) or owns_employer_row(viewer, inv) or viewer.is_staff


def scope_invitations(viewer: Viewer, qs: QuerySet) -> QuerySet:
    """Interview and signing invitations: the graduate's own, the employer's own (S1-S6)."""
    require_role(viewer, Role.GRADUATE, Role.EMPLOYER)
    if viewer.role is Role.GRADUATE:
        return qs.filter(graduate_id=viewer.id)
    return qs.filter(employer_id=viewer.id)


async def can_view_position(viewer: Viewer, position: Position) -> bool:
    """Open positions are public to logged-in users; closed ones to their employer and staff."""
    if viewer.role is Role.EMPLOYER:
        return position.employer_id == viewer.id or position.state == "open"
    return position.state == "open" or viewer.is_staff


async def can_view_application(viewer: Viewer, application: Application) -> bool:
    if viewer.role is Role.GRADUATE:
        return application.graduate_id == viewer.id
    if viewer.role is Role.EMPLOYER:
        return await Position.filter(id=application.position_id, employer_id=viewer.id).exists()
    graduate = await Graduate.get_or_none(id=application.graduate_id)
    return graduate is not None and viewer.is_staff and await can_view_graduate(viewer, graduate)


async def can_view_resume_section(viewer: Viewer, section: ResumeSection) -> bool:
    graduate = await Graduate.get_or_none(id=section.graduate_id)
    return graduate is not None and await can_view_graduate(viewer, graduate)


def owns_position(viewer: Viewer, position: Position) -> bool:
    """Only the employer that published a position may change it."""
    return viewer.role is Role.EMPLOYER and position.employer_id == viewer.id


def owns_resume_section(viewer: Viewer, section: ResumeSection) -> bool:
    return viewer.role is Role.GRADUATE and section.graduate_id == viewer.id


async def sees_employer_contact(viewer: Viewer, employer: Employer) -> bool:
    """An employer's contact person and e-mail (issue 6.10) are for those who deal with it, not for every user:
    the employer itself; a graduate it invited to an interview or to sign; staff whose scope (R2, the province
    its schools) covers one of its agreements or signing invitations, which they review and may need to query."""
    if viewer.password_change_required or not viewer.is_authenticated:
        return False
    if viewer.role is Role.EMPLOYER:
        return viewer.id == employer.id
    if viewer.role is Role.GRADUATE:
        return await SigningInvitation.filter(employer_id=employer.id, graduate_id=viewer.id).exists() or \
            await InterviewInvitation.filter(employer_id=employer.id, graduate_id=viewer.id).exists()
    if not viewer.is_staff:
        return False
    if await scope_by_school(viewer, Agreement.filter(employer_id=employer.id)).exists():
        return True
    return await scope_by_school(viewer, SigningInvitation.filter(employer_id=employer.id),
                                 department_field="graduate__department_id").exists()


def can_open_consent_file(viewer: Viewer, termination: Termination) -> bool:
    """T1's stamped consent: the graduate who uploaded it and the reviewers of their scope (R2), who decide
    on it; not the province, which sees that a termination exists but reviews none."""
    if viewer.password_change_required:
        return False
    return owns_graduate_row(viewer, termination) or \
        staff_covers(viewer, termination.school_id, termination.department_id)


def can_open_destination_proofs(viewer: Viewer, destination: Destination) -> bool:
    """D1 proofs: the graduate and the reviewers of their scope (R2), who judge them."""
    if viewer.password_change_required:
        return False
    return owns_graduate_row(viewer, destination) or \
        staff_covers(viewer, destination.school_id, destination.department_id)


def scope_destinations(viewer: Viewer, qs: QuerySet[Destination]) -> QuerySet[Destination]:
    """The graduate their own records; staff their scope (R2), the province its schools'."""
    if viewer.role is Role.GRADUATE:
        return qs.filter(graduate_id=viewer.id)
    return scope_by_school(viewer, qs)


async def employers_whose_license_viewer_sees(viewer: Viewer, employer_ids: set[int]) -> set[int]:
    """S3's USCC certificate, for a page of employers in two queries: the employer itself; the school staff
    whose scope (R2) covers one of its agreements or signing invitations, which they review against it.
    Graduates and the province never see it (the province reviews no signing)."""
    if viewer.password_change_required or not viewer.is_authenticated:
        return set()
    if viewer.role is Role.EMPLOYER:
        return {viewer.id} & employer_ids
    if viewer.role not in (Role.SCHOOL_ADMIN, Role.DEPARTMENT_REVIEWER):
        return set()
    signed = await scope_by_school(viewer, Agreement.filter(employer_id__in=employer_ids)) \
        .distinct().values_list("employer_id", flat=True)
    invited = await scope_by_school(viewer, SigningInvitation.filter(employer_id__in=employer_ids),
                                    department_field="graduate__department_id") \
        .distinct().values_list("employer_id", flat=True)
    return set(signed) | set(invited)


def scope_positions_of_employer(viewer: Viewer, qs: QuerySet[Position]) -> QuerySet[Position]:
    require_role(viewer, Role.EMPLOYER)
    return qs.filter(employer_id=viewer.id)


def scope_applications(viewer: Viewer, qs: QuerySet[Application]) -> QuerySet[Application]:
    """A graduate's own applications; an employer's applicants to its own positions (S1)."""
    require_role(viewer, Role.GRADUATE, Role.EMPLOYER)
    if viewer.role is Role.GRADUATE:
        return qs.filter(graduate_id=viewer.id)
    return qs.filter(position__employer_id=viewer.id)


def scope_fraud_reports(viewer: Viewer, qs: QuerySet[FraudReport]) -> QuerySet[FraudReport]:
    """The school's admin and department reviewers see its graduates' reports; the province its schools' (X2)."""
    require_staff(viewer)
    if viewer.role is Role.PROVINCE:
        return qs.filter(school__province_id=viewer.province_id)
    return qs.filter(school_id=viewer.school_id)


def sees_fraud_reporter(viewer: Viewer, graduate: Graduate) -> bool:
    """Who reported, on a report the viewer may already see: the province, or the school staff whose R2 scope
    covers the graduate (a department reviewer sees the report but not another department's reporter)."""
    if viewer.role is Role.PROVINCE:
        return True
    return staff_covers(viewer, graduate.school_id, graduate.department_id)


def can_view_export(viewer: Viewer, export: Export) -> bool:
    """An export and its file: staff of exactly the scope it was read with (the same role over the same school and
    department, or province), who see the same list on screen anyway; so the requester too, unless their scope
    has changed since (R2 follows the account, not the file)."""
    if not viewer.is_staff or viewer.password_change_required:
        return False
    return (viewer.role.value, viewer.province_id, viewer.school_id, viewer.department_id) == (
        export.role, export.province_id, export.school_id, export.department_id)


async def can_view(viewer: Viewer, obj: Any) -> bool:
    """Generic read check used by `node(id:)`; rows of school scope follow R2, owned rows their owner."""
    if isinstance(obj, Province | School | Department | Major):
        return True  # public reference data: a graduate picks the school before binding (B1)
    if not viewer.is_authenticated or viewer.password_change_required:
        return False
    if isinstance(obj, Employer):
        return True  # public organisational data (name, USCC, nature); contacts: sees_employer_contact
    if isinstance(obj, Graduate):
        return await can_view_graduate(viewer, obj)
    if isinstance(obj, Agreement):
        return await can_view_agreement(viewer, obj)
    if isinstance(obj, Staff):
        return await can_view_staff(viewer, obj)
    if isinstance(obj, SigningInvitation | InterviewInvitation):
        return await can_view_invitation(viewer, obj)
    if isinstance(obj, Position):
        return await can_view_position(viewer, obj)
    if isinstance(obj, Application):
        return await can_view_application(viewer, obj)
    if isinstance(obj, ResumeSection):
        return await can_view_resume_section(viewer, obj)
    if isinstance(obj, Review | Termination | CorrectionRequest | Destination):
        return await can_view_school_row(viewer, obj)
    if isinstance(obj, PaperForm):
        return can_view_paper_form(viewer, obj)
    if isinstance(obj, AuditEntry):
        return viewer.is_staff and await can_view_school_row(viewer, obj)
    if isinstance(obj, Export):
        return can_view_export(viewer, obj)
    if isinstance(obj, Notice):
        return await can_view_notice(viewer, obj)
    if isinstance(obj, FraudReport):
        if viewer.role is Role.PROVINCE:
            return await province_covers(viewer, obj.school_id)
        return viewer.is_staff and viewer.school_id == obj.school_id
    if isinstance(obj, JobFair | FairApplication | FairRegistration):
        return await can_view_fair_row(viewer, obj)
    if isinstance(obj, RecommendationForm):
        return can_view_recommendation_form(viewer, obj)
    return False


def manages_notice(viewer: Viewer, notice: Any) -> bool:
    """Issue 12 §1: a school admin manages their school's notices, a department reviewer those addressed to their
    own department, the province the province-wide notices of its province."""
    if viewer.role is Role.PROVINCE:
        return notice.school_id is None and notice.province_id == viewer.province_id
    if viewer.role is Role.DEPARTMENT_REVIEWER:
        return notice.school_id == viewer.school_id and notice.department_id == viewer.department_id
    return viewer.role is Role.SCHOOL_ADMIN and notice.school_id == viewer.school_id


def may_address_notice(viewer: Viewer, department: Department | None) -> bool:
    """The audience a staff member may publish to: an admin their whole school or one of its departments, a
    department reviewer their own department only, the province every school of the province."""
    if viewer.role is Role.PROVINCE:
        return department is None
    if viewer.role is Role.DEPARTMENT_REVIEWER:
        return department is not None and department.id == viewer.department_id
    if viewer.role is Role.SCHOOL_ADMIN:
        return department is None or department.school_id == viewer.school_id
    return False


def scope_notices(viewer: Viewer, qs: QuerySet) -> QuerySet:
    """The notices a staff member manages; a graduate reads through `notices_addressed_to`."""
    if viewer.role is Role.PROVINCE:
        return qs.filter(school_id=None, province_id=viewer.province_id)
    if viewer.role is Role.DEPARTMENT_REVIEWER:
        return qs.filter(school_id=viewer.school_id, department_id=viewer.department_id)
    if viewer.role is Role.SCHOOL_ADMIN:
        return qs.filter(school_id=viewer.school_id)
    return qs.filter(id=-1)


def notices_addressed_to(graduate: Graduate, province_id: int, qs: QuerySet) -> QuerySet:
    """The published notices a graduate reads: their school's to the whole school, their department or their
    education level, and their province's to every school (optionally one education level)."""
    level = Q(education_level=None) | Q(education_level=graduate.education_level)
    school = Q(school_id=graduate.school_id) & (Q(department_id=None) | Q(department_id=graduate.department_id))
    province = Q(school_id=None, province_id=province_id)
    return qs.filter((school | province) & level, state="published")


async def can_view_notice(viewer: Viewer, notice: Notice) -> bool:
    """Its managers see it in any state; a graduate only while it is published to them."""
    if viewer.is_staff:
        return manages_notice(viewer, notice)
    if viewer.role is not Role.GRADUATE:
        return False
    graduate = await Graduate.get(id=viewer.id)
    province_id = (await School.filter(id=graduate.school_id).values_list("province_id", flat=True))[0]
    return await notices_addressed_to(graduate, province_id, Notice.filter(id=notice.id)).exists()


def manages_fairs(viewer: Viewer, school_id: int) -> bool:
    """Issue 12 §2: a campus job fair is the school's (its career centre's), so its school admins create, edit,
    publish and cancel it and decide employers' applications; department reviewers read them only."""
    return viewer.role is Role.SCHOOL_ADMIN and viewer.school_id == school_id


def reads_school_fairs(viewer: Viewer, school_id: int) -> bool:
    """The school's staff (admins and department reviewers) read its fairs in any state, and nobody else's."""
    return viewer.role in (Role.SCHOOL_ADMIN, Role.DEPARTMENT_REVIEWER) and viewer.school_id == school_id


def scope_fairs_for_staff(viewer: Viewer, qs: QuerySet) -> QuerySet:
    if viewer.role in (Role.SCHOOL_ADMIN, Role.DEPARTMENT_REVIEWER):
        return qs.filter(school_id=viewer.school_id)
    return qs.filter(id=-1)


def sees_fair(viewer: Viewer, fair: JobFair) -> bool:
    """Staff of its school always; once published (a cancelled one included, so its cancellation can be read),
    employers of any school and the school's own graduates; a draft nobody else."""
    if reads_school_fairs(viewer, fair.school_id):
        return True
    if fair.published_at is None:
        return False
    if viewer.role is Role.EMPLOYER:
        return True
    return viewer.role is Role.GRADUATE and viewer.school_id == fair.school_id


async def can_view_fair_row(viewer: Viewer, obj: Any) -> bool:
    if isinstance(obj, JobFair):
        return sees_fair(viewer, obj)
    if isinstance(obj, FairApplication):
        return owns_employer_row(viewer, obj) or reads_school_fairs(viewer, obj.school_id)
    if viewer.role is Role.GRADUATE:
        return obj.graduate_id == viewer.id
    # A registration names a graduate: staff see it as they see the graduate (R2), not as they see the fair.
    graduate = await Graduate.get(id=obj.graduate_id)
    school_id = (await JobFair.filter(id=obj.fair_id).values_list("school_id", flat=True))[0]
    return reads_school_fairs(viewer, school_id) and staff_covers(viewer, graduate.school_id, graduate.department_id)


def scope_fair_registrations(viewer: Viewer, qs: QuerySet) -> QuerySet:
    """The registrations of one fair the viewer's school holds, narrowed to a department reviewer's graduates."""
    if viewer.role is Role.DEPARTMENT_REVIEWER:
        return qs.filter(graduate__department_id=viewer.department_id)
    if viewer.role is Role.SCHOOL_ADMIN:
        return qs
    return qs.filter(id=-1)


def can_view_recommendation_form(viewer: Viewer, form: Any) -> bool:
    """Issue 12 §4: the graduate their own form; the reviewer of their department and their school's admin (R2),
    who review it and hand out the approved PDF. Not the province, not an employer."""
    if viewer.role is Role.GRADUATE:
        return form.graduate_id == viewer.id
    return staff_covers(viewer, form.school_id, form.department_id)
