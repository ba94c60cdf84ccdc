"""School administration: the school's settings."""

from schema.school_admin.update_school_settings import Mutation as UpdateSchoolSettings

queries: list[type] = []
mutations = [UpdateSchoolSettings]
