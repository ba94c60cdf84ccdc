from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='School',
            name='signing_opens_day',
            field=fields.SmallIntField(default=1),
        ),
        ops.AddField(
            model_name='School',
            name='signing_opens_month',
            field=fields.SmallIntField(default=9),
        ),
    ]
