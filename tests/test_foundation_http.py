"""Service basics: probes, request ids, GraphiQL, staff login, viewer, masking (issue 2 §1, §5, §7)."""

from resolvers.viewer import Role
from server import crypto
from tests import factories


async def test_healthz_and_readyz_report_database(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    r = await client.get("/readyz")
    assert r.status_code == 200
    assert r.json()["checks"]["database"] == "ok"


async def test_request_id_is_echoed_or_made(client):
    r = await client.get("/healthz", headers={"X-Request-ID": "abc123"})
    assert r.headers["x-request-id"] == "abc123"
    made = (await client.get("/healthz")).headers["x-request-id"]
    assert len(made) == 32


async def test_graphiql_is_served(client):
    r = await client.get("/graphql", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert "graphiql" in r.text.lower()


STAFF_LOGIN = """mutation($input: StaffLoginInput!) { staffLogin(input: $input) {
  token errors { field code message } staff { username role } } }"""


async def test_staff_login_then_me(world, gql):
    r = await gql(STAFF_LOGIN, {"input": {"username": "admin1", "password": factories.PASSWORD}})
    payload = r["data"]["staffLogin"]
    assert payload["errors"] == []
    me = await gql("{ me { role staff { username school { name } } } }", token=payload["token"])
    assert me["data"]["me"] == {"role": "school_admin",
                                "staff": {"username": "admin1", "school": {"name": "安徽工程大学"}}}


async def test_wrong_password_five_times_locks_the_account(world, gql):
    for _ in range(5):
        r = await gql(STAFF_LOGIN, {"input": {"username": "cs1", "password": "wrong-password1"}})
        assert r["data"]["staffLogin"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
    r = await gql(STAFF_LOGIN, {"input": {"username": "cs1", "password": factories.PASSWORD}})
    err = r["data"]["staffLogin"]["errors"][0]
    assert err["code"] == "RATE_LIMITED"
    assert "分钟后再试" in err["message"]
    assert r["data"]["staffLogin"]["token"] is None


async def test_b5_id_number_encrypted_at_rest_and_masked_outside_school(world, gql):
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        f"SELECT id_number_enc, phone_enc FROM graduate WHERE id = {world.alice.id}")
    plain_id = crypto.decrypt(world.alice.id_number_enc)
    assert plain_id not in rows[0]["id_number_enc"] and "13905510001" not in rows[0]["phone_enc"]

    query = "query($id: ID!) { node(id: $id) { ... on Graduate { idNumber phone } } }"
    gid = _gid("Graduate", world.alice.id)
    own = (await gql(query, {"id": gid}, token=world.tokens["alice"]))["data"]["node"]
    assert own == {"idNumber": plain_id, "phone": "13905510001"}
    teacher = (await gql(query, {"id": gid}, token=world.tokens["cs"]))["data"]["node"]
    assert teacher["idNumber"] == plain_id
    province = (await gql(query, {"id": gid}, token=world.tokens["province"]))["data"]["node"]
    assert province == {"idNumber": plain_id[:4] + "*" * 10 + plain_id[-4:], "phone": "139****0001"}


async def test_r2_node_refuses_other_school_and_other_department(world, gql):
    query = "query($id: ID!) { node(id: $id) { id } }"
    gid = _gid("Graduate", world.alice.id)
    assert (await gql(query, {"id": gid}, token=world.tokens["other_admin"]))["data"]["node"] is None
    assert (await gql(query, {"id": gid}, token=world.tokens["law"]))["data"]["node"] is None
    assert (await gql(query, {"id": gid}, token=world.tokens["bob"]))["data"]["node"] is None
    assert (await gql(query, {"id": gid}, token=world.tokens["other_province"]))["data"]["node"] is None
    assert (await gql(query, {"id": gid}))["data"]["node"] is None
    assert (await gql(query, {"id": gid}, token=world.tokens["admin"]))["data"]["node"] == {"id": gid}


async def test_i7_8_revoked_session_is_refused_not_anonymous(world, gql, refusal):
    world.alice.session_version += 1
    await world.alice.save()
    me = await gql("{ me { role } }", token=factories.token(Role.GRADUATE, world.alice))
    assert me["data"]["me"]["role"] == "graduate"
    assert await refusal(world.tokens["alice"]) == "TOKEN_REVOKED"


def _gid(type_name: str, pk: int) -> str:
    from schema.relay import encode_id

    return encode_id(type_name, pk)


async def test_lockout_ends_when_its_time_is_up(world, gql):
    """On SQLite datetimes compare as text: stored in another zone, a lockout would last 8 hours too long."""
    import datetime as dt

    from models import LoginThrottle
    from resolvers import throttle

    for _ in range(5):
        await gql(STAFF_LOGIN, {"input": {"username": "cs1", "password": "wrong-password1"}})
    await LoginThrottle.filter(key=throttle.staff_login_key("cs1")).update(
        locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    r = await gql(STAFF_LOGIN, {"input": {"username": "cs1", "password": factories.PASSWORD}})
    assert r["data"]["staffLogin"]["errors"] == []
