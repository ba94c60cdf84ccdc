"""Delivery channels by name: each entry builds its channel from the settings (`from_settings(settings)`).

The worker looks a delivery's channel up here; see base.py for the contract every channel keeps.
"""

from __future__ import annotations

from collections.abc import Callable

from notifications.channels.base import Channel
from notifications.channels.sms import SmsChannel
from notifications.channels.wechat import WechatSubscribeChannel, WechatTemplateChannel
from server.settings import Settings

CHANNELS: dict[str, Callable[[Settings], Channel]] = {
    "wechat_subscribe": WechatSubscribeChannel.from_settings,
    "wechat_template": WechatTemplateChannel.from_settings,
    "sms": SmsChannel.from_settings,
}
