"""Closed-loop load over HTTP: `connections` workers each send their next request as soon as the last answers."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bench.client import Connection


@dataclass
class Round:
    done: int = 0
    failures: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_failure: str = ""
    cpu_ms: float = 0.0  # the server's CPU per successful request, when the caller measures it
    worker_cpu_ms: float = 0.0  # the separate worker's CPU per successful request of the round

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed else 0.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    def pct_ms(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def run(items: list, work: Callable[[Connection, object], Awaitable[str | None]], *, port: int | list[int],
              connections: int, seconds: float) -> Round:
    """Call `work(connection, item)` for items in order until `seconds` pass or items run out, from `connections`
    workers each with its own keep-alive connection to 127.0.0.1:`port`; `work` returns None on success or why
    it failed (every HTTP error, GraphQL error or payload error counts). Several ports: the workers take them in
    turn (several server processes sharing the load, as behind a balancer)."""
    ports = port if isinstance(port, list) else [port]
    result = Round()
    queue = iter(items)
    deadline = time.perf_counter() + seconds

    async def worker(port: int) -> None:
        conn = Connection("127.0.0.1", port)
        try:
            await serve(conn)
        finally:
            await conn.close()

    async def serve(conn: Connection) -> None:
        while time.perf_counter() < deadline:
            item = next(queue, None)
            if item is None:
                return
            started = time.perf_counter()
            try:
                failure = await work(conn, item)
            except Exception as e:  # a dropped connection is a failed request too
                failure = f"{type(e).__name__}: {e}"
                await conn.close()
            if failure is None:
                result.done += 1
                result.latencies.append(time.perf_counter() - started)
            else:
                result.failures += 1
                result.first_failure = result.first_failure or failure[:300]

    started = time.perf_counter()
    await asyncio.gather(*(worker(ports[i % len(ports)]) for i in range(connections)))
    result.elapsed = time.perf_counter() - started
    return result
