"""S3: the graduate's QR card and signing by an employer with no account."""

import base64
import datetime as dt
import json

import jwt

from models import Agreement, Employer, SigningInvitation, StoredFile
from pdf import qr
from resolvers import files as stored_files
from resolvers.viewer import Role
from server import auth, crypto
from server.settings import get_settings
from tests import factories, files

MY_CARD = "{ myQrCard { token imageDataUri expiresAt } }"
CARD_GRADUATE = """query($token: String!) { qrCardGraduate(token: $token) {
  maskedName schoolName departmentName majorName educationLevel { label } } }"""
SEND = """mutation($input: SendQrCardSigningInvitationInput!) { sendQrCardSigningInvitation(input: $input) {
  errors { field code message } invitation { id method state graduate { name } employer { name hasAccount }
  terms { positionTitle contactName contactPhone } } } }"""
ACCEPT = """mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
  errors { code } agreement { stateLabel printable terms } } }"""
PNG = files.png()
USCC = factories.uscc("91340100MA2N0QXX0")
ALICE_ID_NUMBER = factories.id_number(serial=3)  # as make_world gives her


def _employer_input(**overrides):
    return {"name": "合肥小微科技有限公司", "uscc": USCC, "natureCode": "39", "industryCode": "34",
            "locationCode": "340104", "locationName": "安徽省合肥市蜀山区", "address": "合肥市望江西路 5 号",
            "postcode": "230031", "contactName": "王经理", "contactPhone": "13812345678",
            "contactEmail": "hr@xiaowei.example.com", "hasHiringAutonomy": True, **overrides}


async def _card(gql, world) -> str:
    return (await gql(MY_CARD, token=world.tokens["alice"]))["data"]["myQrCard"]["token"]


async def _send(client, card, *, name="陈晓明", last6=None, image=PNG, filename="license.png", token=None,
                employer=None, **overrides):
    variables = {"input": {
        "cardToken": card, "verifyName": name, "verifyIdNumberLast6": last6 or ALICE_ID_NUMBER[-6:],
        "employer": employer or _employer_input(), "licenseImage": None,
        "terms": {"positionTitle": "销售代表", "workLocationCode": "340104", "monthlySalary": 6000,
                  "probationMonths": 2, "contractYears": 3, "breachTerms": "违约金 3000 元"}, **overrides}}
    files = {"operations": (None, json.dumps({"query": SEND, "variables": variables})),
             "map": (None, json.dumps({"0": ["variables.input.licenseImage"]})),
             "0": (filename, image, "application/octet-stream")}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = await client.post("/graphql", files=files, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["data"]["sendQrCardSigningInvitation"]


async def test_s3_qr_card_is_signed_expiring_and_reveals_no_id_number(world, gql):
    r = (await gql(MY_CARD, token=world.tokens["alice"]))["data"]["myQrCard"]
    id_number = crypto.decrypt(world.alice.id_number_enc)
    claims = jwt.decode(r["token"], options={"verify_signature": False})
    assert claims["purpose"] == "qr_card" and claims["sub"] == f"graduate:{world.alice.id}"
    assert id_number not in json.dumps(claims) and id_number[-6:] not in json.dumps(claims)
    assert claims["exp"] - claims["iat"] == get_settings().qr_card_minutes * 60
    # the image encodes the token and nothing else
    assert r["imageDataUri"] == qr.png_data_uri(r["token"])
    assert base64.b64decode(r["imageDataUri"].split(",", 1)[1]).startswith(b"\x89PNG")
    assert dt.datetime.fromisoformat(r["expiresAt"]) > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=29)
    refused = await gql(MY_CARD, token=world.tokens["employer"])
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_s3_anyone_with_the_card_sees_masked_name_and_studies_only(world, gql):
    card = await _card(gql, world)
    r = await gql(CARD_GRADUATE, {"token": card})  # anonymous
    assert r["data"]["qrCardGraduate"] == {
        "maskedName": "陈*明", "schoolName": "安徽工程大学", "departmentName": "计算机与信息学院",
        "majorName": "计算机与信息学院专业", "educationLevel": {"label": "本科生毕业"}}


async def test_s3_expired_forged_or_revoked_card_is_refused(world, gql):
    expired = auth.issue_token(Role.GRADUATE, world.alice.id, world.alice.session_version, purpose="qr_card",
                               minutes=-1, extra={"jti": "x"})
    r = await gql(CARD_GRADUATE, {"token": expired})
    assert r["errors"][0]["extensions"]["code"] == "QR_CARD_EXPIRED"
    forged = jwt.encode({"sub": f"graduate:{world.alice.id}", "sv": 0, "purpose": "qr_card", "jti": "x",
                         "exp": dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)},
                        "forged-key-of-someone-who-is-not-us-0123", algorithm="HS256")
    assert (await gql(CARD_GRADUATE, {"token": forged}))["errors"][0]["extensions"]["code"] == "QR_CARD_INVALID"
    # an access token is not a card
    assert (await gql(CARD_GRADUATE, {"token": world.tokens["alice"]}))["errors"][0]["extensions"][
        "code"] == "QR_CARD_INVALID"
    card = await _card(gql, world)
    world.alice.session_version += 1
    await world.alice.save()
    assert (await gql(CARD_GRADUATE, {"token": card}))["errors"][0]["extensions"]["code"] == "QR_CARD_INVALID"


async def test_s3_employer_without_account_signs_by_qr_card_end_to_end(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    payload = await _send(client, card)
    assert payload["errors"] == []
    invitation = payload["invitation"]
    assert (invitation["method"], invitation["state"]) == ("QR_CARD", "PENDING")
    assert invitation["employer"] == {"name": "合肥小微科技有限公司", "hasAccount": False}
    assert invitation["graduate"] is None  # an anonymous caller never reads the graduate's record
    assert invitation["terms"]["contactPhone"] == "13812345678"
    employer = await Employer.get(uscc=USCC)
    assert employer.login_name is None and employer.license_file_id is not None
    stored = await StoredFile.get(id=employer.license_file_id)
    assert (stored.content_type, stored.purpose, await stored_files.read(stored)) == ("image/png", "uscc_license", PNG)

    row = await SigningInvitation.get(method="qr_card")
    for confirm in (False, True):
        r = await gql(ACCEPT, {"input": {"id": invitation["id"], "confirm": confirm}}, token=world.tokens["alice"])
        assert r["data"]["acceptSigningInvitation"]["errors"] == []
    agreement = r["data"]["acceptSigningInvitation"]["agreement"]
    assert (agreement["stateLabel"], agreement["printable"]) == ("签约成功，待学校审核", False)
    assert agreement["terms"]["partyB"]["contactName"] == "王经理"
    assert (await Agreement.get(invitation_id=row.id)).employer_id == employer.id


async def test_s3_identity_mismatch_is_rate_limited_per_card(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    assert (await _send(client, card, name="陈晓"))["errors"][0]["code"] == "IDENTITY_MISMATCH"
    for _ in range(4):
        assert (await _send(client, card, last6="000000"))["errors"][0]["code"] == "IDENTITY_MISMATCH"
    assert (await _send(client, card))["errors"][0]["code"] == "RATE_LIMITED"
    assert await SigningInvitation.all().count() == 0
    assert await Employer.filter(uscc=USCC).count() == 0


async def test_s3_card_errors_on_sending(world, gql, client):
    await factories.ready_to_sign(world.alice)
    expired = auth.issue_token(Role.GRADUATE, world.alice.id, world.alice.session_version, purpose="qr_card",
                               minutes=-1, extra={"jti": "x"})
    assert (await _send(client, expired))["errors"][0] == {"field": ["cardToken"], "code": "QR_CARD_EXPIRED",
                                                           "message": "二维码名片已过期，请毕业生重新出示"}
    assert (await _send(client, "garbage"))["errors"][0]["code"] == "QR_CARD_INVALID"


async def test_s3_license_image_type_checked_by_content_and_size(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    pdf_named_png = await _send(client, card, image=b"%PDF-1.4 not an image", filename="license.png")
    assert pdf_named_png["errors"][0] == {"field": ["licenseImage"], "code": "FILE_TYPE_NOT_ALLOWED",
                                          "message": "请上传 JPG 或 PNG 格式的营业执照（统一社会信用代码证）图片"}
    too_big = b"\xff\xd8\xff" + b"\x00" * get_settings().upload_max_bytes
    assert (await _send(client, card, image=too_big, filename="a.jpg"))["errors"][0]["code"] == "FILE_TOO_LARGE"
    assert await StoredFile.all().count() == 0


async def test_s3_employer_fields_validated_and_checksum_only_a_warning(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    bad = await _send(client, card, employer=_employer_input(uscc="123", natureCode="00", contactPhone="12"))
    assert {tuple(e["field"]) for e in bad["errors"]} == {
        ("employer", "uscc"), ("employer", "natureCode"), ("employer", "contactPhone")}
    wrong_checksum = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    ok = await _send(client, card, employer=_employer_input(uscc=wrong_checksum))
    assert ok["errors"] == []
    assert (await Employer.get(uscc=wrong_checksum)).uscc_checksum_failed is True


async def test_s3_existing_employer_found_by_uscc_is_not_overwritten(world, gql, client):
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    # Known from an earlier card signing, without an account (one with an account must sign in: test_security_uploads)
    existing = await factories.employer(_employer_input()["name"], login_name=None, uscc=USCC)
    clash = await _send(client, card, employer=_employer_input(name="另一家公司"))
    assert clash["errors"][0]["field"] == ["employer", "name"]
    same = await _send(client, card, employer=_employer_input(address="被改写的地址"))
    assert same["errors"] == []
    await existing.refresh_from_db()
    assert existing.address != "被改写的地址"
    assert await Employer.filter(uscc=USCC).count() == 1


async def test_s0_applies_to_qr_card_signing(world, gql, client):
    card = await _card(gql, world)
    world.alice.training_mode = "3"  # commissioned: never signs online (S0)
    await world.alice.save()
    assert (await _send(client, card))["errors"][0]["code"] == "DIRECTED_TRAINING"
    assert await Employer.filter(uscc=USCC).count() == 0  # nothing half-written
