"""Reviews of agreements, terminations and other submissions (R1-R4)."""

from tortoise import fields
from tortoise.models import Model


class Review(Model):
    """One round of review of one subject: a resubmission after return opens a new round."""

    id = fields.IntField(primary_key=True)
    subject_type = fields.CharField(max_length=24)  # resolvers/review/subjects.py: agreement, termination, destination
    subject_id = fields.IntField()
    round = fields.SmallIntField(default=1)
    school = fields.ForeignKeyField("wangqian.School", related_name=False)
    department = fields.ForeignKeyField("wangqian.Department", related_name=False)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    employer = fields.ForeignKeyField("wangqian.Employer", null=True, related_name=False)
    state = fields.CharField(max_length=24)  # workflows.REVIEW
    submitted_at = fields.DatetimeField()
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "review"
        unique_together = (("subject_type", "subject_id", "round"),)
        # The queues (R1, R2): a department reviewer's filter (school, department, state) and a school admin's
        # (school, state), each in the keyset order of the page (id), so a page and its count read only the
        # index entries of the queue (issue 9).
        # They replace (school, state) and (department, state), which made PostgreSQL count a department's queue
        # from the table rather than the index.
        indexes = (("school_id", "department_id", "state", "id"), ("school_id", "state", "id"))


class ReviewDecision(Model):
    """Who decided what, when and why (R3)."""

    id = fields.IntField(primary_key=True)
    review = fields.ForeignKeyField("wangqian.Review", related_name="decisions")
    level = fields.CharField(max_length=16)  # department | school
    decision = fields.CharField(max_length=16)  # approve | return | reject
    reason = fields.TextField(default="")
    fields_to_fix = fields.JSONField(default=list)
    staff = fields.ForeignKeyField("wangqian.Staff", related_name=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "review_decision"
