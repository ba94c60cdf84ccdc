"""The graduate keeps a resume of ordered sections (X2)."""

from models import AuditEntry, ResumeSection
from schema.relay import encode_id

ADD = """mutation($input: AddResumeSectionInput!) { addResumeSection(input: $input) {
  errors { field code message } resumeSection { id kind kindLabel title content position } } }"""
UPDATE = """mutation($input: UpdateResumeSectionInput!) { updateResumeSection(input: $input) {
  errors { field code } resumeSection { kind title content } } }"""
DELETE = """mutation($input: DeleteResumeSectionInput!) { deleteResumeSection(input: $input) {
  errors { field code } deletedId } }"""
MOVE = """mutation($input: MoveResumeSectionInput!) { moveResumeSection(input: $input) {
  errors { field code } resumeSection { title position } resume { title position } } }"""
MY_RESUME = "{ myResume { title position } }"


async def _add(gql, token, kind, title, content=""):
    r = await gql(ADD, {"input": {"kind": kind, "title": title, "content": content}}, token=token)
    return r["data"]["addResumeSection"]


async def _titles(gql, token):
    return [s["title"] for s in (await gql(MY_RESUME, token=token))["data"]["myResume"]]


async def test_x2_graduate_adds_sections_in_order(world, gql):
    token = world.tokens["alice"]
    first = await _add(gql, token, "INTENTION", "求职意向", "Java 开发")
    assert first["errors"] == []
    assert first["resumeSection"] | {"id": None} == {"id": None, "kind": "INTENTION", "kindLabel": "求职意向",
                                                      "title": "求职意向", "content": "Java 开发", "position": 0}
    await _add(gql, token, "EDUCATION", "安徽工程大学 计算机科学与技术")
    assert await _titles(gql, token) == ["求职意向", "安徽工程大学 计算机科学与技术"]
    assert await _titles(gql, world.tokens["bob"]) == []
    assert await AuditEntry.filter(action="resume_section.added", actor_kind="graduate").count() == 2


async def test_x2_section_title_is_required_and_limits_are_checked_together(world, gql):
    r = await _add(gql, world.tokens["alice"], "AWARD", "  ", "x" * 5001)
    assert {(e["field"][0], e["code"]) for e in r["errors"]} == {("title", "REQUIRED"), ("content", "INVALID_INPUT")}
    assert await ResumeSection.all().count() == 0


async def test_x2_graduate_updates_only_given_fields(world, gql):
    added = await _add(gql, world.tokens["alice"], "PROJECT", "网签平台", "后端")
    gid = added["resumeSection"]["id"]
    r = (await gql(UPDATE, {"input": {"id": gid, "content": "后端与测试"}},
                   token=world.tokens["alice"]))["data"]["updateResumeSection"]
    assert r == {"errors": [], "resumeSection": {"kind": "PROJECT", "title": "网签平台", "content": "后端与测试"}}
    r = (await gql(UPDATE, {"input": {"id": gid, "kind": "EXPERIENCE"}},
                   token=world.tokens["alice"]))["data"]["updateResumeSection"]
    assert r["resumeSection"]["kind"] == "EXPERIENCE"
    entry = await AuditEntry.filter(action="resume_section.updated").order_by("id").first()
    assert entry.before["content"] == "后端" and entry.after["content"] == "后端与测试"


async def test_x2_graduate_deletes_a_section_and_the_rest_close_up(world, gql):
    token = world.tokens["alice"]
    ids = [(await _add(gql, token, "OTHER", t))["resumeSection"]["id"] for t in ("一", "二", "三")]
    r = (await gql(DELETE, {"input": {"id": ids[0]}}, token=token))["data"]["deleteResumeSection"]
    assert r == {"errors": [], "deletedId": ids[0]}
    assert (await gql(MY_RESUME, token=token))["data"]["myResume"] == [
        {"title": "二", "position": 0}, {"title": "三", "position": 1}]
    r = (await gql(DELETE, {"input": {"id": ids[0]}}, token=token))["data"]["deleteResumeSection"]
    assert [e["code"] for e in r["errors"]] == ["NOT_FOUND"]


async def test_x2_graduate_moves_a_section(world, gql):
    token = world.tokens["alice"]
    ids = [(await _add(gql, token, "OTHER", t))["resumeSection"]["id"] for t in ("一", "二", "三")]
    r = (await gql(MOVE, {"input": {"id": ids[2], "position": 0}}, token=token))["data"]["moveResumeSection"]
    assert r["errors"] == [] and r["resumeSection"] == {"title": "三", "position": 0}
    assert [s["title"] for s in r["resume"]] == ["三", "一", "二"]
    await gql(MOVE, {"input": {"id": ids[2], "position": 99}}, token=token)
    assert await _titles(gql, token) == ["一", "二", "三"]
    r = (await gql(MOVE, {"input": {"id": ids[0], "position": -1}}, token=token))["data"]["moveResumeSection"]
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["position"], "INVALID_INPUT")]


async def test_x2_nobody_else_changes_a_graduates_resume(world, gql):
    added = await _add(gql, world.tokens["alice"], "SKILL", "英语六级")
    gid = added["resumeSection"]["id"]
    for query, variables in ((UPDATE, {"id": gid, "title": "改"}), (DELETE, {"id": gid}),
                             (MOVE, {"id": gid, "position": 0})):
        r = await gql(query, {"input": variables}, token=world.tokens["bob"])
        assert [(e["field"], e["code"]) for e in next(iter(r["data"].values()))["errors"]] == [(["id"], "NOT_FOUND")]
        r = await gql(query, {"input": variables}, token=world.tokens["employer"])
        assert [e["code"] for e in next(iter(r["data"].values()))["errors"]] == ["PERMISSION_DENIED"]
    assert [e["code"] for e in (await _add(gql, world.tokens["employer"], "SKILL", "x"))["errors"]] == [
        "PERMISSION_DENIED"]
    assert [e["code"] for e in (await _add(gql, None, "SKILL", "x"))["errors"]] == ["UNAUTHENTICATED"]
    refused = await gql(MY_RESUME, token=world.tokens["employer"])
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert await _titles(gql, world.tokens["alice"]) == ["英语六级"]


async def test_x2_resume_section_node_is_visible_to_its_owner_not_to_an_unrelated_employer(world, gql):
    added = await _add(gql, world.tokens["alice"], "SKILL", "英语六级")
    query = "query($id: ID!) { node(id: $id) { ... on ResumeSection { title } } }"
    gid = added["resumeSection"]["id"]
    assert (await gql(query, {"id": gid}, token=world.tokens["alice"]))["data"]["node"] == {"title": "英语六级"}
    assert (await gql(query, {"id": gid}, token=world.tokens["employer"]))["data"]["node"] is None
    assert gid == encode_id("ResumeSection", (await ResumeSection.get()).id)
