"""Production hides the schema: no introspection, no GraphiQL, no "Did you mean" (issue 6.8).

A setting turns them back on (WANGQIAN_GRAPHQL_INTROSPECTION=true), e.g. for a staging server.
"""

import base64

import httpx
import pytest

from server.settings import get_settings

INTROSPECTION = "{ __schema { queryType { name } } }"


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("WANGQIAN_ENV", "production")
    monkeypatch.setenv("WANGQIAN_SECRET_KEY", "a-production-secret-that-is-not-in-the-source-0123")
    monkeypatch.setenv("WANGQIAN_DATA_KEY", base64.b64encode(b"p" * 32).decode())
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


async def _client():
    from server.app import create_app

    app = create_app(manage_database=False, run_dispatcher=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def _probe(client) -> tuple[dict, int, dict]:
    introspection = (await client.post("/graphql", json={"query": INTROSPECTION})).json()
    ide = await client.get("/graphql", headers={"accept": "text/html"})
    typo = (await client.post("/graphql", json={"query": "{ graduatez }"})).json()
    return introspection, ide.status_code, typo


async def test_i6_8_production_hides_introspection_graphiql_and_suggestions(production):
    async with await _client() as client:
        introspection, ide_status, typo = await _probe(client)
        assert introspection["data"] is None
        assert "introspection" in introspection["errors"][0]["message"]
        assert ide_status == 404
        assert typo["errors"][0]["message"] == "Cannot query field 'graduatez' on type 'Query'."
        assert (await client.get("/graphiql-assets/graphiql.min.js")).status_code == 404
        # The API itself works.
        assert (await client.post("/graphql", json={"query": "{ me { role } }"})).json() == {
            "data": {"me": {"role": None}}}


async def test_i6_8_a_setting_turns_them_on_in_production(production):
    production.setenv("WANGQIAN_GRAPHQL_INTROSPECTION", "true")
    get_settings.cache_clear()
    async with await _client() as client:
        introspection, ide_status, typo = await _probe(client)
        assert introspection == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
        assert ide_status == 200
        assert "Did you mean 'graduates'?" in typo["errors"][0]["message"]


async def test_i6_8_development_keeps_them(client):
    introspection, ide_status, typo = await _probe(client)
    assert introspection == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert ide_status == 200
    assert "Did you mean 'graduates'?" in typo["errors"][0]["message"]
