"""Roster import (issue 2 §4): a school admin's file becomes graduate records, created or updated in bulk.

Everything is validated before anything is written; the caller's transaction makes the write all or nothing.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError

from models import AuditEntry, Department, Graduate, Major
from resolvers import audit, authz, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.roster import columns, national_queue, reader
from resolvers.roster.rows import Directory, Row, RowError, flag_duplicates, parse
from resolvers.viewer import Role
from server import crypto
from server.auth import hash_password

# What the school owns: a re-import overwrites these (when the file gives them).
SCHOOL_FIELDS = ("name", "department_id", "major_id", "gender", "training_mode", "ethnicity", "political_status",
                 "class_name", "length_of_schooling")
# O1: once imported these are the graduate's; the file only fills them while they are empty.
GRADUATE_FIELDS = ("home_address", "email")
_BATCH = 500
_LOOKUP_CHUNK = 1000


@dataclass
class Outcome:
    total_rows: int
    row_errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: bool = False  # bad rows and importValidRows off: nothing was written


async def import_roster(ctx: Context, data: bytes, graduation_year: int, *, import_valid_rows: bool,
                        initial_password: str | None) -> Outcome:
    authz.require_role(ctx.viewer, Role.SCHOOL_ADMIN)
    school_id = ctx.viewer.school_id
    _check_input(graduation_year, initial_password)
    # openpyxl and csv are CPU work: off the event loop, so other requests are served meanwhile.
    sheet = await asyncio.to_thread(reader.read, data)
    positions = _column_positions(sheet.header)
    if not sheet.rows:
        raise DomainError(ErrorCode.REQUIRED, "名单中没有毕业生数据", "file")
    # The school comes with its departments (no read of its own): the national origin record names it.
    departments = await Department.filter(school_id=school_id).select_related("school")
    majors = await Major.filter(department__school_id=school_id)
    directory = Directory(departments, majors)
    rows = [parse(line, {name: cells[i] if i < len(cells) else None for name, i in positions.items()}, directory)
            for line, cells in sheet.rows]
    flag_duplicates(rows)
    hashes = {row.line: crypto.lookup_hash(row.id_number) for row in rows if row.id_number}
    existing = await _existing(school_id, graduation_year, rows)
    await _flag_taken_id_numbers(school_id, graduation_year, rows, hashes, existing)

    outcome = Outcome(total_rows=len(rows), row_errors=[e for row in rows for e in row.errors])  # in line order
    if outcome.row_errors and not import_valid_rows:
        outcome.rejected = True
        return outcome
    good = [row for row in rows if not row.errors]
    try:
        written = await _write(ctx, school_id, graduation_year, good, hashes, existing, initial_password, outcome)
        await national_queue.queue_imported(written, departments, majors)
    except IntegrityError:
        # Only a concurrent import or edit of the same records gets here: everything checked above was unique.
        raise DomainError(ErrorCode.STALE_STATE, "名单中的记录正被他人同时修改，请稍后重新导入") from None
    return outcome


def _check_input(graduation_year: int, initial_password: str | None) -> None:
    errors = ErrorCollector()
    if not 2000 <= graduation_year <= 2100:
        errors.add(ErrorCode.INVALID_INPUT, "graduationYear", "毕业年份应为 2000 到 2100 之间的年份")
    if initial_password is not None:
        errors.check(validation.password_strength, initial_password, "initialPassword")
    errors.raise_if_any()


def _column_positions(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = columns.canonical(cell)
        if name not in columns.KNOWN:
            continue  # schools keep their own extra columns; they are not ours to read
        if name in positions:
            raise DomainError(ErrorCode.INVALID_FORMAT, f"表头中「{name}」列出现了两次", "file")
        positions[name] = index
    if not positions:
        raise DomainError(ErrorCode.ROSTER_UNREADABLE, "第 1 行应为表头（学号、姓名、身份证号等列名）", "file")
    missing = [name for name in columns.REQUIRED if name not in positions]
    if missing:
        raise DomainError(ErrorCode.REQUIRED, f"名单缺少必填列：{'、'.join(missing)}", "file")
    return positions


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    values = sorted(set(values))
    for start in range(0, len(values), _LOOKUP_CHUNK):
        yield values[start:start + _LOOKUP_CHUNK]


async def _existing(school_id: int, year: int, rows: list[Row]) -> dict[tuple[str, str], Graduate]:
    """The school's records for this year, keyed like the unique constraint: (education level, student number)."""
    found: dict[tuple[str, str], Graduate] = {}
    for chunk in _chunks(row.student_number for row in rows if row.student_number):
        for g in await Graduate.filter(school_id=school_id, graduation_year=year, student_number__in=chunk):
            found[(g.education_level, g.student_number)] = g
    return found


async def _flag_taken_id_numbers(school_id: int, year: int, rows: list[Row], hashes: dict[int, str],
                                 existing: dict[tuple[str, str], Graduate]) -> None:
    """One person has one record per year and level, in any school: an ID number already on another record
    (a different student number, or another school) is refused rather than moved."""
    owners: dict[tuple[str, str], tuple[int, int, str]] = {}
    for chunk in _chunks(hashes.values()):
        taken = await Graduate.filter(graduation_year=year, id_number_hash__in=chunk).values_list(
            "id", "education_level", "id_number_hash", "school_id", "student_number")
        owners.update({(level, h): (pk, school, number) for pk, level, h, school, number in taken})
    for row in rows:
        owner = owners.get((row.education_level, hashes.get(row.line)))
        record = existing.get((row.education_level, row.student_number))
        if owner is None or (record is not None and record.id == owner[0]):
            continue
        if record is None and owner[1:] == (school_id, row.student_number):
            # The very record this row describes, created by an import that committed between the two reads
            # above: not the row's fault, and re-importing finds it unchanged.
            raise DomainError(ErrorCode.STALE_STATE, "名单中的记录正被他人同时修改，请稍后重新导入")
        row.fail("身份证号", ErrorCode.DUPLICATE_ROW, "该身份证号码已登记在本届同学历的另一条毕业生记录中，请核对")


def _changes(record: Graduate, row: Row, id_hash: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in SCHOOL_FIELDS:
        value = getattr(row, name)
        if value is not None and getattr(record, name) != value:
            changes[name] = value
    if record.id_number_hash != id_hash:
        changes.update(id_number_enc=crypto.encrypt(row.id_number), id_number_hash=id_hash)
    for name in GRADUATE_FIELDS:
        if getattr(row, name) and not getattr(record, name):
            changes[name] = getattr(row, name)
    if row.origin_region_code and not record.origin_region_code:
        changes.update(origin_region_code=row.origin_region_code, origin_region_name=row.origin_region_name)
    if row.phone and not record.phone_enc:
        changes["phone_enc"] = crypto.encrypt(row.phone)
    return changes


def _new(school_id: int, year: int, row: Row, id_hash: str, password_hash: str | None) -> Graduate:
    return Graduate(
        school_id=school_id, graduation_year=year, education_level=row.education_level,
        student_number=row.student_number, name=row.name, department_id=row.department_id, major_id=row.major_id,
        gender=row.gender, training_mode=row.training_mode or "1", ethnicity=row.ethnicity,
        political_status=row.political_status, class_name=row.class_name,
        length_of_schooling=row.length_of_schooling, home_address=row.home_address, email=row.email,
        origin_region_code=row.origin_region_code, origin_region_name=row.origin_region_name,
        id_number_enc=crypto.encrypt(row.id_number), id_number_hash=id_hash, phone_enc=crypto.encrypt(row.phone),
        password_hash=password_hash, must_change_password=True,
    )


_CREATED_AUDIT = ("student_number", "name", "education_level", "department_id", "major_id", "gender",
                  "training_mode", "ethnicity", "political_status", "class_name", "length_of_schooling",
                  "id_number_enc", "phone_enc", "origin_region_code", "origin_region_name", "home_address", "email")


def _audit_entry(ctx: Context, action: AuditAction, record: Graduate, before: dict[str, Any] | None,
                 after: dict[str, Any]) -> AuditEntry:
    """audit.record, unsaved, so thousands of entries go in a few bulk inserts."""
    audit.require_action(action)
    viewer = ctx.viewer
    return AuditEntry(
        actor_kind=viewer.actor_kind, actor_id=viewer.id, actor_name=viewer.name[:64], action=action,
        subject_type="graduate", subject_id=record.id, school_id=record.school_id,
        department_id=record.department_id, before=audit.redact(before) if before is not None else None,
        after=audit.redact(after), client_ip=ctx.client_ip[:64], request_id=ctx.request_id[:64],
    )


async def _write(ctx: Context, school_id: int, year: int, rows: list[Row], hashes: dict[int, str],
                 existing: dict[tuple[str, str], Graduate], initial_password: str | None,
                 outcome: Outcome) -> list[tuple[Graduate, set[str] | None]]:
    """Returns the graduates written, each with the fields changed (None: created)."""
    written: list[tuple[Graduate, set[str] | None]] = []
    new_rows = [row for row in rows if (row.education_level, row.student_number) not in existing]
    # argon2 is slow on purpose: one hash for the whole import, and none if nobody is new.
    password_hash = hash_password(initial_password) if initial_password and new_rows else None
    entries: list[AuditEntry] = []
    groups: dict[frozenset[str], list[Graduate]] = defaultdict(list)
    for row in rows:
        record = existing.get((row.education_level, row.student_number))
        if record is None:
            continue
        changes = _changes(record, row, hashes[row.line])
        if not changes:
            outcome.unchanged += 1
            continue
        before = {name: getattr(record, name) for name in changes if name != "id_number_hash"}
        for name, value in changes.items():
            setattr(record, name, value)
        groups[frozenset(changes)].append(record)
        written.append((record, set(changes)))
        entries.append(_audit_entry(ctx, AuditAction.ROSTER_UPDATED, record, before,
                                    {k: v for k, v in changes.items() if k != "id_number_hash"}))
    # Rows changing the same fields share one bulk update; a field nobody changed is never written back.
    for names, records in groups.items():
        await Graduate.bulk_update(records, fields=[*names, "updated_at"], batch_size=_BATCH)
    outcome.updated = sum(len(records) for records in groups.values())

    created = [_new(school_id, year, row, hashes[row.line], password_hash) for row in new_rows]
    await Graduate.bulk_create(created, batch_size=_BATCH)
    outcome.created = len(created)
    ids = await _ids(school_id, year, [g.student_number for g in created])
    for record in created:
        record.id = ids[(record.education_level, record.student_number)]
        given = {name: getattr(record, name) for name in _CREATED_AUDIT if getattr(record, name) is not None}
        entries.append(_audit_entry(ctx, AuditAction.ROSTER_CREATED, record, None, given))
        written.append((record, None))
    await AuditEntry.bulk_create(entries, batch_size=_BATCH)
    return written


async def _ids(school_id: int, year: int, student_numbers: list[str]) -> dict[tuple[str, str], int]:
    """bulk_create does not return primary keys on every database; read them back by the unique key."""
    ids: dict[tuple[str, str], int] = {}
    for chunk in _chunks(student_numbers):
        rows = await Graduate.filter(school_id=school_id, graduation_year=year, student_number__in=chunk).values_list(
            "id", "education_level", "student_number")
        ids.update({(level, number): pk for pk, level, number in rows})
    return ids
