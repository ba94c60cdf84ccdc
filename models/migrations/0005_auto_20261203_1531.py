from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0004_auto_20261203_1405')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Delivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('wangqian.OutboxEvent', source_field='event_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=48)),
                ('recipient_kind', fields.CharField(max_length=16)),
                ('recipient_id', fields.IntField()),
                ('channel', fields.CharField(max_length=24)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('status', fields.CharField(default='pending', max_length=12)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('provider_message_id', fields.CharField(default='', max_length=128)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'delivery', 'app': 'wangqian', 'unique_together': (('event', 'recipient_kind', 'recipient_id', 'channel'),), 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['school_id', 'status', 'id'])], 'pk_attr': 'id', 'table_description': 'One message of one event to one recipient on one channel, planned by the fan-out (notifications/plan.py)'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient_kind', fields.CharField(max_length=16)),
                ('recipient_id', fields.IntField()),
                ('kind', fields.CharField(max_length=48)),
                ('channel', fields.CharField(max_length=24)),
                ('enabled', fields.BooleanField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'notification_preference', 'app': 'wangqian', 'unique_together': (('recipient_kind', 'recipient_id', 'kind', 'channel'),), 'pk_attr': 'id', 'table_description': "A user's choice for one event kind on one channel (without a row: the default of notifications/plan.py)."},
            bases=['Model'],
        ),
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
        ops.AddField(
            model_name='School',
            name='quiet_hours_end',
            field=fields.SmallIntField(null=True, default=480),
        ),
        ops.AddField(
            model_name='School',
            name='quiet_hours_start',
            field=fields.SmallIntField(null=True, default=1320),
        ),
    ]
