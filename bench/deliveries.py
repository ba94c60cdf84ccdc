"""Deliveries per second through a local SMTP server: `.venv/bin/python -m bench.deliveries`. See bench/README.md.

Seeds a private PostgreSQL database (beside WQ_BENCH_ADMIN_URL, dropped at the end) with one event made by the
production code (an employer's invitation answered, which is emailed) and N email deliveries to N employers,
starts a local SMTP server (aiosmtpd, in this process) and real `wangqian worker` processes, and times how fast
they empty the queue: from the first `sent_at` to the last, so process start-up is not counted. Each round resets
the rows to pending. Rewrites the deliveries section of bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402
from bench.__main__ import stop  # noqa: E402


def options(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.deliveries", description=__doc__.splitlines()[0])
    p.add_argument("--emails", type=int, default=500, help="deliveries per round (default 500)")
    p.add_argument("--workers", default="1,2", help="worker processes per round, comma-separated (default 1,2)")
    p.add_argument("--rounds", type=int, default=2, help="rounds per worker count (default 2)")
    p.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    return p.parse_args(argv)


async def seed(conn, emails: int) -> int:
    """One answered invitation through the production code, then `emails` employers and their deliveries."""
    from models import OutboxEvent, Province
    from tests import factories

    province = await Province.create(code="34", name="安徽省")
    school = await factories.school("10363", "安徽工程大学", province)
    dept, major = await factories.department(school, "07", "计算机与信息学院")
    employer = await factories.employer()
    await factories.signed_agreement(await factories.graduate(school, dept, major), employer)
    event = await OutboxEvent.get(kind="invitation.answered")
    await database.clone(conn, "employer", employer.id, source="generate_series(1, $2) AS s(n)", overrides={
        "uscc": "'B' || lpad(s.n::text, 17, '0')", "login_name": "NULL", "password_hash": "NULL",
        "contact_email": "'hr' || s.n || '@example.com'"}, args=(emails,))
    # Fanned out and published already, so the workers do deliveries only.
    await conn.execute("UPDATE outbox_event SET fanned_out_at = now(), published_at = now(), sequence = id")
    await conn.execute(
        "INSERT INTO delivery (event_id, kind, recipient_kind, recipient_id, channel, school_id, status, attempts, "
        "last_error, provider_message_id, created_at, updated_at) SELECT $1, 'invitation.answered', 'employer', "
        "e.id, 'email', $2, 'sent', 0, '', '', now(), now() FROM employer e WHERE e.id <> $3",
        event.id, school.id, employer.id)
    return await conn.fetchval("SELECT count(*) FROM delivery WHERE channel = 'email' AND recipient_id <> $1",
                               employer.id)


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    wangqian = str(Path(sys.executable).parent / "wangqian")
    return subprocess.Popen([wangqian, "worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


async def one_round(conn, smtp, workers: int, total: int, env: dict[str, str]) -> dict:
    await conn.execute("UPDATE delivery SET status = 'pending', attempts = 0, sent_at = NULL, claimed_at = NULL, "
                       "next_attempt_at = NULL WHERE channel = 'email'")
    smtp.received.clear()
    procs = [start_worker(env) for _ in range(workers)]
    try:
        deadline = time.monotonic() + 600
        while await conn.fetchval("SELECT count(*) FROM delivery WHERE status = 'sent'") < total:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise SystemExit("the workers stopped or took over 10 minutes")
            await asyncio.sleep(0.2)
    finally:
        stop(procs, wait=15)
    first, last = await conn.fetchrow("SELECT min(sent_at), max(sent_at) FROM delivery WHERE status = 'sent'")
    seconds = (last - first).total_seconds()
    failed = await conn.fetchval("SELECT count(*) FROM delivery WHERE status <> 'sent'")
    duplicates = len(smtp.received) - len(set(smtp.ids()))
    return {"workers": workers, "seconds": seconds, "rate": (total - 1) / seconds if seconds else 0.0,
            "received": len(smtp.received), "duplicates": duplicates, "failed": failed}


def table(args, results: list[dict], total: int, load: float, pg: str) -> str:
    from importlib import metadata

    lines = [f"{total:,} emails per round, {args.rounds} rounds per worker count; each worker sends "
             f"{os.environ.get('WANGQIAN_DELIVERY_CONCURRENCY', '4')} at once, one SMTP session per message.", "",
             "| worker processes | deliveries/s (median) | rounds (s) | received / duplicates / not sent |",
             "|---|---|---|---|"]
    for workers in sorted({r["workers"] for r in results}):
        mine = [r for r in results if r["workers"] == workers]
        median = statistics.median(r["rate"] for r in mine)
        spans = " · ".join(f"{r['seconds']:.1f}" for r in mine)
        lines.append(f"| {workers} | {median:.0f} | {spans} | "
                     f"{sum(r['received'] for r in mine):,} / {sum(r['duplicates'] for r in mine)} / "
                     f"{sum(r['failed'] for r in mine)} |")
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("aiosmtplib", "aiosmtpd", "tortoise-orm", "asyncpg"))
    lines += ["", f"Machine: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs, "
              f"{platform.system()} {platform.release()}, load average {load:.1f} when the run began; Python "
              f"{platform.python_version()}, PostgreSQL {pg}; {versions}"]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    path = HERE / "README.md"
    readme = path.read_text(encoding="utf-8")
    start, end = "<!-- deliveries -->", "<!-- /deliveries -->"
    head, _, rest = readme.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


async def bench(args: argparse.Namespace) -> None:
    import asyncpg

    database.set_keys()
    name, url = database.private_url()
    os.environ.update(DATABASE_URL=url, WANGQIAN_ENV="production")
    from server import db
    from tests.fakes.smtp_server import FakeSmtp
    from tests.live_server import free_port

    load = os.getloadavg()[0]
    await database.admin(f'CREATE DATABASE "{name}"')
    smtp = FakeSmtp()
    try:
        await db.init(url, apply_migrations=True)
        conn = await asyncpg.connect(database.asyncpg_url(url))
        pg = (await conn.fetchval("SHOW server_version")).split()[0]
        total = await seed(conn, args.emails)
        smtp.start(free_port())
        env = {**os.environ, "WANGQIAN_SMTP_HOST": "127.0.0.1", "WANGQIAN_SMTP_PORT": str(smtp.port),
               "WANGQIAN_DELIVERY_POLL_SECONDS": "0.2"}
        results = []
        for _ in range(args.rounds):
            for workers in (int(w) for w in args.workers.split(",")):
                result = await one_round(conn, smtp, workers, total, env)
                print(f"{workers} worker(s): {result['rate']:.0f} deliveries/s over {result['seconds']:.1f} s",
                      flush=True)
                results.append(result)
        await conn.close()
        text = table(args, results, total, load, pg)
        print()
        print(text)
        if not args.no_readme:
            write_readme(text)
    finally:
        smtp.stop()
        await db.close()
        await database.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> None:
    asyncio.run(bench(options(argv)))


if __name__ == "__main__":
    main()
