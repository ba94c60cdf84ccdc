from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('wangqian', '0017_job_fairs')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EmployerMaterial',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('employer', fields.ForeignKeyField('wangqian.Employer', source_field='employer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=24)),
                ('file', fields.ForeignKeyField('wangqian.StoredFile', source_field='file_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('uploaded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'employer_material', 'app': 'wangqian', 'unique_together': (('employer', 'kind'),), 'pk_attr': 'id', 'table_description': 'One file of one kind per employer: uploading the kind again replaces it (the old file is deleted).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EmployerMaterialCheck',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('employer', fields.ForeignKeyField('wangqian.Employer', source_field='employer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('school', fields.ForeignKeyField('wangqian.School', source_field='school_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('materials_version', fields.IntField()),
                ('checked_by', fields.ForeignKeyField('wangqian.Staff', source_field='checked_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('checked_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'employer_material_check', 'app': 'wangqian', 'unique_together': (('employer', 'school'),), 'pk_attr': 'id', 'table_description': "A school's staff checked the employer's materials as they were at `materials_version`. Per school: other"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Employer',
            name='legal_representative',
            field=fields.CharField(default='', max_length=32),
        ),
        ops.AddField(
            model_name='Employer',
            name='materials_version',
            field=fields.IntField(default=0),
        ),
    ]
