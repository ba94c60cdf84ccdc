"""Whether a position takes applications: open and its deadline (a Beijing date, inclusive) not passed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from models import Position

CHINA = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def takes_applications(position: Position) -> bool:
    return position.state == "open" and (position.deadline is None or position.deadline >= today())


def open_positions():
    return Position.filter(Q(deadline__isnull=True) | Q(deadline__gte=today()), state="open")
