"""The transition tables, one per workflow. Every state change in the platform goes through these."""

from resolvers.audit_actions import AuditAction as A
from resolvers.workflow import Workflow

INTERVIEW = Workflow(
    name="interview_invitation",
    states={
        "pending": "待答复",
        "accepted": "已接受",
        "declined": "已拒绝",
        "withdrawn": "已撤回",
        "passed": "面试通过",
        "failed": "面试未通过",
    },
    actions={"accept": "接受", "decline": "拒绝", "withdraw": "撤回", "pass": "录入面试通过", "fail": "录入面试未通过"},
    transitions={
        ("pending", "accept"): "accepted",
        ("pending", "decline"): "declined",
        ("pending", "withdraw"): "withdrawn",
        ("accepted", "pass"): "passed",
        ("accepted", "fail"): "failed",
    },
    audited={"accept": A.INTERVIEW_INVITATION_ACCEPTED, "decline": A.INTERVIEW_INVITATION_DECLINED,
             "withdraw": A.INTERVIEW_INVITATION_WITHDRAWN, "pass": A.INTERVIEW_INVITATION_PASSED,
             "fail": A.INTERVIEW_INVITATION_FAILED},
)

# S4-S7: a pending invitation is accepted, declined, withdrawn by the employer or expires at its deadline.
SIGNING_INVITATION = Workflow(
    name="signing_invitation",
    states={
        "pending": "待答复",
        "accepted": "已接受",
        "declined": "已拒绝",
        "expired": "已过期",
        "withdrawn": "已撤回",
    },
    actions={"accept": "接受签约", "decline": "拒绝签约", "expire": "过期", "withdraw": "撤回"},
    transitions={
        ("pending", "accept"): "accepted",
        ("pending", "decline"): "declined",
        ("pending", "expire"): "expired",
        ("pending", "withdraw"): "withdrawn",
    },
    audited={"accept": A.SIGNING_INVITATION_ACCEPTED, "decline": A.SIGNING_INVITATION_DECLINED,
             "expire": A.SIGNING_INVITATION_EXPIRED, "withdraw": A.SIGNING_INVITATION_WITHDRAWN},
)

# S8, S10, T4.
AGREEMENT = Workflow(
    name="agreement",
    states={
        "awaiting_review": "签约成功，待学校审核",
        "returned": "退回修改",
        "approved": "审核通过",
        "rejected": "审核不通过",
        "terminated": "已解约",
    },
    actions={
        "approve": "审核通过",
        "return": "退回修改",
        "reject": "审核不通过",
        "resubmit": "重新提交",
        "terminate": "解约",
        "void": "解锁作废",
    },
    transitions={
        ("awaiting_review", "approve"): "approved",
        ("awaiting_review", "return"): "returned",
        ("awaiting_review", "reject"): "rejected",
        ("returned", "resubmit"): "awaiting_review",
        ("approved", "terminate"): "terminated",
        # T5: a school admin's unlock voids whatever agreement still binds the graduate.
        ("awaiting_review", "void"): "terminated",
        ("returned", "void"): "terminated",
        ("approved", "void"): "terminated",
    },
    audited={"approve": A.AGREEMENT_APPROVED, "return": A.AGREEMENT_RETURNED, "reject": A.AGREEMENT_REJECTED,
             "resubmit": A.AGREEMENT_RESUBMITTED, "terminate": A.AGREEMENT_TERMINATED, "void": A.AGREEMENT_VOIDED},
    # P3: a corrected agreement prints differently; a terminated or voided one no longer stands.
    versioned=frozenset({"resubmit", "terminate", "void"}),
)

# F1, F2: an agreement the graduate fills in for an employer off the platform (offline) or registers after
# signing on paper. Offline: the content is reviewed, then printed, stamped, uploaded and the signing reviewed;
# paper: the stamped image comes with the content, so it starts at the signing review. Before each review the
# graduate may withdraw and edit; a rejection voids the application and frees the graduate.
OFFLINE_AGREEMENT = Workflow(
    name="agreement",
    states={
        "content_review": "协议信息待审核",
        "content_withdrawn": "已撤回修改，待重新提交",
        "content_returned": "协议审核待提交（老师退回）",
        "content_rejected": "就业协议审核不通过",
        "awaiting_stamp": "就业协议审核通过，待回传盖章协议书",
        "signing_review": "待学校签约审核",
        "signing_withdrawn": "已撤回修改，待重新提交签约审核",
        "signing_returned": "签约审核退回修改",
        "approved": "审核通过",
        "rejected": "审核不通过",
        "terminated": "已作废",
    },
    actions={
        "submit": "提交审核",
        "withdraw": "撤回修改",
        "approve": "审核通过",
        "return": "退回修改",
        "reject": "审核不通过",
        "upload": "回传盖章协议书",
        "void": "解锁作废",
    },
    transitions={
        ("content_review", "withdraw"): "content_withdrawn",
        ("content_withdrawn", "submit"): "content_review",
        ("content_returned", "submit"): "content_review",
        ("content_review", "approve"): "awaiting_stamp",
        ("content_review", "return"): "content_returned",
        ("content_review", "reject"): "content_rejected",
        ("awaiting_stamp", "upload"): "signing_review",
        ("signing_review", "withdraw"): "signing_withdrawn",
        ("signing_withdrawn", "submit"): "signing_review",
        ("signing_returned", "submit"): "signing_review",
        ("signing_review", "approve"): "approved",
        ("signing_review", "return"): "signing_returned",
        ("signing_review", "reject"): "rejected",
        # T5: a school admin's unlock voids whatever agreement still binds the graduate.
        **{(state, "void"): "terminated" for state in (
            "content_review", "content_withdrawn", "content_returned", "awaiting_stamp", "signing_review",
            "signing_withdrawn", "signing_returned", "approved")},
    },
    audited={"submit": A.AGREEMENT_RESUBMITTED, "withdraw": A.AGREEMENT_WITHDRAWN, "approve": A.AGREEMENT_APPROVED,
             "return": A.AGREEMENT_RETURNED, "reject": A.AGREEMENT_REJECTED,
             "upload": A.AGREEMENT_STAMPED_UPLOADED, "void": A.AGREEMENT_VOIDED},
    # P3: edited content prints differently; a voided agreement no longer stands.
    versioned=frozenset({"submit", "void"}),
)

METHODS = ("online", "offline", "paper")


def agreement_workflow(method: str) -> Workflow:
    """The transition table an agreement follows: online signings one, offline and paper agreements another."""
    return AGREEMENT if method == "online" else OFFLINE_AGREEMENT


# R2: two-level schools start at the department, one-level schools at the school.
REVIEW = Workflow(
    name="review",
    states={
        "pending_department": "待院系初审",
        "pending_school": "待学校终审",
        "approved": "审核通过",
        "returned": "退回修改",
        "rejected": "审核不通过",
        "withdrawn": "已撤回",
    },
    actions={"approve": "审核通过", "return": "退回修改", "reject": "审核不通过", "withdraw": "撤回"},
    transitions={
        ("pending_department", "approve"): "pending_school",
        ("pending_department", "return"): "returned",
        ("pending_department", "reject"): "rejected",
        ("pending_school", "approve"): "approved",
        ("pending_school", "return"): "returned",
        ("pending_school", "reject"): "rejected",
        # The subject went away under review: a termination withdrawn, an agreement voided by an unlock.
        ("pending_department", "withdraw"): "withdrawn",
        ("pending_school", "withdraw"): "withdrawn",
    },
    audited={"approve": A.REVIEW_APPROVED, "return": A.REVIEW_RETURNED, "reject": A.REVIEW_REJECTED,
             "withdraw": A.REVIEW_WITHDRAWN},
)

# T1-T4.
TERMINATION = Workflow(
    name="termination",
    states={"requested": "待审核", "approved": "同意解约", "rejected": "不同意解约", "withdrawn": "已撤回"},
    actions={"approve": "同意解约", "reject": "不同意解约", "withdraw": "撤回"},
    transitions={
        ("requested", "approve"): "approved",
        ("requested", "reject"): "rejected",
        ("requested", "withdraw"): "withdrawn",
    },
    audited={"approve": A.TERMINATION_APPROVED, "reject": A.TERMINATION_REJECTED, "withdraw": A.TERMINATION_WITHDRAWN},
)

# D1-D4: a registration is a draft until submitted; a department's first approval (two-level schools) locks it
# like the final one (D3); an approved record is voided by the graduate to register another (D4).
DESTINATION = Workflow(
    name="destination",
    states={
        "draft": "待提交",
        "submitted": "待审核",
        "first_approved": "初审通过",
        "approved": "审核通过",
        "returned": "退回修改",
        "rejected": "审核不通过",
        "withdrawn": "已删除",
        "voided": "已作废",
    },
    actions={"submit": "提交审核", "recall": "撤回修改", "advance": "初审通过", "approve": "审核通过",
             "return": "退回修改", "reject": "审核不通过", "discard": "删除", "void": "作废"},
    transitions={
        ("draft", "submit"): "submitted",
        ("returned", "submit"): "submitted",
        ("submitted", "recall"): "draft",
        ("submitted", "advance"): "first_approved",
        ("submitted", "approve"): "approved",
        ("first_approved", "approve"): "approved",
        ("submitted", "return"): "returned",
        ("first_approved", "return"): "returned",
        ("submitted", "reject"): "rejected",
        ("first_approved", "reject"): "rejected",
        ("draft", "discard"): "withdrawn",
        ("returned", "discard"): "withdrawn",
        ("approved", "void"): "voided",
    },
    audited={"submit": A.DESTINATION_SUBMITTED, "recall": A.DESTINATION_RECALLED,
             "advance": A.DESTINATION_FIRST_APPROVED, "approve": A.DESTINATION_APPROVED,
             "return": A.DESTINATION_RETURNED, "reject": A.DESTINATION_REJECTED,
             "discard": A.DESTINATION_DISCARDED, "void": A.DESTINATION_VOIDED},
    versioned=frozenset({"submit", "void"}),
)

# O2.
CORRECTION = Workflow(
    name="correction_request",
    states={"pending": "待处理", "accepted": "已采纳", "rejected": "未采纳", "withdrawn": "已撤回"},
    actions={"accept": "采纳", "reject": "不采纳", "withdraw": "撤回"},
    transitions={
        ("pending", "accept"): "accepted",
        ("pending", "reject"): "rejected",
        ("pending", "withdraw"): "withdrawn",
    },
    audited={"accept": A.CORRECTION_REQUEST_ACCEPTED, "reject": A.CORRECTION_REQUEST_REJECTED,
             "withdraw": A.CORRECTION_REQUEST_WITHDRAWN},
)

POSITION = Workflow(
    name="position",
    states={"open": "招聘中", "closed": "已关闭"},
    actions={"close": "关闭", "reopen": "重新开放"},
    transitions={("open", "close"): "closed", ("closed", "reopen"): "open"},
    audited={"close": A.POSITION_CLOSED, "reopen": A.POSITION_REOPENED},
)

# F3 (seed 002): the form the graduate holds is collected back once they sign online, or replaced by a reissue,
# which voids it; a collected form is voided too when a new one is issued after a termination.
PAPER_FORM = Workflow(
    name="paper_form",
    states={"issued": "已发放", "collected": "已回收", "voided": "已作废"},
    actions={"collect": "登记回收", "void": "补发作废"},
    transitions={
        ("issued", "collect"): "collected",
        ("issued", "void"): "voided",
        ("collected", "void"): "voided",
    },
    audited={"collect": A.PAPER_FORM_COLLECTED, "void": A.PAPER_FORM_VOIDED},
)

# Issue 12 §1: a notice is written as a draft, published to its audience, and withdrawn (it leaves the graduates'
# list); a withdrawn notice may be published again after a correction.
NOTICE = Workflow(
    name="notice",
    states={"draft": "草稿", "published": "已发布", "withdrawn": "已撤回"},
    actions={"publish": "发布", "withdraw": "撤回"},
    transitions={
        ("draft", "publish"): "published",
        ("withdrawn", "publish"): "published",
        ("published", "withdraw"): "withdrawn",
    },
    audited={"publish": A.NOTICE_PUBLISHED, "withdraw": A.NOTICE_WITHDRAWN},
)

# Issue 12 §2: a school's job fair is drafted, published to its graduates and employers, and may be cancelled
# before or after publishing (registered graduates and approved employers are told).
JOB_FAIR = Workflow(
    name="job_fair",
    states={"draft": "草稿", "published": "已发布", "cancelled": "已取消"},
    actions={"publish": "发布", "cancel": "取消"},
    transitions={
        ("draft", "publish"): "published",
        ("draft", "cancel"): "cancelled",
        ("published", "cancel"): "cancelled",
    },
    audited={"publish": A.JOB_FAIR_PUBLISHED, "cancel": A.JOB_FAIR_CANCELLED},
)

# An employer's application to attend a fair: decided once by the school.
FAIR_APPLICATION = Workflow(
    name="fair_application",
    states={"pending": "待审核", "approved": "审核通过", "rejected": "审核不通过"},
    actions={"approve": "审核通过", "reject": "审核不通过"},
    transitions={("pending", "approve"): "approved", ("pending", "reject"): "rejected"},
    audited={"approve": A.FAIR_APPLICATION_APPROVED, "reject": A.FAIR_APPLICATION_REJECTED},
)

# A graduate's seat at a fair: cancelled by the graduate, taken again while seats are left.
FAIR_REGISTRATION = Workflow(
    name="fair_registration",
    states={"registered": "已报名", "cancelled": "已取消报名"},
    actions={"cancel": "取消报名", "register": "重新报名"},
    transitions={("registered", "cancel"): "cancelled", ("cancelled", "register"): "registered"},
    audited={"cancel": A.FAIR_REGISTRATION_CANCELLED, "register": A.FAIR_REGISTRATION_RENEWED},
)

# Issue 12 §6: a graduate's feedback on what the national system holds; the school answers it (it may answer again
# while the graduate reads) and closes it when nothing is left to do.
NATIONAL_FEEDBACK = Workflow(
    name="national_feedback",
    states={"open": "待处理", "answered": "已答复", "closed": "已关闭"},
    actions={"answer": "答复", "close": "关闭"},
    transitions={
        ("open", "answer"): "answered",
        ("answered", "answer"): "answered",
        ("open", "close"): "closed",
        ("answered", "close"): "closed",
    },
    audited={"answer": A.NATIONAL_FEEDBACK_ANSWERED, "close": A.NATIONAL_FEEDBACK_CLOSED},
)

# Issue 12 §4: the employment recommendation form is filled in as a draft, submitted, reviewed by the department
# (two-level schools; its approval carries the department's recommendation comment) and the school; a return
# sends it back to the draft's editor. An approved or refused form is reopened by the graduate to change it: a new
# version, reviewed again (the approved version's PDF no longer serves).
RECOMMENDATION_FORM = Workflow(
    name="recommendation_form",
    states={
        "draft": "待提交",
        "submitted": "待审核",
        "first_approved": "院系已推荐",
        "approved": "审核通过",
        "returned": "退回修改",
        "rejected": "不予推荐",
    },
    actions={"submit": "提交审核", "advance": "院系推荐", "approve": "审核通过", "return": "退回修改",
             "reject": "不予推荐", "reopen": "重新填写"},
    transitions={
        ("draft", "submit"): "submitted",
        ("returned", "submit"): "submitted",
        ("submitted", "advance"): "first_approved",
        ("submitted", "approve"): "approved",
        ("first_approved", "approve"): "approved",
        ("submitted", "return"): "returned",
        ("first_approved", "return"): "returned",
        ("submitted", "reject"): "rejected",
        ("first_approved", "reject"): "rejected",
        ("approved", "reopen"): "draft",
        ("rejected", "reopen"): "draft",
    },
    audited={"submit": A.RECOMMENDATION_FORM_SUBMITTED, "advance": A.RECOMMENDATION_FORM_FIRST_APPROVED,
             "approve": A.RECOMMENDATION_FORM_APPROVED, "return": A.RECOMMENDATION_FORM_RETURNED,
             "reject": A.RECOMMENDATION_FORM_REJECTED, "reopen": A.RECOMMENDATION_FORM_REOPENED},
    versioned=frozenset({"reopen"}),
)
