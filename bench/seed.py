"""Seeding: one of each row through the production code (tests/factories.py), then bulk copies of it."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from bench.database import clone
from models import Graduate, School
from resolvers.viewer import Role
from server.auth import issue_token
from tests import factories


@dataclass
class World:
    accept_graduate: int  # a graduate ready to sign (S0 met), with a pending invitation
    accept_invitation: int
    review_graduate: int  # a graduate of the two-level school whose agreement waits for the department
    review_agreement: int
    review_departments: list[int]
    reviewer_token: str  # the department reviewer of review_departments[0]
    employer_id: int


async def world(departments: int = 14) -> World:
    province = await factories.Province.create(code="34", name="安徽省")
    school = await factories.school("10363", "安徽工程大学", province)
    dept, major = await factories.department(school, "07", "计算机与信息学院")
    employer = await factories.employer()
    # A first signing creates the school's numbering row, as in production after the first day.
    await factories.signed_agreement(await factories.graduate(school, dept, major, student_number="TPL-A0"), employer)
    graduate = await factories.ready_to_sign(
        await factories.graduate(school, dept, major, student_number="TPL-A"))
    invitation = await factories.pending_invitation(graduate, employer, days=30)

    review_school: School = await factories.school("10370", "安徽师范大学", province, review_levels=2)
    pairs = [await factories.department(review_school, f"{n:02d}", f"学院{n}") for n in range(1, departments + 1)]
    reviewed: Graduate = await factories.graduate(review_school, *pairs[0], student_number="TPL-R")
    agreement, _ = await factories.signed_agreement(reviewed, employer)
    reviewer = await factories.staff("bench-reviewer", Role.DEPARTMENT_REVIEWER, school=review_school,
                                     department=pairs[0][0])
    return World(graduate.id, invitation.id, reviewed.id, agreement.id, [d.id for d, _ in pairs],
                 factories.token(Role.DEPARTMENT_REVIEWER, reviewer), employer.id)


async def graduates(conn: asyncpg.Connection, template: int, prefix: str, count: int,
                    departments: list[int] | None = None) -> int:
    """`count` copies of a graduate, student numbers `prefix` + n, spread over `departments` if given."""
    overrides = {"student_number": "$2 || s.g", "id_number_hash": "md5($2 || s.g)"}
    args: tuple = (prefix,)
    if departments:
        majors = [r["id"] for r in [await conn.fetchrow("SELECT id FROM major WHERE department_id = $1 "
                                                        "ORDER BY id LIMIT 1", d) for d in departments]]
        overrides |= {"department_id": "($3::int[])[1 + s.g % cardinality($3::int[])]",
                      "major_id": "($4::int[])[1 + s.g % cardinality($4::int[])]"}
        args += (departments, majors)
    return await clone(conn, "graduate", template, source=f"generate_series(1, ${len(args) + 2}) s(g)",
                       overrides=overrides, args=(*args, count))


async def invitations(conn: asyncpg.Connection, template: int, prefix: str) -> int:
    """A copy of the invitation for every graduate whose student number starts with `prefix`."""
    return await clone(conn, "signing_invitation", template,
                       source="graduate s", where="s.student_number LIKE $2 || '%'",
                       overrides={"graduate_id": "s.id"}, args=(prefix,))


async def acceptance_pool(conn: asyncpg.Connection, w: World, prefix: str, count: int) -> list[tuple[int, str]]:
    """`count` graduates ready to sign with one pending invitation each: (invitation id, graduate's token)."""
    await graduates(conn, w.accept_graduate, prefix, count)
    await invitations(conn, w.accept_invitation, prefix)
    rows = await conn.fetch("SELECT i.id, g.id AS graduate_id, g.session_version FROM signing_invitation i "
                            "JOIN graduate g ON g.id = i.graduate_id WHERE g.student_number LIKE $1 || '%' "
                            "ORDER BY i.id", prefix)
    return [(r["id"], issue_token(Role.GRADUATE, r["graduate_id"], r["session_version"])) for r in rows]


async def review_queue(conn: asyncpg.Connection, w: World, graduates_total: int, pending: int) -> None:
    """`graduates_total` graduates over the departments, `pending` of them with a signed agreement whose review
    waits for the department (as `signedAgreement` leaves it), each with its accepted invitation."""
    await graduates(conn, w.review_graduate, "RV", pending, w.review_departments)
    await graduates(conn, w.review_graduate, "RN", graduates_total - pending, w.review_departments)
    tpl = await conn.fetchrow("SELECT invitation_id FROM agreement WHERE id = $1", w.review_agreement)
    await invitations(conn, tpl["invitation_id"], "RV")
    await clone(conn, "agreement", w.review_agreement,
                source="signing_invitation s JOIN graduate g ON g.id = s.graduate_id",
                where="g.student_number LIKE 'RV%'",
                overrides={"graduate_id": "g.id", "active_graduate_id": "g.id", "department_id": "g.department_id",
                           "invitation_id": "s.id", "number": "'B' || g.id",
                           "signed_at": "t.signed_at - (g.id || ' seconds')::interval"})
    review = await conn.fetchval("SELECT id FROM review WHERE subject_type = 'agreement' AND subject_id = $1",
                                 w.review_agreement)
    await clone(conn, "review", review, source="agreement s", where="s.number LIKE 'B%'",
                overrides={"subject_id": "s.id", "graduate_id": "s.graduate_id", "department_id": "s.department_id",
                           "submitted_at": "s.signed_at"})
    # VACUUM as autovacuum does after a large insert (PostgreSQL 13+): rows written in bulk a moment ago are not
    # yet marked all-visible, and until they are, a count cannot be answered from the index alone.
    await conn.execute("VACUUM (ANALYZE) review")
    await conn.execute("ANALYZE")
