"""Issue 12.4 with R1's live queue: a submitted recommendation form appears in the department's live queue with the
row the queue query shows, moves on when the department recommends it, and leaves the school's when approved."""

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

CREATE = (OPS / "mini-program/CreateRecommendationForm.graphql").read_text()
UPDATE = (OPS / "mini-program/UpdateRecommendationForm.graphql").read_text()
SUBMIT = (OPS / "mini-program/SubmitRecommendationForm.graphql").read_text()


async def test_i12_4_a_submitted_form_appears_in_the_live_queue_and_leaves_when_approved(
        world, servers):  # noqa: F811
    sub, act = servers
    await settled()
    async with (ws.subscribe(sub, world.tokens["cs"], QUEUE_CHANGED, {"kind": "RECOMMENDATION_FORM"}) as dept,
                ws.subscribe(sub, world.tokens["admin"], QUEUE_CHANGED, {"kind": "RECOMMENDATION_FORM"}) as school):
        await asyncio.sleep(SUBSCRIBED)
        created = await call(act, world.tokens["alice"], CREATE, {"input": {"fromResume": False}})
        form_id = created["recommendationForm"]["id"]
        await call(act, world.tokens["alice"], UPDATE, {"input": {"id": form_id, "selfEvaluation": "踏实肯干"}})
        await call(act, world.tokens["alice"], SUBMIT, {"input": {"id": form_id}})
        added = await next_change(dept, "reviewQueueChanged")
        review = await Review.get(subject_type="recommendation_form", graduate_id=world.alice.id)
        assert (added["change"], added["kind"], added["id"]) == ("ADDED", "RECOMMENDATION_FORM",
                                                                  gid("Review", review.id))
        assert added["review"]["recommendationForm"]["id"] == form_id
        listed = await call(act, world.tokens["cs"], REVIEW_QUEUE, {"filter": {"subjectType": "RECOMMENDATION_FORM"}})
        assert [e["node"] for e in listed["edges"]] == [added["review"]]

        await decide(act, world.tokens["cs"], review.id, "APPROVE", "同意推荐")
        moved = await next_change(dept, "reviewQueueChanged")
        assert (moved["change"], moved["review"]["state"]) == ("CHANGED", "PENDING_SCHOOL")
        arrived = await next_change(school, "reviewQueueChanged")
        assert (arrived["change"], arrived["id"]) == ("ADDED", added["id"])

        await decide(act, world.tokens["admin"], review.id, "APPROVE", "同意推荐")
        removed = await next_change(school, "reviewQueueChanged")
        assert (removed["change"], removed["review"]["state"]) == ("REMOVED", "APPROVED")
