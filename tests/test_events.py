"""Issue 7 §15: every event kind has one payload type, and every event is written through its own function."""

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest

from models import OutboxEvent
from resolvers import events, outbox
from resolvers.outbox import EventKind
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def test_i7_15_every_kind_has_one_frozen_payload_type_and_one_event_function():
    source = inspect.getsource(events)
    for kind in EventKind:
        payload = outbox.PAYLOADS[kind]
        assert dataclasses.is_dataclass(payload) and payload.__dataclass_params__.frozen, kind
        assert f"EventKind.{kind.name}, {payload.__name__}(" in source, f"{kind}: no function in events.py emits it"
    assert len(set(outbox.PAYLOADS.values())) == len(EventKind)


def test_i7_15_only_the_event_functions_write_to_the_outbox():
    for path in (ROOT / "resolvers").rglob("*.py"):
        if path.name in ("events.py", "outbox.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "emit":
                pytest.fail(f"{path.relative_to(ROOT)}:{node.lineno} calls emit; use a function of resolvers/events.py")


async def test_i7_15_emit_refuses_a_payload_of_another_kind_and_a_plain_string_kind(world):
    unlocked = outbox.RecordChanged(graduate_id=world.alice.id, change="unlock", reason="误锁", voided_agreement=None)
    with pytest.raises(TypeError):
        await outbox.emit(EventKind.REVIEW_DECIDED, unlocked, "graduate", world.alice.id)
    with pytest.raises(TypeError):
        await outbox.emit("record.changed", unlocked, "graduate", world.alice.id)
    with pytest.raises(TypeError):
        await outbox.emit(EventKind.RECORD_CHANGED, {"change": "unlock"}, "graduate", world.alice.id)
    assert not await OutboxEvent.exists()
    await outbox.emit(EventKind.RECORD_CHANGED, unlocked, "graduate", world.alice.id)
    assert (await OutboxEvent.get()).payload == {"graduateId": world.alice.id, "change": "unlock", "reason": "误锁",
                                                 "voidedAgreement": None, "agreementNumber": None,
                                                 "changes": None}


async def test_i7_15_events_of_a_signing_carry_their_kinds_fields(world):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    await factories.decide(review, "reject", reason="单位名称有误")
    written = await OutboxEvent.all().order_by("id")
    assert {e.kind for e in written} >= {"invitation.received", "invitation.answered", "review.requested",
                                         "review.decided"}
    for event in written:
        fields = {outbox._camel(f.name) for f in dataclasses.fields(outbox.PAYLOADS[EventKind(event.kind)])}
        assert set(event.payload) == fields, event.kind
    answered = next(e for e in written if e.kind == "invitation.answered")
    assert answered.payload["graduateName"] == world.alice.name
    assert answered.payload["agreementNumber"] == agreement.number
    decided = next(e for e in written if e.kind == "review.decided")
    assert decided.payload["reason"] == "单位名称有误" and decided.payload["notice"]
