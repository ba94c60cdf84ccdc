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


class FamilyContact(Model):
    """A family member the school or the national system may call (X1, seed 003 §5 ②), kept by the graduate."""

    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="family_contacts")
    position = fields.SmallIntField()  # the order the graduate listed them in
    name = fields.CharField(max_length=64)
    relation = fields.CharField(max_length=16)  # 父亲, 母亲 ... as the graduate writes it
    phone_enc = fields.TextField()  # crypto.encrypt (B5)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "family_contact"
        unique_together = (("graduate", "position"),)


class ArchiveForwarding(Model):
    """Where the graduate's personnel file is sent (档案转寄, X1, seed 003 §5 ④): one per graduate record."""

    id = fields.IntField(primary_key=True)
    graduate = fields.OneToOneField("wangqian.Graduate", related_name="archive_forwarding")
    recipient_unit = fields.CharField(max_length=128)  # 档案接收单位
    region_code = fields.CharField(max_length=6)  # district, as the origin region (O1)
    region_name = fields.CharField(max_length=128)
    address = fields.CharField(max_length=255)  # the street address within the district
    postcode = fields.CharField(max_length=6)
    recipient = fields.CharField(max_length=64)  # 收件人
    phone_enc = fields.TextField()  # crypto.encrypt (B5)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "archive_forwarding"
