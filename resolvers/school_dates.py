"""Dates a school sets as a month and day, read in the graduation academic year (S11 signing, T2 termination).

Seed 003 §4: "系统默认签约日期和解约日期为当届毕业生毕业学年的9月1日". The graduation academic year of the class
of 2026 runs from September 2025 to August 2026, so for graduation year Y a month-day from September on falls
in Y-1 and an earlier month-day in Y: by default the class of 2026 may accept invitations and request
terminations from 1 September 2025. Both dates are Beijing dates, compared with `clock.today()`.
"""

from __future__ import annotations

import calendar
import datetime as dt

from models import School

ACADEMIC_YEAR_STARTS = 9


def in_graduation_year(month: int, day: int, graduation_year: int) -> dt.date:
    year = graduation_year - 1 if month >= ACADEMIC_YEAR_STARTS else graduation_year
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 3, 1)  # the day after 28 February, as in a leap year
    return dt.date(year, month, day)


def signing_opens(school: School, graduation_year: int) -> dt.date:
    """S11: invitations can be accepted from this date."""
    return in_graduation_year(school.signing_opens_month, school.signing_opens_day, graduation_year)


def termination_opens(school: School, graduation_year: int) -> dt.date:
    """T2: terminations can be requested from this date."""
    return in_graduation_year(school.termination_opens_month, school.termination_opens_day, graduation_year)


def label(day: dt.date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"
