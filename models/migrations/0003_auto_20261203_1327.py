from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0002_auto_20261203_1136')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Notification',
            fields=[
                ('sequence', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient_kind', fields.CharField(max_length=16)),
                ('recipient_id', fields.IntField()),
                ('event', fields.ForeignKeyField('wangqian.OutboxEvent', source_field='event_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=48)),
                ('title', fields.CharField(max_length=128)),
                ('body', fields.TextField(unique=False)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notification', 'app': 'wangqian', 'unique_together': (('event', 'recipient_kind', 'recipient_id'),), 'indexes': [Index(fields=['recipient_kind', 'recipient_id', 'sequence'])], 'pk_attr': 'sequence', 'table_description': 'The primary key is the sequence, taken from `NotificationCounter` by the single fan-out step after the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotificationCounter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('last_value', fields.BigIntField(default=0)),
            ],
            options={'table': 'notification_counter', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': 'One row (id 1): the last sequence handed out. Fan-out locks it until its transaction commits.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='OutboxEvent',
            name='fanned_out_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name='OutboxEvent',
            index=Index(fields=['fanned_out_at', 'id']),
        ),
    ]
