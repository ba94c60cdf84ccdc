from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0009_auto_20261203_1547')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ArchiveForwarding',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.OneToOneField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name='archive_forwarding', on_delete=OnDelete.CASCADE)),
                ('recipient_unit', fields.CharField(max_length=128)),
                ('region_code', fields.CharField(max_length=6)),
                ('region_name', fields.CharField(max_length=128)),
                ('address', fields.CharField(max_length=255)),
                ('postcode', fields.CharField(max_length=6)),
                ('recipient', fields.CharField(max_length=64)),
                ('phone_enc', fields.TextField(unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'archive_forwarding', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': "Where the graduate's personnel file is sent (档案转寄, X1, seed 003 §5 ④): one per graduate record."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FamilyContact',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('graduate', fields.ForeignKeyField('wangqian.Graduate', source_field='graduate_id', db_constraint=True, to_field='id', related_name='family_contacts', on_delete=OnDelete.CASCADE)),
                ('position', fields.SmallIntField()),
                ('name', fields.CharField(max_length=64)),
                ('relation', fields.CharField(max_length=16)),
                ('phone_enc', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'family_contact', 'app': 'wangqian', 'unique_together': (('graduate', 'position'),), 'pk_attr': 'id', 'table_description': 'A family member the school or the national system may call (X1, seed 003 §5 ②), kept by the graduate.'},
            bases=['Model'],
        ),
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
