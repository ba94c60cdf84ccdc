"""P2 scan-to-print over the websocket, against real server processes: the print page's connection, opened with
its code alone, receives the agreement's PDF when the graduate scans, through the outbox and the hub as in
production (with Redis, the page's server is not the one the scan reaches); a token-less connection may run that
subscription and nothing else."""

from __future__ import annotations

import contextlib
import html
import os
import re

import httpx
import pytest

from schema.relay import encode_id
from tests.live_server import serving
from tests.test_printing import printable
from tests.test_scan_to_print import SCAN
from tests.ws_client import LEGACY_WS, TRANSPORT_WS, Closed, OperationError, subscribe

SCANNED = "subscription { printCodeScanned { agreementNumber url urlExpiresAt } }"


@pytest.fixture(scope="module")
def servers():
    """The print page's server and the one the mini-program's scan reaches: two processes when the bus is Redis,
    else one (the in-process bus joins nothing across processes)."""
    with contextlib.ExitStack() as stack:
        page, _ = stack.enter_context(serving())
        scan = stack.enter_context(serving())[0] if os.environ.get("REDIS_URL") else page
        yield page, scan


async def _code(http: httpx.AsyncClient, base: str) -> str:
    r = await http.get(f"{base}/print")
    assert r.status_code == 200
    return html.unescape(re.search(r'data-code="([^"]+)"', r.text).group(1))


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_p2_the_print_page_receives_the_scanned_agreement_with_its_code_alone(servers, world, protocol):
    page, scan_server = servers
    agreement = await printable(world.alice, world.employer)
    async with httpx.AsyncClient(timeout=30) as http:
        code = await _code(http, page)
        async with subscribe(page, None, SCANNED, init={"printCode": code}, protocol=protocol) as stream:
            await stream.nothing(0.5)
            body = {"query": SCAN, "variables": {"input": {
                "code": code, "agreementId": encode_id("Agreement", agreement.id)}}}
            r = await http.post(f"{scan_server}/graphql", json=body,
                                headers={"Authorization": f"Bearer {world.tokens['alice']}"})
            assert r.json()["data"]["printAgreementByScan"]["errors"] == [], r.text
            got = (await stream.next(20))["printCodeScanned"]
        assert got["agreementNumber"] == agreement.number
        pdf = await http.get(f"{page}{got['url']}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        # A page reconnecting after the scan (a network blip) gets the PDF again; the scan stays spent.
        async with subscribe(page, None, SCANNED, init={"printCode": code}, protocol=protocol) as stream:
            assert (await stream.next(10))["printCodeScanned"]["agreementNumber"] == agreement.number


OTHERS = {
    "another subscription": "subscription { notificationAdded { sequence } }",
    "a query": "query { __typename }",
    "a mutation": 'mutation { staffLogin(input: {username: "admin", password: "x"}) { token } }',
    "a subscription beside it": "subscription { printCodeScanned { url } notificationAdded { sequence } }",
}


@pytest.mark.parametrize("what", list(OTHERS))
async def test_p2_a_print_pages_connection_may_run_nothing_but_its_subscription(servers, world, what):
    page, _ = servers
    async with httpx.AsyncClient(timeout=30) as http:
        code = await _code(http, page)
    with pytest.raises(OperationError) as refused:
        async with subscribe(page, None, OTHERS[what], init={"printCode": code}) as stream:
            await stream.next(10)
    assert refused.value.codes == ["UNAUTHENTICATED"], refused.value.errors


async def test_p2_a_token_less_connection_needs_a_live_print_code(servers, world):
    page, _ = servers
    for init, code in (({}, "UNAUTHENTICATED"), ({"printCode": "guessed"}, "PRINT_CODE_INVALID"),
                       ({"printCode": 7}, "UNAUTHENTICATED")):
        with pytest.raises(Closed) as refused:
            async with subscribe(page, None, SCANNED, init=init) as stream:
                await stream.next(5)
        assert (refused.value.code, refused.value.reason) == (4403, code)
