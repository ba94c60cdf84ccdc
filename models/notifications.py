"""The inbox: one row per event and recipient, numbered in the order fan-out commits them."""

from tortoise import fields
from tortoise.models import Model


class Notification(Model):
    """The primary key is the sequence, taken from `NotificationCounter` by the single fan-out step after the
    event committed, so a larger sequence never becomes visible before a smaller one (outbox ids do not have that
    property on PostgreSQL) and paging or replaying "after N" skips nothing."""

    # Always given by the fan-out, never generated (generated=False trips tortoise's migration autodetector).
    sequence = fields.BigIntField(primary_key=True)
    recipient_kind = fields.CharField(max_length=16)  # graduate | employer | staff
    recipient_id = fields.IntField()
    event = fields.ForeignKeyField("wangqian.OutboxEvent", related_name=False)
    kind = fields.CharField(max_length=48)
    title = fields.CharField(max_length=128)
    body = fields.TextField()
    read_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notification"
        unique_together = (("event", "recipient_kind", "recipient_id"),)
        indexes = (("recipient_kind", "recipient_id", "sequence"),)


class NotificationCounter(Model):
    """One row (id 1): the last sequence handed out. Fan-out locks it until its transaction commits."""

    id = fields.IntField(primary_key=True)
    last_value = fields.BigIntField(default=0)

    class Meta:
        table = "notification_counter"
