from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0008_auto_20261203_1545')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Agreement',
            name='document',
            field=fields.ForeignKeyField('wangqian.StoredFile', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Agreement',
            name='document_version',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Agreement',
            name='version',
            field=fields.IntField(default=1),
        ),
        ops.AddIndex(
            model_name='Agreement',
            index=Index(fields=['state', 'document_version']),
        ),
    ]
