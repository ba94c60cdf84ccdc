"""An employer's qualification materials (单位资质材料) and the schools' marks that they were checked (issue 12 §5)."""

from tortoise import fields
from tortoise.models import Model


class EmployerMaterial(Model):
    """One file of one kind per employer: uploading the kind again replaces it (the old file is deleted)."""

    id = fields.IntField(primary_key=True)
    employer = fields.ForeignKeyField("wangqian.Employer", related_name=False)
    kind = fields.CharField(max_length=24)  # resolvers/employer_materials/kinds.py
    file = fields.ForeignKeyField("wangqian.StoredFile", related_name=False)
    uploaded_at = fields.DatetimeField()

    class Meta:
        table = "employer_material"
        unique_together = (("employer", "kind"),)


class EmployerMaterialCheck(Model):
    """A school's staff checked the employer's materials as they were at `materials_version`. Per school: other
    schools judge for themselves. Any change to the materials deletes every school's mark (a changed licence is
    checked again); the version is kept too so a mark can never outlive the materials it was made on."""

    id = fields.IntField(primary_key=True)
    employer = fields.ForeignKeyField("wangqian.Employer", related_name=False)
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    materials_version = fields.IntField()
    checked_by = fields.ForeignKeyField("wangqian.Staff", related_name=False)
    checked_at = fields.DatetimeField()

    class Meta:
        table = "employer_material_check"
        unique_together = (("employer", "school"),)
