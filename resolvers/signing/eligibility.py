"""S0 and S6: whether a graduate may be invited or sign, in one place for every method and for acceptance."""

from __future__ import annotations

import datetime as dt

from models import Agreement, Graduate, SigningInvitation, codes
from resolvers.errors import DomainError, ErrorCode


async def ensure_no_active_agreement(graduate: Graduate) -> None:
    """S5: while an agreement binds the graduate, other invitations may be read but not answered."""
    if await Agreement.filter(active_graduate_id=graduate.id).exists():
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT)


async def ensure_eligible(graduate: Graduate) -> None:
    """S0. The active agreement comes first: once signed the destination is no longer "awaiting employment",
    and the graduate must learn the real reason."""
    await ensure_no_active_agreement(graduate)
    if graduate.training_mode != codes.NON_DIRECTED:
        raise DomainError(ErrorCode.DIRECTED_TRAINING)
    if graduate.destination_type != codes.AWAITING_EMPLOYMENT:
        raise DomainError(ErrorCode.NOT_AWAITING_EMPLOYMENT)
    if graduate.origin_confirmed_at is None:
        raise DomainError(ErrorCode.ORIGIN_NOT_CONFIRMED)


async def ensure_not_pending(employer_id: int, graduate_id: int, now: dt.datetime) -> None:
    """S6. An invitation past its deadline counts as expired even before the sweep has marked it."""
    if await SigningInvitation.filter(employer_id=employer_id, graduate_id=graduate_id, state="pending",
                                      deadline__gt=now).exists():
        raise DomainError(ErrorCode.INVITATION_PENDING)
