"""School administration: settings, departments and majors, department reviewer accounts, password resets."""

from schema.school_admin.create_department import Mutation as CreateDepartment
from schema.school_admin.create_major import Mutation as CreateMajor
from schema.school_admin.create_staff_account import Mutation as CreateStaffAccount
from schema.school_admin.queries import Query
from schema.school_admin.reset_graduate_password import Mutation as ResetGraduatePassword
from schema.school_admin.reset_staff_password import Mutation as ResetStaffPassword
from schema.school_admin.set_staff_active import Mutation as SetStaffActive
from schema.school_admin.update_department import Mutation as UpdateDepartment
from schema.school_admin.update_major import Mutation as UpdateMajor
from schema.school_admin.update_school_settings import Mutation as UpdateSchoolSettings

queries: list[type] = [Query]
mutations = [UpdateSchoolSettings, CreateDepartment, UpdateDepartment, CreateMajor, UpdateMajor, CreateStaffAccount,
             SetStaffActive, ResetGraduatePassword, ResetStaffPassword]
