"""Reading the résumé: the graduate's own sections, in order (X2)."""

from __future__ import annotations

from models import ResumeSection
from resolvers import authz
from resolvers.resume.sections import sections_of
from resolvers.viewer import Role, Viewer


async def my_resume(viewer: Viewer) -> list[ResumeSection]:
    authz.require_role(viewer, Role.GRADUATE)
    return await sections_of(viewer.id)
