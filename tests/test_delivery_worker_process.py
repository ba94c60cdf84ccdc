"""Issue 8 point 4: a real `wangqian worker` process killed with SIGKILL in the middle of a batch, twice, and
started again: every email reaches the SMTP server, and none that the server confirmed arrives twice."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from models import Delivery, SigningInvitation
from tests import factories
from tests.fakes.smtp_server import FakeSmtp
from tests.live_server import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
WANGQIAN = Path(sys.executable).parent / "wangqian"
EMAILS = 10


def start_worker(smtp: FakeSmtp) -> subprocess.Popen:
    env = {**os.environ, "WANGQIAN_SMTP_HOST": "127.0.0.1", "WANGQIAN_SMTP_PORT": str(smtp.port),
           "WANGQIAN_DELIVERY_LEASE_SECONDS": "2", "WANGQIAN_DELIVERY_POLL_SECONDS": "0.1",
           # One at a time, so the held message is the only one in doubt at the kill: with N at once, up to N
           # may be, and a confirmed one among them would be sent again (email has no idempotency key).
           "WANGQIAN_DELIVERY_CONCURRENCY": "1"}
    return subprocess.Popen([str(WANGQIAN), "worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


async def until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := await condition():
            return result
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def kill_while_held(smtp: FakeSmtp, hold_at: int) -> None:
    """Starts a worker, lets the server take the hold_at-th message and kills the worker before it answers."""
    smtp.holding, smtp.release, smtp.hold_at = threading.Event(), threading.Event(), hold_at
    worker = start_worker(smtp)
    try:
        async def held() -> bool:
            if worker.poll() is not None:
                raise AssertionError(worker.stderr.read().decode())
            return smtp.holding.is_set()

        await until(held, 60, f"message {hold_at} at the server")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        worker.stderr.close()
    smtp.release.set()  # the server answers 250 to nobody: the worker never learnt it was accepted


async def test_i8_worker_killed_mid_batch_loses_nothing_and_repeats_no_confirmed_email(world):
    employers = [world.employer] + [await factories.employer(f"测试单位{i}", login_name=f"unit{i}",
                                                             contact_email=f"hr{i}@example.com")
                                    for i in range(EMAILS - 1)]
    for employer in employers:
        # Past its deadline: the worker's S4 sweep expires it and the employer is told by email.
        await factories.pending_invitation(world.alice, employer, days=-1)
    smtp = FakeSmtp()
    smtp.start(free_port())
    try:
        await kill_while_held(smtp, hold_at=3)
        await kill_while_held(smtp, hold_at=len(smtp.received) + 3)

        worker = start_worker(smtp)
        try:
            async def all_sent() -> bool:
                return await Delivery.filter(channel="email", status="sent").count() == EMAILS

            await until(all_sent, 90, "every email sent")
        finally:
            worker.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.wait(15)
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            worker.stderr.close()
    finally:
        smtp.stop()

    assert await SigningInvitation.filter(state="expired").count() == EMAILS
    deliveries = await Delivery.filter(channel="email").order_by("id")
    expected = {f"<delivery.{d.id}@wangqian.local>" for d in deliveries}
    received = Counter(smtp.ids())
    assert set(received) == expected, "every email reached the server"
    confirmed = Counter(r.message_id for r in smtp.received if not r.held)
    assert max(confirmed.values()) == 1, "no email the server confirmed was sent twice"
    held = [r.message_id for r in smtp.received if r.held]
    assert len(held) == 2 and all(received[m] == 2 for m in held), "the two in doubt were sent again"
    assert sum(received.values()) == EMAILS + 2
    assert {r.to[0] for r in smtp.received} == {"hr@example.com"} | {f"hr{i}@example.com" for i in range(EMAILS - 1)}


def start_serve(smtp: FakeSmtp, port: int, *flags: str) -> subprocess.Popen:
    env = {**os.environ, "WANGQIAN_SMTP_HOST": "127.0.0.1", "WANGQIAN_SMTP_PORT": str(smtp.port),
           "WANGQIAN_DELIVERY_POLL_SECONDS": "0.1", "WANGQIAN_GRAPHQL_INTROSPECTION": "false"}
    return subprocess.Popen([str(WANGQIAN), "serve", "--port", str(port), *flags], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stderr.close()


async def test_i8_serve_sends_in_process_and_not_with_no_worker(world):
    """`wangqian serve` runs the worker in its own process by default; with --no-worker it leaves the outbox
    and the deliveries to `wangqian worker`."""
    await factories.pending_invitation(world.alice, world.employer, days=-1)
    smtp = FakeSmtp()
    smtp.start(free_port())
    try:
        port = free_port()
        server = start_serve(smtp, port, "--no-worker")
        try:
            async with httpx.AsyncClient() as client:
                await wait_healthy(client, f"http://127.0.0.1:{port}")
            await asyncio.sleep(3)  # a server running the worker expires, fans out and sends within a second
            assert server.poll() is None, server.stderr.read().decode()
            assert smtp.received == [] and await SigningInvitation.filter(state="pending").count() == 1
        finally:
            stop(server)

        server = start_serve(smtp, free_port())
        try:
            async def sent() -> bool:
                return await Delivery.filter(channel="email", status="sent").count() == 1

            await until(sent, 60, "the email sent by the server's own worker")
        finally:
            stop(server)
    finally:
        smtp.stop()
    [mail] = smtp.received
    assert mail.subject == "【网签平台】签约邀请逾期未答复" and mail.to == ["hr@example.com"]
