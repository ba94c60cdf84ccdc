"""Issue 8.2 and 8.3: live subscriptions over both websocket protocols against real server processes.

Events are raised through production code (resolvers/events.py) in this process's transactions, or through a
mutation on a server; the servers' own dispatchers fan them out and publish them, as in production. The bus
under failure (a Redis restart, a slow subscriber) is tested in test_live_bus.py, without this module's server.
"""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest

from models import Graduate
from resolvers.paging import cursor_of
from resolvers.viewer import Role
from schema.relay import encode_id
from server import auth
from tests import factories
from tests.inbox_streams import ADDED, PROTOCOLS, inbox_sequences, received, record_changes, until_rows
from tests.live_server import live_server, serving
from tests.ws_client import LEGACY_WS, Closed, subscribe


@pytest.fixture(scope="module")
def server():
    with serving() as (base, _):
        yield base


# --- connecting: the token in connection_init -------------------------------------------------------------------

async def _refusal(base: str, token: str | None, protocol: str) -> tuple[int | None, str, dict | None]:
    with pytest.raises(Closed) as refused:
        async with subscribe(base, token, ADDED, protocol=protocol) as stream:
            await stream.next(5)
    return refused.value.code, refused.value.reason, refused.value.message


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_i8_2_connection_without_a_valid_token_is_refused_with_its_code(server, world, protocol):
    expired = auth.issue_token(Role.GRADUATE, world.alice.id, world.alice.session_version, minutes=-1)
    revoked = world.tokens["bob"]
    await Graduate.filter(id=world.bob.id).update(session_version=world.bob.session_version + 1)
    cases = {None: "UNAUTHENTICATED", "not-a-token": "TOKEN_INVALID", expired: "TOKEN_EXPIRED",
             revoked: "TOKEN_REVOKED"}
    for token, code in cases.items():
        close_code, reason, message = await _refusal(server, token, protocol)
        assert (close_code, reason) == (4403, code), (token, close_code, reason)
        if protocol == LEGACY_WS:
            assert message["type"] == "connection_error" and message["payload"]["code"] == code
            assert message["payload"]["message"]  # the Chinese message, to show


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_i8_2_lower_case_authorization_key_is_accepted(server, world, protocol):
    import json

    import websockets

    url = server.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=[protocol]) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"authorization": f"Bearer {world.tokens['alice']}"}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_i8_2_token_expiring_while_connected_ends_the_stream(server, world, protocol):
    # A token of a few seconds, signed as the server signs (the server's clock cannot be set from here).
    token = auth.issue_token(Role.GRADUATE, world.alice.id, world.alice.session_version, minutes=3 / 60)
    async with subscribe(server, token, ADDED, protocol=protocol) as stream:
        await record_changes(world.alice)
        assert (await received(stream, 1))[0]["kind"] == "record.changed"
        with pytest.raises(Closed) as ended:
            await stream.next(10)
    assert (ended.value.code, ended.value.reason) == (4401, "TOKEN_EXPIRED")


# --- notificationAdded: replay after the cursor, then live --------------------------------------------------------

@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_i8_2_replay_then_live_has_no_gap_and_no_duplicate(server, world, protocol):
    await record_changes(world.alice, 3)
    first = (await until_rows(world.alice, 3))[0]
    await record_changes(world.bob, 2)  # another graduate's inbox is never replayed to alice

    async def keep_raising():  # events keep coming while the client connects and replays
        for i in range(12):
            await record_changes(world.alice, 1, reason=f"连接中{i}-")
            await asyncio.sleep(0.15)

    raising = asyncio.create_task(keep_raising())
    try:
        async with subscribe(server, world.tokens["alice"], ADDED, {"after": cursor_of(first)},
                             protocol=protocol) as stream:
            await raising
            expected = await until_rows(world.alice, 2 + 12, after=first)
            got = await received(stream, len(expected))
            await stream.nothing(2.5)  # a dispatcher pass later: still nothing twice
    finally:
        raising.cancel()
    assert [n["sequence"] for n in got] == expected
    assert got[-1]["cursor"] == cursor_of(expected[-1])


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_i8_2_without_a_cursor_only_new_notifications_come(server, world, protocol):
    await record_changes(world.alice, 2, reason="旧")
    await until_rows(world.alice, 2)
    async with subscribe(server, world.tokens["alice"], ADDED, protocol=protocol) as stream:
        await stream.nothing(0.5)
        await record_changes(world.alice, 1, reason="新")
        (got,) = await received(stream, 1)
    assert got["title"] and got["sequence"] == (await inbox_sequences(world.alice))[-1]


async def test_i8_2_a_bad_cursor_is_invalid_id(server, world):
    from tests.ws_client import OperationError

    async with subscribe(server, world.tokens["alice"], ADDED, {"after": "bm90LWEtY3Vyc29y"}) as stream:
        with pytest.raises(OperationError) as refused:
            await stream.next(10)
    assert refused.value.codes == ["INVALID_ID"]


async def test_i8_2_an_employer_hears_an_accepted_invitation_raised_through_a_mutation(server, world):
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    accept = """mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
      errors { code } agreement { number } } }"""
    async with subscribe(server, world.tokens["employer"], ADDED) as stream, httpx.AsyncClient() as client:
        for confirm in (False, True):
            r = await client.post(f"{server}/graphql", headers={"Authorization": f"Bearer {world.tokens['alice']}"},
                                  json={"query": accept, "variables": {"input": {
                                      "id": encode_id("SigningInvitation", invitation.id), "confirm": confirm}}})
            assert r.json()["data"]["acceptSigningInvitation"]["errors"] == [], r.text
        (got,) = await received(stream, 1)
    assert got["kind"] == "invitation.answered"


# --- the bus across processes, a Redis restart, a slow subscriber ------------------------------------------------

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (two processes)")


@needs_redis
async def test_i8_3_an_event_raised_on_one_process_reaches_a_subscription_on_another(server, world):
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    accept = """mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
      errors { code } } }"""
    # The subscriber's process runs no dispatcher: only the bus can bring it the event.
    with live_server() as other:
        async with subscribe(other, world.tokens["employer"], ADDED, protocol=LEGACY_WS) as stream, \
                httpx.AsyncClient() as client:
            for confirm in (False, True):
                r = await client.post(f"{server}/graphql", json={"query": accept, "variables": {"input": {
                    "id": encode_id("SigningInvitation", invitation.id), "confirm": confirm}}},
                    headers={"Authorization": f"Bearer {world.tokens['alice']}"})
                assert r.json()["data"]["acceptSigningInvitation"]["errors"] == [], r.text
            (got,) = await received(stream, 1)
    assert got["kind"] == "invitation.answered"


