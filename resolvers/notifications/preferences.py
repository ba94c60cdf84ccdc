"""The viewer's own notification preferences: per event kind and channel, over the defaults of
notifications/plan.py. The critical kinds keep at least one channel."""

from __future__ import annotations

from dataclasses import dataclass

from models import NotificationPreference
from notifications import plan
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.notifications.inbox import recipient_of
from resolvers.outbox import EventKind


@dataclass(frozen=True)
class Preference:
    kind: EventKind
    channel: str
    enabled: bool  # sent when the event happens (ON); a FALLBACK default counts as not enabled
    default: plan.Default
    chosen: bool  # the user set it, rather than the default applying
    critical: bool


def _rows(recipient_kind: str, chosen: dict[tuple[str, str], bool]) -> list[Preference]:
    out = []
    for kind in EventKind:
        for channel, default in plan.available(kind, recipient_kind).items():
            out.append(Preference(kind, channel, plan.effective(kind, recipient_kind, channel, chosen) is plan.ON,
                                  default, (kind.value, channel) in chosen, kind in plan.CRITICAL))
    return out


async def mine(ctx: Context) -> list[Preference]:
    recipient_kind, recipient_id = recipient_of(ctx)
    return _rows(recipient_kind, await plan.choices(recipient_kind, recipient_id))


async def update(ctx: Context, changes: list[tuple[str, str, bool]]) -> list[Preference]:
    """Sets the given (kind, channel, enabled); refuses a channel the kind does not use for the viewer, and
    switching off the last channel of a critical kind. All or nothing."""
    recipient_kind, recipient_id = recipient_of(ctx)
    chosen = await plan.choices(recipient_kind, recipient_id)
    errors = ErrorCollector()
    last_change: dict[EventKind, int] = {}
    for i, (kind_name, channel, enabled) in enumerate(changes):
        try:
            kind = EventKind(kind_name)
        except ValueError:
            errors.add(ErrorCode.INVALID_INPUT, ["preferences", str(i), "kind"], f"没有「{kind_name}」这类通知")
            continue
        if channel not in plan.available(kind, recipient_kind):
            errors.add(ErrorCode.INVALID_INPUT, ["preferences", str(i), "channel"], "这类通知不经此渠道发送")
            continue
        chosen[(kind.value, channel)] = enabled
        last_change[kind] = i
    errors.raise_if_any()
    for kind, i in last_change.items():
        if kind in plan.CRITICAL and all(
                plan.effective(kind, recipient_kind, channel, chosen) is plan.OFF
                for channel in plan.available(kind, recipient_kind)):
            raise DomainError(ErrorCode.CRITICAL_NOTIFICATION_REQUIRED, field=["preferences", str(i), "enabled"])
    for kind_name, channel, enabled in changes:
        await NotificationPreference.update_or_create(
            recipient_kind=recipient_kind, recipient_id=recipient_id, kind=kind_name, channel=channel,
            defaults={"enabled": enabled})
    return _rows(recipient_kind, chosen)
