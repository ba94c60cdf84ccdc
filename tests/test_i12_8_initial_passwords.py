"""Issue 12.8, initial passwords (B4, seed 000): teachers cannot look a graduate's password up, since only hashes
are kept and no query returns one; the school admin resets it instead, the new initial password must be changed at
first login, and the console's reset message says so."""

from __future__ import annotations

from graphql import GraphQLObjectType, get_named_type

from schema.root import schema as wangqian_schema
from tests import factories
from tests.test_identity_password import ME, _login
from tests.test_password_reset import NEW_INITIAL, _reset_graduate

# Output fields that speak of passwords without carrying one.
ABOUT_PASSWORDS = {"passwordChangeRequired"}


async def test_i12_8_a_reset_gives_a_new_initial_password_to_change_at_first_login_and_says_why(world, gql):
    payload = await _reset_graduate(gql, world, world.alice)
    assert payload["errors"] == []
    message = payload["message"]
    assert "无法查询" in message and "只能重置" in message and "首次登录须修改密码" in message
    assert NEW_INITIAL not in message

    assert (await _login(gql, world.school, "3220701001", factories.PASSWORD))["errors"][0]["code"] == \
        "INVALID_CREDENTIALS"
    login = await _login(gql, world.school, "3220701001", NEW_INITIAL)
    assert login["errors"] == [] and login["passwordChangeRequired"] is True
    refused = await gql("{ myPaperForm { id } }", token=login["token"])
    assert refused["errors"][0]["extensions"]["code"] == "PASSWORD_CHANGE_REQUIRED"
    assert (await gql(ME, token=login["token"]))["data"]["me"]["passwordChangeRequired"] is True


async def test_i12_8_no_query_returns_a_password(world, gql):
    leaks = []
    for name, t in wangqian_schema._schema.type_map.items():
        if isinstance(t, GraphQLObjectType) and not name.startswith("__"):
            leaks += [f"{name}.{field}" for field, f in t.fields.items()
                      if "password" in field.lower() and field not in ABOUT_PASSWORDS
                      and not isinstance(get_named_type(f.type), GraphQLObjectType)]
    assert leaks == []
