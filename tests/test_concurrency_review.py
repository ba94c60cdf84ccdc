"""§7: racing review decisions on PostgreSQL: exactly one is recorded and applied, the rest get STALE_STATE."""

import asyncio
from pathlib import Path

import pytest

from models import Agreement, AuditEntry, ReviewDecision
from schema.relay import encode_id
from tests import factories

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
DECIDE = (OPS / "console/DecideReview.graphql").read_text()


@pytest.mark.postgres_only
async def test_s10_twenty_racing_decisions_yield_one_decision_and_one_state_change(world, gql):
    world.school.review_levels = 1
    await world.school.save()
    agreement, review = await factories.signed_agreement(world.alice, world.employer)

    async def attempt(i):
        decision = {"decision": "APPROVE"} if i % 2 else {"decision": "REJECT", "reason": f"第 {i} 位审核意见"}
        r = await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review.id), **decision}},
                      token=world.tokens["admin"])
        assert "errors" not in r, r  # losers get payload errors, never GraphQL errors
        return r["data"]["decideReview"]

    results = await asyncio.gather(*(attempt(i) for i in range(20)))
    winners = [r for r in results if not r["errors"]]
    losers = [r for r in results if r["errors"]]
    assert len(winners) == 1
    assert {e["code"] for r in losers for e in r["errors"]} == {"STALE_STATE"}
    assert await ReviewDecision.filter(review_id=review.id).count() == 1
    changes = await AuditEntry.filter(subject_type="agreement", subject_id=agreement.id,
                                      action__in=["agreement.approved", "agreement.rejected"]).count()
    assert changes == 1
    final = await Agreement.get(id=agreement.id)
    assert final.state == ("approved" if winners[0]["review"]["state"] == "APPROVED" else "rejected")
