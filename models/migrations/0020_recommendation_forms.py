from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0019_national_sync')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RecommendationForm',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.OneToOneField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name='recommendation_form', on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('wangqian.Department', source_field='department_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('state', fields.CharField(default='draft', max_length=16)),
                ('version', fields.IntField(default=1)),
                ('record', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('phone_enc', fields.TextField(null=True, unique=False)),
                ('email', fields.CharField(default='', max_length=128)),
                ('intention', fields.TextField(default='', unique=False)),
                ('education', fields.TextField(default='', unique=False)),
                ('experience', fields.TextField(default='', unique=False)),
                ('awards', fields.TextField(default='', unique=False)),
                ('skills', fields.TextField(default='', unique=False)),
                ('self_evaluation', fields.TextField(default='', unique=False)),
                ('returned_fields', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('department_comment', fields.TextField(default='', unique=False)),
                ('school_comment', fields.TextField(default='', unique=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('approved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('document', fields.ForeignKeyField('wangqian.StoredFile', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('document_version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'recommendation_form', 'app': 'wangqian', 'indexes': [Index(fields=['school_id', 'department_id', 'id']), Index(fields=['school_id', 'state', 'id'])], 'pk_attr': 'id', 'table_description': "The graduate's one form. Reopened after approval (or a refusal) it becomes a new version: the approved"},
            bases=['Model'],
        ),
    ]
