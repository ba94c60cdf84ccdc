from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0011_auto_20261203_1758')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Destination',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name='destinations', on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('wangqian.Department', source_field='department_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('type', fields.CharField(max_length=2)),
                ('sub_type', fields.CharField(null=True, max_length=8)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('proof_file_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('state', fields.CharField(max_length=16)),
                ('active_graduate_id', fields.IntField(null=True, unique=True)),
                ('version', fields.IntField(default=1)),
                ('entered_by_kind', fields.CharField(max_length=16)),
                ('entered_by_id', fields.IntField()),
                ('returned_fields', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('approved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('voided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'destination', 'app': 'wangqian', 'indexes': [Index(fields=['school_id', 'department_id', 'id']), Index(fields=['graduate_id', 'state'])], 'pk_attr': 'id', 'table_description': "A graduate's registered destination. `details` holds the type's own fields (resolvers/destination/catalog.py"},
            bases=['Model'],
        ),
    ]
