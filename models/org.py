"""Provinces, schools and their settings, departments and majors."""

from tortoise import fields
from tortoise.models import Model


class Province(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=2, unique=True)  # GB/T 2260 first two digits, e.g. 34 安徽
    name = fields.CharField(max_length=32)

    class Meta:
        table = "province"


class School(Model):
    id = fields.IntField(primary_key=True)
    province = fields.ForeignKeyField("wangqian.Province", related_name="schools")
    code = fields.CharField(max_length=5, unique=True)  # national school code (学校代码)
    name = fields.CharField(max_length=64)
    # One-level: the school admin reviews alone; two-level: department first, school final (R2).
    review_levels = fields.SmallIntField(default=2)
    # Invitations can be accepted from this month-day of the graduation academic year (S11); default 1 September.
    signing_opens_month = fields.SmallIntField(default=9)
    signing_opens_day = fields.SmallIntField(default=1)
    # Terminations open on this month-day of the graduation academic year (T2); default 1 September.
    termination_opens_month = fields.SmallIntField(default=9)
    termination_opens_day = fields.SmallIntField(default=1)
    max_terminations = fields.SmallIntField(default=3)  # T3
    invitation_default_days = fields.SmallIntField(default=7)  # S4
    invitation_max_days = fields.SmallIntField(default=30)
    # Quiet hours in Beijing time, minutes after midnight (22:00-08:00 by default; both null: none): SMS of
    # non-critical kinds waits until they end (notifications/plan.py).
    quiet_hours_start = fields.SmallIntField(null=True, default=22 * 60)
    quiet_hours_end = fields.SmallIntField(null=True, default=8 * 60)
    contact_department = fields.CharField(max_length=64, default="毕业生就业指导中心")
    contact_person = fields.CharField(max_length=32, default="")
    contact_phone = fields.CharField(max_length=32, default="")
    address = fields.CharField(max_length=128, default="")

    class Meta:
        table = "school"


class Department(Model):
    id = fields.IntField(primary_key=True)
    school = fields.ForeignKeyField("wangqian.School", related_name="departments")
    code = fields.CharField(max_length=16)
    name = fields.CharField(max_length=64)

    class Meta:
        table = "department"
        unique_together = (("school", "code"), ("school", "name"))


class Major(Model):
    id = fields.IntField(primary_key=True)
    department = fields.ForeignKeyField("wangqian.Department", related_name="majors")
    code = fields.CharField(max_length=16)
    name = fields.CharField(max_length=64)

    class Meta:
        table = "major"
        unique_together = (("department", "code"), ("department", "name"))
