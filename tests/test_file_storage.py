"""Issue 10 §1: stored files' bytes live in a file store (a local directory, or an S3-compatible bucket run here
by moto's server), their description in the database; existing blobs move there with a migration."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from models import StoredFile
from resolvers import files
from server import db, file_storage
from server.settings import get_settings
from tests import factories
from tests.conftest import IS_POSTGRES, _admin_execute
from tests.files import pdf, png

BEFORE = "wangqian.0006_auto_20261203_1534"
AFTER = "wangqian.0007_stored_file_bytes_to_store"  # later migrations are not this test's business


async def test_i10_1_local_store_keeps_the_bytes_and_the_database_what_they_are():
    data = png()
    stored = await files.save(data, content_type="image/png", filename="执照.png", owner_kind="employer",
                              owner_id=7, purpose="uscc_license")
    row = await StoredFile.get(id=stored.id)
    assert (row.size, row.sha256, row.content_type, row.owner_kind, row.owner_id, row.purpose) == (
        len(data), hashlib.sha256(data).hexdigest(), "image/png", "employer", 7, "uscc_license")
    assert not hasattr(row, "data")
    on_disk = Path(get_settings().files_path) / row.storage_key
    assert on_disk.read_bytes() == data and await files.read(row) == data
    assert on_disk.stat().st_mode & 0o077 == 0  # private: personal documents


async def test_i10_1_the_local_directory_defaults_to_beside_the_sqlite_database(monkeypatch):
    monkeypatch.delenv("WANGQIAN_FILES_DIR")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///srv/wangqian/wangqian.sqlite3")
    get_settings.cache_clear()
    try:
        assert get_settings().files_path == Path("/srv/wangqian/wangqian.sqlite3.files")
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


async def test_i10_1_keys_that_we_did_not_make_never_reach_a_path():
    store = file_storage.storage()
    for key in ("../etc/passwd", "uscc_license/../../x", "/abs", "a/b/c", ""):
        with pytest.raises(ValueError):
            await store.get(key)


async def test_i10_1_s3_store_against_a_real_s3_server(s3_storage, s3_server, world, client):
    data = pdf()
    stored = await files.save(data, content_type="application/pdf", filename="解约证明.pdf", owner_kind="graduate",
                              owner_id=world.alice.id, purpose="termination_consent")
    assert file_storage.storage().name == "s3"
    obj = s3_server.client().get_object(Bucket=s3_storage, Key=stored.storage_key)
    assert obj["Body"].read() == data and obj["ContentType"] == "application/pdf"
    assert await files.read(stored) == data
    # An upload through the API lands in the bucket too.
    agreement = await factories.approved_agreement(world.alice, world.employer)
    termination, _ = await factories.termination(agreement)
    consent = await StoredFile.get(id=termination.consent_file_id)
    assert s3_server.client().get_object(Bucket=s3_storage, Key=consent.storage_key)["Body"].read() == \
        factories.CONSENT_PNG
    s3_server.client().delete_object(Bucket=s3_storage, Key=consent.storage_key)
    with pytest.raises(file_storage.FileMissing):
        await files.read(consent)


async def test_i10_1_s3_calls_leave_the_event_loop_free(s3_storage):
    ticks = 0
    done = asyncio.Event()

    async def tick():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.001)

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    stored = await files.save(os.urandom(8 * 1024 * 1024), content_type="application/pdf", filename="big.pdf",
                              owner_kind="graduate", owner_id=None, purpose="termination_consent")
    await files.read(stored)
    elapsed = time.perf_counter() - started
    done.set()
    await ticker
    # The loop ran all along: a blocking client would have let it tick about once.
    assert ticks >= min(20, elapsed / 0.01), (ticks, elapsed)


# --- the migration of existing blobs ------------------------------------------------------------------------

BLOBS = [(1, "uscc_license", "image/png", png()), (2, "termination_consent", "application/pdf", pdf()),
         (3, "termination_consent", "image/png", png(80, 60))]


async def _fresh_database():
    if IS_POSTGRES:
        name = f"wq_mig_{uuid.uuid4().hex[:10]}"
        await _admin_execute(f'CREATE DATABASE "{name}"')
        url = get_settings().database_url.rsplit("/", 1)[0] + f"/{name}"
        return url, name
    path = os.path.join(tempfile.mkdtemp(prefix="wangqian-mig-"), "old.sqlite3")
    return f"sqlite://{path}", path


async def _insert_blobs(url: str) -> None:
    insert = ("INSERT INTO stored_file (id, owner_kind, owner_id, purpose, filename, content_type, size, sha256, "
              "data, created_at) VALUES ({})")
    if IS_POSTGRES:
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            for i, purpose, kind, data in BLOBS:
                await conn.execute(insert.format("$1, 'graduate', 1, $2, 'f', $3, $4, $5, $6, now()"),
                                   i, purpose, kind, len(data), hashlib.sha256(data).hexdigest(), data)
        finally:
            await conn.close()
    else:
        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            for i, purpose, kind, data in BLOBS:
                conn.execute(insert.format("?, 'graduate', 1, ?, 'f', ?, ?, ?, ?, '2026-06-01 00:00:00'"),
                             (i, purpose, kind, len(data), hashlib.sha256(data).hexdigest(), data))


async def _rows(url: str) -> list[tuple]:
    if IS_POSTGRES:
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            return [tuple(r) for r in await conn.fetch("SELECT id, storage_key, sha256 FROM stored_file ORDER BY id")]
        finally:
            await conn.close()
    with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
        return conn.execute("SELECT id, storage_key, sha256 FROM stored_file ORDER BY id").fetchall()


async def _columns(url: str) -> set[str]:
    if IS_POSTGRES:
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            rows = await conn.fetch("SELECT column_name FROM information_schema.columns "
                                    "WHERE table_name = 'stored_file'")
            return {r["column_name"] for r in rows}
        finally:
            await conn.close()
    with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
        return {r[1] for r in conn.execute("PRAGMA table_info(stored_file)")}


async def _drop(name: str) -> None:
    if IS_POSTGRES:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        shutil.rmtree(os.path.dirname(name), ignore_errors=True)


async def _migrate_blobs_and_check() -> None:
    from tortoise.context import TortoiseContext
    from tortoise.migrations.api import migrate

    url, name = await _fresh_database()
    try:
        async with TortoiseContext():
            await migrate(config=db.tortoise_config(url), target=BEFORE)
        await _insert_blobs(url)
        async with TortoiseContext():
            await migrate(config=db.tortoise_config(url), target=AFTER)
        assert "data" not in await _columns(url)
        store = file_storage.storage()
        rows = await _rows(url)
        assert [r[0] for r in rows] == [1, 2, 3]
        for (_, _, _, data), (_, key, sha256) in zip(BLOBS, rows, strict=True):
            assert key and await store.get(key) == data and hashlib.sha256(data).hexdigest() == sha256
        # Backwards, the bytes come home to the restored column.
        async with TortoiseContext():
            await migrate(config=db.tortoise_config(url), target=BEFORE)
        assert "data" in await _columns(url)
        async with TortoiseContext():  # and forwards again: the same keys, written once more
            await migrate(config=db.tortoise_config(url), target=AFTER)
        assert await _rows(url) == rows
    finally:
        await _drop(name)


async def test_i10_1_migration_moves_existing_blobs_to_the_local_store():
    await _migrate_blobs_and_check()


async def test_i10_1_migration_moves_existing_blobs_to_the_bucket(s3_storage, s3_server):
    await _migrate_blobs_and_check()
    keys = {o["Key"] for o in s3_server.client().list_objects_v2(Bucket=s3_storage)["Contents"]}
    assert len(keys) == 3 and all("/migrated-" in k for k in keys)


async def test_i10_1_a_rolled_back_transaction_leaves_no_bytes_behind():
    from resolvers import transaction
    from resolvers.errors import DomainError, ErrorCode

    keys = []
    with pytest.raises(DomainError):
        async with transaction.atomic():
            stored = await files.save(png(), content_type="image/png", filename="a.png", owner_kind="employer",
                                      owner_id=None, purpose="uscc_license")
            keys.append(stored.storage_key)
            raise DomainError(ErrorCode.STALE_STATE)
    assert await StoredFile.all().count() == 0
    with pytest.raises(file_storage.FileMissing):
        await file_storage.storage().get(keys[0])
    async with transaction.atomic():
        kept = await files.save(png(), content_type="image/png", filename="b.png", owner_kind="employer",
                                owner_id=None, purpose="uscc_license")
    assert await files.read(kept) == png()


async def test_i10_1_readiness_reports_the_file_store(s3_storage, s3_server, client, monkeypatch):
    assert (await client.get("/readyz")).json()["checks"]["files"] == "ok"
    monkeypatch.setenv("WANGQIAN_S3_BUCKET", "no-such-bucket")
    get_settings.cache_clear()
    r = await client.get("/readyz")
    assert r.status_code == 503 and r.json()["checks"]["files"].startswith("error")
