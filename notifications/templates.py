"""What each event kind says, in Chinese, in one place: the inbox title and body, a short SMS text and the email.

Rendered from the kind's payload dataclass (resolvers/outbox.py); a new kind without a template fails
tests/test_notification_inbox.py, which renders every kind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resolvers import outbox
from resolvers.outbox import EventKind
from server import clock, crypto


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    sms: str  # short: one SMS segment where the facts allow; the provider adds the signature


def _time(value: dt.datetime) -> str:
    return clock.in_platform_zone(value).strftime("%Y年%m月%d日 %H:%M")


def _reason(reason: str | None) -> str:
    return f"理由：{reason}。" if reason else ""


_INVITATION_STATE = {"accepted": "已接受", "declined": "已拒绝", "expired": "逾期未答复"}
_INTERVIEW_ANSWER = {"accepted": "接受", "declined": "拒绝"}
_INTERVIEW_RESULT = {"passed": "通过", "failed": "未通过"}
_SUBJECT = {"agreement": "就业协议", "termination": "解约申请", "destination": "去向登记"}
_LEVEL = {"pending_department": "院系审核", "pending_school": "学校审核"}
_REVIEW_DECISION = {"approve": "审核通过", "return": "被退回修改", "reject": "审核未通过"}
_TERMINATION_DECISION = {"approve": "学校同意解约", "reject": "学校不同意解约"}
_RECORD_CHANGE = {
    "wechat_unbound": "学校老师解除了你的微信绑定",
    "unlock": "学校老师解锁了你的签约状态",
    "agreement_advanced": "院系老师审核通过了你的就业协议，待学校终审",
    "agreement_approve": "学校老师审核通过了你的就业协议",
    "agreement_return": "学校老师退回了你的就业协议，请按意见修改",
    "agreement_reject": "学校老师审核不通过你的就业协议",
    "termination_advanced": "院系老师同意了你的解约申请，待学校终审",
    "termination_approve": "学校老师同意了你的解约申请",
    "termination_reject": "学校老师不同意你的解约申请",
    "correction_accepted": "学校老师采纳了你的纠错申请，修改了你的生源信息",
    "destination_advanced": "院系老师初审通过了你的去向登记，待学校终审",
    "destination_approve": "学校老师审核通过了你的去向登记",
    "destination_return": "学校老师退回了你的去向登记，请按意见修改",
    "destination_reject": "学校老师审核不通过你的去向登记",
    "destination_entered": "学校老师为你录入了毕业去向，请上传证明材料后提交",
    "destination_updated": "学校老师修改了你的去向登记",
    "destination_corrected": "审核老师修改了你的去向登记",
    "paper_form_collected": "学校老师登记回收了你的纸质协议书",
    "paper_form_reissued": "学校老师为你补发了纸质协议书，原件作废",
}
_FREED_BY = {"agreement_rejected": "就业协议审核未通过", "termination_approved": "解约申请已获同意",
             "unlock": "学校已解锁你的签约状态", "destination_voided": "你已作废原毕业去向"}


def _invitation_received(p: outbox.InvitationReceived) -> Message:
    return Message(
        "收到签约邀请",
        f"{p.employer_name}邀请你签订「{p.position_title}」岗位的就业协议，请在{_time(p.deadline)}前答复。",
        f"{p.employer_name}邀请你签约{p.position_title}，请于{_time(p.deadline)}前在网签小程序答复。")


def _invitation_answered(p: outbox.InvitationAnswered) -> Message:
    state = _INVITATION_STATE.get(p.state, p.state)
    body = f"{p.graduate_name}{state}「{p.position_title}」岗位的签约邀请。"
    if p.agreement_number:
        body += f"协议编号 {p.agreement_number}，待学校审核。"
    body += _reason(p.reason)
    return Message(f"签约邀请{state}", body, f"{p.graduate_name}{state}{p.position_title}的签约邀请。")


def _invitation_withdrawn(p: outbox.InvitationWithdrawn) -> Message:
    text = f"{p.employer_name}撤回了「{p.position_title}」岗位的签约邀请。"
    return Message("签约邀请已撤回", text, text)


def _invitation_expired(p: outbox.InvitationExpired) -> Message:
    text = f"{p.employer_name}「{p.position_title}」岗位的签约邀请已于{_time(p.deadline)}逾期，未答复。"
    return Message("签约邀请已逾期", text, text)


def _invitations_answerable(p: outbox.InvitationsAnswerable) -> Message:
    freed = _FREED_BY.get(p.cause, "你已恢复待就业")
    count = len(p.invitation_ids)
    return Message("签约邀请可以重新答复",
                   f"{freed}，你尚未逾期的 {count} 份签约邀请可以重新答复。",
                   f"{freed}，你有{count}份签约邀请可重新答复，详见网签小程序。")


def _interview_received(p: outbox.InterviewReceived) -> Message:
    where = "，".join(x for x in (p.place, p.link) if x)
    body = f"{p.employer_name}邀请你参加「{p.position_title}」岗位的面试，时间 {_time(p.scheduled_at)}"
    body += f"，地点 {where}。" if where else "。"
    if p.note:
        body += f"备注：{p.note}"
    return Message("收到面试邀请", body,
                   f"{p.employer_name}邀请你于{_time(p.scheduled_at)}面试{p.position_title}，详见网签小程序。")


def _interview_answered(p: outbox.InterviewAnswered) -> Message:
    answer = _INTERVIEW_ANSWER.get(p.state, p.state)
    text = f"{p.graduate_name}{answer}了「{p.position_title}」岗位的面试邀请。"
    return Message(f"面试邀请已{answer}", text, text)


def _interview_result(p: outbox.InterviewResultRecorded) -> Message:
    result = _INTERVIEW_RESULT.get(p.state, p.state)
    body = f"你在{p.employer_name}「{p.position_title}」岗位的面试结果：{result}。"
    if p.note:
        body += f"备注：{p.note}"
    return Message(f"面试结果：{result}", body, f"{p.employer_name}{p.position_title}面试结果：{result}。")


def _review_requested(p: outbox.ReviewRequested) -> Message:
    subject = _SUBJECT.get(p.subject_type, p.subject_type)
    level = _LEVEL.get(p.state, "审核")
    return Message(
        f"待{level}：{p.graduate_name}的{subject}",
        f"{p.graduate_name}的{subject}（第 {p.round} 轮）等待{level}，请在审核队列中处理。",
        f"{p.graduate_name}的{subject}等待{level}。")


def _review_advanced(p: outbox.ReviewAdvanced) -> Message:
    subject = _SUBJECT.get(p.subject_type, p.subject_type)
    what = f"就业协议 {p.agreement_number}" + ("" if p.subject_type == "agreement" else " 的解约申请")
    text = f"{what}已通过院系初审，等待学校终审。"
    return Message(f"{subject}已通过院系初审", text, text)


def _review_withdrawn(p: outbox.ReviewWithdrawn) -> Message:
    subject = _SUBJECT.get(p.subject_type, p.subject_type)
    level = _LEVEL.get(p.previous_state, "审核")
    return Message(f"已撤销：{p.graduate_name}的{subject}",
                   f"{p.graduate_name}的{subject}（第 {p.round} 轮）已撤回或作废，无需再{level}。" + _reason(p.reason),
                   f"{p.graduate_name}的{subject}已撤回，无需审核。")


def _review_decided(p: outbox.ReviewDecided) -> Message:
    decision = _REVIEW_DECISION.get(p.decision, p.decision)
    body = f"就业协议 {p.agreement_number} {decision}。" + _reason(p.reason)
    if p.stage == "content" and p.decision == "approve":
        decision = "信息审核通过"
        body = (f"就业协议 {p.agreement_number} 信息审核通过，请下载打印协议书，交用人单位盖章后回传，"
                "或请用人单位通过短信链接回传。")
    if p.fields_to_fix:
        body += f"需修改：{'、'.join(p.fields_to_fix)}。"
    if p.message:
        body += p.message
    elif p.notice:
        body += p.notice
    return Message(f"就业协议{decision}", body, f"就业协议{p.agreement_number}{decision}，详见网签平台。")


def _termination_decided(p: outbox.TerminationDecided) -> Message:
    decision = _TERMINATION_DECISION.get(p.decision, p.decision)
    return Message(decision, f"就业协议 {p.agreement_number} 的解约申请：{decision}。" + _reason(p.reason),
                   f"协议{p.agreement_number}解约申请：{decision}。")


def _destination_decided(p: outbox.DestinationDecided) -> Message:
    decision = _REVIEW_DECISION.get(p.decision, p.decision)
    body = f"你登记的毕业去向「{p.destination}」{decision}。" + _reason(p.reason)
    if p.fields_to_fix:
        body += f"需修改：{'、'.join(p.fields_to_fix)}。"
    if p.decision == "reject":
        body += "原登记已作废，请重新选择毕业去向并登记。"
    return Message(f"去向登记{decision}", body, f"你的去向登记{decision}，详见网签平台。")


def _correction_requested(p: outbox.CorrectionRequested) -> Message:
    return Message(f"{p.graduate_name}申请更正{p.label}",
                   f"{p.graduate_name}申请更正生源信息「{p.label}」。" + _reason(p.reason),
                   f"{p.graduate_name}申请更正{p.label}，请及时处理。")


def _correction_decided(p: outbox.CorrectionDecided) -> Message:
    result = "已通过" if p.accepted else "未通过"
    return Message(f"更正申请{result}", f"你更正「{p.label}」的申请{result}。" + _reason(p.reason),
                   f"你更正{p.label}的申请{result}。")


def _correction_withdrawn(p: outbox.CorrectionWithdrawn) -> Message:
    text = f"{p.graduate_name}撤回了更正「{p.label}」的申请。"
    return Message(f"{p.graduate_name}撤回了纠错申请", text, text)


def _record_changed(p: outbox.RecordChanged) -> Message:
    change = _RECORD_CHANGE.get(p.change, "学校老师修改了你的记录")
    body = f"{change}。" + _reason(p.reason)
    if p.agreement_number:
        body += f"协议编号 {p.agreement_number}。"
    if p.voided_agreement:
        body += f"就业协议 {p.voided_agreement} 已作废。"
    # The inbox names what changed; the SMS stays one segment where it can and sends the graduate to the app.
    details = "变更内容：" + "；".join(p.changes) + "。" if p.changes else ""
    return Message("你的记录已被修改", body + details, body)


def _application_received(p: outbox.ApplicationReceived) -> Message:
    text = f"{p.graduate_name}申请了「{p.position_title}」岗位。"
    return Message("收到职位申请", text, text)


def _fraud_reported(p: outbox.FraudReported) -> Message:
    return Message("收到虚假招聘举报",
                   f"有毕业生举报{p.employer_name}的「{p.position_title}」岗位涉嫌虚假招聘。" + _reason(p.reason),
                   f"有毕业生举报{p.employer_name}的{p.position_title}岗位，请及时核查。")


def _print_code_scanned(p: outbox.PrintCodeScanned) -> Message:
    # No inbox reads this kind (the print page does); the text keeps the rule that every kind has one.
    text = f"就业协议书 {p.agreement_number} 已发送到打印页面。"
    return Message("协议书已发送到打印页面", text, text)


def _upload_link_sent(p: outbox.UploadLinkSent) -> Message:
    # The link itself goes in the SMS only (its parameters); the rendered texts never carry the token.
    return Message(f"请回传{p.graduate_name}的盖章就业协议书",
                   f"{p.employer_name}：毕业生{p.graduate_name}请贵单位在就业协议书 {p.agreement_number} 上盖章，"
                   f"并通过短信中的链接回传盖章协议书图像；链接仅可使用一次，{_time(p.expires_at)}前有效。",
                   f"毕业生{p.graduate_name}请贵单位回传盖章的就业协议书，链接见短信。")


_NOTICE_KIND = {"notice": "通知公告", "employment_news": "就业资讯"}


def _notice_published(p: outbox.NoticePublished) -> Message:
    kind = _NOTICE_KIND.get(p.kind, "通知公告")
    return Message(f"新的{kind}", f"{p.publisher}发布了{kind}「{p.title}」，请在小程序首页查看。",
                   f"{p.publisher}发布了{kind}：{_cut(p.title, 20)}，请在网签小程序查看。")


def _positions_matched(p: outbox.PositionsMatched) -> Message:
    where = f"（{p.location_name}）" if p.location_name else ""
    if p.count == 1:
        return Message("有新职位符合你的求职意向",
                       f"{p.employer_name}发布的职位「{p.position_title}」{where}符合你的求职意向，"
                       "可在【我的】【求职意向职位】中查看并投递。",
                       f"{_cut(p.employer_name, 12)}的职位{_cut(p.position_title, 10)}符合你的求职意向，"
                       "请在网签小程序查看。")
    return Message(f"有 {p.count} 个职位符合你的求职意向",
                   f"按你的求职意向，有 {p.count} 个正在招聘的职位符合，最新的是{p.employer_name}的"
                   f"「{p.position_title}」{where}，可在【我的】【求职意向职位】中查看。",
                   f"有{p.count}个职位符合你的求职意向，如{_cut(p.position_title, 10)}，请在网签小程序查看。")


_FAIR_DECISION = {"approve": "审核通过", "reject": "审核未通过"}


def _fair_application_decided(p: outbox.FairApplicationDecided) -> Message:
    decision = _FAIR_DECISION.get(p.decision, p.decision)
    body = f"贵单位参加{p.school_name}「{p.fair_title}」（{_time(p.starts_at)}开始）的申请{decision}。"
    return Message(f"招聘会参会申请{decision}", body + _reason(p.reason),
                   f"贵单位参加{p.school_name}招聘会{_cut(p.fair_title, 16)}的申请{decision}，详见网签平台。")


def _fair_application_received(p: outbox.FairApplicationReceived) -> Message:
    return Message("收到招聘会参会申请",
                   f"{p.employer_name}申请参加「{p.fair_title}」（{_time(p.starts_at)}开始），携带 {p.position_count} "
                   "个职位，请在招聘会参会申请中审核。",
                   f"{_cut(p.employer_name, 20)}申请参加招聘会{_cut(p.fair_title, 16)}，请及时审核。")


def _fair_cancelled(p: outbox.FairCancelled) -> Message:
    return Message("招聘会已取消",
                   f"{p.school_name}原定{_time(p.starts_at)}举行的「{p.fair_title}」已取消。" + _reason(p.reason),
                   f"{p.school_name}招聘会{_cut(p.fair_title, 16)}已取消，详见网签平台。")


def _fair_reminder(p: outbox.FairReminder) -> Message:
    where = f"地点：{p.place}。" if p.place else "线上举行，请从小程序进入会场链接。"
    return Message("招聘会即将开始",
                   f"你报名的{p.school_name}「{p.fair_title}」将于{_time(p.starts_at)}开始。{where}",
                   f"你报名的招聘会{_cut(p.fair_title, 16)}将于{_time(p.starts_at)}开始，请准时参加。")


_RECOMMENDATION_DECISION = {"approve": "审核通过", "return": "被退回修改", "reject": "未获推荐"}


def _recommendation_form_decided(p: outbox.RecommendationFormDecided) -> Message:
    decision = _RECOMMENDATION_DECISION.get(p.decision, p.decision)
    body = f"你的就业推荐表{decision}。"
    if p.decision == "approve":
        body += (f"学校意见：{p.reason}。" if p.reason else "") + "可在小程序「我的」中下载盖章版推荐表。"
    else:
        body += _reason(p.reason)
    if p.fields_to_fix:
        body += f"需修改：{'、'.join(p.fields_to_fix)}。"
    return Message(f"就业推荐表{decision}", body, f"你的就业推荐表{decision}，详见网签小程序。")


TEMPLATES: dict[EventKind, Callable[[Any], Message]] = {
    EventKind.INVITATION_RECEIVED: _invitation_received,
    EventKind.INVITATION_ANSWERED: _invitation_answered,
    EventKind.INVITATION_WITHDRAWN: _invitation_withdrawn,
    EventKind.INVITATION_EXPIRED: _invitation_expired,
    EventKind.INVITATIONS_ANSWERABLE: _invitations_answerable,
    EventKind.INTERVIEW_RECEIVED: _interview_received,
    EventKind.INTERVIEW_ANSWERED: _interview_answered,
    EventKind.INTERVIEW_RESULT_RECORDED: _interview_result,
    EventKind.REVIEW_REQUESTED: _review_requested,
    EventKind.REVIEW_ADVANCED: _review_advanced,
    EventKind.REVIEW_WITHDRAWN: _review_withdrawn,
    EventKind.REVIEW_DECIDED: _review_decided,
    EventKind.TERMINATION_DECIDED: _termination_decided,
    EventKind.DESTINATION_DECIDED: _destination_decided,
    EventKind.CORRECTION_REQUESTED: _correction_requested,
    EventKind.CORRECTION_DECIDED: _correction_decided,
    EventKind.CORRECTION_WITHDRAWN: _correction_withdrawn,
    EventKind.RECORD_CHANGED: _record_changed,
    EventKind.APPLICATION_RECEIVED: _application_received,
    EventKind.FRAUD_REPORTED: _fraud_reported,
    EventKind.PRINT_CODE_SCANNED: _print_code_scanned,
    EventKind.UPLOAD_LINK_SENT: _upload_link_sent,
    EventKind.NOTICE_PUBLISHED: _notice_published,
    EventKind.POSITIONS_MATCHED: _positions_matched,
    EventKind.FAIR_APPLICATION_DECIDED: _fair_application_decided,
    EventKind.FAIR_CANCELLED: _fair_cancelled,
    EventKind.FAIR_REMINDER: _fair_reminder,
    EventKind.RECOMMENDATION_FORM_DECIDED: _recommendation_form_decided,
    EventKind.FAIR_APPLICATION_RECEIVED: _fair_application_received,
}


def render(kind: EventKind, payload: Any) -> Message:
    if type(payload) is not outbox.PAYLOADS[kind]:
        raise TypeError(f"{kind} carries a {outbox.PAYLOADS[kind].__name__}, not {type(payload).__name__}")
    return TEMPLATES[kind](payload)


# WeChat (subscribe and official-account template messages) and SMS carry keyword values, not free text: each
# approved template declares typed keywords, and WeChat refuses a value longer than its type allows (47003). One
# list of keywords per kind serves the three: subscribe data as is, official-account data cut to 20 characters
# without newlines, SMS template parameters by name (Aliyun) or in this order (Tencent). The keys are those of
# the templates the deployment picks from WeChat's library and gets approved for SMS (see README).

# Characters per keyword type (REFERENCE.md §WeChat field limits); time and date have formats instead.
# "url": an SMS template variable of link type (the upload link of F1); no WeChat template carries one.
KEYWORD_LIMITS = {"thing": 20, "name": 10, "phrase": 5, "character_string": 32, "number": 32, "url": 255,
                  "phone_number": 17, "time": 20, "date": 12}
OFFICIAL_ACCOUNT_LIMIT = 20
_NOT_CODE = re.compile(r"[^0-9A-Za-z_\-.:/#@]")
_NOT_PHRASE = re.compile(r"[^\u4e00-\u9fff]")
_BREAKS = re.compile(r"\s+")


@dataclass(frozen=True)
class Keyword:
    key: str  # e.g. thing1, time3: the type is the key without its number
    value: str | dt.datetime | dt.date

    @property
    def type(self) -> str:
        return self.key.rstrip("0123456789")


def _cut(text: str, limit: int) -> str:
    # A cut value keeps its meaning better with an ellipsis than clipped mid-word without a mark.
    return text if len(text) <= limit else text[: limit - 1] + "…"


def keyword_value(keyword: Keyword) -> str:
    """The value as the keyword's type allows: formatted (time, date) or cut to its limit, on one line."""
    value, kind = keyword.value, keyword.type
    if kind == "time" and isinstance(value, dt.datetime):
        return clock.in_platform_zone(value).strftime("%Y年%m月%d日 %H:%M")
    if kind == "date" and isinstance(value, dt.datetime | dt.date):
        day = clock.in_platform_zone(value).date() if isinstance(value, dt.datetime) else value
        return day.strftime("%Y年%m月%d日")
    text = _BREAKS.sub(" ", str(value)).strip()
    if kind in ("character_string", "number", "phone_number"):
        return _NOT_CODE.sub("", text)[: KEYWORD_LIMITS[kind]]  # no room for an ellipsis in a code
    if kind == "phrase":
        return _NOT_PHRASE.sub("", text)[: KEYWORD_LIMITS["phrase"]]  # Chinese characters only
    if kind == "name":
        return text[: KEYWORD_LIMITS["name"]]  # a name mixed with a symbol (an ellipsis) is refused
    return _cut(text, KEYWORD_LIMITS.get(kind, 20))


def _or(value: str | None, default: str) -> str:
    return value or default


_KEYWORDS: dict[EventKind, Callable[[Any], list[Keyword]]] = {
    EventKind.INVITATION_RECEIVED: lambda p: [
        Keyword("thing1", p.employer_name), Keyword("thing2", p.position_title), Keyword("time3", p.deadline),
        Keyword("thing4", "请在截止前进入小程序答复")],
    EventKind.INVITATION_ANSWERED: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("thing2", p.position_title),
        Keyword("phrase3", _INVITATION_STATE.get(p.state, p.state)),
        Keyword("character_string4", _or(p.agreement_number, "-"))],
    EventKind.INVITATION_WITHDRAWN: lambda p: [
        Keyword("thing1", p.employer_name), Keyword("thing2", p.position_title), Keyword("phrase3", "已撤回")],
    EventKind.INVITATION_EXPIRED: lambda p: [
        Keyword("thing1", p.employer_name), Keyword("thing2", p.position_title), Keyword("phrase3", "已逾期")],
    EventKind.INVITATIONS_ANSWERABLE: lambda p: [
        Keyword("thing1", _FREED_BY.get(p.cause, "你已恢复待就业")),
        Keyword("number2", str(len(p.invitation_ids))), Keyword("thing3", "可进入小程序重新答复")],
    EventKind.INTERVIEW_RECEIVED: lambda p: [
        Keyword("thing1", p.employer_name), Keyword("thing2", p.position_title), Keyword("time3", p.scheduled_at),
        Keyword("thing4", _or(p.place or p.link, "详见小程序"))],
    EventKind.INTERVIEW_ANSWERED: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("thing2", p.position_title),
        Keyword("phrase3", _INTERVIEW_ANSWER.get(p.state, p.state))],
    EventKind.INTERVIEW_RESULT_RECORDED: lambda p: [
        Keyword("thing1", p.employer_name), Keyword("thing2", p.position_title),
        Keyword("phrase3", _INTERVIEW_RESULT.get(p.state, p.state))],
    EventKind.REVIEW_REQUESTED: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("thing2", _SUBJECT.get(p.subject_type, p.subject_type)),
        Keyword("phrase3", _LEVEL.get(p.state, "审核"))],
    EventKind.REVIEW_ADVANCED: lambda p: [
        Keyword("character_string1", p.agreement_number),
        Keyword("thing2", _SUBJECT.get(p.subject_type, p.subject_type)), Keyword("phrase3", "初审通过")],
    EventKind.REVIEW_WITHDRAWN: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("thing2", _SUBJECT.get(p.subject_type, p.subject_type)),
        Keyword("phrase3", "已撤回")],
    EventKind.REVIEW_DECIDED: lambda p: [
        Keyword("character_string1", p.agreement_number),
        Keyword("phrase2", _REVIEW_DECISION.get(p.decision, p.decision)),
        Keyword("thing3", _or(p.reason, "详见网签小程序"))],
    EventKind.TERMINATION_DECIDED: lambda p: [
        Keyword("character_string1", p.agreement_number),
        Keyword("thing2", _TERMINATION_DECISION.get(p.decision, p.decision)),
        Keyword("thing3", _or(p.reason, "详见网签小程序"))],
    EventKind.DESTINATION_DECIDED: lambda p: [
        Keyword("thing1", p.destination), Keyword("phrase2", _REVIEW_DECISION.get(p.decision, p.decision)),
        Keyword("thing3", _or(p.reason, "详见网签小程序"))],
    EventKind.CORRECTION_REQUESTED: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("thing2", p.label), Keyword("thing3", _or(p.reason, "-"))],
    EventKind.CORRECTION_DECIDED: lambda p: [
        Keyword("thing1", p.label), Keyword("phrase2", "已通过" if p.accepted else "未通过"),
        Keyword("thing3", _or(p.reason, "详见网签小程序"))],
    EventKind.CORRECTION_WITHDRAWN: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("thing2", p.label), Keyword("phrase3", "已撤回")],
    EventKind.RECORD_CHANGED: lambda p: [
        Keyword("thing1", _RECORD_CHANGE.get(p.change, "学校老师修改了你的记录")),
        Keyword("thing2", _or(p.reason, "登录网签小程序查看")),
        Keyword("character_string3", _or(p.voided_agreement, "-"))],
    EventKind.APPLICATION_RECEIVED: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("thing2", p.position_title)],
    EventKind.FRAUD_REPORTED: lambda p: [
        Keyword("thing1", p.employer_name), Keyword("thing2", p.position_title),
        Keyword("thing3", _or(p.reason, "-"))],
    EventKind.PRINT_CODE_SCANNED: lambda p: [
        Keyword("character_string1", p.agreement_number), Keyword("phrase2", "已发送")],
    EventKind.UPLOAD_LINK_SENT: lambda p: [
        Keyword("name1", p.graduate_name), Keyword("character_string2", p.agreement_number),
        Keyword("url3", crypto.decrypt(p.url_enc) or ""), Keyword("time4", p.expires_at)],
    EventKind.NOTICE_PUBLISHED: lambda p: [
        Keyword("thing1", p.title), Keyword("thing2", p.publisher), Keyword("time3", p.published_at)],
    EventKind.POSITIONS_MATCHED: lambda p: [
        Keyword("thing1", p.position_title), Keyword("thing2", p.employer_name),
        Keyword("thing3", p.location_name or "-"), Keyword("number4", str(p.count))],
    EventKind.FAIR_APPLICATION_DECIDED: lambda p: [
        Keyword("thing1", p.fair_title), Keyword("thing2", p.school_name),
        Keyword("phrase3", _FAIR_DECISION.get(p.decision, p.decision)),
        Keyword("thing4", _or(p.reason, "详见网签平台"))],
    EventKind.FAIR_CANCELLED: lambda p: [
        Keyword("thing1", p.fair_title), Keyword("thing2", p.school_name), Keyword("time3", p.starts_at),
        Keyword("phrase4", "已取消")],
    EventKind.FAIR_REMINDER: lambda p: [
        Keyword("thing1", p.fair_title), Keyword("time2", p.starts_at),
        Keyword("thing3", _or(p.place, "线上招聘会，从小程序进入"))],
    EventKind.RECOMMENDATION_FORM_DECIDED: lambda p: [
        Keyword("thing1", "就业推荐表"), Keyword("phrase2", _RECOMMENDATION_DECISION.get(p.decision, p.decision)),
        Keyword("thing3", _or(p.reason, "详见网签小程序"))],
    EventKind.FAIR_APPLICATION_RECEIVED: lambda p: [
        Keyword("thing1", p.fair_title), Keyword("thing2", p.employer_name), Keyword("time3", p.starts_at),
        Keyword("number4", str(p.position_count))],
}


def keywords(kind: EventKind, payload: Any) -> list[Keyword]:
    if type(payload) is not outbox.PAYLOADS[kind]:
        raise TypeError(f"{kind} carries a {outbox.PAYLOADS[kind].__name__}, not {type(payload).__name__}")
    return _KEYWORDS[kind](payload)


def wechat_subscribe_data(kind: EventKind, payload: Any) -> dict[str, dict[str, str]]:
    """`data` of subscribeMessage.send: every value within its keyword type's limit."""
    return {k.key: {"value": keyword_value(k)} for k in keywords(kind, payload)}


def wechat_official_account_data(kind: EventKind, payload: Any) -> dict[str, dict[str, str]]:
    """`data` of the official account's template/send: at most 20 characters a value, no newlines."""
    return {k.key: {"value": _cut(keyword_value(k), OFFICIAL_ACCOUNT_LIMIT)} for k in keywords(kind, payload)}


def sms_parameters(kind: EventKind, payload: Any) -> list[tuple[str, str]]:
    """SMS template parameters, named and in order: a provider that numbers them (Tencent) takes the order."""
    return [(k.key, keyword_value(k)) for k in keywords(kind, payload)]


@dataclass(frozen=True)
class Email:
    subject: str
    text: str


SIGNATURE = "——\n网签平台（就业协议网上签约）\n此邮件由系统发送，请勿直接回复；详情请登录网签平台查看。"


def render_email(kind: EventKind, payload: Any) -> Email:
    """The email of a kind: the inbox title as subject, the body with a greeting and the platform's signature."""
    message = render(kind, payload)
    return Email(f"【网签平台】{message.title}", f"您好：\n\n{message.body}\n\n{SIGNATURE}\n")
