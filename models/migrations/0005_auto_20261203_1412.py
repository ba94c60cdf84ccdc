from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0004_auto_20261203_1405')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OfficialAccountFollower',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('openid', fields.CharField(unique=True, max_length=64)),
                ('unionid', fields.CharField(null=True, db_index=True, max_length=64)),
                ('following', fields.BooleanField(default=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'wechat_official_account_follower', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': 'A follower of the official account as its message push reported it (subscribe / unsubscribe events),'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubscribeCredit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('openid', fields.CharField(max_length=64)),
                ('template_id', fields.CharField(max_length=64)),
                ('remaining', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'wechat_subscribe_credit', 'app': 'wangqian', 'unique_together': (('openid', 'template_id'),), 'pk_attr': 'id', 'table_description': 'Subscribe messages the graduate consented to in wx.requestSubscribeMessage and that are not yet sent.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Graduate',
            name='unionid',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
    ]
