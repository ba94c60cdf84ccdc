"""Issue 8.2 (last paragraph) and X3: every change that alters a queue or an inbox raises its event, and the
fan-out puts it in the right people's inbox.

- a review closed because its subject went away (a termination withdrawn, an agreement voided by an unlock)
  tells the reviewers whose queue held it;
- S4 expiry tells the graduate as well as the employer;
- a department's approval (R2) tells the graduate and the employer the school decides next;
- a graduate freed (S10 rejection, T4 termination approved, T5 unlock) is told their pending invitations are
  answerable again;
- every decision a teacher makes on a graduate's signing or record raises `record.changed` (X3).
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Notification, OutboxEvent, Review
from notifications import inbox
from resolvers.origin.corrections import decide_correction, request_correction, withdraw_correction
from resolvers.signing import expiry
from resolvers.termination.unlock import unlock_graduate
from resolvers.termination.withdraw import withdraw_termination
from resolvers.viewer import Role
from tests import factories


async def _inbox(kind: str) -> set[tuple[str, int]]:
    await inbox.fan_out_pending()
    rows = await Notification.filter(kind=kind).values_list("recipient_kind", "recipient_id")
    return set(rows)


async def _changes(graduate_id: int) -> list[str]:
    events = await OutboxEvent.filter(kind="record.changed", graduate_id=graduate_id).order_by("id")
    return [e.payload["change"] for e in events]


def _staff(*rows) -> set[tuple[str, int]]:
    return {("staff", r.id) for r in rows}


async def _unlock(admin, graduate) -> None:
    async with in_transaction():
        await unlock_graduate(factories.as_viewer(Role.SCHOOL_ADMIN, admin), graduate.id, "用人单位已注销")


async def test_i8_a_withdrawn_termination_closes_its_review_and_tells_the_department_reviewers(world):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    termination, review = await factories.termination(agreement)
    await inbox.fan_out_pending()
    async with in_transaction():
        await withdraw_termination(factories.as_viewer(Role.GRADUATE, world.alice), termination.id)
    event = await OutboxEvent.get(kind="review.withdrawn")
    assert (event.payload["reviewId"], event.payload["previousState"]) == (review.id, "pending_department")
    assert (event.school_id, event.department_id) == (world.school.id, world.cs.id)
    assert await _inbox("review.withdrawn") == _staff(world.cs_reviewer)  # not law's, not the admin


async def test_i8_an_unlock_closes_a_school_level_review_and_tells_the_school_admins(world):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "approve")  # now in the school admin's queue
    await _unlock(world.admin, world.alice)
    assert (await Review.get(id=review.id)).state == "withdrawn"
    assert await _inbox("review.withdrawn") == _staff(world.admin)
    assert await _changes(world.alice.id) == ["agreement_advanced", "unlock"]


async def test_s4_expiry_tells_the_graduate_as_well_as_the_employer(world, clock):
    invitation = await factories.pending_invitation(world.alice, world.employer, days=1)
    clock.advance(days=1, seconds=1)
    assert await expiry.expire_due(clock.now()) == 1
    assert await _inbox("invitation.answered") == {("employer", world.employer.id)}
    assert await _inbox("invitation.expired") == {("graduate", world.alice.id)}
    body = (await Notification.get(kind="invitation.expired")).body
    assert world.employer.name in body and invitation.position_title in body and "逾期" in body


async def test_r2_a_department_approval_tells_the_graduate_and_the_employer_the_school_decides_next(world):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "approve")
    assert await _inbox("review.advanced") == {("graduate", world.alice.id), ("employer", world.employer.id)}
    notice = await Notification.get(kind="review.advanced", recipient_kind="graduate")
    assert agreement.number in notice.body and "学校终审" in notice.body
    requested = await OutboxEvent.filter(kind="review.requested").order_by("-id").first()
    assert requested.payload["previousState"] == "pending_department"
    assert _staff(world.admin) <= await _inbox("review.requested")


async def test_x3_every_teacher_decision_on_a_signing_raises_record_changed(world):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "approve")
    await factories.decide(review, "return", reason="月薪有误", fields_to_fix=["monthlySalary"])
    _, bobs = await factories.signed_agreement(world.bob, world.employer)
    await factories.decide(bobs, "reject", reason="单位名称有误")
    assert await _changes(world.alice.id) == ["agreement_advanced", "agreement_return"]
    assert await _changes(world.bob.id) == ["agreement_reject"]

    carols = await factories.approved_agreement(world.carol, world.employer)
    assert await _changes(world.carol.id) == ["agreement_advanced", "agreement_approve"]
    _, termination_review = await factories.termination(carols)
    await factories.decide(termination_review, "reject", reason="用人单位未盖章")
    _, termination_review = await factories.termination(carols)
    await factories.approve(termination_review)
    assert (await _changes(world.carol.id))[2:] == ["termination_reject", "termination_advanced",
                                                    "termination_approve"]
    event = await OutboxEvent.filter(kind="record.changed", graduate_id=world.carol.id).order_by("-id").first()
    assert event.payload["agreementNumber"] == carols.number
    assert ("graduate", world.carol.id) in await _inbox("record.changed")


async def test_x3_an_accepted_correction_raises_record_changed_and_a_withdrawn_one_tells_the_reviewers(world):
    alice = factories.as_viewer(Role.GRADUATE, world.alice)
    async with in_transaction():
        withdrawn = await request_correction(alice, "name", "陈小明", "学校导入有误")
    async with in_transaction():
        await withdraw_correction(alice, withdrawn.id)
    assert await _inbox("correction.withdrawn") == _staff(world.cs_reviewer, world.admin)
    async with in_transaction():
        accepted = await request_correction(alice, "name", "陈小明", "学校导入有误")
    async with in_transaction():
        await decide_correction(factories.as_viewer(Role.DEPARTMENT_REVIEWER, world.cs_reviewer), accepted.id,
                                True, None)
    assert await _changes(world.alice.id) == ["correction_accepted"]
    async with in_transaction():
        rejected = await request_correction(alice, "name", "陈晓鸣", "学校导入有误")
    async with in_transaction():
        await decide_correction(factories.as_viewer(Role.SCHOOL_ADMIN, world.admin), rejected.id, False, "无依据")
    assert await _changes(world.alice.id) == ["correction_accepted"]  # a rejection changes nothing


async def _waiting(graduate, employer_name: str, login: str):
    """A pending invitation the graduate can read but not answer while an agreement binds them (S5)."""
    employer = await factories.employer(name=employer_name, login_name=login)
    return await factories.pending_invitation(graduate, employer)


async def test_s10_t4_t5_a_freed_graduate_is_told_their_pending_invitations_are_answerable_again(world, clock):
    # S10: the school rejects alice's agreement.
    _, review = await factories.signed_agreement(world.alice, world.employer)
    waiting = await _waiting(world.alice, "芜湖星辰科技有限公司", "xingchen")
    lapsed = await factories.pending_invitation(world.alice, await factories.employer(name="过期单位", login_name="x2"),
                                                days=1)
    clock.advance(days=1, seconds=1)  # one of them lapses meanwhile: it is not answerable any more
    await factories.decide(review, "reject", reason="单位名称有误")
    event = await OutboxEvent.get(kind="invitation.answerable", graduate_id=world.alice.id)
    assert event.payload == {"graduateId": world.alice.id, "invitationIds": [waiting.id],
                             "cause": "agreement_rejected"}
    assert lapsed.id not in event.payload["invitationIds"]

    # T4: bob's termination is agreed.
    bobs = await factories.approved_agreement(world.bob, world.employer)
    bob_waiting = await _waiting(world.bob, "马鞍山钢铁股份有限公司", "magang")
    _, termination_review = await factories.termination(bobs)
    await factories.approve(termination_review)
    event = await OutboxEvent.get(kind="invitation.answerable", graduate_id=world.bob.id)
    assert (event.payload["invitationIds"], event.payload["cause"]) == ([bob_waiting.id], "termination_approved")

    # T5: carol is unlocked.
    await factories.signed_agreement(world.carol, world.employer)
    carol_waiting = await _waiting(world.carol, "合肥高新科技有限公司", "gaoxin")
    await _unlock(world.other_admin, world.carol)
    event = await OutboxEvent.get(kind="invitation.answerable", graduate_id=world.carol.id)
    assert (event.payload["invitationIds"], event.payload["cause"]) == ([carol_waiting.id], "unlock")

    assert await _inbox("invitation.answerable") == {("graduate", g.id) for g in (world.alice, world.bob, world.carol)}
    body = (await Notification.get(kind="invitation.answerable", recipient_id=world.alice.id)).body
    assert "1 份" in body and "重新答复" in body


async def test_s10_a_freed_graduate_without_pending_invitations_gets_no_such_notice(world):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "reject", reason="单位名称有误")
    assert not await OutboxEvent.filter(kind="invitation.answerable").exists()
