"""What follows any change to an employer's materials: a new version, and every school's mark that they were
checked cleared, since what was checked is no longer what is there."""

from __future__ import annotations

from models import Employer, EmployerMaterialCheck


async def materials_changed(employer: Employer) -> list[int]:
    """Call with the employer row locked. Returns the schools whose marks were cleared, for the audit entry."""
    cleared = await EmployerMaterialCheck.filter(employer_id=employer.id).order_by("school_id") \
        .values_list("school_id", flat=True)
    if cleared:
        await EmployerMaterialCheck.filter(employer_id=employer.id).delete()
    employer.materials_version += 1
    await Employer.filter(id=employer.id).update(materials_version=employer.materials_version)
    return list(cleared)
