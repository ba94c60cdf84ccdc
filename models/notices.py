"""School notices and employment news shown on the mini-program's home page (issue 12 §1)."""

from tortoise import fields
from tortoise.models import Model


class Notice(Model):
    """Addressed to a school (optionally narrowed to one department and/or one education level), or by the
    province to every school of the province (school null). Graduates read it from the audience columns here,
    so publishing writes no row per graduate."""

    id = fields.IntField(primary_key=True)
    province = fields.ForeignKeyField("wangqian.Province", related_name=False)
    school = fields.ForeignKeyField("wangqian.School", related_name=False, null=True)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False, null=True)
    education_level = fields.CharField(max_length=2, null=True)  # codes.EDUCATION_LEVEL; null: every level
    kind = fields.CharField(max_length=16)  # notice | employment_news
    title = fields.CharField(max_length=128)
    body = fields.TextField(default="")
    attachment_file_ids = fields.JSONField(default=list)
    state = fields.CharField(max_length=16, default="draft")  # states.NOTICE
    pinned = fields.BooleanField(default=False)
    published_at = fields.DatetimeField(null=True)
    author = fields.ForeignKeyField("wangqian.Staff", related_name=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "notice"
        indexes = (("school_id", "state", "pinned", "published_at"), ("province_id", "state"))


class NoticeRead(Model):
    """A graduate opened a notice: unread is the absence of this row, so a notice to 20,000 graduates costs a
    row only for those who read it."""

    id = fields.IntField(primary_key=True)
    notice = fields.ForeignKeyField("wangqian.Notice", related_name=False)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    read_at = fields.DatetimeField()

    class Meta:
        table = "notice_read"
        # Graduate first: their readings are what the unread count and the page look up.
        unique_together = (("graduate", "notice"),)
