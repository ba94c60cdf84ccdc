"""Issue 12, independent review: defects found in the new capabilities, each proven through GraphQL."""

from __future__ import annotations

from models import FairApplication, FairRegistration, Graduate, JobFair, Staff
from server.auth import issue_graduate_token
from tests import factories
from tests.test_i12_2_fair_staff_views import REGISTRATIONS
from tests.test_i12_2_job_fairs import (
    APPLICATIONS,
    APPROVE,
    CREATE,
    MANAGED,
    MINE,
    NOW,
    REGISTER,
    applied,
    fair_input,
    published_fair,
)


def refusal(r):
    return r["errors"][0]["extensions"]["code"] if r.get("errors") else \
        [e["code"] for e in next(iter(r["data"].values()))["errors"]]


async def test_b4_initial_password_tokens_can_not_use_job_fairs(world, gql, clock):
    """B4: until the initial password is changed an account can do nothing but change it: no registering for a
    fair, no creating or deciding one, no reading who registered."""
    clock.set(NOW)
    fair_id = await published_fair(gql, world.tokens["admin"])
    application_id = await applied(gql, world.tokens["employer"], fair_id, [await factories.position(world.employer)])
    await Graduate.filter(id=world.alice.id).update(must_change_password=True)
    graduate = issue_graduate_token(await Graduate.get(id=world.alice.id), by_password=True)
    await Staff.filter(id=world.admin.id).update(must_change_password=True)
    admin = world.tokens["admin"]

    assert refusal(await gql(REGISTER, {"input": {"fairId": fair_id}}, token=graduate)) == \
        ["PASSWORD_CHANGE_REQUIRED"]
    assert refusal(await gql(MINE, {}, token=graduate)) == "PASSWORD_CHANGE_REQUIRED"
    assert refusal(await gql(CREATE, {"input": fair_input("第二场")}, token=admin)) == ["PASSWORD_CHANGE_REQUIRED"]
    assert refusal(await gql(APPROVE, {"input": {"id": application_id}}, token=admin)) == \
        ["PASSWORD_CHANGE_REQUIRED"]
    assert refusal(await gql(MANAGED, {}, token=admin)) == "PASSWORD_CHANGE_REQUIRED"
    assert refusal(await gql(APPLICATIONS, {"fairId": fair_id}, token=admin)) == "PASSWORD_CHANGE_REQUIRED"
    assert refusal(await gql(REGISTRATIONS, {"fairId": fair_id}, token=admin)) == "PASSWORD_CHANGE_REQUIRED"
    assert await FairRegistration.all().count() == 0 and await JobFair.all().count() == 1
    assert (await FairApplication.get()).state == "pending"
