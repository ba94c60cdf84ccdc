"""The stored PDF printing hands out: printing's one dependency on the agreement-document work (pdf/).

That work renders each version of an approved agreement in the background and stores it through
resolvers/files.save; `pdf.agreements.stored_document(agreement)` names the current version's file. Until it is
merged, this finds the newest file stored for the agreement with the purpose below.
"""

from __future__ import annotations

from models import Agreement, StoredFile

OWNER_KIND, PURPOSE = "agreement", "agreement_pdf"


async def stored_document(agreement: Agreement) -> StoredFile | None:
    """The stored PDF of the agreement as it stands now, or None while it is still being rendered."""
    return await StoredFile.filter(owner_kind=OWNER_KIND, owner_id=agreement.id, purpose=PURPOSE) \
        .order_by("-id").first()
