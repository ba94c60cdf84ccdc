from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0018_employer_materials')]

    initial = False

    operations = [
        ops.CreateModel(
            name='NationalConfirmation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.OneToOneField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('item_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('confirmed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'national_confirmation', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': 'The graduate confirmed what the national system holds (毕业生信息确认), removed when a record changes again.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NationalFeedback',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('wangqian.Department', source_field='department_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('record', fields.CharField(max_length=16)),
                ('body', fields.TextField(unique=False)),
                ('state', fields.CharField(default='open', max_length=16)),
                ('answer', fields.TextField(default='', unique=False)),
                ('answered_by', fields.ForeignKeyField('wangqian.Staff', source_field='answered_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'national_feedback', 'app': 'wangqian', 'indexes': [Index(fields=['school_id', 'department_id', 'id']), Index(fields=['graduate_id', 'id'])], 'pk_attr': 'id', 'table_description': "The graduate's feedback on what the national system holds (毕业生信息反馈), answered by the school."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NationalSyncItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('wangqian.Department', source_field='department_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('record', fields.CharField(max_length=16)),
                ('version', fields.IntField()),
                ('snapshot_enc', fields.TextField(unique=False)),
                ('idempotency_key', fields.CharField(unique=True, max_length=64)),
                ('state', fields.CharField(default='queued', max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('refusal_reason', fields.TextField(default='', unique=False)),
                ('receipt', fields.CharField(default='', max_length=128)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'national_sync_item', 'app': 'wangqian', 'indexes': [Index(fields=['graduate_id', 'record', 'state']), Index(fields=['state', 'next_attempt_at']), Index(fields=['school_id', 'state'])], 'pk_attr': 'id', 'table_description': 'One record of one graduate (origin, contact, destination, archive) as sent, or to be sent, to the national'},
            bases=['Model'],
        ),
    ]
