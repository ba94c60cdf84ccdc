"""A graduate's job intentions (求职意向) and the positions announced to them as matching (issue 12 §3)."""

from tortoise import fields
from tortoise.models import Model


class JobIntention(Model):
    """One per graduate. Categories and places live in their own rows so that matching is a join the database
    does, in either direction (a graduate's page, or every graduate a newly opened position matches)."""

    id = fields.IntField(primary_key=True)
    graduate = fields.OneToOneField("wangqian.Graduate", related_name=False)
    salary_floor = fields.IntField(null=True)  # yuan per month; null: any salary
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "job_intention"


class JobIntentionCategory(Model):
    """A position category the graduate wants (none at all: any category)."""

    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    category = fields.CharField(max_length=64)
    sort_order = fields.SmallIntField(default=0)

    class Meta:
        table = "job_intention_category"
        unique_together = (("graduate", "category"),)
        indexes = (("category", "graduate_id"),)


class JobIntentionLocation(Model):
    """A place the graduate wants to work, a province, city or district code (none at all: anywhere). `prefix` is
    the digits every district under it starts with (34, 3401 or 340104)."""

    id = fields.IntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    region_code = fields.CharField(max_length=6)
    prefix = fields.CharField(max_length=6)
    sort_order = fields.SmallIntField(default=0)

    class Meta:
        table = "job_intention_location"
        unique_together = (("graduate", "region_code"),)


class PositionMatchAnnouncement(Model):
    """A position was announced to a graduate as matching their intentions: at most once per pair, ever. The
    unique key is the claim: two workers, or a position closed and reopened, insert the same pair and only one
    row (one announcement) results. `claim` names the statement that inserted it, so the outbox rows of exactly
    the newly claimed pairs are written from it in SQL."""

    id = fields.BigIntField(primary_key=True)
    graduate = fields.ForeignKeyField("wangqian.Graduate", related_name=False)
    position = fields.ForeignKeyField("wangqian.Position", related_name=False)
    claim = fields.CharField(max_length=32)
    announced_at = fields.DatetimeField()

    class Meta:
        table = "position_match_announcement"
        unique_together = (("graduate", "position"),)
        indexes = (("claim",),)
