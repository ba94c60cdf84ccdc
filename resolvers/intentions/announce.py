"""Matching positions to job intentions in SQL, and announcing each new match once (issue 12 §3).

A position matches a graduate's intentions when it takes applications (open, deadline not passed) and
- its category is one of theirs, or they named none;
- its district lies under one of their places (a province or city code covers every district under it), or they
  named none;
- its salary's upper bound reaches their floor; a position that states no upper bound (面议, or "6000 起")
  matches any floor, since it does not rule the floor out.

Announcements skip graduates no longer job hunting (`job_hunting`): one an agreement binds (S5: signed and
awaiting review, returned, approved; online, offline or paper), or whose destination is locked as agreement
employment. Their page still lists matches; only the pushes stop, and start again for positions that open
after the agreement no longer binds them (docs/rules.md, Job intentions).

The same SQL condition serves both directions: one graduate's page (queries.py) and every graduate a newly
opened position matches. Announcing is set-based: the pairs are claimed with one INSERT ... SELECT into
position_match_announcement (unique per graduate and position, so never twice, whoever races), and the outbox
rows of exactly the pairs this statement claimed are written by a second INSERT ... SELECT. A position matching
5,000 graduates costs those two statements in the opening transaction, not 5,000 round trips; the dispatcher then
fans the events out in batches (notifications/inbox.py), the graduates' preferences choosing the channels.
"""

from __future__ import annotations

import uuid

from models import Employer, Position
from models.codes import AGREEMENT_EMPLOYMENT
from resolvers import events, raw_sql
from resolvers.positions.open_window import takes_applications
from server import clock


def match(position: str) -> str:
    """The condition on `job_intention i` and the position row `position` (an alias or the quoted table)."""
    return (
        f'(i.salary_floor IS NULL OR {position}."salary_max" IS NULL OR {position}."salary_max" >= i.salary_floor)'
        " AND (NOT EXISTS (SELECT 1 FROM job_intention_category c WHERE c.graduate_id = i.graduate_id)"
        " OR EXISTS (SELECT 1 FROM job_intention_category c WHERE c.graduate_id = i.graduate_id"
        f' AND c.category = {position}."category"))'
        " AND (NOT EXISTS (SELECT 1 FROM job_intention_location l WHERE l.graduate_id = i.graduate_id)"
        " OR EXISTS (SELECT 1 FROM job_intention_location l WHERE l.graduate_id = i.graduate_id"
        f" AND {position}.\"location_code\" LIKE l.prefix || '%'))"
    )


def job_hunting(graduate: str) -> str:
    """The graduate `graduate` (a column holding their id) still looks for a job: no agreement binds them and
    their destination is not locked as agreement employment."""
    return (
        f"NOT EXISTS (SELECT 1 FROM agreement a WHERE a.active_graduate_id = {graduate})"
        f" AND NOT EXISTS (SELECT 1 FROM graduate g WHERE g.id = {graduate} AND g.destination_locked"
        f" AND g.destination_type = '{AGREEMENT_EMPLOYMENT}')"
    )


def takes_applications_sql(position: str) -> str:
    """open_window.open_positions in SQL; `:today` is the platform's date."""
    return f"{position}.\"state\" = 'open' AND ({position}.\"deadline\" IS NULL OR {position}.\"deadline\" >= :today)"


_CLAIM_FOR_POSITION = (
    "INSERT INTO position_match_announcement (graduate_id, position_id, claim, announced_at) "
    "SELECT i.graduate_id, p.id, :claim, :now FROM job_intention i JOIN \"position\" p ON p.id = :position "
    f"WHERE {match('p')} AND {job_hunting('i.graduate_id')} "
    "ON CONFLICT (graduate_id, position_id) DO NOTHING"
)

_CLAIM_FOR_GRADUATE = (
    "INSERT INTO position_match_announcement (graduate_id, position_id, claim, announced_at) "
    "SELECT i.graduate_id, p.id, :claim, :now FROM job_intention i "
    f"JOIN \"position\" p ON {takes_applications_sql('p')} AND {match('p')} "
    f"WHERE i.graduate_id = :graduate AND {job_hunting('i.graduate_id')} "
    "ON CONFLICT (graduate_id, position_id) DO NOTHING"
)

_CLAIMED = "SELECT COUNT(*) AS n, MAX(position_id) AS newest FROM position_match_announcement WHERE claim = :claim"


async def for_position(position: Position) -> str | None:
    """A position opened (published, reopened, or edited while open): every graduate it newly matches is told,
    once. Returns the claim naming the pairs announced (None if the position does not take applications)."""
    if not takes_applications(position):
        return None
    claim = uuid.uuid4().hex
    await raw_sql.rows(_CLAIM_FOR_POSITION, claim=claim, now=raw_sql.timestamp(clock.now()), position=position.id)
    employer = await Employer.get(id=position.employer_id)
    await events.position_matched_graduates(position, employer.name, claim)
    return claim


async def for_graduate(graduate_id: int) -> int:
    """The graduate's intentions changed: the open positions that match and were never announced to them are
    claimed and told in ONE event naming how many and the newest, not one event each (a first save can match
    hundreds). Returns how many."""
    claim = uuid.uuid4().hex
    await raw_sql.rows(_CLAIM_FOR_GRADUATE, claim=claim, now=raw_sql.timestamp(clock.now()),
                       today=raw_sql.day(clock.today()), graduate=graduate_id)
    [row] = await raw_sql.rows(_CLAIMED, claim=claim)
    count = int(row["n"] or 0)
    if count:
        newest = await Position.get(id=row["newest"])
        employer = await Employer.get(id=newest.employer_id)
        await events.positions_matched(graduate_id, count, newest, employer.name)
    return count
