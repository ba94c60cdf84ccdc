"""The shared seams of the signing workflows: agreement numbers and review rounds."""

from models import Review
from tests import factories


async def test_agreement_numbers_are_readable_and_sequential(world):
    first, _ = await factories.signed_agreement(world.alice, world.employer)
    second, _ = await factories.signed_agreement(world.bob, world.employer)
    assert first.number == "202610363000001"
    assert second.number == "202610363000002"


async def test_r2_two_level_school_starts_review_at_department(world):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    assert review.state == "pending_department"
    world.other_school.review_levels = 1
    await world.other_school.save()
    _, review = await factories.signed_agreement(world.carol, world.employer)
    assert review.state == "pending_school"
    assert await Review.filter(subject_type="agreement").count() == 2
