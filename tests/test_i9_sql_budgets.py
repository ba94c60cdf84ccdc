"""Issue 9 point 4: SQL budgets. The number of statements one request sends, asserted exactly, so a change that
adds a read or an insert on the hot paths fails here deterministically instead of showing up as a slower
benchmark weeks later. The numbers are the same on SQLite and PostgreSQL.

When a number goes down, lower it here; when a change must add a statement, raise it here and say why in the
commit. Counted: what tortoise executes (tests/sql_statements.py), authentication's read of the viewer included;
not counted: BEGIN and COMMIT, one each per mutation. Before issue 9: opening 7, signing 25 (26 for a school's
first signing), a decision 11, a page 8, a roster import 8 whatever its rows.
"""

from __future__ import annotations

from pathlib import Path

from tortoise import connections

from models import Delivery, Graduate, Notification, OutboxEvent, SigningInvitation
from notifications import dispatcher, inbox
from resolvers import outbox
from resolvers.outbox import EventKind
from schema.relay import encode_id
from tests import factories
from tests.sql_statements import statements
from tests.test_roster_import import person, upload, xlsx

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
ACCEPT = (OPS / "mini-program/AcceptSigningInvitation.graphql").read_text()
QUEUE = (OPS / "console/ReviewQueue.graphql").read_text()
DECIDE = (OPS / "console/DecideReview.graphql").read_text()

# Opening: the viewer (authentication, shared with the resolver), the invitation, the active-agreement check, the
# school (signing date), the conditional UPDATE, the audit entry.
OPEN_BUDGET = 6
# Signing: the viewer, the invitation, the graduate locked, the major with its school, active agreement, the
# transition, employer, the agreement, the destination, the review, the number, then the four audit entries in
# one INSERT and the two events in another. SQLite numbers in two statements (no data-modifying CTE):
# agreement_numbers.py. Then the national system's destination record (issue 12 §6), built from the rows already
# read: its item queued in one upsert, and the graduate's confirmation withdrawn.
SIGN_BUDGET = {"postgres": 15, "sqlite": 16}
# A department's approval: the viewer, the review, the school, the transition, the decision, the graduate and the
# agreement (review.advanced and record.changed name them and its number), the audit entry, the events in one
# INSERT; the payload's decisions and agreement (the reviewer's name is the viewer).
DECIDE_BUDGET = 11
# A page: the viewer, the page, its count, then one query each for graduates, departments, employers,
# agreements and decisions, whatever the page size; and for the employers' materials (issue 12 §5) their rows,
# the two queries of who may see them, and the school's checked marks.
QUEUE_PAGE_BUDGET = 12
# A roster import: a fixed number of statements whatever its rows (lookups and writes in batches); the created
# graduates' national origin and contact records (issue 12 §6) in one more, built from the rows the import holds.
ROSTER_IMPORT_BUDGET = 9
ROSTER_ROW_BUDGET = 0
# The dispatcher's fan-out of a batch of events (issue 8): the counter row created if missing and locked, the
# pending events, the reviewers and admins they go to, the claim, the inbox rows in one INSERT; the deliveries'
# graduates (staff schools too once staff get deliveries) and preferences, their INSERT; the events' sequences in
# one UPDATE, the counter.
FAN_OUT_BUDGET = 11
# Publishing a batch: a fan-out pass with nothing left (the counter row, its lock, no pending events), then the
# ready events under row locks, their claim and their inbox rows, carried in the messages (the bus gets them in one
# pipeline).
PUBLISH_BUDGET = 6


async def _accept(gql, token, invitation, confirm):
    with statements() as seen:
        r = await gql(ACCEPT, {"input": {"id": encode_id("SigningInvitation", invitation.id), "confirm": confirm}},
                      token=token)
    assert r["data"]["acceptSigningInvitation"]["errors"] == [], r
    return seen


async def test_i9_one_acceptance_opening_and_signing_within_budget(world, gql):
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    opened = await _accept(gql, world.tokens["alice"], invitation, False)
    signed = await _accept(gql, world.tokens["alice"], invitation, True)
    assert (await SigningInvitation.get(id=invitation.id)).state == "accepted"
    dialect = connections.get("default").capabilities.dialect
    assert (len(opened), len(signed)) == (OPEN_BUDGET, SIGN_BUDGET[dialect]), (opened, signed)


async def test_i9_one_review_decision_within_budget(world, gql):
    _, review = await factories.signed_agreement(world.alice, world.employer)
    with statements() as seen:
        r = await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review.id), "decision": "APPROVE"}},
                      token=world.tokens["cs"])
    assert r["data"]["decideReview"]["errors"] == [], r
    assert len(seen) == DECIDE_BUDGET, "\n".join(s[:160] for s in seen)


async def test_i9_a_review_page_costs_a_fixed_number_of_statements_whatever_its_size(world, gql):
    for i in range(12):
        graduate = await factories.graduate(world.school, world.cs, world.cs_major, name=f"同学{i}",
                                            idn=factories.id_number(serial=100 + i))
        employer = await factories.employer(name=f"用人单位{i}", login_name=None)
        await factories.signed_agreement(graduate, employer)
    counts = {}
    for size in (2, 12):
        with statements() as seen:
            r = await gql(QUEUE, {"first": size}, token=world.tokens["cs"])
        assert "errors" not in r and len(r["data"]["reviewQueue"]["edges"]) == size, r
        counts[size] = seen
    assert len(counts[2]) == len(counts[12]) == QUEUE_PAGE_BUDGET, counts


async def test_i9_one_roster_row_within_budget(world, client):
    async def imported(people):
        with statements() as seen:
            payload = await upload(client, xlsx(people), world.tokens["admin"])
        assert payload["errors"] == [] and payload["result"]["rowErrors"] == [], payload
        return seen

    small = imported([person(f"32207020{i:02d}", f"学生{i}", 200 + i) for i in range(2)])
    large = imported([person(f"32207021{i:02d}", f"学生{i}", 300 + i) for i in range(12)])
    small, large = await small, await large
    assert await Graduate.filter(school_id=world.school.id, student_number__startswith="3220702").count() == 14
    per_row = (len(large) - len(small)) / 10
    assert (len(small), per_row) == (ROSTER_IMPORT_BUDGET, ROSTER_ROW_BUDGET), (small, large)


async def _events_for_fan_out(world, n: int) -> None:
    """n events a graduate reads (with SMS and WeChat deliveries) and n a department's reviewers read."""
    for i in range(n):
        await outbox.emit(EventKind.RECORD_CHANGED, outbox.RecordChanged(world.alice.id, "unlock", "误锁", None),
                          "graduate", world.alice.id, school_id=world.school.id, graduate_id=world.alice.id)
        await outbox.emit(EventKind.REVIEW_REQUESTED,
                          outbox.ReviewRequested(i + 1, "agreement", i + 1, 1, "pending_department", world.alice.id,
                                                 "陈晓明"),
                          "review", i + 1, school_id=world.school.id, department_id=world.cs.id,
                          graduate_id=world.alice.id)


async def test_i8_fan_out_and_publishing_cost_a_fixed_number_of_statements_whatever_the_batch(world):
    counts = {}
    for n in (1, 10):
        await _events_for_fan_out(world, n)
        with statements() as fanned:
            assert await inbox.fan_out_pending() == 2 * n
        with statements() as published:
            assert await dispatcher.publish_pending() == 2 * n
        counts[n] = (len(fanned), len(published))
    assert counts[1] == counts[10] == (FAN_OUT_BUDGET, PUBLISH_BUDGET), counts
    assert await Delivery.filter(recipient_kind="graduate").count() == 11 * 2  # WeChat template and SMS
    assert await Notification.filter(recipient_kind="staff", kind="review.requested").count() == 11


async def test_x3_an_event_that_cannot_be_fanned_out_holds_back_no_other(world):
    await _events_for_fan_out(world, 2)
    bad = await OutboxEvent.filter(kind="review.requested").order_by("id").first()
    await OutboxEvent.filter(id=bad.id).update(kind="no.such.kind")
    assert await inbox.fan_out_pending() == 3
    assert (await OutboxEvent.get(id=bad.id)).fanned_out_at is None, "stays pending, retried on the next pass"
    assert await OutboxEvent.filter(fanned_out_at=None).count() == 1
