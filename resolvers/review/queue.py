"""The reviewers' queues (R1, R2): what awaits the viewer's level, narrowed by the filters they choose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.queryset import QuerySet

from models import Agreement, Review
from resolvers import authz, raw_sql
from resolvers.viewer import Role, Viewer
from server import clock


@dataclass
class QueueFilter:
    subject_type: str | None = None
    state: str | None = None
    department_id: int | None = None
    submitted_from: dt.datetime | None = None
    submitted_to: dt.datetime | None = None
    employer_keyword: str | None = None
    agreement_method: str | None = None  # online | offline | paper: the agreement reviews of one method (R1, F)


def default_state(viewer: Viewer) -> str:
    """Without a state filter a reviewer sees what awaits their level."""
    return "pending_school" if viewer.role is Role.SCHOOL_ADMIN else "pending_department"


def review_queue(viewer: Viewer, f: QueueFilter) -> QuerySet[Review]:
    return scoped_reviews(viewer, f).filter(state=f.state or default_state(viewer))


def scoped_reviews(viewer: Viewer, f: QueueFilter) -> QuerySet[Review]:
    """The queue's rows in every state: what the live queue re-reads a changed row through (R2)."""
    qs = authz.scope_review_queue(viewer, Review.all())
    if f.subject_type:
        qs = qs.filter(subject_type=f.subject_type)
    if f.department_id is not None:
        qs = qs.filter(department_id=f.department_id)
    if f.submitted_from:
        qs = qs.filter(submitted_at__gte=_stored_zone(f.submitted_from))
    if f.submitted_to:
        qs = qs.filter(submitted_at__lte=_stored_zone(f.submitted_to))
    if f.agreement_method:
        # One subquery: the queue's page and count stay a fixed number of statements.
        qs = qs.filter(subject_type="agreement",
                       subject_id__in=Subquery(Agreement.filter(method=f.agreement_method).values("id")))
    keyword = (f.employer_keyword or "").strip()
    if keyword:
        qs = qs.filter(Q(employer__name__icontains=keyword) | Q(employer__uscc__icontains=keyword)
                       | Q(subject_type="agreement", employer_id=None,
                           subject_id__in=Subquery(_unregistered_party_b(viewer, keyword))))
    return qs


def _party_b(key: str) -> RawSQL:
    """The employer's `key` as frozen in the agreement's terms (resolvers/signing/agreement_terms.party_b)."""
    if raw_sql.dialect() == "postgres":
        return RawSQL(f"\"terms\"->'partyB'->>'{key}'")
    return RawSQL(f"json_extract(\"terms\", '$.partyB.{key}')")


def _unregistered_party_b(viewer: Viewer, keyword: str) -> QuerySet[Agreement]:
    """Agreements whose employer is on the platform under no account of its own (F1/F2 with a USCC and name that
    match no registered employer): the name and USCC the graduate entered live only in the frozen terms. One
    subquery, so the queue's page and count stay a fixed number of statements."""
    agreements = Agreement.filter(employer_id=None)
    if viewer.school_id is not None:
        agreements = agreements.filter(school_id=viewer.school_id)
    return (agreements.annotate(party_b_name=_party_b("name"), party_b_uscc=_party_b("uscc"))
            .filter(Q(party_b_name__icontains=keyword) | Q(party_b_uscc__icontains=keyword)).values("id"))


def _stored_zone(value: dt.datetime) -> dt.datetime:
    """A time without a zone is school (Beijing) time."""
    return clock.aware(value)
