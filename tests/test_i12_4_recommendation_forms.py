"""Issue 12.4, the employment recommendation form (就业推荐表; seed 003 我的): the graduate fills it from the record
and the resume, the department recommends it and the school approves it (R2: one or two levels, as the school
chose), and the approved form downloads as a sealed PDF with the school's stamp block, for the graduate and their
school's staff only."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from models import AuditEntry, OutboxEvent, RecommendationForm, Review
from schema.relay import encode_id
from tests.sql_statements import statements

OPS = Path(__file__).parent.parent / "frontend-contract/operations"
MINI, CONSOLE = OPS / "mini-program", OPS / "console"
MY_FORM = (MINI / "MyRecommendationForm.graphql").read_text()
CREATE = (MINI / "CreateRecommendationForm.graphql").read_text()
UPDATE = (MINI / "UpdateRecommendationForm.graphql").read_text()
SUBMIT = (MINI / "SubmitRecommendationForm.graphql").read_text()
REOPEN = (MINI / "ReopenRecommendationForm.graphql").read_text()
MY_DOWNLOAD = (MINI / "DownloadMyRecommendationForm.graphql").read_text()
ADD_SECTION = (MINI / "AddResumeSection.graphql").read_text()
DOWNLOAD = (CONSOLE / "DownloadRecommendationForm.graphql").read_text()
FORMS = (CONSOLE / "RecommendationForms.graphql").read_text()
FORM = (CONSOLE / "RecommendationForm.graphql").read_text()
QUEUE = (CONSOLE / "ReviewQueue.graphql").read_text()
DECIDE = (CONSOLE / "DecideReview.graphql").read_text()

POPPLER = shutil.which("pdftotext")


def _codes(payload):
    return [(".".join(e["field"] or []) or None, e["code"]) for e in payload["errors"]]


async def _call(gql, world, who, query, field, **input):
    r = await gql(query, {"input": input}, token=world.tokens[who])
    assert "errors" not in r, r
    return r["data"][field]


async def _created(gql, world, who="alice", resume=True):
    if resume:
        for kind, title, content in (("EDUCATION", "安徽工程大学", "计算机科学与技术 本科 2022-2026"),
                                     ("AWARD", "国家奖学金", "2024 年"), ("SKILL", "英语六级", ""),
                                     ("OTHER", "性格开朗", "善于沟通")):
            added = await _call(gql, world, who, ADD_SECTION, "addResumeSection", kind=kind, title=title,
                                content=content)
            assert added["errors"] == []
    payload = await _call(gql, world, who, CREATE, "createRecommendationForm", fromResume=resume)
    assert payload["errors"] == []
    return payload["recommendationForm"]


async def _submitted(gql, world, who="alice"):
    form = await _created(gql, world, who)
    submitted = await _call(gql, world, who, SUBMIT, "submitRecommendationForm", id=form["id"])
    assert submitted["errors"] == []
    return submitted["recommendationForm"]


async def _review(form) -> Review:
    return await Review.filter(subject_type="recommendation_form").order_by("-id").first()


async def _decide(gql, world, who, review, decision, reason=None, fields=None):
    return await _call(gql, world, who, DECIDE, "decideReview", reviewId=encode_id("Review", review.id),
                       decision=decision, reason=reason, fieldsToFix=fields)


async def _approved(gql, world):
    form = await _submitted(gql, world)
    review = await _review(form)
    assert (await _decide(gql, world, "cs", review, "APPROVE", "该生品学兼优，同意推荐"))["errors"] == []
    assert (await _decide(gql, world, "admin", review, "APPROVE", "同意推荐"))["errors"] == []
    return form


async def test_i12_4_the_form_is_prefilled_from_the_record_and_the_resume(world, gql):
    assert (await gql(MY_FORM, token=world.tokens["alice"]))["data"]["myRecommendationForm"] is None
    form = await _created(gql, world)
    assert form["state"] == "DRAFT" and form["version"] == 1
    assert form["record"] == {
        "name": "陈晓明", "gender": "男", "birthDate": "2003-04-15", "politicalStatus": "", "ethnicity": "",
        "studentNumber": "3220701001", "school": "安徽工程大学", "department": "计算机与信息学院",
        "major": form["record"]["major"], "educationLevel": form["record"]["educationLevel"], "graduationYear": 2026}
    assert form["record"]["major"] and form["record"]["educationLevel"]
    assert form["phone"] == "13905510001"  # the owner sees the phone in full
    assert form["education"] == "安徽工程大学：计算机科学与技术 本科 2022-2026"
    assert (form["awards"], form["skills"], form["selfEvaluation"]) == ("国家奖学金：2024 年", "英语六级",
                                                                        "性格开朗：善于沟通")
    again = await _call(gql, world, "alice", CREATE, "createRecommendationForm", fromResume=True)
    assert _codes(again) == [(None, "RECOMMENDATION_FORM_EXISTS")]
    assert await RecommendationForm.filter(graduate_id=world.alice.id).count() == 1
    actions = await AuditEntry.filter(subject_type="recommendation_form").values_list("action", flat=True)
    assert actions == ["recommendation_form.created"]
    # Staff do not create forms; the graduate does (the role is declared on the mutation).
    staff = await _call(gql, world, "cs", CREATE, "createRecommendationForm", fromResume=True)
    assert _codes(staff) == [(None, "PERMISSION_DENIED")]


async def test_i12_4_the_graduate_edits_their_parts_but_not_the_school_held_fields(world, gql):
    form = await _created(gql, world, resume=False)
    # The input has no field for the record's data: a client cannot even ask.
    r = await gql(UPDATE, {"input": {"id": form["id"], "name": "改名"}}, token=world.tokens["alice"])
    assert "errors" in r and "name" in r["errors"][0]["message"]
    changed = await _call(gql, world, "alice", UPDATE, "updateRecommendationForm", id=form["id"],
                          awards="校级三好学生", selfEvaluation="踏实肯干", phone="13905519999")
    assert changed["errors"] == []
    got = changed["recommendationForm"]
    assert (got["awards"], got["selfEvaluation"], got["phone"], got["record"]["name"]) == (
        "校级三好学生", "踏实肯干", "13905519999", "陈晓明")
    bad = await _call(gql, world, "alice", UPDATE, "updateRecommendationForm", id=form["id"], phone="123",
                      email="not-an-email", skills="x" * 2001)
    assert sorted(_codes(bad)) == [("email", "INVALID_EMAIL"), ("phone", "INVALID_PHONE"), ("skills", "TOO_LONG")]
    # Another graduate's form does not exist for bob (not disclosed).
    other = await _call(gql, world, "bob", UPDATE, "updateRecommendationForm", id=form["id"], awards="x")
    assert _codes(other) == [("id", "NOT_FOUND")]
    entry = await AuditEntry.get(action="recommendation_form.updated")
    assert entry.after["awards"] == "校级三好学生" and entry.after["phone_changed"] is True
    assert "13905519999" not in str(entry.after)  # the phone stays out of the log


async def test_i12_4_department_recommends_then_the_school_approves(world, gql):
    form = await _created(gql, world, resume=False)
    missing = await _call(gql, world, "alice", SUBMIT, "submitRecommendationForm", id=form["id"])
    assert _codes(missing) == [("selfEvaluation", "REQUIRED")]
    await _call(gql, world, "alice", UPDATE, "updateRecommendationForm", id=form["id"], selfEvaluation="踏实肯干")
    submitted = await _call(gql, world, "alice", SUBMIT, "submitRecommendationForm", id=form["id"])
    assert submitted["recommendationForm"]["state"] == "SUBMITTED"
    locked = await _call(gql, world, "alice", UPDATE, "updateRecommendationForm", id=form["id"], awards="x")
    assert _codes(locked) == [(None, "INVALID_STATE")]

    # R2: in the cs reviewer's queue, not in the law reviewer's.
    listed = await gql(QUEUE, {"filter": {"subjectType": "RECOMMENDATION_FORM"}}, token=world.tokens["cs"])
    rows = [e["node"] for e in listed["data"]["reviewQueue"]["edges"]]
    assert [(r["subjectType"], r["graduate"]["name"], r["recommendationForm"]["id"], r["agreement"])
            for r in rows] == [("RECOMMENDATION_FORM", "陈晓明", form["id"], None)]
    law = await gql(QUEUE, {"filter": {"subjectType": "RECOMMENDATION_FORM"}}, token=world.tokens["law"])
    assert law["data"]["reviewQueue"]["edges"] == []

    review = await _review(form)
    assert _codes(await _decide(gql, world, "law", review, "APPROVE", "同意")) == [("reviewId", "PERMISSION_DENIED")]
    no_comment = await _decide(gql, world, "cs", review, "APPROVE")
    assert _codes(no_comment) == [("reason", "REASON_REQUIRED")] and "推荐意见" in no_comment["errors"][0]["message"]
    first = await _decide(gql, world, "cs", review, "APPROVE", "该生品学兼优，同意推荐")
    assert first["errors"] == []
    assert first["review"]["recommendationForm"]["state"] == "FIRST_APPROVED"
    assert first["review"]["recommendationForm"]["departmentComment"] == "该生品学兼优，同意推荐"
    final = await _decide(gql, world, "admin", review, "APPROVE", "同意推荐")
    assert final["errors"] == [] and final["review"]["recommendationForm"]["state"] == "APPROVED"
    mine = (await gql(MY_FORM, token=world.tokens["alice"]))["data"]["myRecommendationForm"]
    assert (mine["state"], mine["departmentComment"], mine["schoolComment"], mine["downloadable"]) == (
        "APPROVED", "该生品学兼优，同意推荐", "同意推荐", True)
    assert [d["level"] for d in mine["reviews"][0]["decisions"]] == ["DEPARTMENT", "SCHOOL"]

    decided = await OutboxEvent.get(kind="recommendation_form.decided")
    assert (decided.graduate_id, decided.payload["decision"], decided.payload["state"]) == (
        world.alice.id, "approve", "approved")
    # Not a change of the signing or destination record: no record.changed SMS (X3).
    assert not await OutboxEvent.filter(kind="record.changed").exists()
    actions = await AuditEntry.filter(subject_type="recommendation_form").order_by("id").values_list("action",
                                                                                                       flat=True)
    assert actions == ["recommendation_form.created", "recommendation_form.updated",
                       "recommendation_form.submitted", "recommendation_form.first_approved",
                       "recommendation_form.approved"]


async def test_i12_4_a_returned_form_is_fixed_and_resubmitted_as_a_new_round(world, gql):
    form = await _submitted(gql, world)
    review = await _review(form)
    unknown = await _decide(gql, world, "cs", review, "RETURN", "请补充", ["name"])
    assert _codes(unknown) == [("fieldsToFix", "INVALID_INPUT")]
    returned = await _decide(gql, world, "cs", review, "RETURN", "自我评价过于简略", ["selfEvaluation"])
    assert returned["errors"] == []
    assert returned["review"]["recommendationForm"]["fieldsToFix"] == [{"name": "selfEvaluation", "label": "自我评价"}]
    event = await OutboxEvent.get(kind="recommendation_form.decided")
    assert event.payload["fieldsToFix"] == ["自我评价"] and event.payload["reason"] == "自我评价过于简略"

    fixed = await _call(gql, world, "alice", UPDATE, "updateRecommendationForm", id=form["id"],
                        selfEvaluation="踏实肯干，乐于学习，有团队精神")
    assert fixed["errors"] == [] and fixed["recommendationForm"]["state"] == "RETURNED"
    again = await _call(gql, world, "alice", SUBMIT, "submitRecommendationForm", id=form["id"])
    assert again["recommendationForm"]["state"] == "SUBMITTED"
    assert again["recommendationForm"]["fieldsToFix"] == []
    assert await Review.filter(subject_type="recommendation_form").order_by("round").values_list(
        "round", "state") == [(1, "returned"), (2, "pending_department")]

    # Refused (不予推荐) with a reason; the graduate may start over with a new version.
    second = await _review(form)
    rejected = await _decide(gql, world, "cs", second, "REJECT", "存在违纪处分")
    assert rejected["review"]["recommendationForm"]["state"] == "REJECTED"
    reopened = await _call(gql, world, "alice", REOPEN, "reopenRecommendationForm", id=form["id"])
    assert (reopened["recommendationForm"]["state"], reopened["recommendationForm"]["version"]) == ("DRAFT", 2)


async def test_r2_a_one_level_school_reviews_recommendation_forms_at_the_school_only(world, gql):
    world.school.review_levels = 1
    await world.school.save()
    form = await _submitted(gql, world)
    review = await _review(form)
    assert review.state == "pending_school"
    assert _codes(await _decide(gql, world, "cs", review, "APPROVE", "同意")) == [("reviewId", "PERMISSION_DENIED")]
    approved = await _decide(gql, world, "admin", review, "APPROVE", "同意推荐")
    form = approved["review"]["recommendationForm"]
    assert (form["state"], form["departmentComment"], form["schoolComment"]) == ("APPROVED", "", "同意推荐")


async def test_i12_4_staff_see_the_forms_of_their_scope_only(world, gql):
    await _submitted(gql, world, "alice")
    await _submitted(gql, world, "bob")
    await _submitted(gql, world, "carol")

    async def names(who, **filter):
        r = await gql(FORMS, {"filter": filter or None}, token=world.tokens[who])
        return sorted(e["node"]["graduate"]["name"] for e in r["data"]["recommendationForms"]["edges"])

    assert await names("cs") == ["陈晓明"]
    assert await names("law") == ["周大伟"]
    assert await names("admin") == ["周大伟", "陈晓明"]
    assert await names("admin", departmentId=encode_id("Department", world.law.id)) == ["周大伟"]
    assert await names("other_admin") == ["林小雨"]
    refused = await gql(FORMS, token=world.tokens["province"])
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    # node(id:) follows the same rule: bob's form is not there for the cs reviewer or for alice.
    bob_form = await RecommendationForm.get(graduate_id=world.bob.id)
    for who in ("cs", "alice", "other_admin", "employer"):
        r = await gql(FORM, {"id": encode_id("RecommendationForm", bob_form.id)}, token=world.tokens[who])
        assert r["data"]["node"] is None, who
    seen = await gql(FORM, {"id": encode_id("RecommendationForm", bob_form.id)}, token=world.tokens["law"])
    assert seen["data"]["node"]["record"]["name"] == "周大伟" and seen["data"]["node"]["phone"] == "13905510002"


async def test_i12_4_a_page_of_forms_costs_the_same_statements_whatever_its_size(world, gql):
    from tests import factories

    counts = []
    for n in (1, 4):
        while await RecommendationForm.filter(school_id=world.school.id).count() < n:
            graduate = await factories.graduate(world.school, world.cs, world.cs_major)
            world.tokens["extra"] = factories.token(factories.Role.GRADUATE, graduate)
            await _submitted(gql, world, "extra")
        with statements() as seen:
            r = await gql(FORMS, token=world.tokens["admin"])
        assert len(r["data"]["recommendationForms"]["edges"]) == n
        counts.append(len(seen))
    assert counts[0] == counts[1]


def _text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
                          ).stdout.decode()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.mark.skipif(not POPPLER, reason="needs poppler-utils (pdftotext): scripts/system-deps")
async def test_i12_4_the_approved_form_downloads_as_a_pdf_with_the_stamp_block(world, gql, client, clock):
    clock.set(dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC))
    form = await _submitted(gql, world)
    early = await _call(gql, world, "alice", MY_DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
    assert _codes(early) == [("formId", "RECOMMENDATION_FORM_NOT_APPROVED")] and early["url"] is None
    review = await _review(form)
    await _decide(gql, world, "cs", review, "APPROVE", "该生品学兼优，同意推荐")
    await _decide(gql, world, "admin", review, "APPROVE", "同意推荐")

    mine = await _call(gql, world, "alice", MY_DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
    assert mine["errors"] == [] and mine["url"].startswith("http://testserver/files/")
    r = await client.get(_path(mine["url"]))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/pdf")
    text = _text_of(r.content)
    for shown in ("安徽工程大学 2026届毕业生就业推荐表", "陈晓明", "2003-04-15", "计算机与信息学院",
                  "13905510001", "国家奖学金", "英语六级", "性格开朗", "院系", "该生品学兼优，同意推荐",
                  "同意推荐", "学校就业部门（盖章）", "2026 年 5 月 20 日"):
        assert shown in text, shown

    # The school's staff of the graduate's scope download the same stored file; no one else does.
    for who in ("cs", "admin"):
        staff = await _call(gql, world, who, DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
        assert staff["errors"] == [] and (await client.get(_path(staff["url"]))).content == r.content
    for who in ("law", "other_admin", "bob", "carol"):
        refused = await _call(gql, world, who, DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
        assert _codes(refused) == [("formId", "NOT_FOUND")], who
    employer = await _call(gql, world, "employer", DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
    assert _codes(employer) == [(None, "PERMISSION_DENIED")]
    assert await AuditEntry.filter(action="recommendation_form.rendered").count() == 1

    # Reopened, it is a new version: the approved PDF no longer serves until it is approved again.
    reopened = await _call(gql, world, "alice", REOPEN, "reopenRecommendationForm", id=form["id"])
    assert (reopened["recommendationForm"]["version"], reopened["recommendationForm"]["departmentComment"]) == (2, "")
    after = await _call(gql, world, "admin", DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
    assert _codes(after) == [("formId", "RECOMMENDATION_FORM_NOT_APPROVED")]


@pytest.mark.postgres_only
async def test_i12_4_two_first_requests_at_once_make_one_form(world, gql):
    results = await asyncio.gather(*(
        gql(CREATE, {"input": {"fromResume": True}}, token=world.tokens["alice"]) for _ in range(4)))
    codes = sorted(tuple(_codes(r["data"]["createRecommendationForm"])) for r in results)
    assert codes.count(()) == 1 and all(c == ((None, "RECOMMENDATION_FORM_EXISTS"),) for c in codes if c)
    assert await RecommendationForm.filter(graduate_id=world.alice.id).count() == 1


async def test_r1_recommendation_forms_in_the_review_queue_export(world, gql, client):
    from tests.test_exports import column, exported

    await _submitted(gql, world, "alice")
    done, rows = await exported(gql, client, world.tokens["cs"], "REVIEW_QUEUE",
                                reviewQueue={"subjectType": "RECOMMENDATION_FORM"})
    assert done["rowCount"] == 1
    assert column(done, rows, "审核对象") == ["就业推荐表"] and column(done, rows, "姓名") == ["陈晓明"]
    assert column(done, rows, "协议编号") == [None]  # an empty cell: the form has no agreement


# --- B5: personal data at rest; the PDF rendered with no transaction open ------------------------------------

PLAIN = ("13905510001", "13905519999", "2003-04-15", "20030415")


async def _raw_form_row(form_id: int) -> str:
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict("SELECT * FROM recommendation_form WHERE id = "
                                                               + str(int(form_id)))
    return str(rows[0])


async def test_b5_the_forms_phone_and_birth_date_are_encrypted_at_rest_and_kept_out_of_the_audit_log(world, gql):
    form = await _created(gql, world)
    form_id = (await RecommendationForm.get(graduate_id=world.alice.id)).id
    changed = await _call(gql, world, "alice", UPDATE, "updateRecommendationForm", id=form["id"],
                          phone="13905519999")
    assert changed["errors"] == []
    submitted = await _call(gql, world, "alice", SUBMIT, "submitRecommendationForm", id=form["id"])
    assert submitted["errors"] == []
    # The stored row, as the database holds it: the record copy without the birth date, nothing in clear.
    raw = await _raw_form_row(form_id)
    assert "phone_enc" in raw and "birth_date_enc" in raw
    for plain in PLAIN:
        assert plain not in raw, plain
    row = await RecommendationForm.get(id=form_id)
    assert "birthDate" not in row.record and row.birth_date_enc.startswith("v1:")
    # The audit entries of creating, editing and submitting the form say what changed, never the value.
    entries = await AuditEntry.filter(subject_type="recommendation_form", subject_id=form_id)
    assert [e.action for e in entries] == ["recommendation_form.created", "recommendation_form.updated",
                                           "recommendation_form.submitted"]
    for entry in entries:
        for plain in PLAIN:
            assert plain not in str(entry.before) + str(entry.after), (entry.action, plain)
    # Submitting copies the record again; the birth date did not change, so the log does not claim it did.
    submit_entry = entries[-1]
    assert "record" in submit_entry.after and "birth_date_enc" not in submit_entry.after
    # Only the graduate and their own school's staff can see the form at all (others get NOT_FOUND, shown in
    # test_i12_4_staff_see_the_forms_of_their_scope_only), and they see both in full.
    for who in ("alice", "cs", "admin"):
        seen = (await gql(FORM, {"id": form["id"]}, token=world.tokens[who]))["data"]["node"]
        assert (seen["phone"], seen["record"]["birthDate"]) == ("13905519999", "2003-04-15"), who


def test_b5_a_masked_birth_date_shows_the_year_only():
    from resolvers.recommendation_forms.content import mask_birth_date

    assert (mask_birth_date("2003-04-15"), mask_birth_date("")) == ("2003-**-**", "")


async def test_i12_4_the_first_download_renders_with_no_transaction_open(world, gql, monkeypatch):
    from tortoise import connections
    from tortoise.backends.base.client import TransactionalDBClient

    from pdf import recommendation_forms as pdfs

    form = await _approved(gql, world)
    in_transaction = []
    render_pdf = pdfs.render_pdf

    async def watched(row):
        in_transaction.append(isinstance(connections.get("default"), TransactionalDBClient))
        return await render_pdf(row)

    monkeypatch.setattr(pdfs, "render_pdf", watched)
    first = await _call(gql, world, "alice", MY_DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
    again = await _call(gql, world, "cs", DOWNLOAD, "downloadRecommendationForm", formId=form["id"])
    assert first["errors"] == [] and again["errors"] == []
    assert in_transaction == [False]  # rendered once, outside any transaction; the second download served it
    assert _path(first["url"]).split("?")[0] == _path(again["url"]).split("?")[0]


@pytest.mark.postgres_only
async def test_i12_4_two_first_downloads_at_once_store_one_pdf(world, gql):
    from models import StoredFile
    from pdf.recommendation_forms import PURPOSE
    from server.settings import get_settings

    form = await _approved(gql, world)
    folder = Path(get_settings().files_path) / PURPOSE  # shared by the session's tests: count what is new
    before = set(folder.iterdir()) if folder.exists() else set()
    results = await asyncio.gather(*(
        gql(query, {"input": {"formId": form["id"]}}, token=world.tokens[who])
        for who, query in (("alice", MY_DOWNLOAD), ("cs", DOWNLOAD), ("admin", DOWNLOAD), ("alice", MY_DOWNLOAD))))
    payloads = [r["data"]["downloadRecommendationForm"] for r in results]
    assert all(p["errors"] == [] for p in payloads), payloads
    # Every request links the one stored file; the losers' renderings left neither a row nor bytes behind.
    assert len({_path(p["url"]).split("?")[0] for p in payloads}) == 1
    assert await StoredFile.filter(purpose=PURPOSE).count() == 1
    assert len(set(folder.iterdir()) - before) == 1
    assert await AuditEntry.filter(action="recommendation_form.rendered").count() == 1
