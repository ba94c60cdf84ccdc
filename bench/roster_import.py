"""Benchmark (not a test): import a generated 5,000-row roster through the GraphQL endpoint, then import it again.

    .venv/bin/python bench/roster_import.py [--rows 5000]

`python -m bench` runs the same import against a real server process; this script runs it in-process.

Runs on a private database: a temporary SQLite file, or, when DATABASE_URL is postgres://…, a database created
beside it and dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_BASE_URL = os.environ.get("DATABASE_URL", "")
_PRIVATE = f"wq_bench_{uuid.uuid4().hex[:8]}"


def _use_private_database() -> None:
    """Run as a script: a private database beside DATABASE_URL (settings are read lazily, after this)."""
    if _BASE_URL.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(_BASE_URL)._replace(path=f"/{_PRIVATE}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite://{tempfile.gettempdir()}/{_PRIVATE}.sqlite3"
    os.environ.setdefault("WANGQIAN_ENV", "test")

import httpx  # noqa: E402
import openpyxl  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from models import Department, Major, Province, School, Staff  # noqa: E402
from resolvers.viewer import Role  # noqa: E402
from server import db  # noqa: E402
from server.auth import hash_password, issue_token  # noqa: E402
from server.settings import get_settings  # noqa: E402

OPERATION = (Path(__file__).resolve().parent.parent
             / "frontend-contract/operations/console/ImportRoster.graphql").read_text()


def roster(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学号", "姓名", "身份证号", "学历", "院系", "专业", "性别", "民族", "政治面貌", "手机号",
                  "生源所在地代码", "生源所在地", "班级", "学制"])
    for n in range(rows):
        body = f"340104{2000 + n % 6}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        id_number = body + ric.calc_check_digit(body + "0")
        gender = "男" if int(id_number[16]) % 2 else "女"
        sheet.append([f"32207{n:05d}", f"学生{n}", id_number, "31", "07", "080901", gender, "汉族", "共青团员",
                      f"139{n:08d}", "340104", "安徽省合肥市蜀山区", f"计科{n // 40}", 4])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _admin_database(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(urlunsplit(urlsplit(_BASE_URL)._replace(scheme="postgresql")))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def school_admin(province: Province | None = None, code: str = "10363") -> str:
    """A school with the department and major the generated roster names, and its administrator's token."""
    province = province or await Province.create(code="34", name="安徽省")
    school = await School.create(code=code, name=f"导入测试大学{code}", province=province)
    department = await Department.create(school=school, code="07", name="计算机与信息学院")
    await Major.create(department=department, code="080901", name="计算机科学与技术")
    admin = await Staff.create(username=f"bench-admin-{code}", name="bench", role=Role.SCHOOL_ADMIN.value,
                               school=school, password_hash=hash_password("Bench2026a"))
    return issue_token(Role.SCHOOL_ADMIN, admin.id, admin.session_version)


async def measure(client: httpx.AsyncClient, token: str, rows: int) -> list[tuple[str, float, dict]]:
    """Import the roster twice: (label, seconds, importRoster payload) of each."""
    content = roster(rows)
    results = []
    for label in ("first import (creates)", "second import (unchanged)"):
        operations = {"query": OPERATION, "variables": {"input": {
            "file": None, "graduationYear": 2026, "initialPassword": "Start2026a"}}}
        started = time.perf_counter()
        response = await client.post(
            "/graphql", headers={"Authorization": f"Bearer {token}"},
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": ("roster.xlsx", content, "application/octet-stream")})
        results.append((label, time.perf_counter() - started, response.json()["data"]["importRoster"]))
    return results


async def main(rows: int) -> None:
    postgres = _BASE_URL.startswith(("postgres://", "postgresql://"))
    if postgres:
        await _admin_database(f'CREATE DATABASE "{_PRIVATE}"')
    await db.init(apply_migrations=True)
    try:
        token = await school_admin()
        print(f"{rows} rows, database {'PostgreSQL' if postgres else 'SQLite'}")

        from server.app import create_app

        transport = httpx.ASGITransport(app=create_app(manage_database=False, run_dispatcher=False))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as client:
            for label, elapsed, payload in await measure(client, token, rows):
                result = payload["result"]
                print(f"{label}: {elapsed:.2f} s  created={result['createdCount']} "
                      f"updated={result['updatedCount']} unchanged={result['unchangedCount']} "
                      f"rowErrors={len(result['rowErrors'])} errors={payload['errors']}")
    finally:
        await db.close()
        if postgres:
            await _admin_database(f'DROP DATABASE IF EXISTS "{_PRIVATE}" WITH (FORCE)')


def remove_sqlite_file() -> None:
    path = get_settings().database_url.removeprefix("sqlite://")
    for suffix in ("", "-wal", "-shm"):
        if path != get_settings().database_url and os.path.exists(path + suffix):
            os.remove(path + suffix)


if __name__ == "__main__":
    _use_private_database()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    try:
        asyncio.run(main(parser.parse_args().rows))
    finally:
        remove_sqlite_file()
