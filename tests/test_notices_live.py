"""Issue 12 §1: a new notice is a notification event the hub delivers. A published notice reaches, on their live
inbox subscription (notificationAdded), the graduates it addresses and no one else, from one event on the
notice channel of its school or province: no inbox row per graduate. Against a real server process over a
websocket, as the mini-program connects."""

from __future__ import annotations

import asyncio

import pytest
from strawberry import relay

from models import Notification, OutboxEvent
from schema.relay import encode_id
from tests.inbox_streams import PROTOCOLS, record_changes
from tests.live_server import serving
from tests.test_notices import MARK_READ, call, published
from tests.ws_client import subscribe

ADDED = ("subscription($after: String) { notificationAdded(after: $after) "
         "{ sequence cursor kind title body readAt noticeId } }")
WAIT = 15.0


@pytest.fixture(scope="module")
def server():
    with serving() as (base, _):
        yield base


async def _settle() -> None:
    """Lets the server register the subscriptions before the notice is published (its dispatcher polls every
    2 s for events committed by another process, so this is margin, not a race)."""
    await asyncio.sleep(0.5)


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_i12_1_a_department_notice_reaches_that_departments_graduates_live_and_no_one_else(
        server, world, gql, protocol):
    async with subscribe(server, world.tokens["bob"], ADDED, protocol=protocol) as law, \
            subscribe(server, world.tokens["alice"], ADDED, protocol=protocol) as cs, \
            subscribe(server, world.tokens["carol"], ADDED, protocol=protocol) as other_school:
        await _settle()
        notice_id = await published(gql, world.tokens["admin"], "法学院毕业生派遣说明",
                                    departmentId=encode_id("Department", world.law.id))
        item = (await law.next(WAIT))["notificationAdded"]
        assert (item["kind"], item["noticeId"], item["readAt"]) == ("notice.published", notice_id, None)
        assert item["title"] == "新的通知公告" and "法学院毕业生派遣说明" in item["body"]
        await cs.nothing(3)
        await other_school.nothing(0.5)
    # No inbox row was written for anyone: the notice list keeps it, unread.
    assert await Notification.filter(kind="notice.published").count() == 0


async def test_i12_1_a_province_notice_reaches_the_graduates_of_every_school_of_the_province(server, world, gql):
    async with subscribe(server, world.tokens["alice"], ADDED) as alice, \
            subscribe(server, world.tokens["carol"], ADDED) as carol:
        await _settle()
        notice_id = await published(gql, world.tokens["province"], "全省就业政策解读")
        for stream in (alice, carol):
            item = (await stream.next(WAIT))["notificationAdded"]
            assert (item["kind"], item["noticeId"]) == ("notice.published", notice_id)


async def test_i12_1_a_notice_to_another_education_level_does_not_reach_the_graduate(server, world, gql):
    other_level = "11" if world.alice.education_level != "11" else "31"
    async with subscribe(server, world.tokens["alice"], ADDED) as alice:
        await _settle()
        await published(gql, world.tokens["admin"], "研究生离校通知", educationLevel=other_level)
        mine = await published(gql, world.tokens["admin"], "全校离校通知")
        item = (await alice.next(WAIT))["notificationAdded"]
        assert item["noticeId"] == mine  # the other level's came first and was passed over


async def _fanned_out(notice_id: str) -> None:
    pk = int(relay.GlobalID.from_id(notice_id).node_id)
    for _ in range(int(WAIT / 0.1)):
        if await OutboxEvent.filter(subject_type="notice", subject_id=pk, sequence__not_isnull=True).exists():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the server's dispatcher did not number the notice's event")


async def test_i12_1_a_stream_resuming_after_a_cursor_replays_the_notices_it_missed_with_their_read_state(
        server, world, gql):
    async with subscribe(server, world.tokens["alice"], ADDED) as alice:
        await _settle()
        await record_changes(world.alice)  # a row of her own inbox first: notices interleave with them
        own = (await alice.next(WAIT))["notificationAdded"]
        first = await published(gql, world.tokens["admin"], "第一份通知")
        heard = (await alice.next(WAIT))["notificationAdded"]
        assert own["kind"] == "record.changed" and heard["noticeId"] == first
    second = await published(gql, world.tokens["admin"], "第二份通知")  # while the mini-program was closed
    await _fanned_out(second)
    assert (await call(gql, MARK_READ, world.tokens["alice"], ids=[first]))["errors"] == []
    async with subscribe(server, world.tokens["alice"], ADDED, {"after": heard["cursor"]}) as alice:
        item = (await alice.next(WAIT))["notificationAdded"]
        assert (item["noticeId"], item["readAt"]) == (second, None)
        await alice.nothing(1)
    # From her own row before the first: both, in order, the first with the time it was read in the notice list.
    async with subscribe(server, world.tokens["alice"], ADDED, {"after": own["cursor"]}) as alice:
        replayed = [(await alice.next(WAIT))["notificationAdded"] for _ in range(2)]
        assert [r["noticeId"] for r in replayed] == [first, second]
        assert replayed[0]["readAt"] is not None and replayed[1]["readAt"] is None
