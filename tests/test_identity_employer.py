"""Employer registration and login (issue 2 §5, S3, P4)."""

from models import AuditEntry, Employer
from schema.relay import encode_id
from server import crypto
from tests import factories

REGISTER = """mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) {
  token usccChecksumWarning errors { field code message }
  employer { id name uscc usccChecksumFailed hasAccount nature { code label } industry { code }
             location { code name } contactName } } }"""
LOGIN = """mutation($input: EmployerLoginInput!) { employerLogin(input: $input) {
  token employer { name } errors { field code message } } }"""
ME = "{ me { role employer { name uscc } } }"
AGREEMENT_EMPLOYER = """query($id: ID!) { node(id: $id) { ... on Agreement {
  employer { usccChecksumFailed hasAccount } } } }"""

GOOD_USCC = factories.uscc("91340100MA2N0B7K3")


def _form(**overrides):
    return {
        "name": "合肥星河软件有限公司", "uscc": GOOD_USCC, "natureCode": "39", "industryCode": "34",
        "locationCode": "340104", "locationName": "安徽省合肥市蜀山区", "address": "合肥市望江西路 800 号",
        "postcode": "230088", "contactName": "李敏", "contactPhone": "138 0551 2345",
        "contactEmail": "hr@xinghe.example.com", "hasHiringAutonomy": True, "loginName": "XingHe",
        "password": "Xinghe2026hr", **overrides,
    }


async def _register(gql, **overrides):
    return (await gql(REGISTER, {"input": _form(**overrides)}))["data"]["registerEmployer"]


async def _login(gql, login_name, password):
    variables = {"input": {"loginName": login_name, "password": password}}
    return (await gql(LOGIN, variables))["data"]["employerLogin"]


async def test_employer_registers_and_is_signed_in(world, gql):
    payload = await _register(gql)
    assert payload["errors"] == [] and payload["usccChecksumWarning"] is False
    employer = payload["employer"]
    assert employer["uscc"] == GOOD_USCC and employer["hasAccount"] is True
    assert employer["nature"] == {"code": "39", "label": "其他企业"}
    assert employer["location"] == {"code": "340104", "name": "安徽省合肥市蜀山区"}
    me = (await gql(ME, token=payload["token"]))["data"]["me"]
    assert me == {"role": "employer", "employer": {"name": "合肥星河软件有限公司", "uscc": GOOD_USCC}}
    row = await Employer.get(uscc=GOOD_USCC)
    assert row.login_name == "xinghe"
    assert "13805512345" not in row.contact_phone_enc and crypto.decrypt(row.contact_phone_enc) == "13805512345"
    audit = await AuditEntry.filter(action="employer.registered", subject_id=row.id).get()
    assert audit.after["contact_phone_enc"] == "***" and audit.after["login_name"] == "xinghe"


async def test_employer_registration_reports_every_invalid_field_at_once(world, gql):
    payload = await _register(gql, name=" ", uscc="91340100MA2N0B7KI3", natureCode="88", industryCode="",
                              locationCode="340100", locationName="", address="", postcode="23008",
                              contactName="", contactPhone="0551-1234567", contactEmail="hr-at-example",
                              hasHiringAutonomy=False, supervisingAuthority="", loginName="x!",
                              password="password")
    assert sorted((e["field"][0], e["code"]) for e in payload["errors"]) == [
        ("address", "REQUIRED"),
        ("contactEmail", "INVALID_EMAIL"),
        ("contactName", "REQUIRED"),
        ("contactPhone", "INVALID_PHONE"),
        ("industryCode", "INVALID_CODE"),
        ("locationCode", "INVALID_REGION"),
        ("locationName", "REQUIRED"),
        ("loginName", "INVALID_FORMAT"),
        ("name", "REQUIRED"),
        ("natureCode", "INVALID_CODE"),
        ("password", "WEAK_PASSWORD"),
        ("postcode", "INVALID_POSTCODE"),
        ("supervisingAuthority", "REQUIRED"),
        ("uscc", "INVALID_USCC"),
    ]
    assert all(e["message"] for e in payload["errors"])
    assert payload["employer"] is None and payload["token"] is None
    assert await Employer.filter(name="").count() == 0 and await Employer.all().count() == 1


async def test_employer_uscc_checksum_failure_is_only_a_warning(world, gql):
    good = GOOD_USCC
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    payload = await _register(gql, uscc=bad_checksum.lower())
    assert payload["errors"] == [] and payload["usccChecksumWarning"] is True
    assert payload["employer"]["usccChecksumFailed"] is True and payload["employer"]["uscc"] == bad_checksum
    # Once it signs with a graduate, the school's reviewer sees the warning on the employer.
    employer = await Employer.get(uscc=bad_checksum)
    agreement, _ = await factories.signed_agreement(world.alice, employer)
    seen = (await gql(AGREEMENT_EMPLOYER, {"id": encode_id("Agreement", agreement.id)}, token=world.tokens["cs"]))
    assert seen["data"]["node"]["employer"] == {"usccChecksumFailed": True, "hasAccount": True}


async def test_employer_uscc_already_registered_and_login_name_taken(world, gql):
    payload = await _register(gql, uscc=world.employer.uscc, loginName="xintong")
    assert sorted((e["field"][0], e["code"]) for e in payload["errors"]) == [
        ("loginName", "LOGIN_NAME_TAKEN"), ("uscc", "USCC_TAKEN")]
    assert {e["code"]: e["message"] for e in payload["errors"]}["USCC_TAKEN"] == "该统一社会信用代码已注册"
    assert (await Employer.get(id=world.employer.id)).name == "安徽信通信息服务有限公司"


async def test_s3_registration_claims_the_employer_left_by_a_qr_card_signing(world, gql):
    walk_in = await factories.employer("合肥星河软件", login_name=None)
    walk_in.uscc = GOOD_USCC
    walk_in.contact_phone_enc = crypto.encrypt("13805512345")  # the phone given when signing by QR card
    await walk_in.save()
    agreement, _ = await factories.signed_agreement(world.alice, walk_in)
    stranger = await _register(gql, contactPhone="13900009999")
    assert [(e["code"], e["message"]) for e in stranger["errors"]] == [
        ("USCC_TAKEN", "该单位已通过扫码签约登记，请使用签约时填写的联系电话注册")]
    payload = await _register(gql)
    assert payload["errors"] == []
    assert payload["employer"]["id"] == encode_id("Employer", walk_in.id)
    assert payload["employer"]["name"] == "合肥星河软件有限公司" and payload["employer"]["hasAccount"] is True
    assert await Employer.filter(uscc=GOOD_USCC).count() == 1
    claimed = await AuditEntry.filter(action="employer.claimed", subject_id=walk_in.id).get()
    assert claimed.before["login_name"] is None and claimed.after["login_name"] == "xinghe"
    # The account now reaches what the walk-in employer signed.
    node = "query($id: ID!) { node(id: $id) { id } }"
    agreement_id = encode_id("Agreement", agreement.id)
    assert (await gql(node, {"id": agreement_id}, token=payload["token"]))["data"]["node"] == {"id": agreement_id}
    second = await _register(gql, loginName="xinghe2")
    assert [e["code"] for e in second["errors"]] == ["USCC_TAKEN"]


async def test_employer_login(world, gql):
    payload = await _login(gql, " XinTong ", factories.PASSWORD)
    assert payload["errors"] == [] and payload["employer"] == {"name": "安徽信通信息服务有限公司"}
    assert (await gql(ME, token=payload["token"]))["data"]["me"]["role"] == "employer"
    for login_name, password in (("xintong", "Wrong2026pass"), ("nobody", factories.PASSWORD), ("", "x")):
        payload = await _login(gql, login_name, password)
        assert payload["errors"] == [{"field": ["password"], "code": "INVALID_CREDENTIALS",
                                      "message": "账号或密码错误"}]


async def test_employer_wrong_password_five_times_locks_the_account(world, gql):
    for _ in range(5):
        assert (await _login(gql, "xintong", "Wrong2026pass"))["errors"][0]["code"] == "INVALID_CREDENTIALS"
    payload = await _login(gql, "xintong", factories.PASSWORD)
    assert payload["errors"][0]["code"] == "RATE_LIMITED" and payload["token"] is None


async def test_employer_without_account_cannot_log_in(world, gql):
    await factories.employer("扫码单位", login_name=None)
    assert (await _login(gql, "", factories.PASSWORD))["errors"][0]["code"] == "INVALID_CREDENTIALS"
