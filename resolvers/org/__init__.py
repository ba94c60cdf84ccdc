"""The school's structure: departments and their majors, kept by the school's admin (R2)."""

from resolvers.org.departments import create_department, update_department
from resolvers.org.majors import create_major, update_major

__all__ = ["create_department", "create_major", "update_department", "update_major"]
