"""Whether a position takes applications: open and its deadline (a Beijing date, inclusive) not passed."""

from __future__ import annotations

from tortoise.expressions import Q

from models import Position
from server import clock


def takes_applications(position: Position) -> bool:
    return position.state == "open" and (position.deadline is None or position.deadline >= clock.today())


def open_positions():
    return Position.filter(Q(deadline__isnull=True) | Q(deadline__gte=clock.today()), state="open")
