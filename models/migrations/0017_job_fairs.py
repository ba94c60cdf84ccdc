from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0016_job_intentions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobFair',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=128)),
                ('description', fields.TextField(default='', unique=False)),
                ('mode', fields.CharField(max_length=8)),
                ('place', fields.CharField(default='', max_length=256)),
                ('link', fields.CharField(default='', max_length=1024)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('capacity', fields.IntField()),
                ('booth_limit', fields.IntField(null=True)),
                ('registered_count', fields.IntField(default=0)),
                ('approved_count', fields.IntField(default=0)),
                ('state', fields.CharField(default='draft', max_length=16)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('author', fields.ForeignKeyField('wangqian.Staff', source_field='author_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'job_fair', 'app': 'wangqian', 'indexes': [Index(fields=['school_id', 'state', 'starts_at']), Index(fields=['state', 'starts_at'])], 'pk_attr': 'id', 'table_description': 'On site (place) or online (link). `registered_count` and `approved_count` are the counters a seat and a'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FairApplication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('wangqian.JobFair', source_field='fair_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('employer', fields.ForeignKeyField('wangqian.Employer', source_field='employer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('position_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('note', fields.TextField(default='', unique=False)),
                ('state', fields.CharField(default='pending', max_length=16)),
                ('reason', fields.TextField(default='', unique=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'fair_application', 'app': 'wangqian', 'unique_together': (('fair', 'employer'),), 'indexes': [Index(fields=['employer_id', 'id']), Index(fields=['fair_id', 'state'])], 'pk_attr': 'id', 'table_description': 'An employer asks to attend a fair, naming the positions it brings, and the school approves or rejects it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FairRegistration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('wangqian.JobFair', source_field='fair_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('state', fields.CharField(default='registered', max_length=16)),
                ('registered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reminded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'fair_registration', 'app': 'wangqian', 'unique_together': (('graduate', 'fair'),), 'indexes': [Index(fields=['fair_id', 'state', 'reminded_at'])], 'pk_attr': 'id', 'table_description': "A graduate's seat at a fair. Cancelling keeps the row (registering again reuses it). `reminded_at` is the"},
            bases=['Model'],
        ),
    ]
