"""Request bodies are bounded before anything reads them whole or authenticates; bad bodies are 4xx (issue 6.6)."""

import json

from server.settings import get_settings

ME = {"query": "{ me { role } }"}


def _refusal(r, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == code
    return body["errors"][0]["message"]


async def test_i6_6_an_oversized_operation_is_refused_before_authentication(client):
    big = json.dumps({"query": "query($v: String) { schools(keyword: $v) { totalCount } }",
                      "variables": {"v": "x" * (2 * 1024 * 1024)}})
    # A token that would be refused: had the server authenticated first, this would be a 401.
    r = await client.post("/graphql", content=big, headers={"content-type": "application/json",
                                                            "authorization": "Bearer not-a-token"})
    message = _refusal(r, 413, "REQUEST_TOO_LARGE")
    assert message == f"请求内容过大：最多 {get_settings().max_body_bytes} 字节"


async def test_i6_6_a_body_without_length_is_cut_off_while_streaming(client):
    sent = 0

    async def chunks():
        nonlocal sent
        for _ in range(64):
            sent += 64 * 1024
            yield b"x" * (64 * 1024)

    r = await client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    _refusal(r, 413, "REQUEST_TOO_LARGE")
    assert sent < 64 * 64 * 1024  # the server stopped reading


async def test_i6_6_an_upload_may_be_larger_than_an_operation_but_is_bounded_too(world, client):
    operations = json.dumps({"query": "mutation($f: Upload!) { importRoster(input: {file: $f, graduationYear: 2026})"
                                      " { errors { code } } }", "variables": {"f": None}})
    files = {"0": ("roster.csv", b"x" * (get_settings().upload_max_bytes + 128 * 1024), "text/csv")}
    r = await client.post("/graphql", data={"operations": operations, "map": json.dumps({"0": ["variables.f"]})},
                          files=files, headers={"authorization": f"Bearer {world.tokens['admin']}"})
    _refusal(r, 413, "REQUEST_TOO_LARGE")
    small = {"0": ("roster.csv", "学号,姓名\n".encode() + b"x" * (2 * 1024 * 1024), "text/csv")}
    r = await client.post("/graphql", data={"operations": operations, "map": json.dumps({"0": ["variables.f"]})},
                          files=small, headers={"authorization": f"Bearer {world.tokens['admin']}"})
    assert r.status_code == 200 and "importRoster" in r.json()["data"]


async def test_i6_6_malformed_bodies_are_400_with_a_clear_message(client):
    cases = [
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),  # nested deeper than any parser recursion
        (b'{"query": "{ me { role } }", "x": "\xff\xfe"}', "application/json"),  # invalid UTF-8
        (b"this is not json", "application/json"),
        (b"123", "application/json"),
        (b'"a string"', "application/json"),
        (b"query=hello", "text/plain"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
    ]
    for body, content_type in cases:
        r = await client.post("/graphql", content=body, headers={"content-type": content_type})
        message = _refusal(r, 400, "BAD_REQUEST")
        assert message.startswith("请求格式不正确："), (body[:20], message)


async def test_i6_6_a_normal_operation_still_works(client):
    r = await client.post("/graphql", json=ME)
    assert r.status_code == 200 and r.json() == {"data": {"me": {"role": None}}}
