"""X3: every change a teacher makes to a graduate's signing, destination or origin record raises record.changed
with what changed, in words: review decisions at each level, an agreed termination, an unlock, an accepted
correction, an unbinding by the school."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Agreement, OutboxEvent
from notifications.templates import TEMPLATES
from resolvers import outbox
from resolvers.origin.corrections import decide_correction, request_correction
from resolvers.outbox import EventKind
from resolvers.viewer import Role
from schema.relay import encode_id
from server import crypto
from tests import factories
from tests.test_unlock import unlock


async def _changed(graduate_id: int) -> list[tuple[str, list[str]]]:
    events = await OutboxEvent.filter(kind="record.changed", graduate_id=graduate_id).order_by("id")
    return [(e.payload["change"], e.payload["changes"]) for e in events]


async def test_x3_review_decisions_say_what_changed(world):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "approve")
    await factories.decide(review, "reject", reason="单位名称有误")
    assert await _changed(world.alice.id) == [
        ("agreement_advanced", ["就业协议审核：待院系初审 → 待学校终审"]),
        ("agreement_reject", ["就业协议审核：待学校终审 → 审核不通过",
                              f"就业协议 {agreement.number}：签约成功，待学校审核 → 审核不通过",
                              "毕业去向：签就业协议形式就业 → 待就业"]),
    ]
    _, bobs = await factories.signed_agreement(world.bob, world.employer)
    await factories.decide(bobs, "approve")
    await factories.decide(bobs, "return", reason="月薪有误", fields_to_fix=["monthlySalary"])
    assert (await _changed(world.bob.id))[-1][1][1:] == [
        f"就业协议 {(await Agreement.get(id=bobs.subject_id)).number}：签约成功，待学校审核 → 退回修改"]


async def test_x3_an_agreed_termination_says_the_agreement_ended_and_the_destination_was_freed(world):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    _, review = await factories.termination(agreement)
    await factories.approve(review)
    change, lines = (await _changed(world.alice.id))[-1]
    assert change == "termination_approve"
    assert lines == ["解约申请审核：待学校终审 → 审核通过", f"就业协议 {agreement.number}：审核通过 → 已解约",
                     "毕业去向：签就业协议形式就业 → 待就业"]
    event = await OutboxEvent.filter(kind="record.changed").order_by("-id").first()
    message = TEMPLATES[EventKind.RECORD_CHANGED](outbox.loaded(EventKind.RECORD_CHANGED, event.payload))
    assert (f"变更内容：解约申请审核：待学校终审 → 审核通过；就业协议 {agreement.number}：审核通过 → 已解约；"
            in message.body)
    assert "变更内容" not in message.sms  # the SMS stays short and sends the graduate to the app


async def test_x3_an_unlock_says_which_agreement_was_voided_and_what_the_destination_became(world, gql):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    await unlock(gql, world.tokens["admin"], world.alice)
    assert (await _changed(world.alice.id))[-1] == ("unlock", [
        f"就业协议 {agreement.number}：解锁作废", "毕业去向：签就业协议形式就业 → 待就业",
        "毕业去向锁定：已锁定 → 已解锁"])


async def test_x3_an_accepted_correction_says_the_value_before_and_after_with_id_numbers_masked(world):
    alice = factories.as_viewer(Role.GRADUATE, world.alice)
    reviewer = factories.as_viewer(Role.DEPARTMENT_REVIEWER, world.cs_reviewer)
    new_id = factories.id_number(serial=11)
    for field, value in (("name", "陈小明"), ("gender", "2"), ("id_number", new_id)):
        async with in_transaction():
            row = await request_correction(alice, field, value, "学校导入有误")
        async with in_transaction():
            await decide_correction(reviewer, row.id, True, None)
    old_id = factories.id_number(serial=3)
    assert [lines for _, lines in await _changed(world.alice.id)] == [
        ["姓名：陈晓明 → 陈小明"], ["性别：男 → 女"],
        [f"身份证号码：{crypto.mask_id_number(old_id)} → {crypto.mask_id_number(new_id)}"]]


async def test_x3_an_unbinding_by_the_school_says_the_wechat_binding_went(world, gql):
    from models import Graduate

    await Graduate.filter(id=world.alice.id).update(openid="o-alice")
    r = await gql("mutation($id: ID!) { unbindWechat(input: {graduateId: $id}) { errors { code } } }",
                  {"id": encode_id("Graduate", world.alice.id)}, token=world.tokens["admin"])
    assert r["data"]["unbindWechat"]["errors"] == []
    assert await _changed(world.alice.id) == [("wechat_unbound", ["微信绑定：已绑定 → 未绑定"])]
