"""Issue 6 §3: an anonymous QR-card party never acts for a registered employer, and uploads are checked by
decoding them (licence images, termination consents)."""

import pytest

from models import Employer, SigningInvitation, StoredFile
from tests import factories, files
from tests.test_qr_card import _card, _employer_input, _send
from tests.test_termination import approved_agreement, codes, request

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


async def test_i6_3_qr_card_cannot_send_in_a_registered_employers_name(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    registered = world.employer
    payload = await _send(client, card, employer=_employer_input(uscc=registered.uscc, name=registered.name,
                                                                  address="被改写的地址"))
    assert payload["errors"] == [{"field": ["employer", "uscc"], "code": "EMPLOYER_MUST_SIGN_IN",
                                  "message": "该单位已注册，请登录后发起签约"}]
    assert await SigningInvitation.all().count() == 0
    await registered.refresh_from_db()
    assert registered.license_file_id is None and registered.address == "合肥市黄山路 1 号"
    assert await StoredFile.all().count() == 0


@pytest.mark.parametrize("image", [
    b"\x89PNG\r\n\x1a\n" + HTML,  # a PNG header followed by HTML
    files.png() + HTML,  # a real image with a page riding along after its end
    files.jpeg()[:200],  # a truncated image
    b"\xff\xd8\xff\xe0" + HTML,
], ids=["png-header-html", "png-then-html", "truncated-jpeg", "jpeg-header-html"])
async def test_i6_3_licence_image_must_decode_as_an_image(world, gql, client, image):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    payload = await _send(client, card, image=image, filename="license.png")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["licenseImage"], "FILE_TYPE_NOT_ALLOWED")]
    assert await StoredFile.all().count() == 0 and await Employer.all().count() == 1


async def test_i6_3_decompression_bomb_is_refused(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    payload = await _send(client, card, image=files.png_bomb(), filename="license.png")
    assert payload["errors"][0]["code"] == "FILE_TOO_LARGE" and "10000×10000" in payload["errors"][0]["message"]


async def test_i6_3_real_jpeg_licence_is_accepted(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    payload = await _send(client, card, image=files.jpeg(), filename="执照.jpg")
    assert payload["errors"] == []
    assert (await StoredFile.get()).content_type == "image/jpeg"


@pytest.mark.parametrize("content", [
    b"%PDF-1.4\n" + HTML + b"\n%%EOF\n",  # HTML under a PDF header
    b"%PDF-1.7\n" + b"0" * 64,  # no end: not a PDF
    files.pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    b"\x89PNG\r\n\x1a\n" + HTML,
], ids=["pdf-header-html", "pdf-without-end", "pdf-with-script", "png-header-html"])
async def test_i6_3_termination_consent_must_be_a_real_pdf_or_image(world, client, content):
    agreement = await approved_agreement(world.alice, world.employer)
    payload = await request(client, world.tokens["alice"], agreement, content=content, filename="consent.pdf")
    assert codes(payload) == [("FILE_TYPE_NOT_ALLOWED", ["consentFile"])]
