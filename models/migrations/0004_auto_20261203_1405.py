from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0003_auto_20261203_1327')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='OutboxEvent',
            name=None,
            fields=['published_at', 'id'],
        ),
        ops.AddField(
            model_name='OutboxEvent',
            name='sequence',
            field=fields.BigIntField(null=True, unique=True),
        ),
        ops.AddIndex(
            model_name='OutboxEvent',
            index=Index(fields=['published_at', 'sequence']),
        ),
    ]
