"""Benchmark (not a test): the statistics query (X4) over a school of 20,000 graduates, through GraphQL.

    WQ_BENCH_ADMIN_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.statistics

Seeds a private PostgreSQL database (dropped at the end) as `python -m bench` does: the production code signs one
agreement, which is copied server-side over the school's 14 departments (a third of the graduates with an
agreement awaiting review, the rest spread over other destinations), then asks `statistics` as the school admin
(by department, major and education level) and as the province (by school), and prints the time of each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics as stats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402

QUERY = (ROOT / "frontend-contract/operations/console/Statistics.graphql").read_text()


async def seed(graduates: int) -> dict[str, str]:
    """The school's graduates and the tokens of its admin and of the province."""
    import asyncpg

    from bench import seed as bench_seed
    from models import School
    from resolvers.viewer import Role
    from tests import factories

    w = await bench_seed.world()
    conn = await asyncpg.connect(os.environ["WQ_BENCH_DSN"])
    try:
        await bench_seed.review_queue(conn, w, graduates, graduates // 3)
        # The graduates without an agreement: spread over destinations, as registration would leave them.
        await conn.execute("UPDATE graduate SET destination_type = (ARRAY['70','80','11','10','70','85'])"
                           "[1 + id % 6], education_level = (ARRAY['31','31','31','11'])[1 + id % 4] "
                           "WHERE student_number LIKE 'RN%'")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    school = await School.get(code="10370")
    admin = await factories.staff("bench-stats-admin", Role.SCHOOL_ADMIN, school=school)
    province = await factories.staff("bench-stats-province", Role.PROVINCE, province_id=school.province_id)
    return {"admin": factories.token(Role.SCHOOL_ADMIN, admin), "province": factories.token(Role.PROVINCE, province)}


async def measure(tokens: dict[str, str], repeats: int) -> list[tuple[str, float, float, int]]:
    """(label, median seconds, worst seconds, graduates counted) per query."""
    import httpx

    from server.app import create_app

    transport = httpx.ASGITransport(app=create_app(manage_database=False, run_dispatcher=False))
    results = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=60) as client:
        for who, group_by in (("admin", "DEPARTMENT"), ("admin", "MAJOR"), ("admin", "EDUCATION_LEVEL"),
                              ("province", "SCHOOL")):
            times, counted = [], 0
            for _ in range(repeats):
                started = time.perf_counter()
                r = await client.post("/graphql", headers={"Authorization": f"Bearer {tokens[who]}"},
                                      json={"query": QUERY, "variables": {"graduationYear": 2026,
                                                                          "groupBy": group_by}})
                times.append(time.perf_counter() - started)
                body = r.json()
                assert "errors" not in body, body
                counted = body["data"]["statistics"]["total"]["graduates"]
            results.append((f"{who} by {group_by.lower()}", stats.median(times), max(times), counted))
    return results


async def main(graduates: int, repeats: int) -> None:
    database.set_keys()
    name, url = database.private_url()
    os.environ.update(DATABASE_URL=url, WANGQIAN_ENV="production", WQ_BENCH_DSN=database.asyncpg_url(url))
    from server import db

    await database.admin(f'CREATE DATABASE "{name}"')
    try:
        started = time.perf_counter()
        await db.init(url, apply_migrations=True)
        tokens = await seed(graduates)
        print(f"seeded {graduates:,} graduates in {time.perf_counter() - started:.1f} s "
              f"(load average {os.getloadavg()[0]:.1f})", flush=True)
        print(f"| statistics query ({repeats} requests each) | median | worst | graduates counted |")
        print("|---|---|---|---|")
        for label, median, worst, counted in await measure(tokens, repeats):
            print(f"| {label} | {median * 1000:.0f} ms | {worst * 1000:.0f} ms | {counted:,} |")
    finally:
        await db.close()
        await database.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.statistics", description=__doc__.splitlines()[0])
    parser.add_argument("--graduates", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=20)
    a = parser.parse_args()
    asyncio.run(main(a.graduates, a.repeats))
