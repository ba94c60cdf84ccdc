"""Deliveries per second through each channel against the local fakes: `.venv/bin/python -m bench.channels`.

Each channel's own `send` (templates, token, signing, the subscribe consent taken and written in a temporary
SQLite database) drives the fake of its provider (tests/fakes: real HTTP servers on 127.0.0.1, here in a process
of their own) with a fixed number of concurrent senders, as the delivery worker would. The figure is a floor for
the channel and no statement about the providers, whose own limits (WeChat's quotas, SMS per-number windows) are
far lower. Rewrites the section between `<!-- channels -->` markers of bench/README.md unless --no-readme.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def options(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.channels", description=__doc__.splitlines()[0])
    p.add_argument("--messages", type=int, default=2000, help="sends per channel (default 2000)")
    p.add_argument("--concurrency", type=int, default=16, help="concurrent senders (default 16)")
    p.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    p.add_argument("--serve-fakes", type=int, metavar="CONSENTS", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def serve_fakes(consents: int) -> None:
    """The fakes' process: starts them, prints their addresses, serves until its stdin closes."""
    import json

    from resolvers.outbox import EventKind
    from tests.fakes import sms_servers, wechat_server

    with wechat_server.fake_wechat() as wechat:
        wechat.consent("o-bench", wechat_server.template_id(EventKind.INVITATION_RECEIVED.value), consents)
        wechat.followers["oa-bench"] = "u-bench"
        urls = {"wechat": wechat.base_url}
        for provider in ("aliyun", "tencent"):
            with sms_servers.fake_sms(provider) as fake:
                fake.windows = []  # the per-number limits would measure themselves
                urls[provider] = fake.base_url
        print(json.dumps(urls), flush=True)
        sys.stdin.read()


async def _measure(send, count: int, concurrency: int) -> tuple[float, float, float, int]:
    """sends/s, p50 ms, p99 ms, failures."""
    latencies: list[float] = []
    failures = 0
    next_id = iter(range(1, count + 1))

    async def sender() -> None:
        nonlocal failures
        for i in next_id:
            started = time.perf_counter()
            try:
                await send(i)
            except Exception as e:  # counted and shown: a benchmark reports failures rather than stopping
                failures += 1
                if failures == 1:
                    print(f"  first failure: {type(e).__name__}: {e}")
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    return count / elapsed, q[49], q[98], failures


async def run(a: argparse.Namespace, urls: dict[str, str]) -> str:
    tmp = tempfile.mkdtemp(prefix="wq_bench_channels_")
    os.environ.update(DATABASE_URL=f"sqlite://{tmp}/bench.sqlite3", WANGQIAN_ENV="test")
    os.environ.pop("REDIS_URL", None)
    from models import SubscribeCredit
    from notifications import templates
    from notifications.channels import CHANNELS
    from notifications.channels.base import Outgoing
    from resolvers import outbox
    from resolvers.outbox import EventKind
    from server import db
    from server.settings import get_settings
    from tests.fakes.sms_servers import fake_sms
    from tests.fakes.wechat_server import fake_wechat, template_id

    kind = EventKind.INVITATION_RECEIVED
    payload = outbox.InvitationReceived(1, 2, "安徽信通信息服务有限公司", "软件工程师", "direct",
                                        dt.datetime(2026, 6, 1, 2, 30, tzinfo=dt.UTC))
    text = templates.render(kind, payload)

    def outgoing(i: int, **address: str) -> Outgoing:
        return Outgoing(i, kind, "graduate", 1, text.title, text.body, text.sms, payload, address)

    await db.init(apply_migrations=True)
    rows: list[tuple[str, tuple[float, float, float, int]]] = []
    settings = get_settings()
    try:
        # The settings the tests' fakes expect, pointed at the fakes' process.
        with fake_wechat(timeout=10):
            settings.wechat_api_base = urls["wechat"]
            await SubscribeCredit.create(openid="o-bench", template_id=template_id(kind.value), remaining=a.messages)
            subscribe = CHANNELS["wechat_subscribe"](settings)
            rows.append(("WeChat subscribe message (consent taken in SQLite)", await _measure(
                lambda i: subscribe.send(outgoing(i, openid="o-bench")), a.messages, a.concurrency)))
            template = CHANNELS["wechat_template"](settings)
            rows.append(("WeChat official-account template message", await _measure(
                lambda i: template.send(outgoing(i, oa_openid="oa-bench")), a.messages, a.concurrency)))
        for provider, label in (("aliyun", "Aliyun SendSms (HMAC-SHA1, form body)"),
                                ("tencent", "Tencent SendSms (TC3-HMAC-SHA256, JSON)")):
            with fake_sms(provider, timeout=10):
                settings.sms_endpoint = urls[provider]
                sms = CHANNELS["sms"](settings)
                rows.append((label, await _measure(lambda i, sms=sms: sms.send(outgoing(i, phone="13905510001")),
                                                   a.messages, a.concurrency)))
    finally:
        await db.close()
    load = os.getloadavg()[0]
    lines = [f"{a.messages:,} sends per channel, {a.concurrency} concurrent senders, fakes in another process.", "",
             "| channel → fake | sends/s | p50 ms | p99 ms | failures |", "|---|---|---|---|---|"]
    lines += [f"| {label} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {failures} |"
              for label, (rate, p50, p99, failures) in rows]
    lines += ["", f"Machine: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs; "
                  f"load average {load:.1f} when the run ended; Python {sys.version.split()[0]}, SQLite."]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    path = HERE / "README.md"
    content = path.read_text()
    start, end = "<!-- channels -->", "<!-- /channels -->"
    head, rest = content.split(start, 1)
    path.write_text(f"{head}{start}\n{text}\n{end}{rest.split(end, 1)[1]}")


def main(argv: list[str] | None = None) -> None:
    a = options(argv)
    if a.serve_fakes is not None:
        return serve_fakes(a.serve_fakes)
    import json
    import subprocess

    fakes = subprocess.Popen([sys.executable, "-m", "bench.channels", "--serve-fakes", str(a.messages)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        text = asyncio.run(run(a, json.loads(fakes.stdout.readline())))
    finally:
        fakes.stdin.close()
        fakes.wait(10)
    print(text)
    if not a.no_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
