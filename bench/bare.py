"""The yardstick: a bare Starlette + asyncpg handler doing the acceptance transaction the product does
(resolvers/signing/acceptance.py), with no GraphQL and no ORM.

Opening (confirm false): read the invitation with its graduate, set `confirmation_opened_at` if still pending,
one audit entry. Signing (confirm true): lock the graduate row, read the invitation again under the lock, check
the confirmation window and that no agreement is active, accept the invitation, insert the agreement with frozen
terms and its number, register the destination, open the review, write the four audit entries and the two outbox
events, commit: eight statements. The bearer token is verified as the product verifies it.

The one difference by design: the number's sequence part comes from a PostgreSQL sequence, not from the school's
numbering row locked until commit, which serialises every signing of a school (issue 9 names both ways out);
this handler is the yardstick of what the transaction can do, not a copy of today's bottleneck.

    WQ_BENCH_DSN=postgresql://... uvicorn bench.bare:app --port 8101
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from models import codes
from server.auth import decode_token

WINDOW = dt.timedelta(seconds=60)
_pool: asyncpg.Pool | None = None

_AUDIT = ("INSERT INTO audit_entry (actor_kind, actor_id, actor_name, action, subject_type, subject_id, school_id, "
          "department_id, before, after, reason, client_ip, request_id, created_at) VALUES ")
_AUDIT_ROW = "('graduate', ${a}, ${n}, ${act}, ${st}, ${sid}, ${sc}, ${d}, ${b}, ${af}, ${r}, ${ip}, '', ${now})"


def _audit_sql(rows: int) -> str:
    # Positional parameters of one multi-row INSERT: 11 per row, plus `now` and the shared ones.
    parts = []
    for k in range(rows):
        o = 5 + k * 7
        parts.append(_AUDIT_ROW.format(a=1, n=2, act=o, st=o + 1, sid=o + 2, sc=3, d=4, b=o + 3, af=o + 4,
                                       r=o + 5, ip=o + 6, now=5 + rows * 7))
    return _AUDIT + ", ".join(parts)


_AUDIT1 = _audit_sql(1)
_AUDIT4 = _audit_sql(4)


def _may_accept(graduate, invitation, now: dt.datetime) -> bool:
    """S0, S11 and S4 as resolvers/signing/eligibility.py checks them (the school's signing-opens date aside)."""
    return (not graduate["bound"] and graduate["training_mode"] == codes.NON_DIRECTED
            and graduate["destination_type"] == codes.AWAITING_EMPLOYMENT
            and graduate["origin_confirmed_at"] is not None and invitation["deadline"] > now)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@contextlib.asynccontextmanager
async def _lifespan(_app):
    global _pool
    _pool = await asyncpg.create_pool(os.environ["WQ_BENCH_DSN"], min_size=4, max_size=16)
    # Numbers from a sequence: no row lock serialises a school's signings. Far above the product's numbers, which
    # the same school takes from its numbering row in the same run.
    await _pool.execute("CREATE SEQUENCE IF NOT EXISTS bench_agreement_number START 500000")
    yield
    await _pool.close()


async def accept(request: Request) -> JSONResponse:
    claims = decode_token((request.headers.get("authorization") or "").removeprefix("Bearer "))
    if not claims or not claims["sub"].startswith("graduate:"):
        return JSONResponse({"error": "unauthenticated"}, status_code=401)
    graduate_id = int(claims["sub"].split(":")[1])
    body = await request.json()
    invitation_id, confirm = int(body["invitationId"]), bool(body["confirm"])
    ip = request.client.host if request.client else ""
    now = dt.datetime.now(dt.UTC)
    assert _pool is not None
    async with _pool.acquire() as conn, conn.transaction():
        if not confirm:
            row = await conn.fetchrow(
                "SELECT i.state, i.school_id, i.confirmation_opened_at, i.deadline, g.department_id, g.name, "
                "g.session_version, g.training_mode, g.destination_type, g.origin_confirmed_at, "
                "EXISTS (SELECT 1 FROM agreement a WHERE a.active_graduate_id = g.id) AS bound "
                "FROM signing_invitation i JOIN graduate g ON g.id = i.graduate_id "
                "WHERE i.id = $1 AND i.graduate_id = $2", invitation_id, graduate_id)
            if (row is None or row["session_version"] != claims["sv"] or row["state"] != "pending"
                    or not _may_accept(row, row, now)):
                return JSONResponse({"error": "refused"}, status_code=409)
            await conn.execute("UPDATE signing_invitation SET confirmation_opened_at = $2, updated_at = $2 "
                               "WHERE id = $1 AND state = 'pending'", invitation_id, now)
            await conn.execute(_AUDIT1, graduate_id, row["name"], row["school_id"], row["department_id"],
                               "signing_invitation.confirmation_opened", "signing_invitation", invitation_id,
                               _json({"confirmation_opened_at": row["confirmation_opened_at"]}),
                               _json({"confirmation_opened_at": now}), "", ip, now)
            return JSONResponse({"invitation": {"id": invitation_id, "state": "pending",
                                                "confirmationExpiresAt": (now + WINDOW).isoformat()}})
        g = await conn.fetchrow(
            "SELECT g.id, g.name, g.student_number, g.school_id, g.department_id, g.graduation_year, "
            "g.destination_type, g.destination_locked, g.origin_confirmed_at, g.session_version, g.training_mode, "
            "s.code AS school_code, "
            "s.review_levels, EXISTS (SELECT 1 FROM agreement a WHERE a.active_graduate_id = g.id) AS bound "
            "FROM graduate g JOIN school s ON s.id = g.school_id WHERE g.id = $1 FOR UPDATE OF g", graduate_id)
        i = await conn.fetchrow(
            "SELECT i.*, e.name AS employer_name, e.uscc FROM signing_invitation i JOIN employer e "
            "ON e.id = i.employer_id WHERE i.id = $1 AND i.graduate_id = $2", invitation_id, graduate_id)
        opened = i and i["confirmation_opened_at"]
        if (g is None or i is None or g["session_version"] != claims["sv"] or not _may_accept(g, i, now)
                or i["state"] != "pending" or not opened or now - opened > WINDOW):
            return JSONResponse({"error": "refused"}, status_code=409)
        await conn.execute("UPDATE signing_invitation SET state = 'accepted', answered_at = $2, updated_at = $2 "
                           "WHERE id = $1 AND state = 'pending'", invitation_id, now)
        terms = {"partyA": {"name": g["name"], "studentNumber": g["student_number"]},
                 "partyB": {"name": i["employer_name"], "uscc": i["uscc"]},
                 "articles": {k: i[k] for k in ("position_title", "job_category", "work_location_code",
                                                "work_location_name", "monthly_salary", "probation_months",
                                                "contract_years", "report_date", "breach_terms", "other_terms")}}
        agreement_id, number = await conn.fetchrow(
            "INSERT INTO agreement (number, graduate_id, employer_id, school_id, department_id, invitation_id, "
            "active_graduate_id, method, state, terms, returned_fields, signed_at, print_count, version, "
            "document_version, created_at, updated_at) "
            "VALUES ($1 || lpad(nextval('bench_agreement_number')::text, 6, '0'), $2, $3, $4, $5, $6, $2, "
            "'online', 'awaiting_review', $7, '[]', $8, 0, 1, 0, $8, $8) RETURNING id, number",
            f"{g['graduation_year']}{g['school_code']}", graduate_id, i["employer_id"], g["school_id"],
            g["department_id"], invitation_id, _json(terms), now)
        await conn.execute("UPDATE graduate SET destination_type = '10', destination_locked = true, updated_at = $2 "
                           "WHERE id = $1", graduate_id, now)
        review_state = "pending_department" if g["review_levels"] == 2 else "pending_school"
        review_id = await conn.fetchval(
            "INSERT INTO review (subject_type, subject_id, round, school_id, department_id, graduate_id, employer_id, "
            "state, submitted_at, created_at, updated_at) VALUES ('agreement', $1, 1, $2, $3, $4, $5, $6, $7, $7, $7) "
            "RETURNING id", agreement_id, g["school_id"], g["department_id"], graduate_id, i["employer_id"],
            review_state, now)
        await conn.execute(
            _AUDIT4, graduate_id, g["name"], g["school_id"], g["department_id"],
            "signing_invitation.accepted", "signing_invitation", invitation_id, _json({"state": "pending"}),
            _json({"state": "accepted", "answered_at": now}), "", ip,
            "agreement.signed", "agreement", agreement_id, None,
            _json({"number": number, "state": "awaiting_review", "invitation_id": invitation_id}), "", ip,
            "graduate.destination_registered", "graduate", graduate_id,
            _json({"destination_type": g["destination_type"], "destination_locked": g["destination_locked"]}),
            _json({"destination_type": "10", "destination_locked": True}),
            "网上签约，自动登记毕业去向为签就业协议形式就业", ip, "review.opened", "review", review_id, None,
            _json({"subject_type": "agreement", "subject_id": agreement_id, "round": 1, "state": review_state}), "",
            ip, now)
        await conn.execute(
            "INSERT INTO outbox_event (kind, subject_type, subject_id, school_id, department_id, graduate_id, "
            "employer_id, payload, created_at, attempts, last_error) VALUES "
            "('invitation.answered', 'signing_invitation', $1, $3, $4, $5, $6, $7, $9, 0, ''), "
            "('review.requested', 'review', $2, $3, $4, $5, $6, $8, $9, 0, '')",
            invitation_id, review_id, g["school_id"], g["department_id"], graduate_id, i["employer_id"],
            _json({"invitationId": invitation_id, "state": "accepted", "graduateId": graduate_id,
                   "graduateName": g["name"], "positionTitle": i["position_title"], "agreementId": agreement_id,
                   "agreementNumber": number}),
            _json({"reviewId": review_id, "subjectType": "agreement", "subjectId": agreement_id, "round": 1,
                   "state": review_state, "graduateId": graduate_id, "graduateName": g["name"]}), now)
    return JSONResponse({"invitation": {"id": invitation_id, "state": "accepted"},
                         "agreement": {"id": agreement_id, "number": number, "state": "awaiting_review"}})


app = Starlette(routes=[Route("/accept", accept, methods=["POST"])], lifespan=_lifespan)
