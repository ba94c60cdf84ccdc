"""Benchmark (not a test): exports of a 20,000-graduate school (issue 11 §6): seconds, peak memory, rows.

    .venv/bin/python -m bench.exports [--graduates 20000] [--no-readme]

Seeds a private PostgreSQL database (created beside WQ_BENCH_ADMIN_URL, dropped at the end): one school, 14
departments, half its graduates bound by an approved agreement (so print management and the national-code export
have their employer columns filled), copied in bulk from rows the production code made (bench/seed.py). Then the
school admin requests each export and the worker's job (resolvers/exports/jobs.run_pending) writes it, in this
process, twice: once timed, once under tracemalloc for the peak of Python's allocations (tracemalloc slows it,
so its time is not the figure). The process's peak RSS during the timed run is read from /proc (VmHWM, reset
before each run). Rewrites the results section of bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402

START, END = "<!-- export-results -->", "<!-- /export-results -->"
KINDS = ("graduates", "national_destinations", "print_list")


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM starts again from the current RSS
        return True
    except OSError:
        return False


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def seed(graduates: int) -> tuple[object, int]:
    """The school admin's context and the school's id, `graduates` graduates, half with an approved agreement."""
    import asyncpg

    from bench.seed import graduates as clone_graduates
    from bench.seed import invitations
    from models import Agreement, Province, Review
    from resolvers.viewer import Role
    from tests import factories

    province = await Province.create(code="34", name="安徽省")
    school = await factories.school("10363", "安徽工程大学", province, review_levels=2)
    pairs = [await factories.department(school, f"{n:02d}", f"学院{n}") for n in range(1, 15)]
    employer = await factories.employer(name="=合肥示例科技有限公司")  # a formula-like name: written as text
    signed = await factories.graduate(school, *pairs[0], student_number="TPL-S", name="@张三")
    agreement = await factories.approved_agreement(signed, employer)
    plain = await factories.graduate(school, *pairs[0], student_number="TPL-P", name="李四")
    admin = await factories.staff("bench-admin", Role.SCHOOL_ADMIN, school=school)

    conn = await asyncpg.connect(database.asyncpg_url(os.environ["DATABASE_URL"]))
    try:
        departments = [d.id for d, _ in pairs]
        half = graduates // 2
        await clone_graduates(conn, signed.id, "XS", half - 1, departments)
        await clone_graduates(conn, plain.id, "XP", graduates - half - 1, departments)
        await invitations(conn, agreement.invitation_id, "XS")
        await database.clone(
            conn, "agreement", agreement.id, source="signing_invitation s JOIN graduate g ON g.id = s.graduate_id",
            where="g.student_number LIKE 'XS%'",
            overrides={"graduate_id": "g.id", "active_graduate_id": "g.id", "department_id": "g.department_id",
                       "invitation_id": "s.id", "number": "'X' || g.id"})
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    assert await Agreement.filter(school_id=school.id, state="approved").count() == half
    assert await Review.all().count() >= 1
    return factories.as_viewer(Role.SCHOOL_ADMIN, admin), school.id


async def measure(ctx, kind: str) -> dict:
    from models import Export
    from resolvers.exports import jobs
    from resolvers.exports.registry import KINDS as REGISTRY

    async def once() -> tuple[Export, float]:
        export = await jobs.request(ctx, kind, REGISTRY[kind].filter_type())
        started, cpu = time.perf_counter(), time.process_time()
        assert await jobs.run_pending() == 1
        elapsed = (time.perf_counter() - started, time.process_time() - cpu)
        return await Export.get(id=export.id), elapsed

    rss_reset = _reset_peak_rss()
    before = _peak_rss_mb()
    export, (seconds, cpu) = await once()
    rss = _peak_rss_mb() if rss_reset else float("nan")
    tracemalloc.start()
    traced, _ = await once()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    from models import StoredFile

    stored = await StoredFile.get(id=export.file_id)
    assert traced.row_count == export.row_count
    return {"kind": kind, "title": REGISTRY[kind].title, "rows": export.row_count, "seconds": seconds, "cpu": cpu,
            "traced_mb": peak / 2**20, "rss_mb": rss, "rss_before_mb": before, "file_kb": stored.size / 1024}


def report(graduates: int, results: list[dict], info: list[str], seeding: float) -> str:
    lines = [*info, "",
             f"One school of {graduates:,} graduates over 14 departments, half bound by an approved agreement; "
             f"seeded in {seeding:.0f} s. Each export requested by the school admin and written by the worker's "
             "job in this process (PostgreSQL, keyset batches of 500, openpyxl write-only).", "",
             "| export | rows | seconds | CPU s of this process | peak Python allocations (tracemalloc) MB "
             "| peak RSS MB (before) | file KB |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['title']} (`{r['kind']}`) | {r['rows']:,} | {r['seconds']:.2f} | {r['cpu']:.2f} "
                     f"| {r['traced_mb']:.1f} "
                     f"| {r['rss_mb']:.0f} ({r['rss_before_mb']:.0f}) | {r['file_kb']:.0f} |")
    return "\n".join(lines)


def machine(pg_version: str, load: tuple[float, float, float]) -> list[str]:
    import platform

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    return [f"{time.strftime('%Y-%m-%d %H:%M %Z')}, commit {commit}; {os.cpu_count()} CPUs ({cpu}), "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}, PostgreSQL {pg_version}; "
            f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) when the run began, "
            "on a machine shared with other work: the seconds scale with it."]


async def bench(a: argparse.Namespace) -> str:
    database.set_keys()
    name, url = database.private_url()
    os.environ.update(DATABASE_URL=url, WANGQIAN_ENV="production")
    os.environ["WANGQIAN_FILES_DIR"] = tempfile.mkdtemp(prefix=f"{name}-files-")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    from server import db

    load = os.getloadavg()
    await database.admin(f'CREATE DATABASE "{name}"')
    try:
        started = time.perf_counter()
        await db.init(url, apply_migrations=True)
        ctx, _ = await seed(a.graduates)
        seeding = time.perf_counter() - started
        from tortoise import connections

        version = (await connections.get("default").execute_query_dict("SHOW server_version"))[0]
        print(f"seeded {a.graduates:,} graduates in {seeding:.1f} s", flush=True)
        results = []
        for kind in KINDS:
            results.append(await measure(ctx, kind))
            print(results[-1], flush=True)
        return report(a.graduates, results, machine(version["server_version"].split()[0], load), seeding)
    finally:
        await db.close()
        await database.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        import shutil

        shutil.rmtree(os.environ["WANGQIAN_FILES_DIR"], ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.exports", description=__doc__.splitlines()[0])
    p.add_argument("--graduates", type=int, default=20_000, help="graduates of the school (default 20000)")
    p.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    a = p.parse_args(argv)
    text = asyncio.run(bench(a))
    print(text)
    if not a.no_readme:
        readme = HERE / "README.md"
        content = readme.read_text(encoding="utf-8")
        head, rest = content.split(START, 1)
        readme.write_text(head + START + "\n" + text + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
