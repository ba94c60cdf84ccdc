from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0014_paper_forms')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Notice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('province', fields.ForeignKeyField('wangqian.Province', source_field='province_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('wangqian.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('education_level', fields.CharField(null=True, max_length=2)),
                ('kind', fields.CharField(max_length=16)),
                ('title', fields.CharField(max_length=128)),
                ('body', fields.TextField(default='', unique=False)),
                ('attachment_file_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('state', fields.CharField(default='draft', max_length=16)),
                ('pinned', fields.BooleanField(default=False)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('author', fields.ForeignKeyField('wangqian.Staff', source_field='author_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'notice', 'app': 'wangqian', 'indexes': [Index(fields=['school_id', 'state', 'pinned', 'published_at']), Index(fields=['province_id', 'state'])], 'pk_attr': 'id', 'table_description': 'Addressed to a school (optionally narrowed to one department and/or one education level), or by the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NoticeRead',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('notice', fields.ForeignKeyField('wangqian.Notice', source_field='notice_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('read_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notice_read', 'app': 'wangqian', 'unique_together': (('graduate', 'notice'),), 'pk_attr': 'id', 'table_description': 'A graduate opened a notice: unread is the absence of this row, so a notice to 20,000 graduates costs a'},
            bases=['Model'],
        ),
    ]
