"""Migration 0022 (B5): existing recommendation forms keep their birth date, now encrypted outside the plain
record copy, and earlier audit entries of forms lose the date in clear."""

from __future__ import annotations

import json
import sqlite3

from server import crypto, db
from tests.conftest import IS_POSTGRES
from tests.test_file_storage import _drop, _fresh_database

BEFORE = "wangqian.0021_national_sync_one_waiting"
AFTER = "wangqian.0022_recommendation_form_birth_date"  # later migrations are not this test's business

RECORD = {"name": "陈晓明", "gender": "男", "birthDate": "2003-04-15", "studentNumber": "3220701001"}
FORM = ("INSERT INTO recommendation_form (id, graduate_id, school_id, department_id, state, version, record, "
        "phone_enc, email, intention, education, experience, awards, skills, self_evaluation, returned_fields, "
        "department_comment, school_comment, document_version, created_at, updated_at) "
        "VALUES (7, 1, 1, 1, 'submitted', 1, {0}, NULL, '', '', '', '', '', '', '', '[]', '', '', 0, {1}, {1})")
AUDIT = ("INSERT INTO audit_entry (id, actor_kind, actor_id, actor_name, action, subject_type, subject_id, before, "
         "after, reason, client_ip, request_id, created_at) VALUES (3, 'graduate', 1, '陈晓明', "
         "'recommendation_form.submitted', 'recommendation_form', 7, {0}, {1}, '', '', '', {2})")


async def _execute(url: str, statements: list[str], params: list) -> list[list[tuple]]:
    if IS_POSTGRES:
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute("SET session_replication_role = replica")  # no graduate/school rows: skip FKs
            results = []
            for sql, args in zip(statements, params, strict=True):
                results.append([tuple(r) for r in await conn.fetch(sql, *args)])
            return results
        finally:
            await conn.close()
    with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
        return [conn.execute(sql.replace("::jsonb", ""), args).fetchall()
                for sql, args in zip(statements, params, strict=True)]


def _parents(url: str) -> None:
    """SQLite checks an updated row's foreign keys, so the form's graduate, school and department exist (their own
    references left dangling: this connection does not check them). PostgreSQL skips the checks instead."""
    with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
        for table in ("school", "department", "graduate"):
            required = [(c[1], c[2].upper()) for c in conn.execute(f"PRAGMA table_info({table})")
                        if c[3] and c[4] is None and c[1] != "id"]
            values = [1 if "INT" in kind or "BOOL" in kind else "2026-06-01 00:00:00" if "TIME" in kind else "x"
                      for _, kind in required]
            columns = ", ".join(["id", *(n for n, _ in required)])
            conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * (len(required) + 1))})",
                         [1, *values])


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


async def test_b5_migration_0022_encrypts_existing_forms_birth_dates_and_redacts_their_audit_entries():
    from tortoise.context import TortoiseContext
    from tortoise.migrations.api import migrate

    url, name = await _fresh_database()
    p = ["$1::jsonb", "$2::jsonb", "now()"] if IS_POSTGRES else ["?", "?", "'2026-06-01 00:00:00'"]
    try:
        async with TortoiseContext():
            await migrate(config=db.tortoise_config(url), target=BEFORE)
        if not IS_POSTGRES:
            _parents(url)
        record = json.dumps(RECORD, ensure_ascii=False)
        entry = json.dumps({"state": "submitted", "record": RECORD}, ensure_ascii=False)
        await _execute(url, [FORM.format(p[0], p[2]), AUDIT.format(*p)], [[record], [entry, entry]])
        async with TortoiseContext():
            await migrate(config=db.tortoise_config(url), target=AFTER)
        (form,), (entry,) = await _execute(
            url, ["SELECT record, birth_date_enc FROM recommendation_form", "SELECT before, after FROM audit_entry"],
            [[], []])
        assert _json(form[0]) == {k: v for k, v in RECORD.items() if k != "birthDate"}
        assert crypto.decrypt(form[1]) == "2003-04-15"
        for document in entry:
            assert "2003-04-15" not in str(document) and _json(document)["record"]["birthDate"] == "***"
            assert _json(document)["record"]["name"] == "陈晓明"
        # Backwards, the date returns to the record copy.
        async with TortoiseContext():
            await migrate(config=db.tortoise_config(url), target=BEFORE)
        ((back,),), = await _execute(url, ["SELECT record FROM recommendation_form"], [[]])
        assert _json(back) == RECORD
    finally:
        await _drop(name)
