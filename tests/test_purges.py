"""Retention: spent print codes and old staff export files are deleted by the worker's purge loop, by the
service's clock, once however many workers run it."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from models import AuditEntry, Export, PrintCode, StoredFile
from notifications import worker
from resolvers import purges
from resolvers.exports import jobs
from resolvers.viewer import Role
from server import file_storage
from tests import factories
from tests.test_exports import exported, job
from tests.test_printing import printable
from tests.test_scan_to_print import print_page_code, scan


def test_the_purge_runs_in_the_worker():
    assert purges.run_forever in worker.LOOPS


async def test_p2_spent_print_codes_are_deleted_a_grace_period_after_they_could_last_be_used(world, gql, client,
                                                                                              clock):
    agreement = await printable(world.alice, world.employer)
    scanned = await print_page_code(client)
    assert (await scan(gql, world.tokens["alice"], scanned, agreement))["errors"] == []
    await print_page_code(client)  # never scanned
    clock.advance(hours=12)
    fresh = await print_page_code(client)
    assert await PrintCode.all().count() == 3

    # Expired, but within the day of grace: kept.
    clock.advance(hours=12)
    assert await purges.run_pending() == (0, 0)
    # A day and the code's lifetime after their expiry the first two go, scanned or not; the later one stays.
    clock.advance(minutes=2 * 5 + 1)
    assert await purges.run_pending() == (2, 0)
    assert await PrintCode.all().count() == 1
    alice = factories.token(Role.GRADUATE, world.alice)  # the day's clock outlived the fixture's token
    assert (await scan(gql, alice, fresh, agreement))["errors"][0]["code"] == "PRINT_CODE_EXPIRED"
    # The print itself is kept: the agreement's count and its sealed document are not the code's.
    await agreement.refresh_from_db()
    assert agreement.print_count == 1 and await StoredFile.filter(id=agreement.document_id).exists()


async def test_export_files_are_deleted_with_their_rows_after_the_retention(world, gql, client, clock):
    admin = world.tokens["admin"]
    done, _ = await exported(gql, client, admin, "GRADUATES")
    export = await Export.all().order_by("-id").first()
    stored = await StoredFile.get(id=export.file_id)
    assert await file_storage.storage().get(stored.storage_key)

    clock.advance(days=6, hours=23)
    admin = factories.token(Role.SCHOOL_ADMIN, world.admin)  # the week outlived the fixture's token
    assert await purges.run_pending() == (0, 0)
    assert (await job(gql, admin, done["id"]))["state"] == "READY"

    clock.advance(hours=2)
    assert await purges.run_pending() == (0, 1)
    assert await job(gql, factories.token(Role.SCHOOL_ADMIN, world.admin), done["id"]) is None
    assert not await Export.filter(id=export.id).exists()
    assert not await StoredFile.filter(id=stored.id).exists()
    with pytest.raises(file_storage.FileMissing):
        await file_storage.storage().get(stored.storage_key)
    entry = await AuditEntry.get(action="export.purged")
    assert (entry.subject_id, entry.school_id, entry.before) == (
        export.id, world.school.id, {"kind": "graduates", "file_id": stored.id})


async def test_a_failed_export_is_deleted_after_the_retention_too(world, gql, clock, monkeypatch):
    from tests.test_exports import request

    payload = await request(gql, world.tokens["admin"], "GRADUATES")

    async def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs.workbook, "write", broken)
    assert await jobs.run_pending() == 1
    assert (await job(gql, world.tokens["admin"], payload["export"]["id"]))["state"] == "FAILED"
    clock.advance(days=8)
    assert await purges.run_pending() == (0, 1)
    assert await Export.all().count() == 0


async def test_two_workers_purging_at_once_delete_each_export_once(world, gql, client, clock):
    for _ in range(3):
        await exported(gql, client, world.tokens["admin"], "GRADUATES")
    files = await StoredFile.filter(purpose=jobs.PURPOSE).count()
    assert files == 3
    clock.advance(days=8)
    first, second = await asyncio.gather(purges.run_pending(), purges.run_pending())
    assert first[1] + second[1] == 3
    assert await AuditEntry.filter(action="export.purged").count() == 3
    assert await StoredFile.filter(purpose=jobs.PURPOSE).count() == 0 and await Export.all().count() == 0


async def test_the_retention_is_a_setting(world, gql, client, clock, monkeypatch):
    monkeypatch.setenv("WANGQIAN_EXPORT_RETENTION_DAYS", "2")
    from server.settings import get_settings

    get_settings.cache_clear()
    try:
        await exported(gql, client, world.tokens["admin"], "GRADUATES")
        clock.advance(dt.timedelta(days=2, seconds=1))
        assert await purges.run_pending() == (0, 1)
    finally:
        monkeypatch.delenv("WANGQIAN_EXPORT_RETENTION_DAYS")
        get_settings.cache_clear()
