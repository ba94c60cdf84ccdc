"""Live subscriptions at scale: `.venv/bin/python -m bench.live [--quick]`. See bench/README.md.

Event-to-subscriber latency of `notificationAdded` with N open websocket subscriptions (one per graduate), while
events are raised at a steady rate for random subscribed graduates: on one server process with its in-process
bus, and through Redis across two processes (the one whose dispatcher publishes, the other holding every
subscription); and the server's memory per open subscription.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402
from bench.__main__ import free_port, start, stop, wait_ready  # noqa: E402

WAKE = "mutation { markAllNotificationsRead(input: {}) { errors { code } } }"
# The stages of bench/live_trace.py, then the client's receipt; each stage's share is measured from the one before.
STAGES = ("fanned", "published", "hub", "stream", "sent", "received")
TICK = os.sysconf("SC_CLK_TCK")
FOOTNOTE = (
    "Latency: from the commit of the event's transaction (in the benchmark process, followed by a mutation that "
    "wakes the publishing server's dispatcher) to the subscriber's receipt of the notification, wall clock of one "
    "machine; \"from fan-out\": from the notification row's creation by the dispatcher's fan-out (its createdAt) to "
    "the receipt, i.e. the rest of the fan-out transaction, publishing, the bus, the hub, the stream and the "
    "websocket, without the wait for the dispatcher. Stages: noted by the server processes (bench/live_trace.py: "
    "fan-out committed, publish_many called, Hub.deliver, the row yielded by notificationAdded, the `next` frame "
    "written) and the client's receipt; \"written\" is noted when the write returned, so the client's share can be "
    "slightly negative. CPU: process user+system time during the row (events and the 2 s after) divided by the "
    "events received; \"machine cores busy\": the whole machine's CPU use meanwhile, every other process on it "
    "included. Memory: the resident size of the process holding the subscriptions after they opened, minus before, "
    "divided by their number.")


def options(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="100 and 1,000 subscriptions, 5 s of events")
    p.add_argument("--subscriptions", help="comma-separated counts of open subscriptions (default 1000,10000)")
    p.add_argument("--rates", default="100,10", help="comma-separated events per second, each measured in turn on "
                   "the same open subscriptions (default 100,10)")
    p.add_argument("--seconds", type=float, help="seconds of events per measurement (default 20; quick 5)")
    p.add_argument("--client-processes", type=int, default=4, help="websocket client processes (default 4)")
    p.add_argument("--scenarios", default="local,redis", help="comma-separated: local (one process), redis (two "
                   "processes through Redis); default both")
    p.add_argument("--protocol", default="graphql-transport-ws", choices=["graphql-transport-ws", "graphql-ws"])
    p.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    a = p.parse_args(argv)
    a.counts = [int(n) for n in (a.subscriptions or ("100,1000" if a.quick else "1000,10000")).split(",")]
    a.seconds = a.seconds or (5.0 if a.quick else 20.0)
    a.rates = [float(r) for r in a.rates.split(",")]
    return a


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far: how much of it every process used."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


def read_trace(path: Path) -> dict[str, dict[int, float]]:
    """stage -> key -> the first time it was noted (bench/live_trace.py)."""
    stages: dict[str, dict[int, float]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            stage, key, at = line.split()
            if key != "None" and not stage.startswith("gc"):
                stages.setdefault(stage, {}).setdefault(int(key), float(at))
    return stages


async def breakdown(sent: dict[str, float], received: dict, traces: list[Path]) -> dict[str, list[float]]:
    """Per event received: the time each stage took since the previous one (ms), commit first."""
    from models import Notification

    stages: dict[str, dict[int, float]] = {}
    for path in traces:  # the publishing process notes fanned and published; the holder hub, stream and sent
        for stage, times in read_trace(path).items():
            for key, at in times.items():
                stages.setdefault(stage, {}).setdefault(key, at)
    sequences = [v[2] for m, v in received.items() if m in sent]
    event_of = dict(await Notification.filter(sequence__in=sequences).values_list("sequence", "event_id"))
    shares: dict[str, list[float]] = {s: [] for s in STAGES}
    for marker, (at, _, sequence) in received.items():
        if marker not in sent or sequence not in event_of:
            continue
        event = event_of[sequence]
        times = [sent[marker], stages.get("fanned", {}).get(event), stages.get("published", {}).get(event),
                 stages.get("hub", {}).get(event), stages.get("stream", {}).get(sequence),
                 stages.get("sent", {}).get(sequence), at]
        if None in times:
            continue
        for stage, before, after in zip(STAGES, times[:-1], times[1:], strict=True):
            shares[stage].append((after - before) * 1000)
    return shares


def gc_pauses(path: Path, since: float, until: float) -> tuple[int, float, float]:
    """The holder's garbage collections of the oldest generation in a window: (count, longest ms, total ms of
    every generation)."""
    oldest, total = [], 0.0
    if path.exists():
        for line in path.read_text().splitlines():
            stage, ms, at = line.split()
            if stage.startswith("gc") and since <= float(at) <= until:
                total += float(ms)
                if stage == "gc2":
                    oldest.append(float(ms))
    return len(oldest), max(oldest, default=0.0), total


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


async def seed(count: int) -> tuple[list[tuple[int, str]], str]:
    """`count` graduates (one template made by the production code, copied by PostgreSQL) with their tokens,
    and an employer's token for waking a server's dispatcher."""
    import asyncpg

    from bench.seed import graduates
    from models import Graduate, Province
    from resolvers.viewer import Role
    from server.auth import issue_token
    from tests import factories

    province = await Province.create(code="34", name="安徽省")
    school = await factories.school("10363", "安徽工程大学", province)
    dept, major = await factories.department(school, "07", "计算机与信息学院")
    template = await factories.graduate(school, dept, major, student_number="LIVE-T")
    employer = await factories.employer()
    conn = await asyncpg.connect(database.asyncpg_url(os.environ["DATABASE_URL"]))
    try:
        await graduates(conn, template.id, "LIVE-", count)
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    rows = await Graduate.filter(student_number__startswith="LIVE-").exclude(id=template.id).order_by("id")
    return ([(g.id, issue_token(Role.GRADUATE, g.id, g.session_version)) for g in rows],
            factories.token(Role.EMPLOYER, employer))


class Clients:
    """Client processes holding the subscriptions, the items dealt out among them."""

    def __init__(self, url: str, protocol: str, items: list, processes: int, logs: Path) -> None:
        self.procs = []
        share = [items[i::processes] for i in range(processes)]
        for n, part in enumerate(p for p in share if p):
            proc = subprocess.Popen([sys.executable, "-m", "bench.live_client"], cwd=ROOT, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=(logs / f"client{n}.log").open("w"), text=True)
            proc.stdin.write(json.dumps({"url": url, "protocol": protocol, "items": part}) + "\n")
            proc.stdin.flush()
            self.procs.append(proc)

    async def ready(self) -> int:
        loop = asyncio.get_running_loop()
        lines = await asyncio.gather(*(loop.run_in_executor(None, p.stdout.readline) for p in self.procs))
        if not all(line.startswith("ready") for line in lines):
            raise SystemExit(f"a client process failed: {lines}")
        return sum(int(line.split()[1]) for line in lines)

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.procs)

    async def report(self, last: bool = False) -> tuple[dict[str, tuple[float, float | None, int]], int, list[str]]:
        """What the clients received since the last report (and, if `last`, they stop)."""
        loop = asyncio.get_running_loop()
        received: dict[str, tuple[float, float | None, int]] = {}
        errors: list[str] = []
        count = 0
        for proc in self.procs:
            proc.stdin.write("stop\n" if last else "report\n")
            proc.stdin.flush()
        for proc in self.procs:
            out = json.loads(await loop.run_in_executor(None, proc.stdout.readline))
            for marker, at, made, sequence in out["received"]:
                received.setdefault(marker, (at, made, sequence))
            errors += out["errors"]
            count += out["error_count"]
            if last:
                proc.wait(60)
        return received, count, errors


async def raise_events(a, rate: float, tag: str, targets: list[int], wake_url: str,
                       employer_token: str) -> dict[str, float]:
    """Events at `a.rate` per second for `a.seconds`, in batches every 50 ms, each batch committed then the
    dispatcher of the server at `wake_url` woken (any successful mutation wakes it). Returns marker -> commit time.
    """
    import httpx
    from tortoise.transactions import in_transaction

    from models import Graduate
    from resolvers import events

    graduates = {g.id: g for g in await Graduate.filter(id__in=targets)}
    sent: dict[str, float] = {}
    tick, per_tick = 0.05, rate * 0.05
    owed = 0.0
    n = k = 0
    async with httpx.AsyncClient(timeout=30) as client:
        began = time.perf_counter()
        while time.perf_counter() - began < a.seconds:
            k += 1
            owed += per_tick
            batch = int(owed)
            owed -= batch
            if batch:
                markers = []
                async with in_transaction():
                    for _ in range(batch):
                        n += 1
                        markers.append(f"{tag}-{n}")
                        await events.record_changed(graduates[random.choice(targets)], "unlock", f"〔{tag}-{n}〕")
                at = time.time()
                sent.update(dict.fromkeys(markers, at))
                r = await client.post(wake_url, json={"query": WAKE},
                                      headers={"Authorization": f"Bearer {employer_token}"})
                r.raise_for_status()
            await asyncio.sleep(max(0.0, began + k * tick - time.perf_counter()))
    return sent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def forget_backlog() -> int:
    """Events the dispatcher has not caught up with are dropped between measurements, so one measurement's
    backlog does not slow down or pollute the next."""
    from tortoise import connections

    conn = connections.get("default")
    dropped, _ = await conn.execute_query("UPDATE outbox_event SET fanned_out_at = now(), published_at = now() "
                                          "WHERE fanned_out_at IS NULL OR published_at IS NULL")
    return dropped


async def measure(a, scenario: str, count: int, items: list, employer_token: str, logs: Path,
                  env: dict[str, str]) -> list[dict]:
    """Starts the scenario's servers, opens `count` subscriptions, raises events at each rate, returns the
    figures of each rate."""
    procs: list[subprocess.Popen] = []
    results = []
    try:
        publisher = free_port()
        traces = [logs / f"{scenario}-{count}-serve.trace"]
        procs.append(start([sys.executable, "-m", "bench.live_trace", str(traces[0]), "serve", "--workers", "1",
                            "--port", str(publisher)], env, logs / f"{scenario}-{count}-serve.log"))
        await wait_ready(publisher, procs[-1], logs / f"{scenario}-{count}-serve.log")
        holder, holder_proc = publisher, procs[-1]
        if scenario == "redis":
            holder = free_port()
            traces.append(logs / f"{scenario}-{count}-subscriber.trace")
            procs.append(start([sys.executable, "-m", "bench.live_trace", str(traces[1]), "--subscriber",
                                str(holder)], env, logs / f"{scenario}-{count}-subscriber.log"))
            await wait_ready(holder, procs[-1], logs / f"{scenario}-{count}-subscriber.log")
            holder_proc = procs[-1]
        await asyncio.sleep(0.5)
        before = rss_kib(holder_proc.pid)
        opened_at = time.perf_counter()
        clients = Clients(f"ws://127.0.0.1:{holder}/graphql", a.protocol, items[:count], a.client_processes, logs)
        opened = await clients.ready()
        opening = time.perf_counter() - opened_at
        await asyncio.sleep(min(3.0, 0.5 + count / 2000))  # the last subscriptions reach the hub
        per_subscription = (rss_kib(holder_proc.pid) - before) / max(opened, 1)
        for i, rate in enumerate(a.rates):
            cpu_before = ([cpu_seconds(p.pid) for p in procs], clients.cpu_seconds(), time.process_time(),
                          machine_busy(), os.getloadavg()[0])
            window = time.time()
            sent = await raise_events(a, rate, f"{scenario}{count}r{i}", [g for g, _ in items[:count]],
                                      f"http://127.0.0.1:{publisher}/graphql", employer_token)
            await asyncio.sleep(2.0)  # the stragglers
            servers = [cpu_seconds(p.pid) - b for p, b in zip(procs, cpu_before[0], strict=True)]
            client_cpu = clients.cpu_seconds() - cpu_before[1]
            raiser_cpu = time.process_time() - cpu_before[2]
            busy, total = machine_busy()
            machine = (busy - cpu_before[3][0]) / max(total - cpu_before[3][1], 1e-9) * (os.cpu_count() or 1)
            load_during = max(cpu_before[4], os.getloadavg()[0])
            last = i == len(a.rates) - 1
            received, error_count, errors = await clients.report(last=last)
            dropped = await forget_backlog()
            mine = {m: v for m, v in received.items() if m in sent}
            latencies = [(mine[m][0] - t) * 1000 for m, t in sent.items() if m in mine]
            # From the fan-out that made the notification row (its createdAt) on: the hub's part, without the
            # dispatcher's queue of events waiting to be fanned out.
            after_fan_out = [(at - made) * 1000 for at, made, _ in mine.values() if made is not None]
            shares = await breakdown(sent, mine, traces)
            gc_count, gc_longest, gc_total = gc_pauses(traces[-1], window, time.time())
            per_event = max(len(latencies), 1)
            results.append({
                "scenario": scenario, "count": count, "rate": rate, "opened": opened, "opening_s": opening,
                "kib_per_subscription": per_subscription, "events": len(sent), "received": len(latencies),
                "backlog_dropped": dropped,
                "p50": percentile(latencies, 0.5) if latencies else None,
                "p99": percentile(latencies, 0.99) if latencies else None,
                "max": max(latencies) if latencies else None,
                "fan_out_p50": percentile(after_fan_out, 0.5) if after_fan_out else None,
                "fan_out_p99": percentile(after_fan_out, 0.99) if after_fan_out else None,
                "client_errors": error_count, "first_errors": errors[:3],
                "stages": {stage: (percentile(v, 0.5), percentile(v, 0.99)) if v else None
                           for stage, v in shares.items()},
                "traced": len(shares["received"]),
                # CPU ms per event received: the publishing server (with the dispatcher), the holder of the
                # subscriptions (the same process in the local scenario), the client processes, the raiser.
                "cpu_ms": {"publisher": servers[0] * 1000 / per_event,
                           "holder": (servers[-1] if len(servers) > 1 else 0.0) * 1000 / per_event,
                           "clients": client_cpu * 1000 / per_event, "raiser": raiser_cpu * 1000 / per_event},
                "machine_cores_busy": machine, "load": load_during,
                "gc": (gc_count, gc_longest, gc_total)})
            print(f"  {results[-1]}", flush=True)
    finally:
        stop(procs)
    return results


def table(a, results: list[dict], load: float, pg: str) -> str:
    names = {"local": "one process, in-process bus", "redis": "two processes through Redis"}
    lines = [f"Events for {a.seconds:g} s per row, each for one random subscribed graduate (one inbox row); "
             f"{a.protocol}; clients in {a.client_processes} processes. Events still waiting for the dispatcher "
             "2 s after the last was raised are counted as not received, then dropped before the next row.", "",
             "| scenario | open subscriptions | events/s | received / raised | p50 ms | p99 ms | max ms "
             "| from fan-out p50 / p99 ms | server KiB per subscription | opening s | client errors |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    def fmt(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    for r in results:
        lines.append(f"| {names[r['scenario']]} | {r['opened']:,} | {r['rate']:g} | "
                     f"{r['received']:,} / {r['events']:,} | "
                     f"{fmt(r['p50'])} | {fmt(r['p99'])} | {fmt(r['max'])} | "
                     f"{fmt(r['fan_out_p50'])} / {fmt(r['fan_out_p99'])} | {r['kib_per_subscription']:.1f} | "
                     f"{r['opening_s']:.1f} | {r['client_errors']} |")
    lines += ["", "Where the time goes (p50 / p99 ms of each stage, measured from the one before; "
              "bench/live_trace.py) and CPU per event received (ms of process CPU time):", "",
              "| scenario | open subscriptions | events/s | commit → fan-out committed | → handed to the bus "
              "| → in the hub | → handed to the stream | → written to the websocket | → received by the client "
              "| CPU ms/event: publisher / holder / clients / raiser | holder's GC: full collections, longest / all ms "
              "| machine cores busy | load average |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        def share(stage: str, r: dict = r) -> str:
            pair = r["stages"].get(stage)
            return "–" if pair is None else f"{pair[0]:.1f} / {pair[1]:.1f}"

        cpu = r["cpu_ms"]
        holder = "(same)" if r["scenario"] == "local" else f"{cpu['holder']:.2f}"
        lines.append(f"| {names[r['scenario']]} | {r['opened']:,} | {r['rate']:g} | "
                     + " | ".join(share(s) for s in STAGES)
                     + f" | {cpu['publisher']:.2f} / {holder} / {cpu['clients']:.2f} / {cpu['raiser']:.2f} | "
                     f"{r['gc'][0]}, {r['gc'][1]:.0f} / {r['gc'][2]:.0f} | "
                     f"{r['machine_cores_busy']:.2f} of {os.cpu_count()} | {r['load']:.1f} |")
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("strawberry-graphql", "uvicorn", "websockets",
                                                                 "redis"))
    lines += ["", FOOTNOTE, "",
              f"Machine: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit()}; "
              f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), Linux {platform.release()}, "
              f"load average {load:.1f} when the run began; Python {platform.python_version()}, {pg}; {versions}"]
    return "\n".join(lines)


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def write_readme(text: str, quick: bool) -> None:
    path = HERE / "README.md"
    start, end = "<!-- live-results -->", "<!-- /live-results -->"
    content = path.read_text(encoding="utf-8")
    head, _, rest = content.partition(start)
    _, _, tail = rest.partition(end)
    note = "(`--quick` scale)\n\n" if quick else ""
    path.write_text(f"{head}{start}\n{note}{text}\n{end}{tail}")


async def bench(a: argparse.Namespace) -> None:
    import asyncpg

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the servers inherit it: one socket a client
    database.set_keys()
    name, url = database.private_url()
    os.environ.update(DATABASE_URL=url, WANGQIAN_ENV="production",
                      WANGQIAN_REDIS_PREFIX=f"wq-bench-{uuid.uuid4().hex[:8]}:")
    redis_url = os.environ.pop("REDIS_URL", None) or "redis://127.0.0.1:6379/0"
    from server import db
    from server.settings import get_settings

    get_settings.cache_clear()  # read again, with the keys and database above
    load = os.getloadavg()[0]
    await database.admin(f'CREATE DATABASE "{name}"')
    logs = Path(tempfile.mkdtemp(prefix="wq_bench_live_"))
    succeeded = False
    try:
        await db.init(url, apply_migrations=True)
        items, employer_token = await seed(max(a.counts))
        conn = await asyncpg.connect(database.asyncpg_url(url))
        pg = "PostgreSQL " + (await conn.fetchval("SHOW server_version")).split()[0]
        await conn.close()
        results = []
        for scenario in a.scenarios.split(","):
            env = dict(os.environ)
            if scenario == "redis":
                env["REDIS_URL"] = redis_url
            for count in a.counts:
                print(f"{scenario}: {count:,} subscriptions ...", flush=True)
                results += await measure(a, scenario, count, items, employer_token, logs, env)
        text = table(a, results, load, pg)
        succeeded = True
        print()
        print(text)
        if not a.no_readme:
            write_readme(text, a.quick)
    finally:
        await db.close()
        await database.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not succeeded:
            print(f"the processes' output is in {logs}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(bench(options(argv)))


if __name__ == "__main__":
    main()

