"""Employers publish and keep positions; graduates browse the open ones (issue 3 §1, S1)."""

import datetime as dt

from models import AuditEntry, Position
from resolvers.viewer import Role
from schema.relay import encode_id
from server.clock import today
from tests import factories

CREATE = """mutation($input: CreatePositionInput!) { createPosition(input: $input) {
  errors { field code message } position { id title category state stateLabel headcount salaryMin salaryMax
  deadline description location { code name } employer { name } } } }"""
UPDATE = """mutation($input: UpdatePositionInput!) { updatePosition(input: $input) {
  errors { field code } position { title salaryMin salaryMax deadline headcount location { code } } } }"""
CLOSE = """mutation($input: ClosePositionInput!) { closePosition(input: $input) {
  errors { field code message } position { state stateLabel } } }"""
REOPEN = """mutation($input: ReopenPositionInput!) { reopenPosition(input: $input) {
  errors { field code message } position { state deadline } } }"""
MY_POSITIONS = """query($filter: MyPositionsFilter) { myPositions(filter: $filter) {
  totalCount edges { node { title state } } } }"""
BROWSE = """query($filter: PositionFilter, $first: Int, $after: String) {
  positions(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { title location { code }
    employer { name nature { code label } industry { label } location { name } } } } } }"""
NODE = "query($id: ID!) { node(id: $id) { ... on Position { title state employer { name } } } }"


def _valid(**overrides):
    return {"title": "Java 开发工程师", "category": "软件开发", "locationCode": "340104",
            "locationName": "安徽省合肥市蜀山区", "salaryMin": 8000, "salaryMax": 12000, "headcount": 2,
            "deadline": (today() + dt.timedelta(days=30)).isoformat(), "description": "负责后端开发", **overrides}


async def _other_employer():
    other = await factories.employer("合肥另一家科技有限公司", login_name="another")
    return other, factories.token(Role.EMPLOYER, other)


async def test_s1_employer_creates_position_and_sees_it_in_my_positions(world, gql):
    r = (await gql(CREATE, {"input": _valid()}, token=world.tokens["employer"]))["data"]["createPosition"]
    assert r["errors"] == []
    assert r["position"]["state"] == "OPEN" and r["position"]["stateLabel"] == "招聘中"
    assert r["position"]["location"] == {"code": "340104", "name": "安徽省合肥市蜀山区"}
    assert r["position"]["employer"] == {"name": world.employer.name}
    mine = (await gql(MY_POSITIONS, token=world.tokens["employer"]))["data"]["myPositions"]
    assert mine["totalCount"] == 1 and mine["edges"][0]["node"]["title"] == "Java 开发工程师"
    assert await AuditEntry.filter(action="position.created", actor_kind="employer").count() == 1
    _, other_token = await _other_employer()
    assert (await gql(MY_POSITIONS, token=other_token))["data"]["myPositions"]["totalCount"] == 0


async def test_s1_create_position_reports_every_invalid_field_at_once(world, gql):
    bad = _valid(title=" ", locationCode="340100", locationName="", salaryMin=-1, headcount=0,
                 deadline=(today() - dt.timedelta(days=1)).isoformat())
    r = (await gql(CREATE, {"input": bad}, token=world.tokens["employer"]))["data"]["createPosition"]
    assert r["position"] is None
    assert {(tuple(e["field"]), e["code"]) for e in r["errors"]} == {
        (("title",), "REQUIRED"), (("locationCode",), "INVALID_REGION"), (("locationName",), "REQUIRED"),
        (("salaryMin",), "INVALID_INPUT"), (("headcount",), "INVALID_INPUT"), (("deadline",), "INVALID_INPUT"),
    }
    r = (await gql(CREATE, {"input": _valid(salaryMin=9000, salaryMax=8000)},
                   token=world.tokens["employer"]))["data"]["createPosition"]
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["salaryMax"], "INVALID_INPUT")]
    assert await Position.all().count() == 0


async def test_s1_salary_is_optional_and_deadline_today_is_allowed(world, gql):
    r = (await gql(CREATE, {"input": _valid(salaryMin=None, salaryMax=None, deadline=today().isoformat())},
                   token=world.tokens["employer"]))["data"]["createPosition"]
    assert r["errors"] == [] and r["position"]["salaryMin"] is None and r["position"]["salaryMax"] is None


async def test_s1_graduate_or_anonymous_cannot_create_position(world, gql):
    r = (await gql(CREATE, {"input": _valid()}, token=world.tokens["alice"]))["data"]["createPosition"]
    assert [e["code"] for e in r["errors"]] == ["PERMISSION_DENIED"]
    r = (await gql(CREATE, {"input": _valid()}, token=world.tokens["admin"]))["data"]["createPosition"]
    assert [e["code"] for e in r["errors"]] == ["PERMISSION_DENIED"]
    r = (await gql(CREATE, {"input": _valid()}))["data"]["createPosition"]
    assert [e["code"] for e in r["errors"]] == ["UNAUTHENTICATED"]
    assert await Position.all().count() == 0


async def test_s1_another_employer_cannot_edit_close_or_reopen_a_position(world, gql):
    position = await factories.position(world.employer)
    gid = encode_id("Position", position.id)
    _, other_token = await _other_employer()
    for query, variables in ((UPDATE, {"id": gid, "title": "改掉"}), (CLOSE, {"id": gid}),
                             (REOPEN, {"id": gid})):
        r = await gql(query, {"input": variables}, token=other_token)
        payload = next(iter(r["data"].values()))
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["id"], "NOT_FOUND")]
    await position.refresh_from_db()
    assert position.title == "软件工程师" and position.state == "open"


async def test_s1_update_changes_only_given_fields_and_checks_salary_against_stored(world, gql):
    position = await factories.position(world.employer, salary_min=6000, salary_max=9000)
    gid = encode_id("Position", position.id)
    r = (await gql(UPDATE, {"input": {"id": gid, "salaryMin": 10000}},
                   token=world.tokens["employer"]))["data"]["updatePosition"]
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["salaryMax"], "INVALID_INPUT")]
    r = (await gql(UPDATE, {"input": {"id": gid, "title": "高级工程师", "salaryMax": None, "headcount": 5}},
                   token=world.tokens["employer"]))["data"]["updatePosition"]
    assert r["errors"] == []
    assert r["position"] == {"title": "高级工程师", "salaryMin": 6000, "salaryMax": None, "deadline": None,
                             "headcount": 5, "location": {"code": "340104"}}
    entry = await AuditEntry.get(action="position.updated")
    assert entry.before["title"] == "软件工程师" and entry.after["title"] == "高级工程师"
    r = (await gql(UPDATE, {"input": {"id": "not-an-id"}}, token=world.tokens["employer"]))["data"]
    assert [e["code"] for e in r["updatePosition"]["errors"]] == ["INVALID_ID"]


async def test_s1_close_and_reopen_follow_the_position_workflow(world, gql):
    position = await factories.position(world.employer)
    gid = encode_id("Position", position.id)
    token = world.tokens["employer"]
    r = (await gql(CLOSE, {"input": {"id": gid, "reason": "已招满"}}, token=token))["data"]["closePosition"]
    assert r == {"errors": [], "position": {"state": "CLOSED", "stateLabel": "已关闭"}}
    r = (await gql(CLOSE, {"input": {"id": gid}}, token=token))["data"]["closePosition"]
    assert [e["code"] for e in r["errors"]] == ["INVALID_STATE"]
    closed = (await gql(MY_POSITIONS, {"filter": {"state": "CLOSED"}}, token=token))["data"]["myPositions"]
    assert closed["totalCount"] == 1
    opened = (await gql(MY_POSITIONS, {"filter": {"state": "OPEN"}}, token=token))["data"]["myPositions"]
    assert opened["totalCount"] == 0
    r = (await gql(REOPEN, {"input": {"id": gid}}, token=token))["data"]["reopenPosition"]
    assert r == {"errors": [], "position": {"state": "OPEN", "deadline": None}}
    actions = [e.action for e in await AuditEntry.filter(subject_type="position").order_by("id")]
    assert actions == ["position.closed", "position.reopened"]
    assert (await AuditEntry.get(action="position.closed")).reason == "已招满"


async def test_s1_reopening_a_position_past_its_deadline_takes_a_new_deadline(world, gql):
    position = await factories.position(world.employer, state="closed", deadline=today() - dt.timedelta(days=3))
    gid = encode_id("Position", position.id)
    token = world.tokens["employer"]
    r = (await gql(REOPEN, {"input": {"id": gid}}, token=token))["data"]["reopenPosition"]
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["deadline"], "INVALID_INPUT")]
    new_deadline = (today() + dt.timedelta(days=10)).isoformat()
    r = (await gql(REOPEN, {"input": {"id": gid, "deadline": new_deadline}}, token=token))["data"]["reopenPosition"]
    assert r == {"errors": [], "position": {"state": "OPEN", "deadline": new_deadline}}


async def test_s1_graduates_browse_open_unexpired_positions_newest_first_with_employer(world, gql):
    other = await factories.employer("南京某银行股份有限公司", login_name="bank", nature="31", industry="35",
                                     location_code="320102", location_name="江苏省南京市玄武区")
    await factories.position(world.employer, title="旧职位")
    await factories.position(world.employer, title="已关闭", state="closed")
    await factories.position(world.employer, title="已过期", deadline=today() - dt.timedelta(days=1))
    await factories.position(world.employer, title="今天截止", deadline=today())
    await factories.position(other, title="柜员", category="金融", location_code="320102",
                             description="柜面业务")
    r = (await gql(BROWSE, token=world.tokens["alice"]))["data"]["positions"]
    assert [e["node"]["title"] for e in r["edges"]] == ["柜员", "今天截止", "旧职位"]
    assert r["edges"][0]["node"]["employer"] == {
        "name": "南京某银行股份有限公司", "nature": {"code": "31", "label": "国有企业"},
        "industry": {"label": "金融业"}, "location": {"name": "江苏省南京市玄武区"}}

    async def titles(**f):
        data = (await gql(BROWSE, {"filter": f}, token=world.tokens["alice"]))["data"]["positions"]
        return sorted(e["node"]["title"] for e in data["edges"])

    assert await titles(locationCode="34") == ["今天截止", "旧职位"]
    assert await titles(locationCode="3401") == ["今天截止", "旧职位"]
    assert await titles(locationCode="340100") == ["今天截止", "旧职位"]
    assert await titles(locationCode="340104") == ["今天截止", "旧职位"]
    assert await titles(locationCode="320102") == ["柜员"]
    assert await titles(category="金融") == ["柜员"]
    assert await titles(keyword="银行") == ["柜员"]
    assert await titles(keyword="后端") == ["今天截止", "旧职位"]


async def test_s1_browsing_pages_with_cursors_and_refuses_bad_region_and_anonymous(world, gql):
    for i in range(3):
        await factories.position(world.employer, title=f"职位{i}")
    page = (await gql(BROWSE, {"first": 2}, token=world.tokens["alice"]))["data"]["positions"]
    assert [e["node"]["title"] for e in page["edges"]] == ["职位2", "职位1"] and page["pageInfo"]["hasNextPage"]
    rest = (await gql(BROWSE, {"first": 2, "after": page["pageInfo"]["endCursor"]},
                      token=world.tokens["alice"]))["data"]["positions"]
    assert [e["node"]["title"] for e in rest["edges"]] == ["职位0"] and not rest["pageInfo"]["hasNextPage"]
    r = await gql(BROWSE, {"filter": {"locationCode": "3a"}}, token=world.tokens["alice"])
    assert r["errors"][0]["extensions"]["code"] == "INVALID_REGION"
    r = await gql(BROWSE)
    assert r["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_s1_node_shows_open_position_and_closed_one_only_to_its_employer(world, gql):
    open_one = await factories.position(world.employer, title="开放职位")
    closed = await factories.position(world.employer, title="关闭职位", state="closed")
    r = await gql(NODE, {"id": encode_id("Position", open_one.id)}, token=world.tokens["alice"])
    assert r["data"]["node"] == {"title": "开放职位", "state": "OPEN", "employer": {"name": world.employer.name}}
    gid = encode_id("Position", closed.id)
    assert (await gql(NODE, {"id": gid}, token=world.tokens["alice"]))["data"]["node"] is None
    _, other_token = await _other_employer()
    assert (await gql(NODE, {"id": gid}, token=other_token))["data"]["node"] is None
    assert (await gql(NODE, {"id": gid}, token=world.tokens["employer"]))["data"]["node"]["title"] == "关闭职位"
