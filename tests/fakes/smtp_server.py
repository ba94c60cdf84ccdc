"""A local SMTP server (aiosmtpd) that keeps what it received, for the email channel's tests.

Each message is recorded when its DATA arrives, before the answer. Tests script failures: `data_answers` and
`rcpt_answers` are answers used once each, in order (e.g. "451 4.3.0 try later", "550 5.1.1 no such user");
`hold_at = n` makes the n-th message wait for `release` before its answer, so a test can kill the sender while
the server has the message and the sender has no confirmation.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller


@dataclass
class Received:
    message_id: str
    to: list[str]
    subject: str
    text: str
    held: bool = False  # the sender may have died before our answer reached it


class FakeSmtp:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.data_answers: deque[str] = deque()
        self.rcpt_answers: deque[str] = deque()
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.controller: Controller | None = None
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.rcpt_answers.popleft() if self.rcpt_answers else "250 OK"
        if answer.startswith("2"):
            envelope.rcpt_tos.append(address)
        return answer

    async def handle_DATA(self, server, session, envelope):
        if self.data_answers:
            return self.data_answers.popleft()
        mail = message_from_bytes(envelope.content, policy=default)
        record = Received(str(mail["Message-ID"]), list(envelope.rcpt_tos), str(mail["Subject"]),
                          mail.get_body(("plain",)).get_content())
        self.received.append(record)
        if self.hold_at is not None and len(self.received) == self.hold_at:
            record.held = True
            self.holding.set()
            # The controller's own loop: waiting on the thread-safe event off-loop keeps other sessions served.
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return "250 2.0.0 queued as " + record.message_id.strip("<>")

    def start(self, port: int) -> None:
        self.port = port
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.controller.start()

    def stop(self) -> None:
        self.release.set()
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def ids(self) -> list[str]:
        return [r.message_id for r in self.received]
