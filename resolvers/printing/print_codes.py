"""Scan-to-print (P2): a PC's print page shows a one-time code as a QR; a graduate scans it in the mini-program
and names their approved agreement; the page, which holds nothing but the code, then receives the PDF.

The code is 192 random bits, shown once and stored only as its SHA-256, so neither guessing nor reading the
table gives a working code. It works once and for WANGQIAN_PRINT_CODE_MINUTES. The scan is a print like any other
(counted, recorded, audited: print_agreement.record_print) and raises an outbox event on the code's own channel,
so the page hears it through the hub whichever server process it is connected to.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

from models import Agreement, PrintCode
from notifications import hub
from resolvers import events, file_links, throttle
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.printing.print_agreement import record_print
from server import clock
from server.settings import get_settings

FIELD = "code"
# Codes a client address may ask for in ISSUE_WINDOW_MINUTES: a print room's PCs share one address, each page
# refreshes its code every few minutes, and far more than this is a script filling the table.
ISSUE_LIMIT = 120
ISSUE_WINDOW_MINUTES = 10
_CODE_LENGTH = 64  # longest accepted input (schema/printing/print_by_scan.py bounds it too); a code is 32
# What the QR holds: the code behind a prefix, so the mini-program tells a print code from any other QR it scans.
PREFIX = "wangqian-print:"


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def scanned_text(code: str) -> str:
    return PREFIX + code


def channel(code_id: int) -> str:
    return f"print_code:{code_id}"


def lifetime() -> dt.timedelta:
    return dt.timedelta(minutes=get_settings().print_code_minutes)


async def issue(ctx: Context) -> tuple[str, PrintCode]:
    """A new code for a print page; RATE_LIMITED when the client address asked for too many."""
    await throttle.consume(ctx, throttle.Limit(throttle.print_code_key(ctx.client_ip), ISSUE_LIMIT,
                                               minutes=ISSUE_WINDOW_MINUTES))
    code = secrets.token_urlsafe(24)
    now = clock.now()
    row = await PrintCode.create(code_hash=_hash(code), created_at=now, expires_at=now + lifetime())
    return code, row


async def _find(code: str) -> PrintCode:
    """The code's row; `code` as scanned (with the QR's prefix) or bare."""
    code = (code or "").strip().removeprefix(PREFIX)
    if not code or len(code) > _CODE_LENGTH:
        raise DomainError(ErrorCode.PRINT_CODE_INVALID, field=FIELD)
    row = await PrintCode.get_or_none(code_hash=_hash(code))
    if row is None:
        raise DomainError(ErrorCode.PRINT_CODE_INVALID, field=FIELD)
    return row


def _refusal(row: PrintCode, now: dt.datetime) -> DomainError | None:
    if row.scanned_at is not None:
        return DomainError(ErrorCode.PRINT_CODE_USED, field=FIELD)
    if row.expires_at <= now:
        return DomainError(ErrorCode.PRINT_CODE_EXPIRED, field=FIELD)
    return None


async def scan(ctx: Context, code: str, agreement_id: int) -> Agreement:
    """The graduate's scan: their own approved agreement goes to the page showing the code (inside the
    mutation's transaction: a refused print leaves the code unused)."""
    row = await _find(code)
    now = clock.now()
    refused = _refusal(row, now)
    if refused:
        raise refused
    # Claimed by one conditional UPDATE: of two scans racing for a code, the second finds it scanned (on
    # PostgreSQL it waits for the first's row lock and then re-reads the condition).
    claimed = await PrintCode.filter(id=row.id, scanned_at=None, expires_at__gt=now).update(
        scanned_at=now, graduate_id=ctx.viewer.id)
    if not claimed:
        await row.refresh_from_db()
        raise _refusal(row, now) or DomainError(ErrorCode.PRINT_CODE_USED, field=FIELD)
    agreement, stored = await record_print(ctx, agreement_id, print_code_id=row.id)
    await PrintCode.filter(id=row.id).update(agreement_id=agreement.id, document_id=stored.id)
    await events.print_code_scanned(row, agreement)
    return agreement


async def check_open(code: str) -> PrintCode:
    """The code a print page connects with: known, and not yet expired unless already scanned (a page that
    reconnects after the scan gets the PDF again until the code's lifetime has passed since the scan)."""
    row = await _find(code)
    now = clock.now()
    if row.scanned_at is not None:
        if row.scanned_at + lifetime() <= now:
            raise DomainError(ErrorCode.PRINT_CODE_EXPIRED, field=FIELD)
    elif row.expires_at <= now:
        raise DomainError(ErrorCode.PRINT_CODE_EXPIRED, field=FIELD)
    return row


@dataclass(frozen=True)
class Scanned:
    agreement: Agreement
    link: file_links.Link


async def scanned(code: str) -> AsyncIterator[Scanned]:
    """Waits for the code's scan and yields the agreement with a fresh download link, once; ends with
    PRINT_CODE_EXPIRED when the code expires unscanned."""
    row = await check_open(code)
    # Subscribed before the row is read again: a scan committed in between is seen by the read or heard.
    async with hub.subscribe(channel(row.id)) as heard:
        while True:
            await row.refresh_from_db()
            if row.scanned_at is not None and row.document_id is not None:
                agreement = await Agreement.get(id=row.agreement_id)
                # A path, not an absolute URL: the page is on this server, and over a websocket the request's
                # base URL would be ws://.
                yield Scanned(agreement, file_links.link(None, row.document_id))
                return
            left = (row.expires_at - clock.now()).total_seconds()
            if left <= 0:
                raise DomainError(ErrorCode.PRINT_CODE_EXPIRED, field=FIELD)
            try:
                # Any message, or a gap in the bus, means "read the row again": the row is the truth.
                await asyncio.wait_for(anext(heard), left)
            except TimeoutError:
                continue
            except StopAsyncIteration:
                return
            except hub.SubscriberTooSlow:
                raise DomainError(ErrorCode.SUBSCRIBER_TOO_SLOW) from None
