"""One clock for the service (issue 7.12): what tests set is what every rule and the tokens see."""

import datetime as dt

from server.auth import issue_token
from server.settings import get_settings
from tests import factories

MINE = "{ mySigningInvitations { edges { node { id } } } }"


async def test_i7_12_access_tokens_expire_by_the_service_clock(world, gql, refusal, clock):
    token = issue_token(factories.Role.GRADUATE, world.alice.id, world.alice.session_version)
    lifetime = dt.timedelta(minutes=get_settings().access_token_minutes)
    clock.advance(lifetime - dt.timedelta(seconds=1))
    assert "errors" not in await gql(MINE, token=token)
    clock.advance(seconds=1)
    assert await refusal(token, MINE) == "TOKEN_EXPIRED"


async def test_i7_12_tokens_issued_while_the_clock_is_ahead_are_valid(world, gql, clock):
    clock.advance(dt.timedelta(days=400))
    token = issue_token(factories.Role.GRADUATE, world.alice.id, world.alice.session_version)
    assert "errors" not in await gql(MINE, token=token)
