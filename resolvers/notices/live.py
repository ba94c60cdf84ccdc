"""Notices in a graduate's live inbox stream (issue 12 §1: a new notice is a notification event).

A notice writes no inbox row per graduate (a school has 10,000 of them): its event goes out once on the notice
channel of its school or province (notifications/dispatcher.notice_channel), and each graduate's stream decides
from the message alone whether it is addressed to them (department, education level). The item it yields is
shaped like an inbox row numbered with the event's sequence (the counter numbers rows and events alike, so no
row has it); it is not in myNotifications, and its read state is the notice list's (NoticeRead).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Subquery

from models import Graduate, Notice, NoticeRead, Notification, OutboxEvent, School
from notifications import templates
from notifications.dispatcher import notice_channel
from resolvers import authz, outbox
from resolvers.outbox import EventKind

KIND = EventKind.NOTICE_PUBLISHED


@dataclass(frozen=True)
class Audience:
    graduate: Graduate
    province_id: int

    @property
    def channels(self) -> list[str]:
        return [notice_channel(self.graduate.school_id, None), notice_channel(None, self.province_id)]

    def addressed(self, message: dict[str, Any]) -> bool:
        """Whether a bus message is a notice to this graduate, as authz.notices_addressed_to reads the list."""
        if message.get("kind") != KIND.value:
            return False
        payload = message.get("payload") or {}
        g = self.graduate
        if message.get("schoolId") is not None:
            if message["schoolId"] != g.school_id or message.get("departmentId") not in (None, g.department_id):
                return False
        elif payload.get("provinceId") != self.province_id:
            return False
        return payload.get("educationLevel") in (None, g.education_level)

    def events(self):
        """The published-notice events of notices addressed to the graduate (and still published)."""
        notices = authz.notices_addressed_to(self.graduate, self.province_id, Notice.all())
        return OutboxEvent.filter(kind=KIND.value, subject_type="notice",
                                  subject_id__in=Subquery(notices.values("id")))

    def item(self, message: dict[str, Any], read_at: dt.datetime | None = None) -> Notification:
        rendered = templates.render(KIND, outbox.loaded(KIND, message.get("payload") or {}))
        created = message.get("createdAt")
        row = Notification(sequence=message["sequence"], recipient_kind="graduate", recipient_id=self.graduate.id,
                           event_id=message["id"], kind=KIND.value, title=rendered.title, body=rendered.body,
                           read_at=read_at, created_at=dt.datetime.fromisoformat(created) if created else None)
        row.notice_id = message["subjectId"]
        return row

    async def after(self, last: int, limit: int) -> list[Notification]:
        """The notice items numbered after `last`, in order, with the graduate's read state: two statements."""
        from notifications.dispatcher import message_of

        events = list(await self.events().filter(sequence__gt=last).order_by("sequence").limit(limit))
        if not events:
            return []
        read = dict(await NoticeRead.filter(graduate_id=self.graduate.id,
                                            notice_id__in=[e.subject_id for e in events])
                    .values_list("notice_id", "read_at"))
        return [self.item(message_of(e), read.get(e.subject_id)) for e in events]

    async def newest(self) -> int:
        newest = await self.events().order_by("-sequence").limit(1).values_list("sequence", flat=True)
        return newest[0] if newest else 0


async def audience_of(graduate_id: int) -> Audience:
    graduate = await Graduate.get(id=graduate_id)
    province_id = (await School.filter(id=graduate.school_id).values_list("province_id", flat=True))[0]
    return Audience(graduate, province_id)
