"""S0, S6 and S11: who may be invited and who may accept, in one place for every method and for acceptance.

S0 read as DOMAIN.md states it: a graduate RECEIVES invitations whatever their destination or signing state
(seed 003 §4 note, 004 §3.2(2)); only ACCEPTING requires no active agreement, "awaiting employment" and a
confirmed origin record. Directed/commissioned training is not a state but the record's fixed kind: such a
graduate can never sign online (D5 leaves them only the directed/commissioned supplement), so an invitation
to them is refused at sending too, and the employer learns it at once instead of waiting for an answer that
cannot come.
"""

from __future__ import annotations

import datetime as dt

from models import Agreement, Graduate, School, SigningInvitation, codes
from resolvers.errors import DomainError, ErrorCode
from resolvers.school_dates import label, signing_opens
from server import clock


async def ensure_no_active_agreement(graduate: Graduate) -> None:
    """S5: while an agreement binds the graduate, other invitations may be read but not answered."""
    if await Agreement.filter(active_graduate_id=graduate.id).exists():
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT)


def ensure_may_sign_online(graduate: Graduate) -> None:
    if graduate.training_mode != codes.NON_DIRECTED:
        raise DomainError(ErrorCode.DIRECTED_TRAINING)


async def ensure_may_receive(graduate: Graduate, employer_id: int, now: dt.datetime) -> None:
    """Sending (S0, S6): only the training mode and the employer's own pending invitation stand in the way."""
    ensure_may_sign_online(graduate)
    await ensure_not_pending(employer_id, graduate.id, now)


async def ensure_may_accept(graduate: Graduate, school: School | None = None) -> School:
    """S0 then S11. The active agreement comes first: once signed the destination is no longer "awaiting
    employment", and the graduate must learn the real reason; the signing date last, as it passes by itself.
    Returns the graduate's school (read here unless the caller has it) for the caller's next steps."""
    await ensure_may_hold_agreement(graduate)
    school = school or await School.get(id=graduate.school_id)
    opens = signing_opens(school, graduate.graduation_year)
    if clock.today() < opens:
        raise DomainError(ErrorCode.SIGNING_NOT_OPEN, f"学校规定 {label(opens)}起方可接受签约邀请")
    return school


async def ensure_may_hold_agreement(graduate: Graduate) -> None:
    """S0 without the signing date: what accepting an invitation and entering an offline or paper agreement
    (F1, F2) both require. Seed 004 §6.1: directed/commissioned graduates may do neither."""
    await ensure_no_active_agreement(graduate)
    ensure_may_sign_online(graduate)
    if graduate.destination_type != codes.AWAITING_EMPLOYMENT:
        raise DomainError(ErrorCode.NOT_AWAITING_EMPLOYMENT)
    if graduate.destination_locked:
        # D4: an approved registration (even 待就业's 求职中) is voided by the graduate before they sign.
        raise DomainError(ErrorCode.NOT_AWAITING_EMPLOYMENT, "已审核通过的毕业去向登记须先作废，方可签约")
    if graduate.origin_confirmed_at is None:
        raise DomainError(ErrorCode.ORIGIN_NOT_CONFIRMED)


async def ensure_not_pending(employer_id: int, graduate_id: int, now: dt.datetime) -> None:
    """S6. An invitation past its deadline counts as expired even before the sweep has marked it."""
    if await SigningInvitation.filter(employer_id=employer_id, graduate_id=graduate_id, state="pending",
                                      deadline__gt=now).exists():
        raise DomainError(ErrorCode.INVITATION_PENDING)
