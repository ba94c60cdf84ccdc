"""Issue 7.6 (ID numbers whose birth date no graduate has) and 7.7 (names in one form: the middle-dot family,
full-width and surrounding spaces, NFC; traditional and Extension B characters kept)."""

from __future__ import annotations

import pytest

from models import Graduate
from tests import factories
from tests.fakes.wechat_server import fake_wechat
from tests.test_identity_wechat import _bind, _login
from tests.test_qr_card import _card, _send
from tests.test_roster_import import codes, idn, person, upload, xlsx
from tests.test_signing import _direct

ROSTER_NAME = "买买提·艾力"  # U+00B7, as the school's roster has it
TYPED = ["买买提・艾力", "买买提•艾力", "买买提‧艾力", "买买提･艾力", "买买提∙艾力", "买买提⋅艾力", "买买提·艾力",
         "买买提᛫艾力", "\u3000买买提 · 艾力 "]


@pytest.fixture
def wechat():
    with fake_wechat() as fake:
        yield fake


async def test_i7_6_roster_refuses_birth_dates_no_graduate_has_and_15_digit_numbers(world, client):
    people = [
        person("3220702301", "正常", 131),
        person("3220702302", "未来出生", 132, 身份证号=idn(132, birth="20300101")),
        person("3220702303", "十一岁", 133, 身份证号=idn(133, birth="20150101")),
        person("3220702304", "七十二岁", 134, 身份证号=factories.id_number("19540101", "110101", 134)),
        person("3220702305", "十五位", 135, 身份证号="340104030415135"),
    ]
    payload = await upload(client, xlsx(people), world.tokens["admin"])
    assert codes(payload) == [(line, "身份证号", "INVALID_ID_NUMBER") for line in (3, 4, 5, 6)]
    messages = [e["message"] for e in payload["result"]["rowErrors"]]
    assert messages[0] == "身份证号码无效：出生日期晚于今天"
    assert "对应年龄 11 岁，不在 14 至 70 岁之间" in messages[1] and "对应年龄 72 岁" in messages[2]
    assert messages[3].startswith("15 位旧身份证号码请换算为 18 位后填写")
    assert await Graduate.filter(student_number__in=["3220702301", "3220702302"]).count() == 0


async def test_i7_6_binding_refuses_an_impossible_birth_date_before_looking_anything_up(world, gql, wechat):
    future = idn(140, birth="20300101")
    graduate = await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701140",
                                        name="未来", idn=future)
    ticket = (await _login(gql, "c-future"))["bindingTicket"]
    payload = await _bind(gql, ticket, world.school, "未来", graduate.student_number, future)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["idNumber"], "INVALID_ID_NUMBER")]
    assert payload["errors"][0]["message"] == "身份证号码无效：出生日期晚于今天"
    payload = await _bind(gql, ticket, world.school, "未来", graduate.student_number, "340104300101140")
    assert "15 位旧身份证号码请换算为 18 位" in payload["errors"][0]["message"]
    assert not (await Graduate.get(id=graduate.id)).openid


async def test_i7_7_roster_stores_names_in_one_form(world, client):
    people = [
        person("3220702401", "买买提•艾力", 141),  # U+2022 as typed in the sheet
        person("3220702402", "\u3000陳曉明 ", 142),  # traditional stays traditional; spaces go
        person("3220702403", "𠮷田 花子", 143),  # Extension B is kept
        person("3220702404", "阿依古丽 ・ 买买提", 144),
    ]
    payload = await upload(client, xlsx(people), world.tokens["admin"])
    assert payload["errors"] == [] and payload["result"]["createdCount"] == 4
    stored = dict(await Graduate.filter(student_number__startswith="32207024").values_list("student_number", "name"))
    assert stored == {"3220702401": "买买提·艾力", "3220702402": "陳曉明", "3220702403": "𠮷田 花子",
                      "3220702404": "阿依古丽·买买提"}


async def test_i7_7_binding_matches_any_middle_dot_the_graduate_types(world, gql, wechat):
    idn_ = idn(150)
    graduate = await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701150",
                                        name=ROSTER_NAME, idn=idn_)
    for index, typed in enumerate(TYPED):
        ticket = (await _login(gql, f"c-dot-{index}"))["bindingTicket"]
        payload = await _bind(gql, ticket, world.school, typed, graduate.student_number, idn_)
        assert payload["errors"] == [], typed
        assert payload["graduate"]["name"] == ROSTER_NAME
        await Graduate.filter(id=graduate.id).update(openid=None)
    # A different name is still a different name.
    ticket = (await _login(gql, "c-dot-other"))["bindingTicket"]
    payload = await _bind(gql, ticket, world.school, "买买提艾力", graduate.student_number, idn_)
    assert [e["code"] for e in payload["errors"]] == ["BINDING_NOT_MATCHED"]


async def test_i7_7_direct_signing_identifies_a_name_typed_with_another_dot(world, gql):
    graduate = await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701160",
                                        name=ROSTER_NAME, idn=idn(160))
    await factories.ready_to_sign(graduate)
    payload = await _direct(gql, world, graduate, identity={"name": "买买提・艾力 "})
    assert payload["errors"] == []
    assert payload["invitation"]["graduate"]["name"] == ROSTER_NAME


async def test_i7_7_qr_card_identification_accepts_another_dot(world, gql, client):
    world.alice.name = ROSTER_NAME
    await world.alice.save(update_fields=["name"])
    await factories.ready_to_sign(world.alice)
    card = await _card(gql, world)
    payload = await _send(client, card, name="买买提•艾力")
    assert payload["errors"] == []
    assert payload["invitation"]["state"] == "PENDING"
