from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0013_offline_agreements')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PaperForm',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name='paper_forms', on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('wangqian.Department', source_field='department_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('number', fields.CharField(max_length=32)),
                ('state', fields.CharField(default='issued', max_length=16)),
                ('current_graduate_id', fields.IntField(null=True, unique=True)),
                ('reissue_reason', fields.TextField(default='', unique=False)),
                ('replaces', fields.ForeignKeyField('wangqian.PaperForm', source_field='replaces_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('recorded_by', fields.ForeignKeyField('wangqian.Staff', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('collected_by', fields.ForeignKeyField('wangqian.Staff', source_field='collected_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('collected_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('voided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'paper_form', 'app': 'wangqian', 'unique_together': (('school', 'number'),), 'indexes': [Index(fields=['school_id', 'department_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One paper form. A voided form stays as history, with its number, so a lost form turning up is known void.'},
            bases=['Model'],
        ),
    ]
