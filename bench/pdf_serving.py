"""Serving a stored agreement PDF: `.venv/bin/python -m bench.pdf_serving [--requests N] [--no-readme]`.
See bench/README.md ("Serving a stored PDF").

The real route through a real server: a 3-copy sealed PDF rendered by the production code (bench/pdf.py's
sample) is stored as printing stores it (resolvers/files.py, the local directory store of the embedded
default, a private SQLite database), a link is signed as GraphQL signs it (resolvers/file_links.py), and
`wangqian serve` answers GET /files/{id}?expires=…&signature=… over a keep-alive connection. Latency is from the
request's first byte sent to the answer's last byte read.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

START, END = "<!-- pdf-serving-results -->", "<!-- /pdf-serving-results -->"


class Reader:
    """GET over one keep-alive connection, reading a Content-Length answer (bench/client.py's idea, for GET)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self._reader is not None
        self._writer.write(f"GET {path} HTTP/1.1\r\nhost: 127.0.0.1:{self.port}\r\n\r\n".encode())
        head = await self._reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        return int(lines[0].split()[1]), await self._reader.readexactly(int(headers["content-length"]))

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def environment(directory: Path) -> dict[str, str]:
    return {**os.environ,
            "DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
            "WANGQIAN_FILES_DIR": str(directory / "files"),
            "WANGQIAN_SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
            "WANGQIAN_DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
            "WANGQIAN_FILE_URL_SECONDS": "86400",
            "WANGQIAN_LOG_LEVEL": "warning"}


def prepare(env: dict[str, str]) -> tuple[str, int]:
    """Stores the PDF and signs its link, in a child process with the server's settings; returns (path, size)."""
    code = ("import asyncio, datetime as dt\n"
            "from bench.pdf import sample\n"
            "from pdf import agreements\n"
            "from resolvers import file_links, files\n"
            "from server import db\n"
            "async def main():\n"
            "    await db.init(apply_migrations=True)\n"
            "    agreement, school = sample()\n"
            "    data = await asyncio.to_thread(agreements.render, agreement, school, dt.datetime.now(dt.UTC))\n"
            "    stored = await files.save(data, content_type='application/pdf', filename='bench.pdf',\n"
            "                              owner_kind='agreement', owner_id=1, purpose=agreements.PURPOSE)\n"
            "    print(file_links.link(None, stored.id).url, len(data))\n"
            "    await db.close()\n"
            "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"storing the PDF failed:\n{done.stderr}")
    out = done.stdout.split()
    return out[-2], int(out[-1])


def start(env: dict[str, str], port: int) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).with_name("wangqian")), "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def healthy(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            reader = Reader(port)
            status, _ = await reader.get("/healthz")
            await reader.close()
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the server process and its children so far (Linux /proc): unlike latency, not
    stretched by waiting for a core on a shared machine."""
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    total = 0
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def timed(reader: Reader, path: str, size: int) -> float:
    t = time.perf_counter()
    status, body = await reader.get(path)
    elapsed = time.perf_counter() - t
    if status != 200 or len(body) != size:
        raise RuntimeError(f"GET {path}: {status}, {len(body)} bytes")
    return elapsed


async def measure(env: dict[str, str], path: str, size: int, requests: int, colds: int) -> dict:
    cold: list[tuple[float, float]] = []
    for _ in range(colds):  # a fresh server process each: its first download, then its second
        port = free_port()
        proc = start(env, port)
        try:
            await healthy(port, proc)
            reader = Reader(port)
            cold.append((await timed(reader, path, size), await timed(reader, path, size)))
            await reader.close()
        finally:
            stop(proc)
    port = free_port()
    proc = start(env, port)
    try:
        await healthy(port, proc)
        reader = Reader(port)
        for _ in range(20):
            await timed(reader, path, size)
        cpu = cpu_seconds(proc.pid)
        warm = [await timed(reader, path, size) for _ in range(requests)]
        cpu = cpu_seconds(proc.pid) - cpu
        await reader.close()
    finally:
        stop(proc)
    return {"cold": cold, "warm": warm, "cpu_per_request": cpu / requests}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(result: dict, size: int, load: tuple[float, float], commit: str) -> str:
    warm, cold = result["warm"], result["cold"]
    ms = lambda s: f"{s * 1000:.1f}"  # noqa: E731
    lines = [f"One stored 3-copy sealed PDF ({size / 1024:.0f} KB), local directory store, SQLite; "
             f"`wangqian serve` (one process, its in-process worker idle); one keep-alive connection, one request "
             f"at a time.", "",
             "| GET /files/{id} (signed link) | requests | median ms | p95 ms | p99 ms | max ms |",
             "|---|---|---|---|---|---|",
             f"| warm (after 20 requests) | {len(warm):,} | {ms(statistics.median(warm))} | "
             f"{ms(percentile(warm, 95))} | {ms(percentile(warm, 99))} | {ms(max(warm))} |",
             f"| cold: first download of a fresh server process | {len(cold)} | "
             f"{ms(statistics.median([c[0] for c in cold]))} | | | {ms(max(c[0] for c in cold))} |",
             f"| cold: its second download | {len(cold)} | {ms(statistics.median([c[1] for c in cold]))} | | | "
             f"{ms(max(c[1] for c in cold))} |", "",
             f"Server CPU per warm request (user + system time of the server process over the warm run, divided by "
             f"its requests): {ms(result['cpu_per_request'])} ms.", "",
             f"Target: ≤ 20 ms. Machine: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}; "
             f"{os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().release}, load average {load[0]:.1f} when "
             f"the run began and {load[1]:.1f} when it ended (other sessions' work shares the cores); "
             f"Python {sys.version.split()[0]}."]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = HERE / "README.md"
    content = readme.read_text()
    head, rest = content.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{text}\n{END}{tail}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.pdf_serving", description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=2000, help="warm requests (default 2000)")
    p.add_argument("--cold", type=int, default=5, help="fresh server processes for the cold figure (default 5)")
    p.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    a = p.parse_args(argv)
    before = os.getloadavg()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    with tempfile.TemporaryDirectory(prefix="wq-bench-serving-") as directory:
        env = environment(Path(directory))
        url, size = prepare(env)
        parts = urlsplit(url)
        result = asyncio.run(measure(env, f"{parts.path}?{parts.query}", size, a.requests, a.cold))
    text = report(result, size, (before, os.getloadavg()[0]), commit)
    print(text)
    if not a.no_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
