"""Offline and paper agreements (F1, F2): an agreement's method, its stamped image, no invitation or registered
employer needed, and the employer's one-time upload links.

Partly handwritten: keep `restore_sqlite_constraints` when the migration is regenerated. Making the two foreign
keys nullable rebuilds the table on SQLite, and the rebuilt table lost the UNIQUE of `active_graduate_id` (the
database's own guarantee of one active agreement per graduate, S5) and of `invitation_id`, and the index of the
PDF renderer's pass; they are created again as indexes. PostgreSQL alters the columns in place and keeps them.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

SQLITE_RESTORED = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "uid_agreement_active_graduate" ON "agreement" ("active_graduate_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "uid_agreement_invitation" ON "agreement" ("invitation_id")',
    'CREATE INDEX IF NOT EXISTS "idx_agreement_state_139f7a" ON "agreement" ("state", "document_version")',
)


async def restore_sqlite_constraints(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    for statement in SQLITE_RESTORED:
        await client.execute_script(statement)


async def nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [('wangqian', '0012_auto_20261203_1759')]

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
        ops.RunPython(restore_sqlite_constraints, nothing),
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
