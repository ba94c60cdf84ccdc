"""School settings (R2, T2, T3, S4): the school's own admin changes them, validated and audited."""

from models import AuditEntry, School
from schema.relay import encode_id

UPDATE = """mutation($input: UpdateSchoolSettingsInput!) { updateSchoolSettings(input: $input) {
  errors { field code message }
  school { name settings { reviewLevels terminationOpensMonth terminationOpensDay maxTerminations
                           invitationDefaultDays invitationMaxDays } } } }"""
SETTINGS = "query($id: ID!) { node(id: $id) { ... on School { settings { reviewLevels maxTerminations } } } }"


async def _update(gql, world, token="admin", **settings):
    variables = {"input": {"schoolId": encode_id("School", world.school.id), **settings}}
    return (await gql(UPDATE, variables, token=world.tokens[token] if token else None))["data"]["updateSchoolSettings"]


def _codes(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_r2_school_admin_changes_settings_given(world, gql):
    payload = await _update(gql, world, reviewLevels=1, terminationOpensMonth=2, terminationOpensDay=29,
                            maxTerminations=0, invitationDefaultDays=10, invitationMaxDays=10)
    assert payload["errors"] == []
    assert payload["school"]["settings"] == {
        "reviewLevels": 1, "terminationOpensMonth": 2, "terminationOpensDay": 29, "maxTerminations": 0,
        "invitationDefaultDays": 10, "invitationMaxDays": 10}
    only_one = await _update(gql, world, maxTerminations=2)
    assert only_one["school"]["settings"]["reviewLevels"] == 1
    assert only_one["school"]["settings"]["maxTerminations"] == 2
    school = await School.get(id=world.school.id)
    assert (school.review_levels, school.max_terminations, school.termination_opens_day) == (1, 2, 29)


async def test_t2_t3_s4_settings_validated(world, gql):
    cases = [
        ({"reviewLevels": 3}, [(["reviewLevels"], "INVALID_INPUT")]),
        ({"terminationOpensMonth": 13}, [(["terminationOpensMonth"], "INVALID_INPUT")]),
        ({"terminationOpensMonth": 4, "terminationOpensDay": 31}, [(["terminationOpensDay"], "INVALID_INPUT")]),
        ({"terminationOpensDay": 0}, [(["terminationOpensDay"], "INVALID_INPUT")]),
        ({"maxTerminations": -1}, [(["maxTerminations"], "INVALID_INPUT")]),
        ({"invitationDefaultDays": 31}, [(["invitationDefaultDays"], "INVALID_INPUT")]),
        ({"invitationMaxDays": 5}, [(["invitationDefaultDays"], "INVALID_INPUT")]),
        ({"invitationDefaultDays": 0}, [(["invitationDefaultDays"], "INVALID_INPUT")]),
        ({"reviewLevels": 0, "maxTerminations": -2},
         [(["reviewLevels"], "INVALID_INPUT"), (["maxTerminations"], "INVALID_INPUT")]),
    ]
    for settings, expected in cases:
        payload = await _update(gql, world, **settings)
        assert _codes(payload) == expected, settings
        assert payload["school"] is None
    school = await School.get(id=world.school.id)
    assert (school.review_levels, school.termination_opens_month, school.max_terminations) == (2, 9, 3)
    assert await AuditEntry.filter(action="school.settings_updated").count() == 0


async def test_r3_settings_change_is_audited(world, gql):
    await _update(gql, world, reviewLevels=1, invitationMaxDays=20)
    entry = await AuditEntry.get(action="school.settings_updated")
    assert entry.subject_type == "school" and entry.subject_id == world.school.id
    assert entry.school_id == world.school.id and entry.actor_id == world.admin.id
    assert entry.before == {"review_levels": 2, "invitation_max_days": 30}
    assert entry.after == {"review_levels": 1, "invitation_max_days": 20}


async def test_r2_only_the_schools_own_admin_changes_settings(world, gql):
    for who, code in (("other_admin", "PERMISSION_DENIED"), ("cs", "PERMISSION_DENIED"),
                      ("province", "PERMISSION_DENIED"), ("alice", "PERMISSION_DENIED"),
                      ("employer", "PERMISSION_DENIED"), (None, "UNAUTHENTICATED")):
        payload = await _update(gql, world, who, reviewLevels=1)
        assert [e["code"] for e in payload["errors"]] == [code], who
    assert (await School.get(id=world.school.id)).review_levels == 2


async def test_r2_settings_shown_to_the_schools_staff_only(world, gql):
    gid = encode_id("School", world.school.id)
    for who, visible in (("admin", True), ("cs", True), ("other_admin", False), ("alice", False)):
        node = (await gql(SETTINGS, {"id": gid}, token=world.tokens[who]))["data"]["node"]
        assert (node["settings"] is not None) is visible, who


async def test_s11_signing_date_is_a_school_setting_validated_like_the_termination_date(world, gql):
    bad = await _update(gql, world, signingOpensMonth=4, signingOpensDay=31)
    assert _codes(bad) == [(["signingOpensDay"], "INVALID_INPUT")]
    assert _codes(await _update(gql, world, signingOpensMonth=0)) == [(["signingOpensMonth"], "INVALID_INPUT")]
    ok = await _update(gql, world, signingOpensMonth=10, signingOpensDay=15)
    assert ok["errors"] == []
    school = await School.get(id=world.school.id)
    assert (school.signing_opens_month, school.signing_opens_day) == (10, 15)
    entry = await AuditEntry.get(action="school.settings_updated")
    assert entry.after == {"signing_opens_month": 10, "signing_opens_day": 15}


CONTACT = """mutation($input: UpdateSchoolSettingsInput!) { updateSchoolSettings(input: $input) {
  errors { field code message }
  school { settings { contactDepartment contactPerson contactPhone address } } } }"""


async def test_p4_school_admin_edits_the_contact_block_printed_on_agreements(world, gql):
    async def update(**given):
        variables = {"input": {"schoolId": encode_id("School", world.school.id), **given}}
        return (await gql(CONTACT, variables, token=world.tokens["admin"]))["data"]["updateSchoolSettings"]

    payload = await update(contactDepartment=" 毕业生就业指导中心 ", contactPerson="李恒奎",
                           contactPhone="0553-2871411", address="安徽省芜湖市北京中路")
    assert payload["errors"] == []
    assert payload["school"]["settings"] == {"contactDepartment": "毕业生就业指导中心", "contactPerson": "李恒奎",
                                             "contactPhone": "0553-2871411", "address": "安徽省芜湖市北京中路"}
    assert _codes(await update(contactPhone="call me")) == [(["contactPhone"], "INVALID_PHONE")]
    assert (await update(contactPerson=""))["school"]["settings"]["contactPerson"] == ""
    entry = await AuditEntry.filter(action="school.settings_updated").order_by("-id").first()
    assert entry.before == {"contact_person": "李恒奎"} and entry.after == {"contact_person": ""}
