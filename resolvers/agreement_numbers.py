"""Agreement numbers: year + school code + six-digit sequence, e.g. 202610363000001 (readable, unique, no gaps).

The school's numbering row is the one thing every signing of a school writes, and a row lock lasts to the end
of the transaction: taken early, it made a school's signings run one at a time (issue 9). So the agreement is
inserted with a provisional number (unique: it names the invitation, and never commits), and the number is
taken by the last statement but one of the signing transaction: one upsert, which also creates the row the
first time, so there is no "create, catch the unique violation, read again" that left a PostgreSQL transaction
aborted when two first signings of a school raced (issue 9 point 5). On PostgreSQL the same statement writes the
number into the agreement; SQLite takes a second statement (it has no data-modifying CTE, and serialises its
writers anyway). The unique constraint on agreement.number stays the last guard everywhere.
"""

from __future__ import annotations

import secrets

from models import School
from resolvers import raw_sql

_PG = """
WITH taken AS (
  INSERT INTO agreement_sequence (school_id, year, last_value) VALUES (:school, :year, 1)
  ON CONFLICT (school_id, year) DO UPDATE SET last_value = agreement_sequence.last_value + 1
  RETURNING last_value)
UPDATE agreement SET number = :prefix || lpad(taken.last_value::text, 6, '0') FROM taken
WHERE agreement.id = :agreement RETURNING agreement.number
"""
_SQLITE_TAKE = """
INSERT INTO agreement_sequence (school_id, year, last_value) VALUES (:school, :year, 1)
ON CONFLICT (school_id, year) DO UPDATE SET last_value = agreement_sequence.last_value + 1
RETURNING last_value
"""
_SQLITE_WRITE = "UPDATE agreement SET number = :number WHERE id = :agreement"


def provisional(invitation_id: int) -> str:
    """The agreement's number until `assign` runs, in the same transaction: nobody else ever sees it."""
    return f"signing:{invitation_id}"


def provisional_entered(method: str, graduate_id: int) -> str:
    """The same for an offline or paper agreement (no invitation): the graduate and a random part."""
    return f"{method}:{graduate_id}:{secrets.token_hex(4)}"


async def assign(agreement_id: int, school: School, year: int) -> str:
    """Numbers the agreement; call it as late in the transaction as possible (the row stays locked until
    commit)."""
    prefix = f"{year}{school.code}"
    if raw_sql.dialect() == "postgres":
        [row] = await raw_sql.rows(_PG, school=school.id, year=year, prefix=prefix, agreement=agreement_id)
        return row["number"]
    [row] = await raw_sql.rows(_SQLITE_TAKE, school=school.id, year=year)
    number = f"{prefix}{row['last_value']:06d}"
    await raw_sql.rows(_SQLITE_WRITE, number=number, agreement=agreement_id)
    return number
