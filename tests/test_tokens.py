"""A token that is sent but cannot be honoured refuses the request with 401 and says why (issue 7.8, 6.5, 6.6).

The caller believed it was signed in; served as anonymous it showed empty screens. Now the mini-program reads
`extensions.code` and logs in again.
"""

import datetime as dt

import jwt

from resolvers.viewer import Role
from schema.relay import encode_id
from server.auth import issue_token
from server.settings import get_settings

ME = "{ me { role } }"
MY_APPLICATIONS = "{ myApplications { edges { cursor } } }"
CHANGE_PASSWORD = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { token } }"


async def _refused(client, token: str, query: str = ME, variables: dict | None = None) -> tuple[str, str]:
    r = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                          headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    body = r.json()
    assert body["data"] is None
    return body["errors"][0]["extensions"]["code"], body["errors"][0]["message"]


def _signed(claims: dict) -> str:
    return jwt.encode(claims, get_settings().secret_key, algorithm="HS256")


async def test_i7_8_expired_token_says_expired_for_me_and_protected_operations(world, client):
    expired = issue_token(Role.GRADUATE, world.alice.id, world.alice.session_version, minutes=-1)
    assert await _refused(client, expired) == ("TOKEN_EXPIRED", "登录已过期，请重新登录")
    assert (await _refused(client, expired, MY_APPLICATIONS))[0] == "TOKEN_EXPIRED"
    variables = {"input": {"currentPassword": "x", "newPassword": "Newpass2026"}}
    assert (await _refused(client, expired, CHANGE_PASSWORD, variables))[0] == "TOKEN_EXPIRED"


async def test_i7_8_token_of_a_deactivated_account_says_revoked(world, gql, client):
    mutation = """mutation($input: SetStaffActiveInput!) { setStaffActive(input: $input) { errors { code } } }"""
    variables = {"input": {"staffId": encode_id("Staff", world.cs_reviewer.id), "active": False}}
    assert (await gql(mutation, variables, token=world.tokens["admin"]))["data"]["setStaffActive"]["errors"] == []
    code, message = await _refused(client, world.tokens["cs"], "{ graduates { totalCount } }")
    assert code == "TOKEN_REVOKED" and "重新登录" in message


async def test_i7_8_malformed_or_forged_token_says_invalid(world, client):
    assert (await _refused(client, "not-a-token"))[0] == "TOKEN_INVALID"
    forged = jwt.encode({"sub": f"school_admin:{world.admin.id}", "sv": 0, "purpose": "access",
                         "exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)}, "someone-elses-key-0123456789abcdef",
                        algorithm="HS256")
    assert (await _refused(client, forged))[0] == "TOKEN_INVALID"
    qr_card = issue_token(Role.GRADUATE, world.alice.id, world.alice.session_version, purpose="qr_card")
    assert (await _refused(client, qr_card))[0] == "TOKEN_INVALID"


async def test_i6_5_signed_token_without_expiry_is_refused(world, client):
    forever = _signed({"sub": f"school_admin:{world.admin.id}", "sv": 0, "purpose": "access"})
    assert (await _refused(client, forever, "{ graduates { totalCount } }"))[0] == "TOKEN_INVALID"


async def test_i6_6_signed_token_with_a_huge_subject_id_is_401_not_500(world, client):
    exp = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    for sub in ("graduate:99999999999999999999", "staff:-1", "school_admin:1e9", "employer:"):
        token = _signed({"sub": sub, "sv": 0, "purpose": "access", "exp": exp})
        assert (await _refused(client, token))[0] == "TOKEN_INVALID", sub


async def test_i7_8_no_token_is_still_anonymous(gql):
    assert (await gql(ME))["data"]["me"] == {"role": None}


async def test_i7_8_a_websocket_with_a_refused_token_is_closed_with_its_reason(world):
    import json

    import websockets

    from tests.live_server import live_server

    expired = issue_token(Role.GRADUATE, world.alice.id, world.alice.session_version, minutes=-1)
    with live_server() as base:
        url = base.replace("http://", "ws://") + "/graphql"
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"],
                                      additional_headers={"Authorization": f"Bearer {expired}"}) as ws:
            try:
                await ws.send(json.dumps({"type": "connection_init"}))
                await ws.recv()
            except websockets.ConnectionClosed as closed:
                # Refused when the connection initialises, as a token in its payload is (issue 8.2).
                assert (closed.rcvd.code, closed.rcvd.reason) == (4403, "TOKEN_EXPIRED")
            else:
                raise AssertionError("the connection was accepted")
