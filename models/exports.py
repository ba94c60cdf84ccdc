"""Spreadsheet exports of the staff's lists, made in the background (resolvers/exports)."""

from tortoise import fields
from tortoise.models import Model


class Export(Model):
    """One requested export: what, with which filters, for whom, and the file once it is written.

    The requester's scope is kept as it was when they asked: the worker reads the list with it, and it decides
    who else may download the file (staff of the same scope). The state is read off the columns (see
    resolvers/exports/jobs.state_of), so there is no status to keep in step with them.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=32)  # resolvers/exports/registry.KINDS
    filters = fields.JSONField(default=dict)
    staff = fields.ForeignKeyField("wangqian.Staff", related_name=False)
    role = fields.CharField(max_length=24)
    province = fields.ForeignKeyField("wangqian.Province", null=True, related_name=False)
    school = fields.ForeignKeyField("wangqian.School", null=True, related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", null=True, related_name=False)
    claimed_at = fields.DatetimeField(null=True)  # a worker is writing it since
    file = fields.ForeignKeyField("wangqian.StoredFile", null=True, related_name=False, on_delete=fields.SET_NULL)
    row_count = fields.IntField(null=True)
    error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "export"
        indexes = (("finished_at", "id"),)
