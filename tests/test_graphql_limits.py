"""Query limits protect the server from abusive documents (issue 2 §9)."""


async def test_depth_limit_refuses_deep_queries(gql):
    nested = "id"
    for _ in range(8):
        nested = f"departments {{ school {{ {nested} }} }}"
    r = await gql(f"{{ schools(first: 1) {{ edges {{ node {{ {nested} }} }} }} }}")
    assert r["errors"] and "exceeds maximum operation depth" in r["errors"][0]["message"]


async def test_alias_limit_refuses_many_aliases(gql):
    fields = " ".join(f"a{i}: me {{ role }}" for i in range(40))
    r = await gql(f"{{ {fields} }}")
    assert r["errors"] and "alias" in r["errors"][0]["message"].lower()


async def test_page_size_is_capped_at_100(gql):
    r = await gql("{ schools(first: 101) { edges { cursor } } }")
    assert r["errors"][0]["message"] == "每页最多 100 条"
    assert r["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_keyset_cursor_pages_through_schools(world, gql):
    first = await gql(
        "{ schools(first: 2) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }")
    page = first["data"]["schools"]
    assert page["totalCount"] == 3
    assert [e["node"]["code"] for e in page["edges"]] == ["10363", "10370"]
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    second = await gql(
        "query($a: String) { schools(first: 2, after: $a) { edges { node { code } } pageInfo { hasNextPage } } }",
        {"a": after})
    assert [e["node"]["code"] for e in second["data"]["schools"]["edges"]] == ["10284"]
    assert second["data"]["schools"]["pageInfo"]["hasNextPage"] is False


async def test_code_tables_carry_national_codes(gql):
    r = await gql("{ codeTable(table: EMPLOYER_NATURE) { code label } }")
    table = {row["code"]: row["label"] for row in r["data"]["codeTable"]}
    assert table["10"] == "机关" and table["99"] == "其他" and len(table) == 15
    r = await gql("{ codeTable(table: DESTINATION_TYPE) { code label } }")
    table = {row["code"]: row["label"] for row in r["data"]["codeTable"]}
    assert table["10"] == "签就业协议形式就业" and table["85"] == "出国、出境"
    r = await gql("{ codeTable(table: EDUCATION_LEVEL) { code label } }")
    assert {"code": "31", "label": "本科生毕业"} in r["data"]["codeTable"]
