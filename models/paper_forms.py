"""Paper agreement forms (纸质协议书): the one paper form each graduate holds, collected back by the counsellor once
the graduate signs online, replaced (补发) with a reason (seed 002; docs/rules.md F3)."""

from tortoise import fields
from tortoise.models import Model


class PaperForm(Model):
    """One paper form. A voided form stays as history, with its number, so a lost form turning up is known void."""

    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name="paper_forms")
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    number = fields.CharField(max_length=32)  # the serial printed on the form
    state = fields.CharField(max_length=16, default="issued")  # states.PAPER_FORM
    # The graduate while this is the form they hold (issued or collected): unique, so the database itself keeps
    # one form per graduate even when two teachers record at once, as Agreement.active_graduate does (S5).
    current_graduate_id = fields.IntField(null=True, unique=True)
    reissue_reason = fields.TextField(default="")  # why this form replaced the previous one (F3)
    replaces = fields.ForeignKeyField("wangqian.PaperForm", null=True, related_name=False)
    recorded_by = fields.ForeignKeyField("wangqian.Staff", null=True, related_name=False)
    collected_by = fields.ForeignKeyField("wangqian.Staff", null=True, related_name=False)
    collected_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "paper_form"
        # A number names one form of the school, voided ones included (F3).
        unique_together = (("school", "number"),)
        indexes = (("school_id", "department_id", "id"),)
