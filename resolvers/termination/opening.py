"""When terminations open (T2).

Seed 003 §4: "系统默认签约日期和解约日期为当届毕业生毕业学年的9月1日". The graduation academic year of the class
of 2026 runs from September 2025 to August 2026, and signing opens on the same default date, so for
graduation year Y a month-day from September on falls in Y-1 and an earlier month-day in Y: by default the
class of 2026 may request terminations from 1 September 2025.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from models import School

ACADEMIC_YEAR_STARTS = 9
SCHOOL_TIME = ZoneInfo("Asia/Shanghai")


def termination_opens(school: School, graduation_year: int) -> dt.date:
    month = school.termination_opens_month
    year = graduation_year - 1 if month >= ACADEMIC_YEAR_STARTS else graduation_year
    return dt.date(year, month, school.termination_opens_day)


def today() -> dt.date:
    return dt.datetime.now(SCHOOL_TIME).date()
