"""The national destination registration system's records of the graduates a roster import wrote (issue 12 §6):
a created graduate's origin and contact records, an updated one's records its changed fields alter. Set-based like
the import itself: built from the rows the import holds, queued in one statement per batch
(resolvers/national/sync.py `queue_many`), so the import's cost does not grow with its rows."""

from __future__ import annotations

from collections import defaultdict

from models import Department, FamilyContact, Graduate, Major, NationalConfirmation
from resolvers.national import snapshots, sync
from resolvers.origin.record import national_records

_CHUNK = 1000


async def queue_imported(written: list[tuple[Graduate, set[str] | None]], departments: list[Department],
                         majors: list[Major]) -> None:
    wanted = [(g, ["origin", "contact"] if changed is None else national_records(changed)) for g, changed in written]
    wanted = [(g, records) for g, records in wanted if records]
    if not wanted:
        return
    department_by_id = {d.id: d for d in departments}
    major_by_id = {m.id: m for m in majors}
    # Only an updated graduate can have family contacts (the import writes none), and only theirs are read.
    updated = [g.id for g, changed in written if changed is not None]
    was_there = set(updated)
    family: dict[int, list[FamilyContact]] = defaultdict(list)
    readers = [g.id for g, records in wanted if "contact" in records and g.id in was_there]
    for start in range(0, len(readers), _CHUNK):
        for member in await FamilyContact.filter(graduate_id__in=readers[start:start + _CHUNK]).order_by("position"):
            family[member.graduate_id].append(member)
    queued = []
    for graduate, records in wanted:
        department = department_by_id[graduate.department_id]
        for record in records:
            fields = (snapshots.origin_fields(graduate, department.school, major_by_id[graduate.major_id], department)
                      if record == "origin" else snapshots.contact_fields(graduate, family[graduate.id]))
            queued.append((graduate, record, fields))
    await sync.queue_many(queued)
    # What an updated graduate confirmed is no longer what the national system will hold.
    for start in range(0, len(updated), _CHUNK):
        await NationalConfirmation.filter(graduate_id__in=updated[start:start + _CHUNK]).delete()
