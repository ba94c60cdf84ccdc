"""Issue 12.7, paper agreement forms (F3, seed 002): once a graduate signs online the counsellor records the
paper form collected back; a reissue is recorded with its reason and voids the form held, so each graduate holds
one form; the graduate is told what changed (X3)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from models import AuditEntry, OutboxEvent, PaperForm
from schema.relay import encode_id
from tests import factories
from tests.sql_statements import statements

CONSOLE = Path(__file__).parent.parent / "frontend-contract/operations/console"
MINI = Path(__file__).parent.parent / "frontend-contract/operations/mini-program"
COLLECT = (CONSOLE / "RecordPaperFormCollected.graphql").read_text()
REISSUE = (CONSOLE / "ReissuePaperForm.graphql").read_text()
FORMS = (CONSOLE / "PaperForms.graphql").read_text()
MY_FORM = (MINI / "MyPaperForm.graphql").read_text()


async def _collect(gql, world, graduate, number, token="cs"):
    variables = {"input": {"graduateId": encode_id("Graduate", graduate.id), "number": number}}
    return (await gql(COLLECT, variables, token=world.tokens[token]))["data"]["recordPaperFormCollected"]


async def _reissue(gql, world, graduate, number, reason, token="admin"):
    variables = {"input": {"graduateId": encode_id("Graduate", graduate.id), "number": number, "reason": reason}}
    return (await gql(REISSUE, variables, token=world.tokens[token]))["data"]["reissuePaperForm"]


async def _my_form(gql, world, who):
    return (await gql(MY_FORM, token=world.tokens[who]))["data"]["myPaperForm"]


async def _forms(gql, world, token, **filter):
    r = await gql(FORMS, {"filter": filter or None}, token=world.tokens[token])
    return [(e["node"]["number"], e["node"]["state"]) for e in r["data"]["paperForms"]["edges"]]


def _codes(payload):
    return [(".".join(e["field"] or []) or None, e["code"]) for e in payload["errors"]]


async def _changed(graduate_id: int) -> list[tuple[str, list[str]]]:
    events = await OutboxEvent.filter(kind="record.changed", graduate_id=graduate_id).order_by("id")
    return [(e.payload["change"], e.payload["changes"]) for e in events]


async def test_i12_7_counsellor_records_the_form_collected_once_the_graduate_signs_online(world, gql):
    assert await _my_form(gql, world, "alice") is None
    refused = await _collect(gql, world, world.alice, "AH2026-0001")
    assert _codes(refused) == [("graduateId", "PAPER_FORM_NO_AGREEMENT")]
    assert "没有网签" in refused["errors"][0]["message"]

    agreement, _ = await factories.signed_agreement(world.alice, world.employer)
    payload = await _collect(gql, world, world.alice, " ah2026-0001 ")
    assert payload["errors"] == []
    form = payload["paperForm"]
    assert (form["number"], form["state"], form["stateLabel"], form["collectedByName"]) == (
        "AH2026-0001", "COLLECTED", "已回收", world.cs_reviewer.name)
    assert (await _my_form(gql, world, "alice"))["state"] == "COLLECTED"

    again = await _collect(gql, world, world.alice, "AH2026-0001", token="admin")
    assert _codes(again) == [(None, "INVALID_STATE")] and "已回收" in again["errors"][0]["message"]

    actions = await AuditEntry.filter(subject_type="paper_form").order_by("id").values_list("action", flat=True)
    assert actions == ["paper_form.recorded", "paper_form.collected"]
    assert await _changed(world.alice.id) == [
        ("paper_form_collected", ["纸质协议书 AH2026-0001：已发放 → 已回收"])]
    event = await OutboxEvent.get(kind="record.changed", graduate_id=world.alice.id)
    assert event.payload["agreementNumber"] == agreement.number


async def test_i12_7_a_reissue_needs_a_reason_and_voids_the_form_held(world, gql):
    for reason in ("", "   "):
        payload = await _reissue(gql, world, world.bob, "F-001", reason)
        assert _codes(payload) == [("reason", "REASON_REQUIRED")] and "补发" in payload["errors"][0]["message"]
    assert not await PaperForm.exists()

    first = await _reissue(gql, world, world.bob, "F-001", "遗失")
    assert first["errors"] == [] and (first["paperForm"]["state"], first["paperForm"]["reissueReason"]) == (
        "ISSUED", "遗失")
    second = await _reissue(gql, world, world.bob, "F-002", "损毁，无法使用", token="law")
    assert second["errors"] == []
    assert await PaperForm.filter(graduate_id=world.bob.id).order_by("id").values_list("number", "state") == [
        ("F-001", "voided"), ("F-002", "issued")]
    mine = await _my_form(gql, world, "bob")
    assert (mine["number"], mine["state"], mine["reissued"]) == ("F-002", "ISSUED", True)

    # A voided number names its form for good: a lost form turning up is known void.
    taken = await _reissue(gql, world, world.bob, "F-001", "遗失")
    assert _codes(taken) == [("number", "PAPER_FORM_NUMBER_TAKEN")]
    assert _codes(await _reissue(gql, world, world.alice, "F-002", "遗失")) == [("number", "PAPER_FORM_NUMBER_TAKEN")]

    assert (await _changed(world.bob.id))[-1] == ("paper_form_reissued", [
        "纸质协议书 F-001：已发放 → 已作废", "纸质协议书 F-002：空 → 补发（已发放）"])
    voided = await AuditEntry.get(action="paper_form.voided")
    assert (voided.reason, voided.before["state"], voided.after["state"]) == ("损毁，无法使用", "issued", "voided")


async def test_i12_7_a_graduate_signed_online_hands_the_form_back_rather_than_getting_another(world, gql):
    assert (await _reissue(gql, world, world.bob, "F-010", "遗失"))["errors"] == []
    await factories.signed_agreement(world.bob, world.employer)
    payload = await _reissue(gql, world, world.bob, "F-011", "遗失")
    assert _codes(payload) == [("graduateId", "PAPER_FORM_SIGNED_ONLINE")]

    wrong = await _collect(gql, world, world.bob, "F-999", token="law")
    assert _codes(wrong) == [("number", "PAPER_FORM_NUMBER_MISMATCH")] and "F-010" in wrong["errors"][0]["message"]
    right = await _collect(gql, world, world.bob, "F-010", token="law")
    assert right["errors"] == [] and right["paperForm"]["state"] == "COLLECTED"
    assert await PaperForm.filter(graduate_id=world.bob.id).count() == 1


async def test_i12_7_staff_list_forms_of_their_scope_collected_or_not(world, gql):
    await factories.signed_agreement(world.alice, world.employer)
    assert (await _collect(gql, world, world.alice, "A-1"))["errors"] == []
    assert (await _reissue(gql, world, world.bob, "B-1", "遗失"))["errors"] == []
    assert (await _reissue(gql, world, world.bob, "B-2", "遗失"))["errors"] == []

    assert await _forms(gql, world, "admin") == [("B-2", "ISSUED"), ("B-1", "VOIDED"), ("A-1", "COLLECTED")]
    assert await _forms(gql, world, "admin", collected=True) == [("A-1", "COLLECTED")]
    assert await _forms(gql, world, "admin", collected=False) == [("B-2", "ISSUED")]
    assert await _forms(gql, world, "admin", departmentId=encode_id("Department", world.law.id)) == [
        ("B-2", "ISSUED"), ("B-1", "VOIDED")]
    assert await _forms(gql, world, "cs") == [("A-1", "COLLECTED")]
    assert await _forms(gql, world, "law", collected=False) == [("B-2", "ISSUED")]
    assert await _forms(gql, world, "other_admin") == []

    # Another department's reviewer cannot record for the graduate (R2).
    payload = await _reissue(gql, world, world.alice, "A-2", "遗失", token="law")
    assert _codes(payload) == [("graduateId", "NOT_FOUND")]


async def test_i12_7_a_page_of_forms_costs_the_same_statements_whatever_its_size(world, gql):
    for n in range(4):
        graduate = await factories.graduate(world.school, world.cs, world.cs_major, student_number=f"32207019{n:02}",
                                             idn=factories.id_number(serial=20 + n))
        assert (await _reissue(gql, world, graduate, f"P-{n}", "遗失"))["errors"] == []

    async def cost(first: int) -> int:
        with statements() as seen:
            r = await gql(FORMS, {"first": first}, token=world.tokens["admin"])
        assert len(r["data"]["paperForms"]["edges"]) == first
        return len(seen)

    assert await cost(1) == await cost(4)


@pytest.mark.postgres_only
async def test_i12_7_racing_records_leave_one_form_per_graduate(world, gql):
    """Ten teachers reissue at once: taken one after another, each voids the form before it; then ten collect at
    once after the graduate signs online: one is recorded, the rest find it collected already."""
    results = await asyncio.gather(*(_reissue(gql, world, world.bob, f"R-{i}", "遗失", token=("admin", "law")[i % 2])
                                     for i in range(10)))
    assert all(r["errors"] == [] for r in results)
    assert await PaperForm.filter(graduate_id=world.bob.id, state="issued").count() == 1
    assert await PaperForm.filter(graduate_id=world.bob.id, state="voided").count() == 9

    await factories.signed_agreement(world.bob, world.employer)
    held = (await PaperForm.get(graduate_id=world.bob.id, state="issued")).number
    results = await asyncio.gather(*(_collect(gql, world, world.bob, held, token=("admin", "law")[i % 2])
                                     for i in range(10)))
    assert sorted(len(r["errors"]) for r in results) == [0] + [1] * 9
    assert {e["code"] for r in results for e in r["errors"]} <= {"INVALID_STATE", "STALE_STATE"}
    assert await AuditEntry.filter(action="paper_form.collected").count() == 1
