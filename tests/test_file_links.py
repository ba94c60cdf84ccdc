"""Issue 10 §1: one download route, reached by short-lived links that GraphQL signs after the access check of
the record the file belongs to (a termination's consent, an employer's USCC certificate)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from models import Employer
from resolvers import file_links, files
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests.files import png

CONSENT = """query($id: ID!) { node(id: $id) { ... on Termination {
  consentFile { filename contentType size url urlExpiresAt } } } }"""
LICENCE = """query($id: ID!) { node(id: $id) { ... on Employer {
  licenseFile { filename contentType size url urlExpiresAt } } } }"""


async def _consent(gql, token, termination_id):
    r = await gql(CONSENT, {"id": encode_id("Termination", termination_id)}, token=token)
    assert "errors" not in r, r
    node = r["data"]["node"]
    return node and node["consentFile"]


async def _terminated(world):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    termination, _ = await factories.termination(agreement)
    return termination


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def test_i10_1_consent_file_link_for_the_graduate_and_the_reviewers_of_their_scope(world, gql, client):
    termination = await _terminated(world)
    for who in ("alice", "cs", "admin"):
        info = await _consent(gql, world.tokens[who], termination.id)
        assert info["filename"] == "解约证明.png" and info["contentType"] == "image/png"
        assert info["url"].startswith("http://testserver/files/")
        r = await client.get(_path(info["url"]))
        assert r.status_code == 200 and r.content == factories.CONSENT_PNG
    # The province sees that the termination exists, not the graduate's document.
    province = await _consent(gql, world.tokens["province"], termination.id)
    assert province["filename"] == "解约证明.png" and province["url"] is None
    for who in ("law", "other_admin", "bob", "employer"):
        assert await _consent(gql, world.tokens[who], termination.id) is None


async def test_i10_1_the_route_serves_private_files_with_their_type_and_name(world, gql, client):
    termination = await _terminated(world)
    url = (await _consent(gql, world.tokens["alice"], termination.id))["url"]
    r = await client.get(_path(url))
    assert r.headers["content-type"] == "image/png"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "private, no-store"
    assert r.headers["content-disposition"] == \
        "inline; filename=\"____.png\"; filename*=UTF-8''%E8%A7%A3%E7%BA%A6%E8%AF%81%E6%98%8E.png"
    assert "sandbox" in r.headers["content-security-policy"]


async def _refused(client, path: str, status: int = 403) -> str:
    r = await client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    return r.json()["errors"][0]["extensions"]["code"]


async def test_i10_1_forged_altered_and_expired_links_are_refused(world, client, clock):
    data = png()
    stored = await files.save(data, content_type="image/png", filename="a.png", owner_kind="employer",
                              owner_id=None, purpose="uscc_license")
    other = await files.save(data, content_type="image/png", filename="b.png", owner_kind="employer",
                             owner_id=None, purpose="uscc_license")
    link = file_links.link(None, stored.id)
    query = parse_qs(urlsplit(link.url).query)
    expires, signature = query["expires"][0], query["signature"][0]
    assert (await client.get(link.url)).status_code == 200
    # Another file with this file's signature; a later expiry; a changed signature; nothing at all.
    assert await _refused(client, f"/files/{other.id}?expires={expires}&signature={signature}") == \
        "FILE_LINK_INVALID"
    assert await _refused(client, f"/files/{stored.id}?expires={int(expires) + 3600}&signature={signature}") == \
        "FILE_LINK_INVALID"
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert await _refused(client, f"/files/{stored.id}?expires={expires}&signature={flipped}") == \
        "FILE_LINK_INVALID"
    assert await _refused(client, f"/files/{stored.id}") == "FILE_LINK_INVALID"
    assert await _refused(client, f"/files/{stored.id}?expires=-1&signature={signature}") == "FILE_LINK_INVALID"
    # Signed with a key that is not ours.
    import base64
    import hashlib
    import hmac

    forged = base64.urlsafe_b64encode(hmac.new(b"guess", f"{stored.id}.{expires}".encode(),
                                               hashlib.sha256).digest()).decode().rstrip("=")
    assert await _refused(client, f"/files/{stored.id}?expires={expires}&signature={forged}") == \
        "FILE_LINK_INVALID"
    # Past its time the genuine link is refused as expired.
    clock.set(link.expires_at - dt.timedelta(seconds=1))
    assert (await client.get(link.url)).status_code == 200
    clock.set(link.expires_at)
    assert await _refused(client, link.url) == "FILE_LINK_EXPIRED"


async def test_i10_1_a_link_to_a_file_whose_bytes_are_gone_is_not_found(world, client):
    from server import file_storage

    stored = await files.save(png(), content_type="image/png", filename="a.png", owner_kind="employer",
                              owner_id=None, purpose="uscc_license")
    await file_storage.storage().delete(stored.storage_key)
    assert await _refused(client, file_links.link(None, stored.id).url, 404) == "NOT_FOUND"


@pytest.fixture
async def licensed(world):
    licence = await files.save(png(), content_type="image/png", filename="营业执照.png", owner_kind="employer",
                               owner_id=world.employer.id, purpose="uscc_license")
    await Employer.filter(id=world.employer.id).update(license_file_id=licence.id)
    return licence


async def _licence(gql, token, employer_id):
    r = await gql(LICENCE, {"id": encode_id("Employer", employer_id)}, token=token)
    assert "errors" not in r, r
    return r["data"]["node"]["licenseFile"]


async def test_i10_1_licence_link_for_the_employer_and_the_staff_who_review_its_signings(world, gql, client,
                                                                                         licensed):
    assert (await _licence(gql, world.tokens["employer"], world.employer.id))["url"]
    # Before any signing with this school, its staff have no reason to see it.
    assert await _licence(gql, world.tokens["admin"], world.employer.id) is None
    await factories.pending_invitation(world.alice, world.employer)
    for who in ("admin", "cs"):
        info = await _licence(gql, world.tokens[who], world.employer.id)
        assert info["filename"] == "营业执照.png"
        assert (await client.get(_path(info["url"]))).status_code == 200
    for who in ("law", "other_admin", "province", "alice", "bob"):
        assert await _licence(gql, world.tokens[who], world.employer.id) is None, who
    other = await factories.employer(name="别家公司", login_name="other")
    assert await _licence(gql, factories.token(Role.EMPLOYER, other), world.employer.id) is None
