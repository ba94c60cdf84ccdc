"""The benchmark suite: `.venv/bin/python -m bench [--quick]`. See bench/README.md.

Seeds a private PostgreSQL database (created beside WQ_BENCH_ADMIN_URL, dropped at the end), starts
`wangqian serve --workers 1` and the bare handler of bench/bare.py as two processes on 127.0.0.1, drives them over
HTTP, prints the table and rewrites the results section of bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402

ACCEPT = (ROOT / "frontend-contract/operations/mini-program/AcceptSigningInvitation.graphql").read_text()
QUEUE = (ROOT / "frontend-contract/operations/console/ReviewQueue.graphql").read_text()
MODES = (("open", "acceptSigningInvitation(confirm: false), opens"),
         ("sign", "acceptSigningInvitation(confirm: true), signs"),
         ("both", "open then sign (one acceptance)"))


def options(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small scale, few short rounds (for development)")
    p.add_argument("--graduates", type=int, help="graduates of the review school (default 200000; quick 20000)")
    p.add_argument("--pending", type=int, help="reviews pending (default 60000; quick 6000)")
    p.add_argument("--rounds", type=int, help="interleaved rounds per acceptance mode (default 5; quick 2)")
    p.add_argument("--seconds", type=float, help="length of a round (default 3; quick 1.5)")
    p.add_argument("--connections", type=int, default=16, help="concurrent HTTP connections (default 16)")
    p.add_argument("--queue-requests", type=int, help="requests per review page (default 300; quick 40)")
    p.add_argument("--roster-rows", type=int, help="rows of the imported roster (default 5000; quick 300)")
    p.add_argument("--worker", choices=("separate", "in-process"), default="separate",
                   help="separate (default): the servers run `serve --no-worker` beside one `wangqian worker`, "
                        "whose CPU is reported in its own column; in-process: each server runs the worker itself")
    p.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    a = p.parse_args(argv)
    defaults = dict(graduates=(200_000, 20_000), pending=(60_000, 6_000), rounds=(5, 2), seconds=(3.0, 1.5),
                    queue_requests=(300, 40), roster_rows=(5000, 300))
    for key, (full, quick) in defaults.items():
        if getattr(a, key) is None:
            setattr(a, key, quick if a.quick else full)
    return a


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(procs: list[subprocess.Popen], wait: float = 10) -> None:
    """Ends the benchmark's server or worker processes: asked first, killed if they linger."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)


async def wait_ready(port: int, proc: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"port {port}: the server exited; its output is in {log}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except Exception:
            await asyncio.sleep(0.1)
    raise SystemExit(f"port {port}: the server did not listen within 30 s")


async def _ours(conn, invitation_id: int, token: str, confirm: bool) -> str | None:
    from schema.relay import encode_id  # the global id the clients send

    status, body = await conn.post_json("/graphql", {
        "query": ACCEPT, "variables": {"input": {"id": encode_id("SigningInvitation", invitation_id),
                                                  "confirm": confirm}}}, token)
    if status != 200 or body is None:
        return f"HTTP {status}: {str(body)[:200]}"
    if body.get("errors"):
        return f"GraphQL error: {body['errors'][0].get('message')}"
    payload = body["data"]["acceptSigningInvitation"]
    if payload["errors"]:
        return f"payload error: {payload['errors'][0]['code']}"
    if confirm and not payload["agreement"]:
        return "no agreement"
    return None


async def _bare(conn, invitation_id: int, token: str, confirm: bool) -> str | None:
    status, body = await conn.post_json("/accept", {"invitationId": invitation_id, "confirm": confirm}, token)
    return None if status == 200 else f"HTTP {status}: {str(body)[:200]}"


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU the processes have used so far (Linux /proc): the figure a shared machine cannot skew
    the way it skews requests per second, since waiting for a core costs no CPU."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def work_for(call, mode: str):
    async def work(conn, item) -> str | None:
        invitation_id, token = item
        if mode in ("open", "both"):
            failure = await call(conn, invitation_id, token, False)
            if failure or mode == "open":
                return failure
        return await call(conn, invitation_id, token, True)
    return work


async def acceptance(a, conn, w, ports: dict[str, int], pids: dict[str, list[int]]) -> dict:
    from bench import load, seed

    # requests/s a pool is sized for; a round ends early if it runs dry. "ours2": two server processes, signing only.
    caps = {"ours": 400, "bare": 2500, "ours2": 800}
    pools: dict[tuple[str, str], list] = {}
    for impl, cap in caps.items():
        if impl != "ours2":
            pools[(impl, "open")] = await seed.acceptance_pool(conn, w, f"{impl}-open-", 2 * a.connections * 20)
        for mode in ("sign",) if impl == "ours2" else ("sign", "both"):
            pools[(impl, mode)] = await seed.acceptance_pool(conn, w, f"{impl}-{mode}-",
                                                             int(cap * a.seconds * a.rounds))
    await conn.execute("ANALYZE")
    calls = {"ours": _ours, "bare": _bare, "ours2": _ours}
    rounds: dict[tuple[str, str], list] = {key: [] for key in pools}
    used = {key: 0 for key in pools}
    for n in range(a.rounds):
        for mode, _ in MODES:
            impls = ("ours", "bare") if n % 2 == 0 else ("bare", "ours")
            if mode == "sign":
                impls = ("ours", "ours2", "bare") if n % 2 == 0 else ("bare", "ours2", "ours")
            for impl in impls:
                pool = pools[(impl, mode)]
                if mode == "open":
                    items = pool
                else:
                    items = pool[used[(impl, mode)]:]
                if mode == "sign":  # open the confirmation of the invitations this round may sign (S7)
                    batch = items[:int(caps[impl] * a.seconds) + a.connections]
                    await conn.execute("UPDATE signing_invitation SET confirmation_opened_at = now() "
                                       "WHERE id = ANY($1::int[])", [i for i, _ in batch])
                    items = batch
                cpu_before, worker_before = cpu_seconds(pids[impl]), cpu_seconds(pids["worker"])
                result = await load.run(items, work_for(calls[impl], mode), port=ports[impl],
                                        connections=a.connections, seconds=a.seconds)
                # Server CPU per request, the dispatcher's publishing of the round's events included for ours.
                result.cpu_ms = (cpu_seconds(pids[impl]) - cpu_before) * 1000 / max(result.done, 1)
                # The separate worker's publishing of the round's events (it also publishes the bare handler's).
                result.worker_cpu_ms = (cpu_seconds(pids["worker"]) - worker_before) * 1000 / max(result.done, 1)
                used[(impl, mode)] += result.done + result.failures
                rounds[(impl, mode)].append(result)
                print(f"  round {n + 1} {mode:4} {impl:5}: {result.rate:7.1f} req/s  p50 {result.p50_ms:6.1f} ms"
                      f"  CPU {result.cpu_ms:5.2f} ms/req  worker {result.worker_cpu_ms:5.2f} ms/req"
                      f"  failures {result.failures}{'  (' + result.first_failure + ')' if result.failures else ''}",
                      flush=True)
    return rounds


async def review_queue(a, w, port: int, pid: int) -> dict:
    from bench import load
    from bench.client import Connection

    async def page(conn: Connection, after: str | None) -> tuple[dict, int]:
        status, body = await conn.post_json("/graphql", {"query": QUEUE, "variables": {"first": 50, "after": after}},
                                            w.reviewer_token)
        if status != 200 or not body or body.get("errors"):
            raise SystemExit(f"reviewQueue: HTTP {status} {str(body)[:500]}")
        return body["data"]["reviewQueue"], len(json.dumps(body, ensure_ascii=False).encode())

    walker = Connection("127.0.0.1", port)
    first, size_first = await page(walker, None)
    total, cursor, pages = first["totalCount"], None, 1
    last = first
    while last["pageInfo"]["hasNextPage"]:  # walk to the last page through the cursors, as a reviewer would
        cursor = last["pageInfo"]["endCursor"]
        last, _ = await page(walker, cursor)
        pages += 1
    deep_cursor = cursor
    await walker.close()
    out = {"total": total, "pages": pages, "bytes_first": size_first}
    for label, after in (("first", None), ("deep", deep_cursor)):
        async def work(conn, _, after=after) -> str | None:
            data, _size = await page(conn, after)
            return None if data["edges"] else "empty page"
        cpu_before = cpu_seconds([pid])
        out[label] = result = await load.run(list(range(a.queue_requests)), work, port=port, connections=1,
                                             seconds=120)
        # The server's own CPU per page: the latencies on a shared machine include waiting for a core.
        result.cpu_ms = (cpu_seconds([pid]) - cpu_before) * 1000 / max(result.done, 1)
    return out


def machine(pg_version: str, load: float) -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ("strawberry-graphql", "tortoise-orm", "starlette", "uvicorn", "asyncpg", "httpx"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    return [f"{time.strftime('%Y-%m-%d %H:%M %Z')}, commit {commit}",
            f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, load average "
            f"{load:.1f} when the run began",
            f"Python {platform.python_version()}, {pg_version}", versions]


def median(results, attr: str) -> float:
    values = [getattr(r, attr) for r in results if r.done]
    return statistics.median(values) if values else float("nan")


def table(a, rounds: dict, queue: dict, roster: list, info: list[str], seed_seconds: float) -> str:
    layout = ("`serve --no-worker` beside one `wangqian worker` (outbox publishing, deliveries)"
              if a.worker == "separate" else "each `serve` running the worker in-process")
    lines = [f"Scale: {a.graduates:,} graduates in the review school, {a.pending:,} reviews pending; "
             f"{a.rounds} interleaved rounds of {a.seconds:g} s per acceptance mode at {a.connections} connections; "
             f"{layout}; seeding took {seed_seconds:.0f} s.", "",
             "| acceptance (medians of the rounds) | ours req/s | bare req/s | ratio | ours p50 ms | bare p50 ms "
             "| ratio | server CPU ms/req ours / bare | worker CPU ms/req in the rounds of ours / bare "
             "| failures ours / bare |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for mode, label in MODES:
        ours, bare = rounds[("ours", mode)], rounds[("bare", mode)]
        rate_o, rate_b = median(ours, "rate"), median(bare, "rate")
        p50_o, p50_b = median(ours, "p50_ms"), median(bare, "p50_ms")
        cpu_o, cpu_b = median(ours, "cpu_ms"), median(bare, "cpu_ms")
        worker = (f"{median(ours, 'worker_cpu_ms'):.2f} / {median(bare, 'worker_cpu_ms'):.2f}"
                  if a.worker == "separate" else "in the server's figure")
        lines.append(f"| {label} | {rate_o:.0f} | {rate_b:.0f} | {rate_o / rate_b:.2f}× | {p50_o:.1f} | {p50_b:.1f} "
                     f"| {p50_o / p50_b:.1f}× | {cpu_o:.2f} / {cpu_b:.2f} | {worker} "
                     f"| {sum(r.failures for r in ours)} / {sum(r.failures for r in bare)} |")
    one, two = median(rounds[("ours", "sign")], "rate"), median(rounds[("ours2", "sign")], "rate")
    twos = rounds[("ours2", "sign")]
    lines += ["", "| signing, `wangqian serve` processes | req/s | ratio to one process | p50 ms | failures |",
              "|---|---|---|---|---|",
              f"| one | {one:.0f} | 1× | {median(rounds[('ours', 'sign')], 'p50_ms'):.1f} "
              f"| {sum(r.failures for r in rounds[('ours', 'sign')])} |",
              f"| two (connections alternate between them) | {two:.0f} | {two / one:.2f}× "
              f"| {median(twos, 'p50_ms'):.1f} | {sum(r.failures for r in twos)} |"]
    lines += ["", "The ratio of req/s is ours ÷ bare (higher is better, 1 is the bare handler's speed); the ratio of "
              "p50 is ours ÷ bare (lower is better). 'both' counts one acceptance (two requests) per operation.", "",
              f"| review queue, 50 per page, {queue['total']:,} pending in the department ({queue['pages']} pages) "
              "| p50 ms | p95 ms | req/s (1 connection) | server CPU ms/page |", "|---|---|---|---|---|"]
    for label, key in ((f"first page ({queue['bytes_first'] // 1024} KB)", "first"), ("last page via cursor", "deep")):
        r = queue[key]
        lines.append(f"| {label} | {r.p50_ms:.1f} | {r.pct_ms(0.95):.1f} | {r.rate:.0f} | {r.cpu_ms:.2f} |")
    lines += ["", f"| roster import, {a.roster_rows:,} rows | seconds | rows/s | result |", "|---|---|---|---|"]
    for label, seconds, payload in roster:
        res = payload["result"] or {}
        lines.append(f"| {label} | {seconds:.2f} | {a.roster_rows / seconds:.0f} | created {res.get('createdCount')}, "
                     f"unchanged {res.get('unchangedCount')}, row errors {len(res.get('rowErrors') or [])}, "
                     f"errors {len(payload['errors'])} |")
    lines += ["", "Machine: " + "; ".join(info)]
    return "\n".join(lines)


def write_readme(text: str, quick: bool) -> None:
    path = HERE / "README.md"
    content = path.read_text()
    start, end = "<!-- results -->", "<!-- /results -->"
    head, rest = content.split(start, 1)
    tail = rest.split(end, 1)[1]
    note = "(`--quick` scale)\n\n" if quick else ""
    path.write_text(f"{head}{start}\n{note}{text}\n{end}{tail}")


async def bench(a: argparse.Namespace) -> None:
    import asyncpg
    import httpx

    database.set_keys()
    name, url = database.private_url()
    os.environ.update(DATABASE_URL=url, WANGQIAN_ENV="production")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    from bench import roster_import, seed
    from models import Province
    from server import db

    load = os.getloadavg()[0]  # other work on the machine skews every figure: say how busy it was
    await database.admin(f'CREATE DATABASE "{name}"')
    procs: list[subprocess.Popen] = []
    succeeded = False
    logs = Path(tempfile.mkdtemp(prefix="wq_bench_"))
    try:
        started = time.perf_counter()
        await db.init(url, apply_migrations=True)
        w = await seed.world()
        conn = await asyncpg.connect(database.asyncpg_url(url))
        pg_version = (await conn.fetchval("SHOW server_version")).split()[0]
        await seed.review_queue(conn, w, a.graduates, a.pending)
        seeding = time.perf_counter() - started
        print(f"seeded {a.graduates:,} graduates and {a.pending:,} pending reviews in {seeding:.1f} s", flush=True)

        ports = {"ours": free_port(), "bare": free_port(), "ours_b": free_port()}
        env = {**os.environ, "WQ_BENCH_DSN": database.asyncpg_url(url)}
        wangqian = str(Path(sys.executable).parent / "wangqian")
        serve = [wangqian, "serve", "--workers", "1"] + (["--no-worker"] if a.worker == "separate" else [])
        procs.append(start([*serve, "--port", str(ports["ours"])], env, logs / "ours.log"))
        procs.append(start([sys.executable, "-m", "uvicorn", "bench.bare:app", "--port", str(ports["bare"]),
                            "--log-level", "warning", "--no-access-log"], env, logs / "bare.log"))
        # A second process over the same PostgreSQL and Redis, for the two-process signing row.
        procs.append(start([*serve, "--port", str(ports["ours_b"])], env, logs / "ours_b.log"))
        for (impl, port), proc in zip(ports.items(), procs, strict=True):
            await wait_ready(port, proc, logs / f"{impl}.log")
        worker_pids = []
        if a.worker == "separate":  # production's layout: request processes apart from the background work
            procs.append(start([wangqian, "worker"], env, logs / "worker.log"))
            worker_pids = [procs[-1].pid]
        print("review queue ...", flush=True)
        queue = await review_queue(a, w, ports["ours"], procs[0].pid)
        print("acceptance ...", flush=True)
        pids = {"ours": [procs[0].pid], "bare": [procs[1].pid], "ours2": [procs[0].pid, procs[2].pid],
                "worker": worker_pids}
        rounds = await acceptance(a, conn, w, {**ports, "ours2": [ports["ours"], ports["ours_b"]]}, pids)
        print("roster import ...", flush=True)
        token = await roster_import.school_admin(await Province.get(code="34"), code="10878")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports['ours']}", timeout=600) as client:
            roster = await roster_import.measure(client, token, a.roster_rows)
        await conn.close()
        text = table(a, rounds, queue, roster, machine(f"PostgreSQL {pg_version}", load), seeding)
        succeeded = True
        print()
        print(text)
        if not a.no_readme:
            write_readme(text, a.quick)
    finally:
        stop(procs)
        await db.close()
        await database.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if succeeded:
            shutil.rmtree(logs, ignore_errors=True)
        else:
            print(f"the servers' output is in {logs}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(bench(options(argv)))


if __name__ == "__main__":
    main()
