from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0009_auto_20261203_1547')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AgreementUploadLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agreement', fields.ForeignKeyField('wangqian.Agreement', source_field='agreement_id', db_constraint=True, to_field='id', related_name='upload_links', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('phone_enc', fields.TextField(unique=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'agreement_upload_link', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': "F1: a one-time link, sent by SMS to the employer's contact, to upload the stamped agreement without an"},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Agreement',
            name='employer',
            field=fields.ForeignKeyField('wangqian.Employer', source_field='employer_id', null=True, db_constraint=True, to_field='id', related_name='agreements', on_delete=OnDelete.CASCADE),
        ),
        ops.AlterField(
            model_name='Agreement',
            name='invitation',
            field=fields.OneToOneField('wangqian.SigningInvitation', source_field='invitation_id', null=True, db_constraint=True, to_field='id', related_name='agreement', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Agreement',
            name='method',
            field=fields.CharField(default='online', max_length=8),
        ),
        ops.AddField(
            model_name='Agreement',
            name='stamped_file',
            field=fields.ForeignKeyField('wangqian.StoredFile', source_field='stamped_file_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE),
        ),
        ops.AddIndex(
            model_name='Agreement',
            index=Index(fields=['school_id', 'method', 'state']),
        ),
    ]
