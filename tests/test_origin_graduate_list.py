"""Staff lists of graduates (issue 2 §8): each staff member within their scope (R2), masked outside the school (B5)."""

from models import Graduate
from schema.relay import encode_id
from server import crypto
from tests import factories

GRADUATES = """query($filter: GraduateFilter, $first: Int, $after: String) {
  graduates(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { name studentNumber idNumber phone isBound department { name } school { name } } } } }"""


async def _names(gql, token, **variables):
    r = await gql(GRADUATES, variables, token=token)
    assert "errors" not in r, r
    return sorted(e["node"]["name"] for e in r["data"]["graduates"]["edges"])


async def test_r2_each_staff_member_lists_their_scope(world, gql):
    assert await _names(gql, world.tokens["cs"]) == ["陈晓明"]
    assert await _names(gql, world.tokens["law"]) == ["周大伟"]
    assert await _names(gql, world.tokens["admin"]) == ["周大伟", "陈晓明"]
    assert await _names(gql, world.tokens["other_admin"]) == ["林小雨"]
    assert await _names(gql, world.tokens["province"]) == ["周大伟", "林小雨", "陈晓明"]
    assert await _names(gql, world.tokens["other_province"]) == []


async def test_r2_graduates_employers_and_anonymous_are_refused(world, gql):
    for token, code in ((world.tokens["alice"], "PERMISSION_DENIED"), (world.tokens["employer"], "PERMISSION_DENIED"),
                        (None, "UNAUTHENTICATED")):
        r = await gql(GRADUATES, token=token)
        assert r["data"] is None and r["errors"][0]["extensions"]["code"] == code


async def test_b5_province_sees_masked_id_numbers_and_phones(world, gql):
    r = await gql(GRADUATES, {"filter": {"keyword": "陈"}}, token=world.tokens["province"])
    node = r["data"]["graduates"]["edges"][0]["node"]
    plain = crypto.decrypt(world.alice.id_number_enc)
    assert node["idNumber"] == crypto.mask_id_number(plain) and node["phone"] == "139****0001"
    r = await gql(GRADUATES, {"filter": {"keyword": "陈"}}, token=world.tokens["admin"])
    assert r["data"]["graduates"]["edges"][0]["node"]["idNumber"] == plain


async def test_r2_filters_department_year_keyword_and_binding(world, gql):
    await factories.graduate(world.school, world.cs, world.cs_major, name="王往届", student_number="3210701001",
                             year=2025, idn=factories.id_number(serial=99))
    await Graduate.filter(id=world.bob.id).update(openid="o-bob")
    token = world.tokens["admin"]
    law = encode_id("Department", world.law.id)
    assert await _names(gql, token, filter={"departmentId": law}) == ["周大伟"]
    assert await _names(gql, token, filter={"graduationYear": 2025}) == ["王往届"]
    assert await _names(gql, token, filter={"keyword": "3220701"}) == ["陈晓明"]
    assert await _names(gql, token, filter={"keyword": "大伟"}) == ["周大伟"]
    assert await _names(gql, token, filter={"bound": True}) == ["周大伟"]
    assert await _names(gql, token, filter={"bound": False}) == ["王往届", "陈晓明"]
    # A reviewer filtering on another department still sees nothing outside their own.
    assert await _names(gql, world.tokens["cs"], filter={"departmentId": law}) == []
    r = await gql(GRADUATES, {"filter": {"departmentId": encode_id("School", world.school.id)}}, token=token)
    assert r["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def test_r2_keyset_pages_cover_everyone_once(world, gql):
    for n in range(5):
        await factories.graduate(world.school, world.cs, world.cs_major, name=f"同学{n}",
                                 idn=factories.id_number(serial=100 + n))
    seen, after = [], None
    while True:
        r = await gql(GRADUATES, {"first": 2, "after": after}, token=world.tokens["cs"])
        page = r["data"]["graduates"]
        seen += [e["node"]["name"] for e in page["edges"]]
        assert page["totalCount"] == 6
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(["陈晓明", *(f"同学{n}" for n in range(5))])


async def test_r2_a_graduation_year_out_of_range_is_refused_with_its_code(world, gql):
    # The fuzz test's huge year overflowed PostgreSQL's small-integer column and came back as an internal error.
    for year in (-35691920, 1999, 2101):
        r = await gql(GRADUATES, {"filter": {"graduationYear": year}}, token=world.tokens["admin"])
        error = r["errors"][0]
        assert r["data"] is None and error["extensions"]["code"] == "INVALID_INPUT", r
        assert "2000 到 2100" in error["message"]
    assert await _names(gql, world.tokens["admin"], filter={"graduationYear": 2100}) == []
