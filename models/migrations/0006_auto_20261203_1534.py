from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0005_auto_20261203_1531')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Review',
            name=None,
            fields=['school_id', 'state'],
        ),
        ops.RemoveIndex(
            model_name='Review',
            name=None,
            fields=['department_id', 'state'],
        ),
        ops.AddIndex(
            model_name='Review',
            index=Index(fields=['school_id', 'department_id', 'state', 'id']),
        ),
        ops.AddIndex(
            model_name='Review',
            index=Index(fields=['school_id', 'state', 'id']),
        ),
    ]
