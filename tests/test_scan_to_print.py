"""P2 scan-to-print (issue 10 §7), through GraphQL: the print page issues a one-time code shown as a QR; the
graduate scans it and sends their own approved agreement, which is then printed like any print (counted,
recorded, audited, S8); the code works once and expires in minutes. The page and its websocket are tested against
real servers in test_scan_to_print_live.py and in a browser in test_scan_to_print_browser.py."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

from models import Agreement, AgreementPrint, AuditEntry, OutboxEvent, PrintCode
from pdf import qr
from resolvers.printing import print_codes
from schema.relay import encode_id
from tests import factories
from tests.test_printing import printable

ROOT = Path(__file__).resolve().parent.parent
PAGE_OPERATION = (ROOT / "frontend-contract/operations/print-page/PrintCodeScanned.graphql").read_text().strip()
SCAN = """mutation($input: PrintAgreementByScanInput!) { printAgreementByScan(input: $input) {
  errors { field code message } agreement { id printCount } } }"""


async def print_page_code(client) -> str:
    """The code the print page shows, read from its QR as the mini-program's scanner would read it."""
    r = await client.get("/print")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    code = html.unescape(re.search(r'data-code="([^"]+)"', r.text).group(1))
    text = print_codes.scanned_text(code)
    assert f'src="{qr.png_data_uri(text)}"' in r.text  # the QR holds exactly the text scanned
    assert PAGE_OPERATION in r.text  # the page sends the operation of the contract
    return text


async def scan(gql, token: str, code: str, agreement: Agreement) -> dict:
    r = await gql(SCAN, {"input": {"code": code, "agreementId": encode_id("Agreement", agreement.id)}}, token=token)
    assert "errors" not in r, r
    return r["data"]["printAgreementByScan"]


def codes(payload: dict) -> list[tuple[list[str], str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_p2_scanning_the_print_page_code_prints_the_graduates_own_approved_agreement(world, gql, client, clock):
    agreement = await printable(world.alice, world.employer)
    code = await print_page_code(client)
    scanned = await scan(gql, world.tokens["alice"], code, agreement)
    assert scanned["errors"] == [] and scanned["agreement"]["printCount"] == 1
    # A print like any other (P1): recorded, counted, audited, with the code it went through.
    printed = await AgreementPrint.get(agreement_id=agreement.id)
    assert (printed.actor_kind, printed.actor_id, printed.printed_at) == ("graduate", world.alice.id, clock.now())
    row = await PrintCode.get(id=(await AuditEntry.get(action="agreement.printed", subject_id=agreement.id)
                                  ).after["print_code_id"])
    assert (row.agreement_id, row.graduate_id, row.document_id) == (agreement.id, world.alice.id,
                                                                    printed.document_id)
    # The page hears it through the outbox, on the code's own channel, and no one's inbox gets it.
    event = await OutboxEvent.get(kind="print_code.scanned")
    assert (event.subject_type, event.subject_id, event.graduate_id, event.payload["agreementNumber"]) == (
        "print_code", row.id, None, agreement.number)
    # Only a digest of the code is kept.
    assert code.removeprefix(print_codes.PREFIX) not in row.code_hash


async def test_p2_a_print_code_works_once(world, gql, client):
    agreement = await printable(world.alice, world.employer)
    code = await print_page_code(client)
    assert (await scan(gql, world.tokens["alice"], code, agreement))["errors"] == []
    again = await scan(gql, world.tokens["alice"], code, agreement)
    assert codes(again) == [(["code"], "PRINT_CODE_USED")] and "已被使用" in again["errors"][0]["message"]
    await agreement.refresh_from_db()
    assert agreement.print_count == 1


async def test_p2_an_expired_print_code_is_refused(world, gql, client, clock):
    agreement = await printable(world.alice, world.employer)
    code = await print_page_code(client)
    clock.advance(minutes=5)
    expired = await scan(gql, world.tokens["alice"], code, agreement)
    assert codes(expired) == [(["code"], "PRINT_CODE_EXPIRED")] and "已过期" in expired["errors"][0]["message"]
    assert (await Agreement.get(id=agreement.id)).print_count == 0
    # The page asks for a new code, which works.
    clock.advance(seconds=1)
    assert (await scan(gql, world.tokens["alice"], await print_page_code(client), agreement))["errors"] == []


async def test_s8_scan_to_print_refuses_an_agreement_not_approved_and_leaves_the_code_usable(world, gql, client):
    awaiting, _ = await factories.signed_agreement(world.bob, world.employer)
    assert awaiting.state == "awaiting_review"
    code = await print_page_code(client)
    refused = await scan(gql, world.tokens["bob"], code, awaiting)
    assert codes(refused) == [(["agreementId"], "AGREEMENT_NOT_PRINTABLE")]
    assert (await PrintCode.get(scanned_at=None)).graduate_id is None  # rolled back: the code is not spent
    assert await AgreementPrint.filter(agreement_id=awaiting.id).count() == 0


async def test_p2_a_graduate_cannot_scan_print_another_graduates_agreement(world, gql, client):
    alices = await printable(world.alice, world.employer)
    code = await print_page_code(client)
    refused = await scan(gql, world.tokens["bob"], code, alices)
    assert codes(refused) == [(["agreementId"], "NOT_FOUND")]
    assert (await Agreement.get(id=alices.id)).print_count == 0
    assert await PrintCode.filter(scanned_at__not_isnull=True).count() == 0


async def test_p2_only_a_graduate_scans_and_only_a_code_the_page_issued(world, gql, client):
    agreement = await printable(world.alice, world.employer)
    code = await print_page_code(client)
    for who in ("employer", "cs", "admin"):
        assert [c for _, c in codes(await scan(gql, world.tokens[who], code, agreement))] == ["PERMISSION_DENIED"]
    assert [c for _, c in codes(await scan(gql, None, code, agreement))] == ["UNAUTHENTICATED"]
    forged = code[:-4] + ("AAAA" if not code.endswith("AAAA") else "BBBB")
    assert codes(await scan(gql, world.tokens["alice"], forged, agreement)) == [(["code"], "PRINT_CODE_INVALID")]
    assert (await scan(gql, world.tokens["alice"], code, agreement))["errors"] == []


async def test_p2_print_codes_are_limited_per_client_address(world, client, clock):
    for _ in range(print_codes.ISSUE_LIMIT):
        assert (await client.get("/print")).status_code == 200
    refused = await client.get("/print")
    assert refused.status_code == 429 and "操作过于频繁" in refused.text
    clock.advance(minutes=print_codes.ISSUE_WINDOW_MINUTES + 1)
    assert (await client.get("/print")).status_code == 200


async def test_p2_of_scans_racing_for_one_code_exactly_one_prints(world, gql, client):
    agreement = await printable(world.alice, world.employer)
    code = await print_page_code(client)
    results = await asyncio.gather(*(scan(gql, world.tokens["alice"], code, agreement) for _ in range(6)))
    assert sorted(c for r in results for _, c in codes(r)) == ["PRINT_CODE_USED"] * 5
    assert (await Agreement.get(id=agreement.id)).print_count == 1
    assert await AgreementPrint.filter(agreement_id=agreement.id).count() == 1
