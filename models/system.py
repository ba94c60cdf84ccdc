"""Audit log, notification outbox, stored files and login throttling."""

from tortoise import fields
from tortoise.models import Model


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    actor_kind = fields.CharField(max_length=16)  # graduate | employer | staff | system | anonymous
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=64, default="")
    action = fields.CharField(max_length=64)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.IntField(null=True)
    school = fields.ForeignKeyField("wangqian.School", null=True, related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", null=True, related_name=False)
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    reason = fields.TextField(default="")
    client_ip = fields.CharField(max_length=64, default="")
    request_id = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_entry"
        indexes = (("school_id", "id"), ("subject_type", "subject_id"))


class OutboxEvent(Model):
    """Written in the transaction that changes state, published after commit, with retries."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=48)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.IntField(null=True)
    school = fields.ForeignKeyField("wangqian.School", null=True, related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", null=True, related_name=False)
    graduate = fields.ForeignKeyField("wangqian.Graduate", null=True, related_name=False)
    employer = fields.ForeignKeyField("wangqian.Employer", null=True, related_name=False)
    payload = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    published_at = fields.DatetimeField(null=True)
    fanned_out_at = fields.DatetimeField(null=True)  # when its inbox rows were written (notifications/inbox.py)
    # Commit-ordered number given by the fan-out step (the id is not: on PostgreSQL a later id can commit first);
    # live streams resume "after sequence N" from it. Null until fanned out; only then is an event published.
    sequence = fields.BigIntField(null=True, unique=True)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")

    class Meta:
        table = "outbox_event"
        indexes = (("published_at", "sequence"), ("fanned_out_at", "id"))


class StoredFile(Model):
    """What a stored file is; its bytes live in the file store (server/file_storage.py) under `storage_key`."""

    id = fields.IntField(primary_key=True)
    owner_kind = fields.CharField(max_length=16)
    owner_id = fields.IntField(null=True)
    purpose = fields.CharField(max_length=32)
    filename = fields.CharField(max_length=255)
    # Room for the longest type we store: .xlsx's is 65 characters.
    content_type = fields.CharField(max_length=128)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    storage_key = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "stored_file"


class LoginThrottle(Model):
    """Failed attempts per account or per client address, shared by all server processes."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=160, unique=True)
    failures = fields.IntField(default=0)
    window_started_at = fields.DatetimeField()
    locked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "login_throttle"
