"""Versions and verification (P3, issue 10 §4): every printed copy's token says whether it still stands.

Tokens are forged (another key), altered (any part), replayed, and read after a correction, a termination and
an unlock; the page shows the number, school, masked name, employer, version and status, and nothing more.
"""

from __future__ import annotations

import datetime as dt

from models import Agreement, AuditEntry, Review, School, StoredFile
from pdf import agreements, tokens, verification
from resolvers import files
from server import clock as service_clock
from tests import factories
from tests.test_review_resubmit import resubmit, returned_agreement
from tests.test_unlock import unlock


def token_for(agreement: Agreement, version: int | None = None) -> str:
    return tokens.issue(agreement.id, version or agreement.version, service_clock.now())


async def page(client, token: str) -> str:
    r = await client.get(f"/verify/{token}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    return r.text


def status_of(html: str) -> str:
    return html.split('data-status="', 1)[1].split('"', 1)[0]


async def terminated(agreement: Agreement) -> Agreement:
    _, review = await factories.termination(agreement)
    await factories.approve(review)
    return await Agreement.get(id=agreement.id)


async def test_p3_a_current_approved_copy_reads_valid_and_shows_nothing_more(world, client):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    html = await page(client, token_for(agreement))
    assert status_of(html) == verification.VALID and "真实有效" in html
    for shown in (agreement.number, "安徽工程大学", "陈**", "安徽信通信息服务有限公司", "第 1 版"):
        assert shown in html
    for hidden in ("陈晓明", world.alice.student_number, "13905510001", "13805510000", "软件工程师", "8000"):
        assert hidden not in html
    assert '<meta name="viewport"' in html


async def test_p3_forged_and_altered_tokens_are_not_genuine(world, client):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    genuine = token_for(agreement)
    kid, agreement_id, version, issued, signature = genuine.split(".")
    forger = tokens.parse_keys(tokens.new_key_text(kid))  # same key id, another key
    body = f"{kid}.{agreement_id}.{version}.{issued}"
    forged = f"{body}.{tokens._b64(forger.private[kid].sign(tokens._DOMAIN + body.encode()))}"
    altered = [
        f"{kid}.{int(agreement_id) + 1}.{version}.{issued}.{signature}",  # another agreement
        f"{kid}.{agreement_id}.{int(version) + 1}.{issued}.{signature}",  # a newer version
        f"{kid}.{agreement_id}.{version}.{int(issued) + 1}.{signature}",
        f"k9.{agreement_id}.{version}.{issued}.{signature}",  # unknown key id
        genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB"),
        "not-a-token", "",
    ]
    unknown_number = tokens.issue(agreement.id + 1000, 1, service_clock.now())  # signed, but no such agreement
    for token in (forged, *altered, unknown_number):
        html = await page(client, token or "x")
        assert status_of(html) == verification.NOT_GENUINE, token
        assert agreement.number not in html and "安徽工程大学" not in html
    assert status_of(await page(client, genuine)) == verification.VALID


async def test_p3_a_token_never_expires_and_replaying_it_changes_nothing(world, client, clock):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    token = token_for(agreement)
    audit_rows = await AuditEntry.all().count()
    clock.advance(seconds=20 * 365 * 24 * 3600)
    first, second = await page(client, token), await page(client, token)
    assert first == second and status_of(first) == verification.VALID
    assert await AuditEntry.all().count() == audit_rows
    assert (await Agreement.get(id=agreement.id)).version == agreement.version


async def test_p3_after_a_correction_the_earlier_version_is_superseded(world, gql, client):
    agreement = await returned_agreement(world, gql, ["monthlySalary"])
    old = token_for(agreement)
    payload = await resubmit(gql, world.tokens["employer"], agreement, {"monthlySalary": 9000})
    assert payload["errors"] == [] and payload["agreement"]["version"] == 2
    corrected = await Agreement.get(id=agreement.id)
    assert corrected.version == 2
    entry = await AuditEntry.get(action="agreement.resubmitted", subject_id=agreement.id)
    assert (entry.before["version"], entry.after["version"]) == (1, 2)
    html = await page(client, old)
    assert status_of(html) == verification.SUPERSEDED and "请以第 2 版为准" in html
    assert status_of(await page(client, token_for(corrected))) == verification.NOT_IN_FORCE

    review = await Review.get(subject_type="agreement", subject_id=agreement.id, state="pending_department")
    await factories.approve(review)
    approved = await Agreement.get(id=agreement.id)
    assert approved.version == 2  # approval changes neither the content nor the standing of what is printed
    assert status_of(await page(client, token_for(approved))) == verification.VALID
    assert status_of(await page(client, old)) == verification.SUPERSEDED


async def test_p3_after_a_termination_every_copy_reads_terminated(world, client):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    token = token_for(agreement)
    ended = await terminated(agreement)
    assert ended.version == agreement.version + 1
    html = await page(client, token)
    assert status_of(html) == verification.TERMINATED and "已解约" in html


async def test_p3_after_an_unlock_the_agreement_reads_voided(world, gql, client):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    token = token_for(agreement)
    assert (await unlock(gql, world.tokens["admin"], world.alice))["errors"] == []
    assert (await Agreement.get(id=agreement.id)).version == agreement.version + 1
    assert status_of(await page(client, token)) == verification.VOIDED


async def test_p3_render_pending_renders_each_approved_version_once(world):
    first = await factories.approved_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, world.employer)  # awaiting review: not printable (S8)
    assert await agreements.stored_document(first) is None
    assert await agreements.render_pending() == 1
    assert await agreements.render_pending() == 0
    first = await Agreement.get(id=first.id)
    stored = await agreements.stored_document(first)
    assert stored is not None and stored.purpose == agreements.PURPOSE and stored.content_type == "application/pdf"
    assert (await files.read(stored)).startswith(b"%PDF")

    ended = await terminated(first)
    assert await agreements.stored_document(ended) is None  # a terminated agreement is not printed
    assert await agreements.render_pending() == 0
    assert await StoredFile.filter(purpose=agreements.PURPOSE).count() == 1


async def test_p3_a_version_changed_while_rendering_is_not_stored_for_it(world):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    await Agreement.filter(id=agreement.id).update(version=agreement.version + 1)  # as a transition would, meanwhile
    assert await agreements.render_one(agreement) is None
    assert await StoredFile.filter(purpose=agreements.PURPOSE).count() == 0


async def test_p4_an_employer_without_hiring_autonomy_names_its_supervising_authority(world):
    employer = await factories.employer("无人事权的公司", login_name=None, has_hiring_autonomy=False,
                                        supervising_authority="合肥市人才服务中心")
    graduate = await factories.graduate(world.school, world.cs, world.cs_major, name="买买提·艾力")
    agreement = await factories.approved_agreement(graduate, employer)
    values = agreements.fields(agreement, await School.get(id=world.school.id))
    assert values["b_authority"] == values["sign_authority"] == "合肥市人才服务中心"

    autonomous = await factories.approved_agreement(world.bob, world.employer)
    values = agreements.fields(autonomous, await School.get(id=world.school.id))
    assert values["b_authority"] == "（单位具有用人自主权）"


def test_p3_masked_names_keep_only_the_first_character():
    assert verification.mask_name("陈晓明") == "陈**"
    assert verification.mask_name("买买提·艾力") == "买**·**"
    assert verification.mask_name("𠮷田花子") == "𠮷***"


def test_p3_tokens_name_the_key_that_signed_them():
    token = tokens.issue(7, 3, dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    claims = tokens.read(token)
    assert (claims.kid, claims.agreement_id, claims.version) == (tokens.key_ring().current, 7, 3)
    assert claims.issued_at == dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    # Rotation: a new key signs, the old one still verifies what it signed.
    old_kid = tokens.key_ring().current
    rotated = tokens.parse_keys(f"{tokens.new_key_text('k2')},{old_kid}:" + _seed(old_kid))
    assert rotated.current == "k2" and rotated.public(old_kid) is not None


def _seed(kid: str) -> str:
    import base64

    from cryptography.hazmat.primitives import serialization

    key = tokens.key_ring().private[kid]
    return base64.b64encode(key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                              serialization.NoEncryption())).decode()


async def test_i10_8_the_server_renders_approved_agreements_in_the_background(world):
    import asyncio

    import httpx

    from tests.live_server import free_port, start_server, wait_healthy

    agreement = await factories.approved_agreement(world.alice, world.employer)
    port = free_port()
    server = start_server(port)  # as `wangqian serve` runs it on the embedded default: the PDF task included
    try:
        async with httpx.AsyncClient() as c:
            await wait_healthy(c, f"http://127.0.0.1:{port}")
        for _ in range(300):
            agreement = await Agreement.get(id=agreement.id)
            if agreement.document_id is not None:
                break
            await asyncio.sleep(0.2)
    finally:
        server.terminate()
        server.wait(10)
    stored = await agreements.stored_document(agreement)
    assert stored is not None and agreement.document_version == agreement.version == 1
    assert (await files.read(stored)).startswith(b"%PDF")
