from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0015_notices')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobIntention',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.OneToOneField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('salary_floor', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'job_intention', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': 'One per graduate. Categories and places live in their own rows so that matching is a join the database'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JobIntentionCategory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('category', fields.CharField(max_length=64)),
                ('sort_order', fields.SmallIntField(default=0)),
            ],
            options={'table': 'job_intention_category', 'app': 'wangqian', 'unique_together': (('graduate', 'category'),), 'indexes': [Index(fields=['category', 'graduate_id'])], 'pk_attr': 'id', 'table_description': 'A position category the graduate wants (none at all: any category).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JobIntentionLocation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('region_code', fields.CharField(max_length=6)),
                ('prefix', fields.CharField(max_length=6)),
                ('sort_order', fields.SmallIntField(default=0)),
            ],
            options={'table': 'job_intention_location', 'app': 'wangqian', 'unique_together': (('graduate', 'region_code'),), 'pk_attr': 'id', 'table_description': 'A place the graduate wants to work, a province, city or district code (none at all: anywhere). `prefix` is'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PositionMatchAnnouncement',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('position', fields.ForeignKeyField('wangqian.Position', source_field='position_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('claim', fields.CharField(max_length=32)),
                ('announced_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'position_match_announcement', 'app': 'wangqian', 'unique_together': (('graduate', 'position'),), 'indexes': [Index(fields=['claim'])], 'pk_attr': 'id', 'table_description': 'A position was announced to a graduate as matching their intentions: at most once per pair, ever. The'},
            bases=['Model'],
        ),
    ]
