"""R1 with X3's live queue: a submitted destination registration appears in the department's live queue with the
row the queue query shows, and leaves it when decided."""

from __future__ import annotations

import asyncio

from models import Review
from tests import ws_client as ws
from tests.test_live_queues import (  # noqa: F401  (servers: the module's live server fixture, used by name)
    OPS,
    QUEUE_CHANGED,
    REVIEW_QUEUE,
    SUBSCRIBED,
    call,
    decide,
    gid,
    next_change,
    servers,
    settled,
)

REGISTER = (OPS / "mini-program/RegisterDestination.graphql").read_text()
SUBMIT = (OPS / "mini-program/SubmitDestination.graphql").read_text()


async def test_r1_a_submitted_destination_appears_in_the_live_queue_and_leaves_when_rejected(
        world, servers):  # noqa: F811
    sub, act = servers
    await settled()
    async with ws.subscribe(sub, world.tokens["cs"], QUEUE_CHANGED, {"kind": "DESTINATION"}) as stream:
        await asyncio.sleep(SUBSCRIBED)
        created = await call(act, world.tokens["alice"], REGISTER,
                             {"input": {"type": "70", "subType": "P70A", "details": {}}})
        await call(act, world.tokens["alice"], SUBMIT, {"input": {"id": created["destination"]["id"]}})
        added = await next_change(stream, "reviewQueueChanged")
        review = await Review.get(subject_type="destination", graduate_id=world.alice.id)
        assert (added["change"], added["kind"], added["id"]) == ("ADDED", "DESTINATION", gid("Review", review.id))
        assert added["review"]["destination"]["subTypeLabel"] == "求职中"
        listed = await call(act, world.tokens["cs"], REVIEW_QUEUE, {"filter": {"subjectType": "DESTINATION"}})
        assert [e["node"] for e in listed["edges"]] == [added["review"]]
        await decide(act, world.tokens["cs"], review.id, "REJECT", "去向与实际不符")
        removed = await next_change(stream, "reviewQueueChanged")
        assert (removed["change"], removed["id"]) == ("REMOVED", added["id"])
        assert removed["review"]["state"] == "REJECTED"
        await stream.nothing(1.0)
