"""Deliveries of notifications to WeChat, SMS and email, and each user's choice of channels."""

from tortoise import fields
from tortoise.models import Model


class Delivery(Model):
    """One message of one event to one recipient on one channel, planned by the fan-out (notifications/plan.py)
    and sent by the worker (notifications/worker.py). Unique, so nothing is planned or sent twice."""

    id = fields.BigIntField(primary_key=True)
    event = fields.ForeignKeyField("wangqian.OutboxEvent", related_name=False)
    kind = fields.CharField(max_length=48)
    recipient_kind = fields.CharField(max_length=16)  # graduate | employer | staff
    recipient_id = fields.IntField()
    channel = fields.CharField(max_length=24)  # wechat_subscribe | wechat_template | sms | email
    # The school whose admin sees and re-queues it: the graduate's or staff member's, for an employer the event's.
    school = fields.ForeignKeyField("wangqian.School", null=True, related_name=False)
    status = fields.CharField(max_length=12, default="pending")  # pending sending sent failed dead suppressed
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    provider_message_id = fields.CharField(max_length=128, default="")
    next_attempt_at = fields.DatetimeField(null=True)
    # When the current attempt was claimed: a `sending` row older than the lease is in doubt (worker died).
    claimed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "delivery"
        unique_together = (("event", "recipient_kind", "recipient_id", "channel"),)
        indexes = (("status", "next_attempt_at"), ("school_id", "status", "id"))


class NotificationPreference(Model):
    """A user's choice for one event kind on one channel (without a row: the default of notifications/plan.py)."""

    id = fields.IntField(primary_key=True)
    recipient_kind = fields.CharField(max_length=16)
    recipient_id = fields.IntField()
    kind = fields.CharField(max_length=48)
    channel = fields.CharField(max_length=24)
    enabled = fields.BooleanField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "notification_preference"
        unique_together = (("recipient_kind", "recipient_id", "kind", "channel"),)
