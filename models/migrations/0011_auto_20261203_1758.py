from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0010_auto_20261203_1756')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Export',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=32)),
                ('filters', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('staff', fields.ForeignKeyField('wangqian.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('role', fields.CharField(max_length=24)),
                ('province', fields.ForeignKeyField('wangqian.Province', source_field='province_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('wangqian.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('file', fields.ForeignKeyField('wangqian.StoredFile', source_field='file_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('row_count', fields.IntField(null=True)),
                ('error', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'export', 'app': 'wangqian', 'indexes': [Index(fields=['finished_at', 'id'])], 'pk_attr': 'id', 'table_description': 'One requested export: what, with which filters, for whom, and the file once it is written.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='StoredFile',
            name='content_type',
            field=fields.CharField(max_length=128),
        ),
    ]
