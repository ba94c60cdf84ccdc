from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0007_stored_file_bytes_to_store')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AgreementPrint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agreement', fields.ForeignKeyField('wangqian.Agreement', source_field='agreement_id', db_constraint=True, to_field='id', related_name='prints', on_delete=OnDelete.CASCADE)),
                ('actor_kind', fields.CharField(max_length=16)),
                ('actor_id', fields.IntField()),
                ('actor_name', fields.CharField(default='', max_length=64)),
                ('document', fields.ForeignKeyField('wangqian.StoredFile', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('printed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'agreement_print', 'app': 'wangqian', 'indexes': [Index(fields=['agreement_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One printing of an approved agreement (P1, P2): who, when, which stored document was handed out.'},
            bases=['Model'],
        ),
    ]
