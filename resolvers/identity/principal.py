"""The account behind a role, and audit entries written in that account's name at login time."""

from __future__ import annotations

import dataclasses

from models import Employer, Graduate, Staff
from resolvers.context import Context
from resolvers.viewer import Role, Viewer

MODELS: dict[Role, type[Graduate | Employer | Staff]] = {
    Role.GRADUATE: Graduate,
    Role.EMPLOYER: Employer,
    Role.DEPARTMENT_REVIEWER: Staff,
    Role.SCHOOL_ADMIN: Staff,
    Role.PROVINCE: Staff,
}


def fits(model: type, field: str, value: str) -> bool:
    """A name longer than its column names no account: looked up, it would be a database error, not a no."""
    return 0 < len(value) <= model._meta.fields_map[field].max_length


def acting_as(ctx: Context, role: Role, row: Graduate | Employer | Staff) -> Context:
    """Before a login the request is anonymous; the audit entry should still name who signed in."""
    viewer = Viewer(role=role, id=row.id, name=row.name, school_id=getattr(row, "school_id", None),
                    department_id=getattr(row, "department_id", None))
    return dataclasses.replace(ctx, viewer=viewer)
