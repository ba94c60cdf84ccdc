"""The background work of the service: outbox publishing and fan-out, the S4 expiry sweep, deliveries and the
agreement PDFs of newly approved versions, the spreadsheet exports staff ask for, and the purge of spent print
codes and old export files.

`wangqian worker` runs it as a process of its own; `wangqian serve` runs it inside each server process unless
WANGQIAN_IN_PROCESS_WORKER is false (`serve --no-worker`). Any number of them may run at once: each loop claims
its rows atomically.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from notifications import deliveries, dispatcher
from pdf import agreements as agreement_pdfs
from resolvers import purges
from resolvers.exports import jobs as exports
from resolvers.fairs import reminders as fair_reminders
from resolvers.national import sync as national_sync
from resolvers.signing import expiry

log = logging.getLogger(__name__)

LOOPS: tuple[Callable[[], Awaitable[None]], ...] = (dispatcher.run_forever, expiry.run_forever,
                                                     deliveries.run_forever, agreement_pdfs.run_forever,
                                                     exports.run_forever, fair_reminders.run_forever,
                                                     purges.run_forever, national_sync.run_forever)


def start() -> list[asyncio.Task]:
    return [asyncio.create_task(run()) for run in LOOPS]


async def stop(tasks: list[asyncio.Task]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def main() -> None:
    """The worker process: until SIGTERM or SIGINT, then the loops are cancelled between rows."""
    from notifications.bus import reset_bus
    from server import db
    from server.settings import get_settings

    await db.init(apply_migrations=get_settings().is_sqlite)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    tasks = start()
    log.info("worker started: outbox, expiry sweep, deliveries, agreement PDFs, exports, fair reminders, purges, "
             "national sync")
    try:
        await stopping.wait()
    finally:
        await stop(tasks)
        await reset_bus()
        await db.close()
