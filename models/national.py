"""The national destination registration system (全国毕业去向登记系统, issue 12 §6): what is queued for it, what
the graduate confirmed of what it holds, and the graduate's feedback on it."""

from tortoise import fields
from tortoise.models import Model


class NationalSyncItem(Model):
    """One record of one graduate (origin, contact, destination, archive) as sent, or to be sent, to the national
    system. `snapshot_enc` is the whole record in national codes, encrypted (it holds the ID number and phones).
    At most one item per graduate and record waits unsent: a later change rewrites it (resolvers/national/sync.py)."""

    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    record = fields.CharField(max_length=16)  # origin | contact | destination | archive
    version = fields.IntField()  # grows with every change of this graduate's record: the receiver keeps the highest
    snapshot_enc = fields.TextField()  # crypto.encrypt(json)
    idempotency_key = fields.CharField(max_length=64, unique=True)  # new whenever the snapshot changes
    state = fields.CharField(max_length=16, default="queued")  # queued | sending | acknowledged | refused | superseded
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    claimed_at = fields.DatetimeField(null=True)  # the lease of the worker sending it
    last_error = fields.TextField(default="")  # the last transient failure
    refusal_reason = fields.TextField(default="")  # the receiver's reason, when it refused the record
    receipt = fields.CharField(max_length=128, default="")  # the receiver's id of the acknowledged record
    acknowledged_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "national_sync_item"
        indexes = (("graduate_id", "record", "state"), ("state", "next_attempt_at"), ("school_id", "state"))


class NationalConfirmation(Model):
    """The graduate confirmed what the national system holds (毕业生信息确认), removed when a record changes again."""

    id = fields.IntField(primary_key=True)
    graduate = fields.OneToOneField("wangqian.Graduate", related_name=False)
    item_ids = fields.JSONField(default=list)  # the acknowledged items confirmed
    confirmed_at = fields.DatetimeField()

    class Meta:
        table = "national_confirmation"


class NationalFeedback(Model):
    """The graduate's feedback on what the national system holds (毕业生信息反馈), answered by the school."""

    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    record = fields.CharField(max_length=16)  # origin | contact | destination | archive
    body = fields.TextField()
    state = fields.CharField(max_length=16, default="open")  # open | answered | closed
    answer = fields.TextField(default="")
    answered_by = fields.ForeignKeyField("wangqian.Staff", null=True, related_name=False)
    answered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "national_feedback"
        indexes = (("school_id", "department_id", "id"), ("graduate_id", "id"))
