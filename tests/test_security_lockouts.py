"""Issue 6 §2, §11, §12: lockouts hold against parallel guesses, across processes and behind a proxy, and leave a
trace the school can see and act on."""

import asyncio
import contextlib
import os
import subprocess
import sys

import httpx
import pytest

from models import AuditEntry, Employer, Graduate, SigningInvitation
from resolvers import throttle
from schema.relay import encode_id
from server import crypto
from server.auth import issue_binding_ticket
from server.settings import get_settings
from tests import factories
from tests.live_server import ROOT, free_port, start_server, wait_healthy
from tests.test_identity_employer import REGISTER, _form
from tests.test_identity_password import LOGIN, STAFF_LOGIN
from tests.test_signing import DIRECT, TERMS
from tests.test_unlock import OPS

BIND = """mutation($input: BindGraduateInput!) { bindGraduate(input: $input) {
  token errors { field code message } } }"""
CLEAR = (OPS / "console/ClearGraduateLockout.graphql").read_text()
WRONG = "Wrong2026pass"
BURST = 25


@contextlib.asynccontextmanager
async def http_from(app, address: str):
    """A client at its own address: per-client limits tell clients apart by it."""
    transport = httpx.ASGITransport(app=app, client=(address, 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def post(client, query, variables=None, token=None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def _login_vars(world, password):
    return {"input": {"schoolId": encode_id("School", world.school.id), "studentNumber": "3220701001",
                      "password": password}}


def _codes(payloads) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in payloads:
        code = p["errors"][0]["code"] if p["errors"] else "OK"
        counts[code] = counts.get(code, 0) + 1
    return counts


async def test_i6_2_parallel_wrong_logins_verify_at_most_the_limit(world, client):
    limit = get_settings().login_max_failures
    burst = await asyncio.gather(*(post(client, LOGIN, _login_vars(world, WRONG)) for _ in range(BURST)))
    codes = _codes(r["data"]["graduatePasswordLogin"] for r in burst)
    assert set(codes) == {"INVALID_CREDENTIALS", "RATE_LIMITED"} and codes["INVALID_CREDENTIALS"] <= limit
    # The limit is reached: the right password, alone or inside another burst, gets no token.
    again = await asyncio.gather(post(client, LOGIN, _login_vars(world, factories.PASSWORD)),
                                 *(post(client, LOGIN, _login_vars(world, WRONG)) for _ in range(5)))
    payloads = [r["data"]["graduatePasswordLogin"] for r in again]
    assert _codes(payloads) == {"RATE_LIMITED": 6}
    assert all(p["token"] is None for p in payloads)


async def test_i6_2_parallel_direct_signing_identifications_cannot_confirm_an_id_number(world, app, client):
    await factories.ready_to_sign(world.alice)
    position = await factories.position(world.employer)
    right = crypto.decrypt(world.alice.id_number_enc)

    def variables(idn):
        identity = {"schoolId": encode_id("School", world.school.id), "name": world.alice.name,
                    "studentNumber": world.alice.student_number, "idNumber": idn}
        return {"input": {"positionId": encode_id("Position", position.id), "graduate": identity, "terms": TERMS}}

    limit = get_settings().login_max_failures
    guesses = [factories.id_number(serial=100 + i) for i in range(30)]
    burst = await asyncio.gather(*(post(client, DIRECT, variables(g), world.tokens["employer"]) for g in guesses))
    codes = _codes(r["data"]["sendDirectSigningInvitation"] for r in burst)
    assert set(codes) == {"IDENTITY_MISMATCH", "RATE_LIMITED"} and codes["IDENTITY_MISMATCH"] <= limit
    # The right ID number, inside the next burst, is not confirmed.
    again = await asyncio.gather(*(post(client, DIRECT, variables(g), world.tokens["employer"])
                                   for g in [right, *guesses[:5]]))
    assert _codes(r["data"]["sendDirectSigningInvitation"] for r in again) == {"RATE_LIMITED": 6}
    assert await SigningInvitation.all().count() == 0

    # A fresh account, registered from the same address, does not start afresh; nor does another address.
    registered = (await post(client, REGISTER, {"input": _form()}))["data"]["registerEmployer"]
    assert registered["errors"] == []
    fresh_position = await factories.position(await Employer.get(login_name="xinghe"))
    fresh = variables(right)
    fresh["input"]["positionId"] = encode_id("Position", fresh_position.id)
    payload = (await post(client, DIRECT, fresh, registered["token"]))["data"]["sendDirectSigningInvitation"]
    assert payload["errors"][0]["code"] == "RATE_LIMITED"
    async with http_from(app, "198.51.100.20") as elsewhere:
        payload = (await post(elsewhere, DIRECT, fresh, registered["token"]))["data"]["sendDirectSigningInvitation"]
    assert payload["errors"][0]["code"] == "RATE_LIMITED"  # the record's own limit


async def test_i6_2_employer_registrations_are_limited_per_client(world, app, client, monkeypatch):
    monkeypatch.setattr(get_settings(), "registrations_per_client", 3)

    def form(i):
        return {"input": _form(uscc=factories.uscc(f"913401007139205{i:02d}"), loginName=f"spam{i:02d}",
                               name=f"单位{i}")}

    burst = await asyncio.gather(*(post(client, REGISTER, form(i)) for i in range(8)))
    codes = _codes(r["data"]["registerEmployer"] for r in burst)
    assert codes == {"OK": 3, "RATE_LIMITED": 5}
    async with http_from(app, "198.51.100.21") as elsewhere:
        assert (await post(elsewhere, REGISTER, form(9)))["data"]["registerEmployer"]["errors"] == []


async def test_i6_4_throttle_keys_have_a_fixed_length(world, gql):
    from resolvers import throttle

    keys = {throttle.staff_login_key("x" * n) for n in (1, 64, 5000)} | {
        throttle.binding_openid_key("o" * 5000), throttle.qr_card_key("c" * 5000), throttle.client_key("f" * 5000)}
    assert {len(k.rpartition(":")[2]) for k in keys} == {64}  # every kind of key: a hash of fixed length
    assert all(len(k) <= 96 for k in keys)
    # Over HTTP an over-long name is refused by its bound, and no database text leaks.
    r = await gql(STAFF_LOGIN, {"input": {"username": "x" * 5000, "password": WRONG}})
    assert r["data"]["staffLogin"]["errors"][0]["code"] == "TOO_LONG"
    assert "errors" not in r


def _bind_vars(world, ticket, idn):
    return {"input": {"ticket": ticket, "schoolId": encode_id("School", world.school.id), "name": world.alice.name,
                      "studentNumber": world.alice.student_number, "idNumber": idn}}


async def test_i6_12_failed_bindings_and_the_lockout_are_audited_and_the_school_clears_the_lock(world, gql):
    limit = get_settings().login_max_failures
    right = crypto.decrypt(world.alice.id_number_enc)
    for i in range(20):
        ticket = issue_binding_ticket(f"o-guess-{i}")  # a new WeChat account each time: the record's lock holds
        payload = (await gql(BIND, _bind_vars(world, ticket, factories.id_number(serial=200 + i))))["data"]
    refused = payload["bindGraduate"]["errors"][0]
    assert refused["code"] == "RATE_LIMITED"
    assert "密码登录" in refused["message"] and "学校" in refused["message"]

    failed = await AuditEntry.filter(action="graduate.binding_failed").order_by("id")
    assert [e.after["attempts"] for e in failed] == list(range(3, limit + 1))
    assert {(e.subject_id, e.school_id, e.client_ip) for e in failed} == {
        (world.alice.id, world.school.id, "203.0.113.7")}
    locked = await AuditEntry.filter(action="graduate.binding_locked").get()
    assert (locked.subject_id, locked.school_id, locked.client_ip) == (world.alice.id, world.school.id, "203.0.113.7")

    # Another school's admin may not clear it; the graduate's own school may, and binding works again.
    gid = encode_id("Graduate", world.alice.id)
    other = (await gql(CLEAR, {"input": {"graduateId": gid}}, token=world.tokens["other_admin"]))["data"]
    assert other["clearGraduateLockout"]["errors"][0]["code"] == "NOT_FOUND"
    reviewer = (await gql(CLEAR, {"input": {"graduateId": gid}}, token=world.tokens["cs"]))["data"]
    assert reviewer["clearGraduateLockout"]["errors"][0]["code"] == "PERMISSION_DENIED"
    cleared = (await gql(CLEAR, {"input": {"graduateId": gid}}, token=world.tokens["admin"]))["data"]
    assert cleared["clearGraduateLockout"]["errors"] == []
    entry = await AuditEntry.filter(action="graduate.lockout_cleared").get()
    assert (entry.actor_id, entry.subject_id, entry.before["binding_locked"]) == (world.admin.id, world.alice.id, True)
    payload = (await gql(BIND, _bind_vars(world, issue_binding_ticket("o-alice"), right)))["data"]["bindGraduate"]
    assert payload["errors"] == [] and payload["token"]
    assert (await Graduate.get(id=world.alice.id)).openid == "o-alice"


async def test_i6_12_failed_logins_past_the_first_few_are_audited(world, gql):
    for _ in range(4):
        await gql(STAFF_LOGIN, {"input": {"username": "cs1", "password": WRONG}})
    entries = await AuditEntry.filter(action="staff.login_failed").order_by("id")
    assert [(e.after["attempts"], e.subject_id, e.school_id, e.client_ip) for e in entries] == [
        (3, world.cs_reviewer.id, world.school.id, "203.0.113.7"),
        (4, world.cs_reviewer.id, world.school.id, "203.0.113.7")]


# --- across processes and behind a proxy: real servers -------------------------------------------------------

def _serve(port: int, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from server.cli import main; main()", "serve", "--port", str(port)],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextlib.asynccontextmanager
async def servers(*processes_and_ports):
    processes = [p for p, _ in processes_and_ports]
    bases = [f"http://127.0.0.1:{port}" for _, port in processes_and_ports]
    try:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0), limits=limits) as c:
            await asyncio.wait_for(asyncio.gather(*(wait_healthy(c, b) for b in bases)), timeout=45)
            yield c, bases
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=20)


@pytest.mark.postgres_only
async def test_i6_2_parallel_wrong_logins_across_two_processes_verify_at_most_the_limit(world):
    ports = [free_port(), free_port()]
    async with servers(*((start_server(p), p) for p in ports)) as (c, bases):
        burst = await asyncio.gather(*(
            c.post(f"{bases[i % 2]}/graphql", json={"query": LOGIN, "variables": _login_vars(world, WRONG)})
            for i in range(BURST)))
        right = await c.post(f"{bases[0]}/graphql",
                             json={"query": LOGIN, "variables": _login_vars(world, factories.PASSWORD)})
    codes = _codes(r.json()["data"]["graduatePasswordLogin"] for r in burst)
    limit = get_settings().login_max_failures
    assert set(codes) == {"INVALID_CREDENTIALS", "RATE_LIMITED"} and codes["INVALID_CREDENTIALS"] <= limit
    assert right.json()["data"]["graduatePasswordLogin"]["token"] is None


async def test_i6_11_the_client_behind_a_trusted_proxy_is_the_forwarded_one(world):
    """Two clients behind one proxy: with the proxy trusted, one client's lockout is not the other's; a peer that
    is not a trusted proxy cannot choose its address by a header."""
    env = {"WANGQIAN_CLIENT_MAX_FAILURES": "2"}
    trusted, untrusted = free_port(), free_port()
    async with servers((_serve(trusted, WANGQIAN_TRUSTED_PROXIES="10.0.0.0/8, 127.0.0.1", **env), trusted),
                       (_serve(untrusted, WANGQIAN_TRUSTED_PROXIES="10.0.0.0/8", **env), untrusted)) as (c, bases):

        async def login(base, forwarded_for, username, password=WRONG):
            r = await c.post(f"{base}/graphql", headers={"X-Forwarded-For": forwarded_for},
                             json={"query": STAFF_LOGIN, "variables": {
                                 "input": {"username": username, "password": password}}})
            return r.json()["data"]["staffLogin"]

        for base in bases:
            for username in ("nobody1", "nobody2"):  # two failures: the client address's limit
                assert (await login(base, "198.51.100.7", username))["errors"][0]["code"] == "INVALID_CREDENTIALS"
            assert (await login(base, "198.51.100.7", "nobody3"))["errors"][0]["code"] == "RATE_LIMITED"
        # Behind the trusted proxy another client is not locked out; elsewhere the header was ignored: same peer.
        assert (await login(bases[0], "198.51.100.8", "cs1", factories.PASSWORD))["errors"] == []
        assert (await login(bases[1], "198.51.100.8", "cs1", factories.PASSWORD))["errors"][0]["code"] == \
            "RATE_LIMITED"
    entry = await AuditEntry.filter(action="staff.logged_in").get()
    assert entry.client_ip == "198.51.100.8"
    assert await throttle.is_locked(throttle.client_key("198.51.100.7"))
