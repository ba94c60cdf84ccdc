"""Email through SMTP (aiosmtplib) to employers' contact addresses.

SMTP has no idempotency key and no status query: each message carries a Message-ID made from the delivery id,
the same on every attempt, so a copy sent again after a worker died between the server's answer and the status
write is recognisably the same message (mail clients and most servers drop a repeated Message-ID). 4xx answers,
refused or dropped connections and timeouts are retried; 5xx answers are permanent.
"""

from __future__ import annotations

import email.utils
from email.message import EmailMessage

import aiosmtplib

from notifications import templates
from notifications.channels.base import Outgoing, Permanent, Retryable, Suppressed
from server.settings import Settings


def message_id(delivery_id: int, domain: str) -> str:
    return f"<delivery.{delivery_id}@{domain}>"


class EmailChannel:
    name = "email"

    def __init__(self, settings: Settings) -> None:
        self.host = settings.smtp_host or ""
        self.port = settings.smtp_port
        self.user = settings.smtp_user
        self.password = settings.smtp_password
        self.tls = settings.smtp_tls
        self.sender = settings.smtp_from
        self.timeout = settings.smtp_timeout_seconds
        self.domain = email.utils.parseaddr(self.sender)[1].rpartition("@")[2] or "wangqian.local"

    def compose(self, message: Outgoing) -> EmailMessage:
        rendered = templates.render_email(message.kind, message.payload)
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.address["email"]
        mail["Subject"] = rendered.subject
        mail["Message-ID"] = message_id(message.delivery_id, self.domain)
        mail["Date"] = email.utils.formatdate(localtime=False)
        mail.set_content(rendered.text)
        return mail

    async def send(self, message: Outgoing) -> str:
        if not message.address.get("email"):
            raise Suppressed("no_address", "用人单位没有联系邮箱")
        mail = self.compose(message)
        try:
            _, answer = await aiosmtplib.send(
                mail, hostname=self.host, port=self.port, username=self.user, password=self.password,
                use_tls=self.tls == "tls", start_tls=True if self.tls == "starttls" else False,
                timeout=self.timeout)
        except aiosmtplib.SMTPRecipientsRefused as e:
            raise _by_code(e.recipients[0].code if e.recipients else 550, str(e)) from None
        except aiosmtplib.SMTPResponseException as e:
            raise _by_code(e.code, e.message) from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as e:
            # Refused, dropped or timed-out connections: the server may be restarting.
            raise Retryable("smtp_unavailable", f"{type(e).__name__}: {e}") from None
        return f"{mail['Message-ID']} {answer}"[:128]


def _by_code(code: int, text: str) -> Retryable | Permanent:
    if 400 <= code < 500:
        return Retryable(f"smtp_{code}", text)
    return Permanent(f"smtp_{code}", text)


def from_settings(settings: Settings) -> EmailChannel | None:
    return EmailChannel(settings) if settings.smtp_host else None
