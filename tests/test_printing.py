"""P1, P2, S8 (issue 10 §6): printing an approved agreement hands out its stored PDF, records who printed and
when, and counts; nobody prints one that is not approved; print management lists P1's columns."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from urllib.parse import urlsplit

import httpx
import pytest

from models import Agreement, AgreementPrint, AuditEntry
from pdf import agreements as agreement_pdfs
from resolvers import files
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests.live_server import free_port, start_server, wait_healthy
from tests.sql_statements import statements

PRINT = """mutation($input: PrintAgreementInput!) { printAgreement(input: $input) {
  errors { field code message } url urlExpiresAt agreement { id printCount lastPrintedAt } } }"""
PRINT_LIST = """query($filter: PrintListFilter, $first: Int, $after: String) {
  printList(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { graduateName studentNumber department { name } major employerName uscc
      employerNature { code label } printCount lastPrintedAt approvedAt agreement { id number } } } } }"""


async def rendered(agreement: Agreement):
    """The agreement's PDF as the worker's background pass renders and stores it."""
    return await agreement_pdfs.render_one(agreement)


async def printable(graduate, employer) -> Agreement:
    agreement = await factories.approved_agreement(graduate, employer)
    await rendered(agreement)
    return agreement


async def print_as(gql, token, agreement) -> dict:
    r = await gql(PRINT, {"input": {"agreementId": encode_id("Agreement", agreement.id)}}, token=token)
    assert "errors" not in r, r
    return r["data"]["printAgreement"]


def codes(payload) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def test_p2_the_graduate_the_employer_and_staff_in_scope_print_an_approved_agreement(world, gql, client,
                                                                                           clock):
    agreement = await printable(world.alice, world.employer)
    stored = await files.read(await agreement_pdfs.stored_document(agreement))
    assert stored.startswith(b"%PDF-")
    for n, who in enumerate(("alice", "employer", "cs", "admin"), start=1):
        clock.advance(seconds=60)
        printed = await print_as(gql, world.tokens[who], agreement)
        assert printed["errors"] == [] and printed["agreement"]["printCount"] == n
        parts = urlsplit(printed["url"])
        r = await client.get(f"{parts.path}?{parts.query}")
        assert r.status_code == 200 and r.content == stored and r.headers["content-type"] == "application/pdf"
    await agreement.refresh_from_db()
    assert agreement.print_count == 4 and agreement.last_printed_at == clock.now()
    prints = await AgreementPrint.filter(agreement_id=agreement.id).order_by("id")
    assert [(p.actor_kind, p.actor_id) for p in prints] == [
        ("graduate", world.alice.id), ("employer", world.employer.id), ("staff", world.cs_reviewer.id),
        ("staff", world.admin.id)]
    assert all(p.document_id is not None for p in prints)
    entries = await AuditEntry.filter(action="agreement.printed", subject_id=agreement.id).order_by("id")
    assert [(e.actor_kind, e.after["print_count"]) for e in entries] == [
        ("graduate", 1), ("employer", 2), ("staff", 3), ("staff", 4)]


async def test_p2_others_are_refused_and_nothing_is_counted(world, gql):
    agreement = await printable(world.alice, world.employer)
    other_employer = await factories.employer(name="别家公司", login_name="other")
    refused = {
        "bob": "NOT_FOUND", "carol": "NOT_FOUND", "other_admin": "NOT_FOUND",
        "law": "PERMISSION_DENIED",  # same school, another department (R2)
        "province": "PERMISSION_DENIED",  # the province prints nothing
    }
    for who, code in refused.items():
        assert codes(await print_as(gql, world.tokens[who], agreement)) == [code], who
    assert codes(await print_as(gql, factories.token(Role.EMPLOYER, other_employer), agreement)) == ["NOT_FOUND"]
    anonymous = await print_as(gql, None, agreement)
    assert codes(anonymous) == ["UNAUTHENTICATED"] and anonymous["url"] is None
    await agreement.refresh_from_db()
    assert agreement.print_count == 0 and await AgreementPrint.all().count() == 0


async def test_s8_an_agreement_awaiting_review_returned_rejected_or_terminated_is_not_printed(world, gql):
    awaiting, _ = await factories.signed_agreement(world.alice, world.employer)
    await rendered(awaiting)
    for who in ("alice", "employer", "cs", "admin"):
        payload = await print_as(gql, world.tokens[who], awaiting)
        assert payload["errors"] == [{"field": ["agreementId"], "code": "AGREEMENT_NOT_PRINTABLE",
                                      "message": "协议书经学校审核通过后方可打印"}] and payload["url"] is None
    _, review = await factories.signed_agreement(world.bob, world.employer)
    await factories.decide(review, "return", reason="薪资有误", fields_to_fix=["monthlySalary"])
    returned = await Agreement.get(graduate_id=world.bob.id)
    assert codes(await print_as(gql, world.tokens["bob"], returned)) == ["AGREEMENT_NOT_PRINTABLE"]
    rejected, review = await factories.signed_agreement(world.carol, world.employer)
    await factories.decide(review, "reject", reason="单位信息有误")
    assert codes(await print_as(gql, world.tokens["carol"], rejected)) == ["AGREEMENT_NOT_PRINTABLE"]

    dave = await factories.graduate(world.school, world.cs, world.cs_major, name="王大卫")
    approved = await printable(dave, world.employer)
    _, termination_review = await factories.termination(approved)
    await factories.approve(termination_review)
    await approved.refresh_from_db()
    assert approved.state == "terminated"
    for token in (factories.token(Role.GRADUATE, dave), world.tokens["admin"]):
        assert codes(await print_as(gql, token, approved)) == ["AGREEMENT_NOT_PRINTABLE"]
    assert await AgreementPrint.all().count() == 0


async def test_p2_an_approved_agreement_whose_pdf_is_not_rendered_yet_says_so(world, gql):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    assert codes(await print_as(gql, world.tokens["alice"], agreement)) == ["AGREEMENT_DOCUMENT_NOT_READY"]
    await agreement.refresh_from_db()
    assert agreement.print_count == 0


async def _print_list(gql, token, **variables):
    r = await gql(PRINT_LIST, variables, token=token)
    assert "errors" not in r, r
    return r["data"]["printList"]


async def test_p1_print_management_lists_approved_agreements_with_p1_columns(world, gql):
    first = await printable(world.alice, world.employer)
    second = await printable(world.bob, world.employer)
    await factories.signed_agreement(world.carol, world.employer)  # another school, and not approved
    await print_as(gql, world.tokens["alice"], first)
    listed = await _print_list(gql, world.tokens["admin"])
    assert listed["totalCount"] == 2
    rows = [e["node"] for e in listed["edges"]]
    assert [r["agreement"]["id"] for r in rows] == [encode_id("Agreement", second.id),
                                                    encode_id("Agreement", first.id)]
    alice = rows[1]
    assert {k: alice[k] for k in ("graduateName", "studentNumber", "department", "major", "employerName", "uscc",
                                  "employerNature", "printCount")} == {
        "graduateName": "陈晓明", "studentNumber": "3220701001", "department": {"name": "计算机与信息学院"},
        "major": "计算机与信息学院专业", "employerName": world.employer.name, "uscc": world.employer.uscc,
        "employerNature": {"code": "39", "label": alice["employerNature"]["label"]}, "printCount": 1}
    assert alice["lastPrintedAt"] and alice["approvedAt"] and rows[0]["lastPrintedAt"] is None
    # Filters: a department, printed or not.
    law = await _print_list(gql, world.tokens["admin"], filter={"departmentId": encode_id("Department", world.law.id)})
    assert [e["node"]["studentNumber"] for e in law["edges"]] == ["3220301002"]
    printed = await _print_list(gql, world.tokens["admin"], filter={"printed": True})
    assert [e["node"]["studentNumber"] for e in printed["edges"]] == ["3220701001"]
    not_printed = await _print_list(gql, world.tokens["admin"], filter={"printed": False})
    assert [e["node"]["studentNumber"] for e in not_printed["edges"]] == ["3220301002"]
    # R2: a department reviewer sees their department; another school nothing.
    assert [e["node"]["studentNumber"] for e in (await _print_list(gql, world.tokens["cs"]))["edges"]] == \
        ["3220701001"]
    assert (await _print_list(gql, world.tokens["other_admin"]))["edges"] == []
    for who in ("alice", "employer", "province"):
        r = await gql(PRINT_LIST, {}, token=world.tokens[who])
        assert r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED", who


async def test_p1_print_list_pages_by_keyset_cursor_at_a_fixed_number_of_statements(world, gql):
    for i in range(12):
        graduate = await factories.graduate(world.school, world.law if i % 2 else world.cs,
                                            world.law_major if i % 2 else world.cs_major, name=f"同学{i}",
                                            idn=factories.id_number(serial=200 + i))
        await printable(graduate, world.employer)
    counts = {}
    for size in (3, 12):
        with statements() as seen:
            page = await _print_list(gql, world.tokens["admin"], first=size)
        assert len(page["edges"]) == size
        counts[size] = len(seen)
    assert counts[3] == counts[12], counts
    # Keyset paging: the pages join without gaps or repeats.
    seen_numbers, after = [], None
    while True:
        page = await _print_list(gql, world.tokens["admin"], first=5, after=after)
        seen_numbers += [e["node"]["agreement"]["number"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen_numbers) == len(set(seen_numbers)) == 12


RACERS = 40


@pytest.mark.postgres_only
async def test_p1_concurrent_prints_across_two_processes_count_exactly(world):
    agreement = await printable(world.alice, world.employer)
    ports = [free_port(), free_port()]
    servers = [start_server(p) for p in ports]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    tokens = [world.tokens[w] for w in ("alice", "employer", "cs", "admin")]
    try:
        limits = httpx.Limits(max_connections=RACERS, max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0), limits=limits) as client:
            await asyncio.wait_for(asyncio.gather(*(wait_healthy(client, b) for b in bases)), timeout=45)

            async def one(i: int) -> dict:
                body = {"query": PRINT, "variables": {"input": {"agreementId": encode_id("Agreement", agreement.id)}}}
                r = await client.post(f"{bases[i % 2]}/graphql", json=body,
                                      headers={"Authorization": f"Bearer {tokens[i % len(tokens)]}"})
                assert r.status_code == 200, r.text
                return r.json()["data"]["printAgreement"]

            results = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(RACERS))), timeout=55)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=10)
    assert all(r["errors"] == [] for r in results)
    assert sorted(r["agreement"]["printCount"] for r in results) == list(range(1, RACERS + 1))
    await agreement.refresh_from_db()
    assert agreement.print_count == RACERS
    assert await AgreementPrint.filter(agreement_id=agreement.id).count() == RACERS
