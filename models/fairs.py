"""Campus job fairs (校内招聘会, issue 12 §2): the school publishes a fair, employers apply to attend with the
positions they bring, graduates register for a seat and are reminded before it starts."""

from tortoise import fields
from tortoise.models import Model


class JobFair(Model):
    """On site (place) or online (link). `registered_count` and `approved_count` are the counters a seat and a
    booth are taken against, by conditional UPDATE, so two racing requests never both get the last one."""

    id = fields.IntField(primary_key=True)
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    title = fields.CharField(max_length=128)
    description = fields.TextField(default="")
    mode = fields.CharField(max_length=8)  # onsite | online
    place = fields.CharField(max_length=256, default="")
    link = fields.CharField(max_length=1024, default="")
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    capacity = fields.IntField()  # graduates who may register
    booth_limit = fields.IntField(null=True)  # employers who may be approved; null: no limit
    registered_count = fields.IntField(default=0)
    approved_count = fields.IntField(default=0)
    state = fields.CharField(max_length=16, default="draft")  # states.JOB_FAIR
    published_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    author = fields.ForeignKeyField("wangqian.Staff", related_name=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "job_fair"
        indexes = (("school_id", "state", "starts_at"), ("state", "starts_at"))


class FairApplication(Model):
    """An employer asks to attend a fair, naming the positions it brings, and the school approves or rejects it."""

    id = fields.IntField(primary_key=True)
    fair = fields.ForeignKeyField("wangqian.JobFair", related_name=False)
    employer = fields.ForeignKeyField("wangqian.Employer", related_name=False)
    school = fields.ForeignKeyField("wangqian.School", related_name=False)  # the fair's, for staff scoping
    position_ids = fields.JSONField(default=list)
    note = fields.TextField(default="")
    state = fields.CharField(max_length=16, default="pending")  # states.FAIR_APPLICATION
    reason = fields.TextField(default="")  # the school's reason, on a rejection
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "fair_application"
        unique_together = (("fair", "employer"),)
        indexes = (("employer_id", "id"), ("fair_id", "state"))


class FairRegistration(Model):
    """A graduate's seat at a fair. Cancelling keeps the row (registering again reuses it). `reminded_at` is the
    reminder's claim: the sweep sets it by conditional UPDATE, so two workers never remind one graduate twice."""

    id = fields.IntField(primary_key=True)
    fair = fields.ForeignKeyField("wangqian.JobFair", related_name=False)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    state = fields.CharField(max_length=16, default="registered")  # states.FAIR_REGISTRATION
    registered_at = fields.DatetimeField()
    cancelled_at = fields.DatetimeField(null=True)
    reminded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "fair_registration"
        unique_together = (("graduate", "fair"),)
        indexes = (("fair_id", "state", "reminded_at"),)
