"""Test harness.

DATABASE_URL set (postgres://...): the suite creates a private database beside it, applies the
migrations, and drops it at the end, so parallel runs never share rows. Unset: a temporary SQLite file
(the embedded default). REDIS_URL set: the event bus is Redis, else in-process.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

_RUN = uuid.uuid4().hex[:8]
_BASE_URL = os.environ.get("DATABASE_URL", "")
_PG_DB = None
if _BASE_URL.startswith(("postgres://", "postgresql://", "asyncpg://")):
    parts = urlsplit(_BASE_URL)
    _PG_DB = f"wq_test_{_RUN}"
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{_PG_DB}"))
    # PostgreSQL needs keys from settings (issue 6 §5); SQLite makes its own key file beside the database.
    os.environ.setdefault("WANGQIAN_SECRET_KEY", f"test-secret-{uuid.uuid4().hex}{uuid.uuid4().hex}")
    os.environ.setdefault("WANGQIAN_DATA_KEY", base64.b64encode(os.urandom(32)).decode())
    # The verification keys and the sealing certificate too (issue 10 §4, §5): throwaway ones for the run.
    os.environ.setdefault("WANGQIAN_VERIFICATION_KEYS", f"t1:{base64.b64encode(os.urandom(32)).decode()}")
    if "WANGQIAN_SEAL_CERTIFICATE" not in os.environ:
        from pdf.seal import development_certificate

        _seal = os.path.join(tempfile.gettempdir(), f"wangqian-test-{_RUN}.seal.pem")
        with open(os.open(_seal, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(development_certificate())
        os.environ["WANGQIAN_SEAL_CERTIFICATE"] = os.environ["WANGQIAN_SEAL_KEY"] = _seal
else:
    os.environ["DATABASE_URL"] = f"sqlite://{tempfile.gettempdir()}/wangqian-test-{_RUN}.sqlite3"
os.environ.setdefault("WANGQIAN_ENV", "test")
# Stored files of this run: a private directory, removed at the end (the S3 tests name a bucket instead).
_FILES_DIR = tempfile.mkdtemp(prefix=f"wangqian-test-{_RUN}-files-")
os.environ["WANGQIAN_FILES_DIR"] = _FILES_DIR
# Parallel runs share the machine's Redis: each run's channels and keys live under its own prefix.
os.environ.setdefault("WANGQIAN_REDIS_PREFIX", f"wq-test-{_RUN}:")

from tortoise import Tortoise, connections  # noqa: E402

from server import db  # noqa: E402
from server.settings import get_settings  # noqa: E402

IS_POSTGRES = _PG_DB is not None


async def _admin_execute(sql: str) -> None:
    import asyncpg

    parts = urlsplit(_BASE_URL)
    conn = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql")))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session", autouse=True)
async def database():
    if IS_POSTGRES:
        await _admin_execute(f'CREATE DATABASE "{_PG_DB}"')
    await db.init(apply_migrations=True)
    yield
    await db.close()
    if IS_POSTGRES:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{_PG_DB}" WITH (FORCE)')
        seal_file = os.path.join(tempfile.gettempdir(), f"wangqian-test-{_RUN}.seal.pem")
        if os.path.exists(seal_file):
            os.remove(seal_file)
    else:
        path = get_settings().database_url.removeprefix("sqlite://")
        for suffix in ("", "-wal", "-shm", ".keys", ".verification-keys", ".seal.pem"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    shutil.rmtree(_FILES_DIR, ignore_errors=True)


def _tables() -> list[str]:
    return [m._meta.db_table for m in Tortoise.apps["wangqian"].values()]


@pytest.fixture(autouse=True)
async def clean_tables(database):
    yield
    conn = connections.get("default")
    if IS_POSTGRES:
        await conn.execute_script("TRUNCATE " + ", ".join(f'"{t}"' for t in _tables()) + " RESTART IDENTITY CASCADE")
    else:
        for table in _tables():
            await conn.execute_script(f'DELETE FROM "{table}"')
    from resolvers import throttle  # noqa: F401  (nothing cached in process; tables are the state)


@pytest.fixture
async def app():
    from server.app import create_app

    return create_app(manage_database=False, run_dispatcher=False)


@pytest.fixture
async def client(app):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def gql(client):
    """gql(query, variables=None, token=None) -> the JSON response; asserts HTTP 200."""

    async def run(query: str, variables: dict | None = None, token: str | None = None,
                  headers: dict | None = None) -> dict:
        h = dict(headers or {})
        if token:
            h["Authorization"] = f"Bearer {token}"
        r = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=h)
        assert r.status_code == 200, r.text
        return r.json()

    return run


@pytest.fixture
def clock():
    """The service's clock, standing still from now on: clock.set(when), clock.advance(seconds=60)."""
    from server import clock as service_clock

    with service_clock.frozen() as handle:
        yield handle


@pytest.fixture
def refusal(client):
    """refusal(token, query=ME) -> the code of a request refused because of its token (HTTP 401, issue 7.8)."""

    async def run(token: str, query: str = "{ me { role } }", variables: dict | None = None) -> str:
        r = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                              headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, r.text
        return r.json()["errors"][0]["extensions"]["code"]

    return run


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server, started once for the run on a free port of 127.0.0.1."""
    from tests.fakes import s3_server as fake

    with fake.running() as server:
        yield server


@pytest.fixture
def s3_storage(s3_server, monkeypatch):
    """Stored files go to a fresh bucket of the fake S3 server for this test, as production's settings say."""
    bucket = s3_server.new_bucket()
    for name, value in s3_server.env(bucket).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield bucket
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
async def world():
    """Two schools in one province (and one school in another), staff of each scope, graduates."""
    from tests import factories

    return await factories.make_world()


@pytest.fixture
def providers(monkeypatch):
    """The delivery channels registry as the test sets it: email from the settings, others only when added."""
    from tests.delivery_support import registry_of_the_test

    yield from registry_of_the_test(monkeypatch)


@pytest.fixture
def smtp(monkeypatch, providers):
    """A local SMTP server (tests/fakes/smtp_server.py) the email channel sends to."""
    from tests.delivery_support import local_smtp

    yield from local_smtp(monkeypatch)


def pytest_collection_modifyitems(config, items):
    if IS_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (row locks, concurrent transactions)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres_only: proven only on PostgreSQL (SQLite ignores row locks)")


__all__ = ["IS_POSTGRES", "asyncio"]
