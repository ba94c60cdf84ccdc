"""Issue 9 point 5: the first signings of a school race to create its numbering row. The loser of that race used
to catch the unique violation and read the row again in the same PostgreSQL transaction, which PostgreSQL had
already aborted: "current transaction is aborted, commands ignored until end of transaction block". Now the
number is taken by one upsert, so every racer signs, and the numbers are 1..N without a gap or a repeat."""

import asyncio

import pytest

from models import Agreement, AgreementSequence
from resolvers.signing import acceptance
from resolvers.viewer import Role
from tests import factories

RACERS = 12


@pytest.mark.postgres_only
async def test_i9_5_first_signings_of_a_school_race_to_number_without_an_aborted_transaction(world):
    school = await factories.school("10999", "并发测试大学", world.province)
    dept, major = await factories.department(school, "01", "第一学院")
    invitations = []
    for i in range(RACERS):
        graduate = await factories.graduate(school, dept, major, student_number=f"99{i:04d}", name=f"并发{i}",
                                            idn=factories.id_number(serial=500 + i))
        await factories.ready_to_sign(graduate)
        invitation = await factories.pending_invitation(graduate, world.employer)
        await acceptance.accept(factories.as_viewer(Role.GRADUATE, graduate), invitation.id, False)
        invitations.append((graduate, invitation))
    assert not await AgreementSequence.filter(school_id=school.id).exists()

    async def sign(graduate, invitation):
        return await acceptance.accept(factories.as_viewer(Role.GRADUATE, graduate), invitation.id, True)

    results = await asyncio.gather(*(sign(g, i) for g, i in invitations), return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    numbers = sorted(a.number for a in await Agreement.filter(school_id=school.id))
    assert numbers == [f"202610999{n:06d}" for n in range(1, RACERS + 1)]
    assert sorted(agreement.number for _, agreement in results) == numbers
