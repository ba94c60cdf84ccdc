"""Agreement numbers: year + school code + six-digit sequence, e.g. 202610363000001 (readable, unique).

The sequence row is taken with SELECT ... FOR UPDATE on PostgreSQL; the unique constraint on
agreement.number is the last guard everywhere.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models import AgreementSequence, School


async def next_number(school: School, year: int) -> str:
    row = await AgreementSequence.select_for_update().get_or_none(school_id=school.id, year=year)
    if row is None:
        try:
            row = await AgreementSequence.create(school_id=school.id, year=year, last_value=0)
        except IntegrityError:
            row = await AgreementSequence.select_for_update().get(school_id=school.id, year=year)
    await AgreementSequence.filter(id=row.id).update(last_value=F("last_value") + 1)
    await row.refresh_from_db(fields=["last_value"])
    return f"{year}{school.code}{row.last_value:06d}"
