"""The employment recommendation form (就业推荐表, issue 12 §4; seed 003 我的): one per graduate, filled from the
record and the resume, reviewed like a destination registration, printed with the school's stamp block."""

from tortoise import fields
from tortoise.models import Model


class RecommendationForm(Model):
    """The graduate's one form. Reopened after approval (or a refusal) it becomes a new version: the approved
    version's PDF no longer serves, and the form is reviewed again (resolvers/recommendation_forms/forms.py)."""

    id = fields.IntField(primary_key=True)
    # One form per graduate record: the unique key keeps it so when two first requests race.
    graduate = fields.OneToOneField("wangqian.Graduate", related_name="recommendation_form")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    state = fields.CharField(max_length=16, default="draft")  # states.RECOMMENDATION_FORM
    version = fields.IntField(default=1)
    # The school-held fields (name, gender, school, department, major ...), copied from the record when the form
    # is created and again at each submission: the graduate cannot edit them (O2 corrects the record).
    record = fields.JSONField(default=dict)
    # The birth date the form prints, copied with the record. It is digits 7-14 of the ID number (beside the
    # 4+4 digits a masked ID number shows, it gives the number away), so it is personal data as the ID number
    # is (B5): encrypted at rest, kept out of `record` and of the audit log.
    birth_date_enc = fields.TextField(null=True)
    # The contact the form prints: prefilled from the record, the graduate's to change. The phone is personal
    # data, encrypted at rest like Graduate.phone_enc.
    phone_enc = fields.TextField(null=True)
    email = fields.CharField(max_length=128, default="")
    # The free parts, prefilled from the resume, the graduate's to edit.
    intention = fields.TextField(default="")
    education = fields.TextField(default="")
    experience = fields.TextField(default="")
    awards = fields.TextField(default="")
    skills = fields.TextField(default="")
    self_evaluation = fields.TextField(default="")
    returned_fields = fields.JSONField(default=list)  # what the reviewer asked to fix on a return (R3)
    department_comment = fields.TextField(default="")  # 院系推荐意见: the department's approval comment
    school_comment = fields.TextField(default="")  # 学校就业部门意见: the school's approval comment
    submitted_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)
    # The stored PDF of the approved version (rendered on first download), as Agreement.document does.
    document = fields.ForeignKeyField("wangqian.StoredFile", null=True, related_name=False)
    document_version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "recommendation_form"
        # The staff list (newest first within the school or the department, by state).
        indexes = (("school_id", "department_id", "id"), ("school_id", "state", "id"))
