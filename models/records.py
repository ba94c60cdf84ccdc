"""Correction requests on read-only origin fields (O2)."""

from tortoise import fields
from tortoise.models import Model


class CorrectionRequest(Model):
    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="correction_requests")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    field = fields.CharField(max_length=32)
    current_value = fields.TextField(null=True)  # encrypted when the field is personal data
    requested_value = fields.TextField()  # idem
    reason = fields.TextField(default="")
    state = fields.CharField(max_length=16, default="pending")  # workflows.CORRECTION
    decided_by = fields.ForeignKeyField("wangqian.Staff", null=True, related_name=False)
    decision_reason = fields.TextField(default="")
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "correction_request"
