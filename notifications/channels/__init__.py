"""The delivery channels by name: each factory builds its channel from the settings, or returns None when the
settings do not configure it. A name missing here, or not configured, is suppressed by the worker with the
reason said, not retried: nothing could ever send it.
"""

from __future__ import annotations

from collections.abc import Callable

from notifications.channels import email
from notifications.channels.base import Channel
from notifications.channels.sms import SmsChannel
from notifications.channels.wechat import WechatSubscribeChannel, WechatTemplateChannel
from server.settings import Settings, get_settings

Factory = Callable[[Settings], Channel | None]

REGISTRY: dict[str, Factory] = {
    "wechat_subscribe": WechatSubscribeChannel.from_settings,
    "wechat_template": WechatTemplateChannel.from_settings,
    "sms": SmsChannel.from_settings,
    "email": email.from_settings,
}

_built: dict[str, Channel | None] = {}


def get(name: str) -> Channel | None:
    """The process's channel of that name (built once), or None when there is none or it is not configured."""
    if name not in _built:
        factory = REGISTRY.get(name)
        _built[name] = factory(get_settings()) if factory else None
    return _built[name]


def reset() -> None:
    """Forget the built channels (after the settings changed)."""
    _built.clear()
