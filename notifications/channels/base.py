"""The contract between the delivery worker and each channel (WeChat, SMS, email).

A channel sends one message and returns the provider's message id, or raises one of the errors below. The
worker owns retries, backoff, status and de-duplication; a channel never retries by itself beyond what its
provider's contract requires (a WeChat token refreshed once on 40001/42001/40014).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from resolvers.outbox import EventKind


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int  # also the idempotency key sent where the provider takes one (client_msg_id, OutId)
    kind: EventKind
    recipient_kind: str  # graduate | employer | staff
    recipient_id: int
    title: str
    body: str
    sms: str
    payload: Any  # the kind's payload dataclass (resolvers/outbox.py)
    address: dict[str, str] = field(default_factory=dict)  # openid / phone / email, filled in by the worker


class DeliveryError(Exception):
    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code


class Retryable(DeliveryError):
    """Try again later (provider busy, timeout, 5xx, quota per minute); `retry_after` seconds if it says."""

    def __init__(self, code: str, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after


class Permanent(DeliveryError):
    """Never retry (invalid number, refused by the user, bad template); `fallback` names a channel to try."""

    def __init__(self, code: str, message: str = "", fallback: str | None = None) -> None:
        super().__init__(code, message)
        self.fallback = fallback


class Suppressed(DeliveryError):
    """Nothing to send to (no phone, no openid, no consent left): recorded, not an error."""


class Channel(Protocol):
    """Two optional members tell the worker what to do with a delivery in doubt (its worker died after the
    call, so nobody knows whether the provider took it; notifications/deliveries.py):
    - `idempotent = True`: the provider drops a repeat of the same key (WeChat template client_msg_id), so
      the worker simply sends again;
    - `async def lookup(message) -> str | None`: asks the provider whether the message with this key was
      accepted (SMS by OutId / SessionContext) and returns its message id, or None to send again.
    Without either the message is sent again (at least once), as for email (see channels/email.py)."""

    name: str  # wechat_subscribe | wechat_template | sms | email

    async def send(self, message: Outgoing) -> str: ...
