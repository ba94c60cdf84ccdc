"""SMS to graduates' phones through one provider chosen by settings (WANGQIAN_SMS_PROVIDER: aliyun | tencent).

Unset, the channel sends nothing and every SMS delivery is suppressed: the embedded default works without an
SMS account. The phone arrives decrypted in `Outgoing.address["phone"]` (the worker decrypts it) and goes
nowhere but the provider's request body: not into a log line, not into an exception's text (provider messages
are scrubbed of digit runs), not into the message id.
"""

from __future__ import annotations

import re
from typing import Protocol

from notifications import templates
from notifications.channels.base import Outgoing, Permanent, Suppressed
from server.settings import Settings

_MOBILE = re.compile(r"1[3-9]\d{9}")
_DIGITS = re.compile(r"\+?\d[\d\s-]{5,}\d")


class SmsProvider(Protocol):
    name: str

    async def send(self, phone: str, template: str, parameters: list[tuple[str, str]], reference: str) -> str:
        """Sends one templated SMS to a mainland mobile number (11 digits); returns the provider's id.
        `reference` (the delivery id) is echoed back by the provider (Aliyun OutId, Tencent SessionContext)."""
        ...


def mainland_mobile(raw: str) -> str | None:
    """11 digits from what people type: spaces, dashes, +86 or 0086 in front."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            digits = digits[len(prefix):]
    return digits if _MOBILE.fullmatch(digits) else None


def scrub(text: str) -> str:
    """A provider's message may quote the number it refused: keep no run of digits long enough to be one."""
    return _DIGITS.sub("***", text)[:200]


class SmsChannel:
    name = "sms"

    def __init__(self, provider: SmsProvider | None, templates_by_kind: dict[str, str]) -> None:
        self.provider = provider
        self.templates = dict(templates_by_kind)

    @classmethod
    def from_settings(cls, settings: Settings) -> SmsChannel:
        provider: SmsProvider | None = None
        if settings.sms_provider == "aliyun":
            from notifications.channels.sms_aliyun import AliyunSms

            provider = AliyunSms.from_settings(settings)
        elif settings.sms_provider == "tencent":
            from notifications.channels.sms_tencent import TencentSms

            provider = TencentSms.from_settings(settings)
        return cls(provider, settings.sms_templates)

    async def send(self, message: Outgoing) -> str:
        if self.provider is None:
            raise Suppressed("sms_not_configured", "WANGQIAN_SMS_PROVIDER is not set")
        template = self.templates.get(message.kind.value)
        if not template:
            raise Suppressed("no_template", f"{message.kind} has no SMS template")
        raw = message.address.get("phone")
        if not raw:
            raise Suppressed("no_phone", "the recipient has no phone number")
        phone = mainland_mobile(raw)
        if phone is None:
            raise Permanent("invalid_phone", "not a mainland mobile number")
        parameters = templates.sms_parameters(message.kind, message.payload)
        return await self.provider.send(phone, template, parameters, str(message.delivery_id))
