"""Issue 6.10: an employer's contact person and e-mail are for those who deal with it (resolvers/authz.py
sees_employer_contact), not for every signed-in user."""

from models import Application, InterviewInvitation
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories

NODE = "query($id: ID!) { node(id: $id) { ... on Employer { name contactName contactEmail } } }"
AGREEMENT = """query($id: ID!) { node(id: $id) { ... on Agreement { employer { contactName contactEmail } } } }"""


async def _contact(gql, token, employer) -> tuple:
    node = (await gql(NODE, {"id": encode_id("Employer", employer.id)}, token=token))["data"]["node"]
    assert node["name"] == employer.name  # the organisation stays public
    return node["contactName"], node["contactEmail"]


async def test_i6_10_employer_contacts_are_read_only_by_those_who_deal_with_it(world, gql):
    employer = world.employer
    employer.contact_name, employer.contact_email = "王经理", "hr@xintong.example.com"
    await employer.save(update_fields=["contact_name", "contact_email"])
    agreement, _ = await factories.signed_agreement(world.alice, employer)  # alice: cs, school 1, Anhui
    other_employer = await factories.employer("合肥另一家科技有限公司", login_name="another")
    contact = ("王经理", "hr@xintong.example.com")
    tokens = world.tokens | {"other_employer": factories.token(Role.EMPLOYER, other_employer)}
    expected = {
        "employer": contact,  # itself
        "alice": contact,  # invited to sign, agreement signed
        "admin": contact, "cs": contact, "province": contact,  # staff whose scope holds the agreement
        "bob": (None, None),  # same school, no dealings with the employer
        "carol": (None, None),  # a graduate of another school (the probe's case)
        "law": (None, None),  # another department of the same school
        "other_admin": (None, None), "other_province": (None, None), "other_employer": (None, None),
    }
    seen = {who: await _contact(gql, tokens[who], employer) for who in expected}
    assert seen == expected
    # The same rule wherever the employer is reached from, e.g. through the agreement.
    via = await gql(AGREEMENT, {"id": encode_id("Agreement", agreement.id)}, token=tokens["cs"])
    assert via["data"]["node"]["employer"] == {"contactName": contact[0], "contactEmail": contact[1]}


async def test_i6_10_a_graduate_invited_to_an_interview_sees_the_contact(world, gql):
    position = await factories.position(world.employer)
    application = await Application.create(position=position, graduate=world.bob)
    await InterviewInvitation.create(employer=world.employer, graduate=world.bob, position=position,
                                     application=application, scheduled_at=application.created_at, place="合肥")
    name, _ = await _contact(gql, world.tokens["bob"], world.employer)
    assert name == world.employer.contact_name
