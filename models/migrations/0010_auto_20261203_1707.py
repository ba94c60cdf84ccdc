from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0009_auto_20261203_1547')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PrintCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('scanned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('agreement', fields.ForeignKeyField('wangqian.Agreement', source_field='agreement_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('document', fields.ForeignKeyField('wangqian.StoredFile', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'print_code', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': 'A scan-to-print code (P2): shown as a QR by the print page of a shared PC, scanned once by a graduate'},
            bases=['Model'],
        ),
    ]
