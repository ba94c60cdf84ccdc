"""Destination registrations (去向登记, D1-D5): one record per registration, reviewed like a signing."""

from tortoise import fields
from tortoise.models import Model


class Destination(Model):
    """A graduate's registered destination. `details` holds the type's own fields (resolvers/destination/catalog.py
    names them); a voided or rejected record stays as history and the graduate registers another."""

    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="destinations")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    type = fields.CharField(max_length=2)  # codes.DESTINATION_TYPE: the national two-digit code
    sub_type = fields.CharField(max_length=8, null=True)  # catalog.SUB_TYPES: a national 3-digit code or ours
    details = fields.JSONField(default=dict)
    proof_file_ids = fields.JSONField(default=list)  # StoredFile ids, in upload order (D2: at most 4)
    state = fields.CharField(max_length=16)  # states.DESTINATION
    # The graduate while the record is open (draft to approved): the unique constraint keeps one open
    # registration per graduate even when two requests race, as Agreement.active_graduate_id does for signing.
    active_graduate_id = fields.IntField(null=True, unique=True)
    version = fields.IntField(default=1)
    entered_by_kind = fields.CharField(max_length=16)  # graduate | staff
    entered_by_id = fields.IntField()
    returned_fields = fields.JSONField(default=list)  # what the reviewer asked to fix on a return (R3)
    submitted_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "destination"
        # The staff list (newest first within the school or the department) and the graduate's own records.
        indexes = (("school_id", "department_id", "id"), ("graduate_id", "state"))
