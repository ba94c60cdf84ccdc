"""Who is asking: the principal behind a request, with the scope their role grants."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    GRADUATE = "graduate"
    EMPLOYER = "employer"
    DEPARTMENT_REVIEWER = "department_reviewer"
    SCHOOL_ADMIN = "school_admin"
    PROVINCE = "province"


STAFF_ROLES = (Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN, Role.PROVINCE)


@dataclass(frozen=True)
class Viewer:
    role: Role | None = None
    id: int | None = None  # graduate, employer or staff id, by role
    name: str = ""
    school_id: int | None = None
    department_id: int | None = None
    province_id: int | None = None
    # A graduate who logged in with the initial password may only change it (B4).
    password_change_required: bool = False
    # The principal's row as authentication read it for this request, so a resolver needing it does not read it
    # again (issue 9); None for anonymous, the system and hand-made viewers. Read without a lock: a resolver that
    # must decide under a lock reads again under it.
    row: Any = field(default=None, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def actor_kind(self) -> str:
        if self.role is None:
            return "anonymous"
        return "staff" if self.is_staff else self.role.value


ANONYMOUS = Viewer()
SYSTEM = Viewer(role=None, name="系统")
