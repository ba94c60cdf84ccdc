"""S2: a registered employer identifies the graduate and invites them for one of its positions.

Identification answers only "one record matches" or "no": with the per-employer rate limit it cannot be
used to guess ID numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from models import Employer, Graduate, Position, SigningInvitation
from resolvers import authz, names, throttle
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.identity.principal import fits
from resolvers.signing import invitations
from resolvers.viewer import Role
from server import crypto
from server.settings import get_settings


async def identify(ctx: Context, school_id: int, name: str, student_number: str, id_number: str) -> Graduate:
    """Runs outside the mutation's transaction: a failed attempt must stay counted when the mutation fails.
    A success gives its slot back but does not clear the counter, so a known identity cannot be used to reset
    it between guesses."""
    max_failures = get_settings().login_max_failures
    # Per employer, per client address (a new account does not start afresh) and per record (many addresses
    # and accounts guessing one graduate's ID number still get only a few tries).
    attempt = await throttle.begin(
        ctx, throttle.Limit(throttle.identification_key(ctx.viewer.id), max_failures),
        throttle.Limit(throttle.identified_record_key(school_id, student_number), max_failures),
        throttle.client(ctx), trace=throttle.Trace(AuditAction.EMPLOYER_IDENTIFICATION_FAILED,
                        AuditAction.EMPLOYER_IDENTIFICATION_LOCKED, "employer", ctx.viewer.id))
    student_number = (student_number or "").strip()
    found = await Graduate.filter(school_id=school_id, student_number=student_number,
                                  id_number_hash=crypto.lookup_hash(id_number or "")).order_by("-graduation_year") \
        if fits(Graduate, "student_number", student_number) else []
    matches = [g for g in found if names.same(g.name, name)]
    # B3: a person may have several records; the current graduation year's is the one to sign.
    current = [g for g in matches if g.graduation_year == matches[0].graduation_year] if matches else []
    if len(current) != 1:
        await attempt.failed()
        raise DomainError(ErrorCode.IDENTITY_MISMATCH, "未找到与所填姓名、学号、身份证号一致的毕业生", "graduate")
    await attempt.succeeded()
    return current[0]


async def owned_position(ctx: Context, position_id: int) -> Position:
    position = await Position.get_or_none(id=position_id)
    if position is None or not authz.owns_position(ctx.viewer, position):
        raise DomainError(ErrorCode.NOT_FOUND, field="positionId")
    return position


async def send(ctx: Context, position_id: int, school_id: int, name: str, student_number: str, id_number: str,
               terms_input: Any, deadline: dt.datetime | None) -> SigningInvitation:
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    position = await owned_position(ctx, position_id)
    graduate = await identify(ctx, school_id, name, student_number, id_number)
    async with in_transaction():
        return await invitations.send(ctx, graduate_id=graduate.id, employer=await Employer.get(id=ctx.viewer.id),
                                      method="direct", terms_input=terms_input, deadline=deadline, position=position)
