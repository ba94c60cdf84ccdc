"""§7 / S5: 200 acceptances of 200 invitations by one graduate, racing across two server processes,
yield exactly one agreement; every loser gets a payload error, none a GraphQL error."""

import asyncio
import subprocess

import httpx
import pytest

from models import Agreement, Employer, SigningInvitation
from schema.relay import encode_id
from tests import factories
from tests.live_server import free_port, start_server, wait_healthy

ACCEPT = """mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
  errors { code } agreement { number } } }"""
RACERS = 200


async def _invitations(world) -> list[SigningInvitation]:
    await factories.ready_to_sign(world.alice)
    await Employer.bulk_create([
        Employer(name=f"竞争单位{i:03d}", uscc=factories.uscc(f"9134010071392{i:04d}"), nature="39", industry="34",
                 location_code="340104") for i in range(RACERS)])
    employers = await Employer.filter(name__startswith="竞争单位").order_by("id")
    return [await factories.pending_invitation(world.alice, e) for e in employers]


@pytest.mark.postgres_only
async def test_s5_two_hundred_concurrent_accepts_across_two_processes_make_one_agreement(world):
    invitations = await _invitations(world)
    ports = [free_port(), free_port()]
    servers = [start_server(p) for p in ports]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    headers = {"Authorization": f"Bearer {world.tokens['alice']}"}
    try:
        # No keep-alive: a pooled connection that uvicorn closes as idle just as it is reused fails the
        # request with ReadError, a race of HTTP, not of the acceptances under test.
        limits = httpx.Limits(max_connections=RACERS, max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0), limits=limits) as client:
            await asyncio.wait_for(asyncio.gather(*(wait_healthy(client, b) for b in bases)), timeout=45)

            async def accept(i: int, invitation: SigningInvitation, confirm: bool) -> dict:
                body = {"query": ACCEPT, "variables": {"input": {
                    "id": encode_id("SigningInvitation", invitation.id), "confirm": confirm}}}
                r = await client.post(f"{bases[i % 2]}/graphql", json=body, headers=headers)
                assert r.status_code == 200, r.text
                return r.json()

            opened = await asyncio.wait_for(asyncio.gather(
                *(accept(i, inv, False) for i, inv in enumerate(invitations))), timeout=50)
            assert all(o["data"]["acceptSigningInvitation"]["errors"] == [] for o in opened)

            results = await asyncio.wait_for(asyncio.gather(
                *(accept(i, inv, True) for i, inv in enumerate(invitations))), timeout=55)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)

    assert not [r for r in results if "errors" in r]  # no GraphQL errors
    payloads = [r["data"]["acceptSigningInvitation"] for r in results]
    winners = [p for p in payloads if p["errors"] == []]
    assert len(winners) == 1 and winners[0]["agreement"]["number"]
    loser_codes = {p["errors"][0]["code"] for p in payloads if p["errors"]}
    assert loser_codes <= {"HAS_ACTIVE_AGREEMENT", "STALE_STATE"}
    assert await Agreement.all().count() == 1
    assert await SigningInvitation.filter(state="accepted").count() == 1
    assert await SigningInvitation.filter(state="pending").count() == RACERS - 1
