"""The people who sign in: graduates, employers and staff."""

from tortoise import fields
from tortoise.models import Model


class Graduate(Model):
    """One record per person per graduation year and education level (B3)."""

    id = fields.IntField(primary_key=True)
    school = fields.ForeignKeyField("wangqian.School", related_name="graduates")
    department = fields.ForeignKeyField("wangqian.Department", related_name="graduates")
    major = fields.ForeignKeyField("wangqian.Major", related_name="graduates")
    graduation_year = fields.SmallIntField()
    education_level = fields.CharField(max_length=2)  # codes.EDUCATION_LEVEL
    student_number = fields.CharField(max_length=32)
    name = fields.CharField(max_length=64)
    gender = fields.CharField(max_length=1)  # codes.GENDER
    id_number_enc = fields.TextField()  # crypto.encrypt
    id_number_hash = fields.CharField(max_length=64, db_index=True)  # crypto.lookup_hash
    phone_enc = fields.TextField(null=True)
    ethnicity = fields.CharField(max_length=2, null=True)
    political_status = fields.CharField(max_length=2, null=True)
    training_mode = fields.CharField(max_length=1, default="1")  # codes.TRAINING_MODE
    length_of_schooling = fields.SmallIntField(null=True)  # 学制
    class_name = fields.CharField(max_length=64, null=True)
    # Origin record (O1): region kept to the district (6-digit GB/T 2260 code).
    origin_region_code = fields.CharField(max_length=6, null=True)
    origin_region_name = fields.CharField(max_length=128, null=True)
    home_address = fields.CharField(max_length=255, null=True)
    email = fields.CharField(max_length=128, null=True)
    qq = fields.CharField(max_length=16, null=True)
    origin_confirmed_at = fields.DatetimeField(null=True)
    # Destination (去向) as the signing workflow leaves it; the registration workflow owns its details.
    destination_type = fields.CharField(max_length=3, default="70")
    destination_locked = fields.BooleanField(default=False)
    # Identity
    openid = fields.CharField(max_length=64, null=True, unique=True)  # B2
    # From jscode2session when the mini-program shares an Open Platform account with the official account: the
    # one identifier both apps see, by which the official account's openid is found (models/wechat.py).
    unionid = fields.CharField(max_length=64, null=True, db_index=True)
    password_hash = fields.CharField(max_length=255, null=True)
    must_change_password = fields.BooleanField(default=True)  # B4
    session_version = fields.IntField(default=0)  # bumped to revoke issued tokens
    terminations_used = fields.SmallIntField(default=0)  # T3
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "graduate"
        unique_together = (
            ("school", "graduation_year", "education_level", "student_number"),
            ("id_number_hash", "graduation_year", "education_level"),
        )


class Employer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=128)
    uscc = fields.CharField(max_length=18, unique=True)
    # GB 32100 checksum failed: some real early codes do; the reviewer sees the warning (S3, issue 2).
    uscc_checksum_failed = fields.BooleanField(default=False)
    nature = fields.CharField(max_length=2)  # codes.EMPLOYER_NATURE
    industry = fields.CharField(max_length=2)  # codes.INDUSTRY
    location_code = fields.CharField(max_length=6)  # district
    location_name = fields.CharField(max_length=128, default="")
    address = fields.CharField(max_length=255, default="")
    postcode = fields.CharField(max_length=6, default="")
    contact_name = fields.CharField(max_length=32, default="")
    contact_phone_enc = fields.TextField(null=True)
    contact_email = fields.CharField(max_length=128, default="")
    # Supervising authority (上级主管部门/档案接收部门), P4.
    has_hiring_autonomy = fields.BooleanField(default=True)
    supervising_authority = fields.CharField(max_length=128, default="")
    license_file = fields.ForeignKeyField("wangqian.StoredFile", null=True, related_name=False)
    # Qualification materials (issue 12 §5): the legal representative the employer declares decides whether its
    # contact needs an authorisation letter; the version counts changes to the materials, which schools' marks
    # that they were checked are tied to (models/employer_materials.py).
    legal_representative = fields.CharField(max_length=32, default="")
    materials_version = fields.IntField(default=0)
    # Employers created by scanning a QR card have no account (S3).
    login_name = fields.CharField(max_length=64, null=True, unique=True)
    password_hash = fields.CharField(max_length=255, null=True)
    session_version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "employer"


class Staff(Model):
    """Department reviewers, school admins and province officers."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=64)
    role = fields.CharField(max_length=24)  # department_reviewer | school_admin | province
    province = fields.ForeignKeyField("wangqian.Province", null=True, related_name="staff")
    school = fields.ForeignKeyField("wangqian.School", null=True, related_name="staff")
    department = fields.ForeignKeyField("wangqian.Department", null=True, related_name="staff")
    phone_enc = fields.TextField(null=True)
    password_hash = fields.CharField(max_length=255)
    must_change_password = fields.BooleanField(default=False)
    session_version = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff"
