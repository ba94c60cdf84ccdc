"""What the delivery tests share: a fake provider behind the channel contract, the registry and a local SMTP
server (the `providers` and `smtp` fixtures of conftest.py), and the worker's round run in-process."""

from __future__ import annotations

from models import Delivery
from notifications import channels, deliveries, dispatcher
from notifications.channels import email
from notifications.channels.base import Outgoing
from server.settings import get_settings
from tests.fakes.smtp_server import FakeSmtp
from tests.live_server import free_port


class FakeProvider:
    """A provider behind the channel contract, for the channels another module owns (WeChat, SMS): records what
    it was given and answers with the scripted errors first."""

    def __init__(self, name: str, *errors: Exception, found: str | None = None) -> None:
        self.name = name
        self.errors = list(errors)
        self.sent: list[Outgoing] = []
        self.found = found
        self.lookups = 0

    async def send(self, message: Outgoing) -> str:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(message)
        return f"{self.name}-{message.delivery_id}"


class LookingUp(FakeProvider):
    async def lookup(self, message: Outgoing) -> str | None:
        self.lookups += 1
        return self.found


def registry_of_the_test(monkeypatch):
    """The registry as the test sets it: email from the settings, other names only when a test adds them."""
    registry = {"email": email.from_settings}
    monkeypatch.setattr(channels, "REGISTRY", registry)
    channels.reset()
    yield registry
    channels.reset()


def use(registry: dict, provider: FakeProvider) -> FakeProvider:
    registry[provider.name] = lambda settings: provider
    channels.reset()
    return provider


def local_smtp(monkeypatch):
    server = FakeSmtp()
    server.start(free_port())
    monkeypatch.setattr(get_settings(), "smtp_host", "127.0.0.1")
    monkeypatch.setattr(get_settings(), "smtp_port", server.port)
    monkeypatch.setattr(get_settings(), "smtp_timeout_seconds", 5.0)
    channels.reset()
    yield server
    server.stop()
    channels.reset()


async def work() -> int:
    """What the worker does in one round: fan out and publish the outbox, then one delivery pass."""
    await dispatcher.publish_pending()
    return await deliveries.run_pass()


async def rows(**filters) -> list[Delivery]:
    return list(await Delivery.filter(**filters).order_by("id"))
