"""Stored files as GraphQL shows them: what the file is, and a signed link for those who may open it.

The decision is authz's (the same scopes as the record the file belongs to); the link is file_links'. Lists
ask through per-request loaders, so a page of rows costs the same statements whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import Agreement, Destination, Employer, Termination
from resolvers import authz, file_links
from resolvers.context import Context


@dataclass(frozen=True)
class FileView:
    filename: str
    content_type: str
    size: int
    url: str | None
    url_expires_at: dt.datetime | None


async def _view(ctx: Context, file_id: int, may_open: bool) -> FileView | None:
    row = await ctx.loaders.file_info().load(file_id)
    if row is None:
        return None
    link = file_links.link(ctx, file_id) if may_open else None
    return FileView(filename=row["filename"], content_type=row["content_type"], size=row["size"],
                    url=link.url if link else None, url_expires_at=link.expires_at if link else None)


async def consent_file(ctx: Context, termination: Termination) -> FileView | None:
    """Described to everyone who sees the termination; the link only to the graduate and their reviewers."""
    return await _view(ctx, termination.consent_file_id, authz.can_open_consent_file(ctx.viewer, termination))


async def destination_proofs(ctx: Context, destination: Destination) -> list[tuple[int, FileView]]:
    """D1 proofs: links to the graduate and the reviewers of their scope (R2), as for a termination's consent."""
    may_open = authz.can_open_destination_proofs(ctx.viewer, destination)
    ids = list(destination.proof_file_ids)
    await ctx.loaders.file_info().load_many(ids)  # one batch for all of a page's proofs, not one per proof
    views = [(i, await _view(ctx, i, may_open)) for i in ids]
    return [(i, v) for i, v in views if v is not None]


async def stamped_file(ctx: Context, agreement: Agreement) -> FileView | None:
    """The stamped offline or paper agreement (F1, F2): opened by those who may print the agreement."""
    if agreement.stamped_file_id is None:
        return None
    return await _view(ctx, agreement.stamped_file_id, authz.can_print_agreement(ctx.viewer, agreement))


async def license_file(ctx: Context, employer: Employer) -> FileView | None:
    """The USCC certificate, to the employer and the school staff who review its signings; null to others."""
    if employer.license_file_id is None:
        return None
    if not await sees_employer_files(ctx, employer.id):
        return None
    return await _view(ctx, employer.license_file_id, True)


async def sees_employer_files(ctx: Context, employer_id: int) -> bool:
    """The employer's licence and qualification materials (issue 12 §5): one loader for a page of employers."""
    viewer = ctx.viewer

    async def load(employer_ids: list[int]) -> list[bool]:
        seen = await authz.employers_whose_license_viewer_sees(viewer, set(employer_ids))
        return [i in seen for i in employer_ids]

    return await ctx.loaders.named("license_visible", load).load(employer_id)


async def employer_material(ctx: Context, file_id: int) -> FileView | None:
    """A qualification material, for a viewer `sees_employer_files` let through."""
    return await _view(ctx, file_id, True)


async def notice_attachments(ctx: Context, notice) -> list[tuple[int, FileView]]:
    """Issue 12 §1: a notice reaches here only for those who may read it (its managers, its addressed graduates:
    resolvers/notices/queries.py), so each of them gets the links."""
    ids = list(notice.attachment_file_ids)
    await ctx.loaders.file_info().load_many(ids)
    views = [(i, await _view(ctx, i, True)) for i in ids]
    return [(i, v) for i, v in views if v is not None]
