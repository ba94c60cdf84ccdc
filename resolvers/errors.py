"""Expected failures: a stable code, a Chinese message and the input field they concern."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class ErrorCode(StrEnum):
    # general
    INVALID_INPUT = "INVALID_INPUT"
    REQUIRED = "REQUIRED"
    INVALID_FORMAT = "INVALID_FORMAT"
    INVALID_CODE = "INVALID_CODE"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INVALID_STATE = "INVALID_STATE"
    STALE_STATE = "STALE_STATE"
    RATE_LIMITED = "RATE_LIMITED"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    FILE_LINK_INVALID = "FILE_LINK_INVALID"
    FILE_LINK_EXPIRED = "FILE_LINK_EXPIRED"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    # the request itself: refused before or instead of running it
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_REVOKED = "TOKEN_REVOKED"
    TOKEN_INVALID = "TOKEN_INVALID"
    BAD_REQUEST = "BAD_REQUEST"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    SUBSCRIBER_TOO_SLOW = "SUBSCRIBER_TOO_SLOW"
    # identity and personal data
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_USCC = "INVALID_USCC"
    INVALID_REGION = "INVALID_REGION"
    INVALID_POSTCODE = "INVALID_POSTCODE"
    INVALID_EMAIL = "INVALID_EMAIL"
    BINDING_NOT_MATCHED = "BINDING_NOT_MATCHED"
    BINDING_DUPLICATED = "BINDING_DUPLICATED"
    ALREADY_BOUND = "ALREADY_BOUND"
    NOT_BOUND = "NOT_BOUND"
    WECHAT_LOGIN_FAILED = "WECHAT_LOGIN_FAILED"
    WECHAT_UNAVAILABLE = "WECHAT_UNAVAILABLE"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    LOGIN_NAME_TAKEN = "LOGIN_NAME_TAKEN"
    USCC_TAKEN = "USCC_TAKEN"
    EMPLOYER_MUST_SIGN_IN = "EMPLOYER_MUST_SIGN_IN"
    # school structure and staff accounts
    DUPLICATE_CODE = "DUPLICATE_CODE"
    DUPLICATE_NAME = "DUPLICATE_NAME"
    # roster and origin record
    ROSTER_UNREADABLE = "ROSTER_UNREADABLE"
    ROSTER_HAS_ERRORS = "ROSTER_HAS_ERRORS"
    UNKNOWN_DEPARTMENT = "UNKNOWN_DEPARTMENT"
    UNKNOWN_MAJOR = "UNKNOWN_MAJOR"
    DUPLICATE_ROW = "DUPLICATE_ROW"
    FIELD_READ_ONLY = "FIELD_READ_ONLY"
    FIELD_NOT_CORRECTABLE = "FIELD_NOT_CORRECTABLE"
    CORRECTION_PENDING = "CORRECTION_PENDING"
    # signing
    POSITION_CLOSED = "POSITION_CLOSED"
    ALREADY_APPLIED = "ALREADY_APPLIED"
    NOT_AN_APPLICANT = "NOT_AN_APPLICANT"
    INTERVIEW_NOT_PASSED = "INTERVIEW_NOT_PASSED"
    HAS_ACTIVE_AGREEMENT = "HAS_ACTIVE_AGREEMENT"
    NOT_AWAITING_EMPLOYMENT = "NOT_AWAITING_EMPLOYMENT"
    ORIGIN_NOT_CONFIRMED = "ORIGIN_NOT_CONFIRMED"
    DIRECTED_TRAINING = "DIRECTED_TRAINING"
    SIGNING_NOT_OPEN = "SIGNING_NOT_OPEN"
    INVITATION_PENDING = "INVITATION_PENDING"
    INVITATION_EXPIRED = "INVITATION_EXPIRED"
    DEADLINE_OUT_OF_RANGE = "DEADLINE_OUT_OF_RANGE"
    CONFIRMATION_EXPIRED = "CONFIRMATION_EXPIRED"
    QR_CARD_INVALID = "QR_CARD_INVALID"
    QR_CARD_EXPIRED = "QR_CARD_EXPIRED"
    IDENTITY_MISMATCH = "IDENTITY_MISMATCH"
    # review and termination
    REASON_REQUIRED = "REASON_REQUIRED"
    FIELDS_REQUIRED = "FIELDS_REQUIRED"
    TERMINATION_NOT_OPEN = "TERMINATION_NOT_OPEN"
    TERMINATION_LIMIT_REACHED = "TERMINATION_LIMIT_REACHED"
    TERMINATION_PENDING = "TERMINATION_PENDING"
    NOT_ONLINE_AGREEMENT = "NOT_ONLINE_AGREEMENT"
    # destination registration
    DESTINATION_OPEN = "DESTINATION_OPEN"
    DESTINATION_LOCKED = "DESTINATION_LOCKED"
    DESTINATION_NOT_ALLOWED = "DESTINATION_NOT_ALLOWED"
    PROOFS_REQUIRED = "PROOFS_REQUIRED"
    TOO_MANY_PROOFS = "TOO_MANY_PROOFS"
    # paper agreement forms
    PAPER_FORM_NO_AGREEMENT = "PAPER_FORM_NO_AGREEMENT"
    PAPER_FORM_SIGNED_ONLINE = "PAPER_FORM_SIGNED_ONLINE"
    PAPER_FORM_NUMBER_MISMATCH = "PAPER_FORM_NUMBER_MISMATCH"
    PAPER_FORM_NUMBER_TAKEN = "PAPER_FORM_NUMBER_TAKEN"
    # notifications
    CRITICAL_NOTIFICATION_REQUIRED = "CRITICAL_NOTIFICATION_REQUIRED"
    # agreement documents and printing
    AGREEMENT_NOT_PRINTABLE = "AGREEMENT_NOT_PRINTABLE"
    AGREEMENT_DOCUMENT_NOT_READY = "AGREEMENT_DOCUMENT_NOT_READY"
    PRINT_CODE_INVALID = "PRINT_CODE_INVALID"
    PRINT_CODE_USED = "PRINT_CODE_USED"
    PRINT_CODE_EXPIRED = "PRINT_CODE_EXPIRED"
    # campus job fairs (issue 12 §2)
    FAIR_FULL = "FAIR_FULL"
    FAIR_STARTED = "FAIR_STARTED"
    FAIR_BOOTHS_FULL = "FAIR_BOOTHS_FULL"
    FAIR_ALREADY_APPLIED = "FAIR_ALREADY_APPLIED"
    FAIR_ALREADY_REGISTERED = "FAIR_ALREADY_REGISTERED"
    # employment recommendation forms (issue 12 §4)
    RECOMMENDATION_FORM_EXISTS = "RECOMMENDATION_FORM_EXISTS"
    RECOMMENDATION_FORM_NOT_APPROVED = "RECOMMENDATION_FORM_NOT_APPROVED"


DEFAULT_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_INPUT: "输入有误",
    ErrorCode.REQUIRED: "此项必填",
    ErrorCode.INVALID_FORMAT: "格式不正确",
    ErrorCode.INVALID_CODE: "代码不在代码表中",
    ErrorCode.INVALID_ID: "编号无效",
    ErrorCode.NOT_FOUND: "记录不存在或无权查看",
    ErrorCode.UNAUTHENTICATED: "请先登录",
    ErrorCode.PERMISSION_DENIED: "没有权限进行此操作",
    ErrorCode.INVALID_STATE: "当前状态不允许此操作",
    ErrorCode.STALE_STATE: "记录已被他人处理，请刷新后重试",
    ErrorCode.RATE_LIMITED: "尝试次数过多，请稍后再试",
    ErrorCode.FILE_TOO_LARGE: "文件过大",
    ErrorCode.FILE_TYPE_NOT_ALLOWED: "文件类型不支持",
    ErrorCode.FILE_LINK_INVALID: "下载链接无效，请回到页面重新打开文件",
    ErrorCode.FILE_LINK_EXPIRED: "下载链接已过期，请回到页面重新打开文件",
    ErrorCode.TOO_LONG: "输入过长",
    ErrorCode.OUT_OF_RANGE: "数值或日期超出允许范围",
    ErrorCode.INVALID_CHARACTERS: "含有不允许的控制字符",
    ErrorCode.TOKEN_EXPIRED: "登录已过期，请重新登录",
    ErrorCode.TOKEN_REVOKED: "登录已失效（密码已修改或已在别处退出），请重新登录",
    ErrorCode.TOKEN_INVALID: "登录凭证无效，请重新登录",
    ErrorCode.SUBSCRIBER_TOO_SLOW: "接收过慢，推送已断开；请带上最后收到的游标重新订阅",
    ErrorCode.BAD_REQUEST: "请求格式不正确",
    ErrorCode.REQUEST_TOO_LARGE: "请求内容过大",
    ErrorCode.QUERY_TOO_COMPLEX: "查询过于复杂",
    ErrorCode.INTERNAL_ERROR: "服务器内部错误，请稍后再试；如仍有问题，请把请求编号告诉管理员",
    ErrorCode.INVALID_ID_NUMBER: "身份证号码无效",
    ErrorCode.INVALID_PHONE: "手机号码无效",
    ErrorCode.INVALID_USCC: "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）",
    ErrorCode.INVALID_REGION: "地区须填写到区县（6 位行政区划代码）",
    ErrorCode.INVALID_POSTCODE: "邮政编码应为 6 位数字",
    ErrorCode.INVALID_EMAIL: "电子邮箱格式不正确",
    ErrorCode.BINDING_NOT_MATCHED: "信息不匹配或没有注册",
    ErrorCode.BINDING_DUPLICATED: "信息重复，请联系学校管理员处理",
    ErrorCode.ALREADY_BOUND: "该记录已绑定其他微信账号，请联系学校管理员解除绑定",
    ErrorCode.NOT_BOUND: "该微信尚未绑定毕业生信息",
    ErrorCode.WECHAT_LOGIN_FAILED: "微信登录失败，请重新进入小程序",
    ErrorCode.WECHAT_UNAVAILABLE: "微信服务繁忙，请稍后再试",
    ErrorCode.INVALID_CREDENTIALS: "账号或密码错误",
    ErrorCode.PASSWORD_CHANGE_REQUIRED: "首次登录须先修改初始密码",
    ErrorCode.WEAK_PASSWORD: "密码至少 8 位，且须同时包含字母和数字",
    ErrorCode.LOGIN_NAME_TAKEN: "登录名已被使用",
    ErrorCode.USCC_TAKEN: "该统一社会信用代码已注册",
    ErrorCode.EMPLOYER_MUST_SIGN_IN: "该单位已注册，请登录后发起签约",
    ErrorCode.DUPLICATE_CODE: "代码已被使用",
    ErrorCode.DUPLICATE_NAME: "名称已被使用",
    ErrorCode.ROSTER_UNREADABLE: "无法读取文件，请上传 .xlsx 或 .csv 格式的名单",
    ErrorCode.ROSTER_HAS_ERRORS: "名单中有错误行，未导入任何记录",
    ErrorCode.UNKNOWN_DEPARTMENT: "院系不存在",
    ErrorCode.UNKNOWN_MAJOR: "专业不存在",
    ErrorCode.DUPLICATE_ROW: "学号在文件中重复",
    ErrorCode.FIELD_READ_ONLY: "该信息由学校导入，不能修改，请提交纠错申请",
    ErrorCode.FIELD_NOT_CORRECTABLE: "该信息不能通过纠错申请修改",
    ErrorCode.CORRECTION_PENDING: "该信息已有待处理的纠错申请",
    ErrorCode.POSITION_CLOSED: "职位已关闭或已过截止日期",
    ErrorCode.ALREADY_APPLIED: "已投递过该职位",
    ErrorCode.NOT_AN_APPLICANT: "该毕业生未投递本单位职位",
    ErrorCode.INTERVIEW_NOT_PASSED: "面试未通过，不能发送签约邀请",
    ErrorCode.HAS_ACTIVE_AGREEMENT: "毕业生已有生效或待审核的就业协议",
    ErrorCode.NOT_AWAITING_EMPLOYMENT: "毕业生当前毕业去向不是待就业",
    ErrorCode.ORIGIN_NOT_CONFIRMED: "毕业生尚未确认生源信息",
    ErrorCode.DIRECTED_TRAINING: "定向、委培毕业生不能网上签约",
    ErrorCode.SIGNING_NOT_OPEN: "未到学校规定的签约开放日期，暂不能接受签约邀请",
    ErrorCode.INVITATION_PENDING: "已向该毕业生发出签约邀请，请等待答复",
    ErrorCode.INVITATION_EXPIRED: "签约邀请已过应约截止时间",
    ErrorCode.DEADLINE_OUT_OF_RANGE: "应约截止时间超出学校允许的范围",
    ErrorCode.CONFIRMATION_EXPIRED: "确认已超过 60 秒，请重新确认签约",
    ErrorCode.QR_CARD_INVALID: "二维码名片无效",
    ErrorCode.QR_CARD_EXPIRED: "二维码名片已过期，请毕业生重新出示",
    ErrorCode.IDENTITY_MISMATCH: "毕业生信息核验不一致",
    ErrorCode.REASON_REQUIRED: "请填写原因",
    ErrorCode.FIELDS_REQUIRED: "请指明需要修改的项目",
    ErrorCode.TERMINATION_NOT_OPEN: "未到学校规定的解约开放日期",
    ErrorCode.TERMINATION_LIMIT_REACHED: "解约次数已达学校规定上限",
    ErrorCode.TERMINATION_PENDING: "已有待审核的解约申请",
    ErrorCode.NOT_ONLINE_AGREEMENT: "只能对已审核通过的网签协议申请解约",
    ErrorCode.DESTINATION_OPEN: "已有未完成或已审核通过的去向登记，请先处理该条记录",
    ErrorCode.DESTINATION_LOCKED: "去向信息已审核通过（或初审通过），不能修改",
    ErrorCode.DESTINATION_NOT_ALLOWED: "不能登记此毕业去向",
    ErrorCode.PROOFS_REQUIRED: "请上传证明材料",
    ErrorCode.TOO_MANY_PROOFS: "证明材料最多上传 4 份",
    ErrorCode.PAPER_FORM_NO_AGREEMENT: "该毕业生没有网签的就业协议，不能登记纸质协议书回收",
    ErrorCode.PAPER_FORM_SIGNED_ONLINE: "该毕业生已网签就业协议，纸质协议书应回收，不能补发",
    ErrorCode.PAPER_FORM_NUMBER_MISMATCH: "协议书编号与该毕业生持有的纸质协议书编号不符",
    ErrorCode.PAPER_FORM_NUMBER_TAKEN: "本校已有该编号的纸质协议书（含已作废的），请核对编号",
    ErrorCode.CRITICAL_NOTIFICATION_REQUIRED: "签约邀请、审核结果和解约结果的通知至少要保留一种接收方式",
    ErrorCode.AGREEMENT_NOT_PRINTABLE: "协议书经学校审核通过后方可打印",
    ErrorCode.AGREEMENT_DOCUMENT_NOT_READY: "协议书文件正在生成，请稍后再试",
    ErrorCode.PRINT_CODE_INVALID: "打印二维码无效，请扫描打印页面上显示的二维码",
    ErrorCode.PRINT_CODE_USED: "该打印二维码已被使用，请在打印页面刷新二维码后重新扫码",
    ErrorCode.PRINT_CODE_EXPIRED: "打印二维码已过期，请在打印页面刷新二维码后重新扫码",
    ErrorCode.FAIR_FULL: "招聘会报名人数已满",
    ErrorCode.FAIR_STARTED: "招聘会已开始或已结束，不能报名",
    ErrorCode.FAIR_BOOTHS_FULL: "招聘会展位已满，不能再通过参会申请",
    ErrorCode.FAIR_ALREADY_APPLIED: "已申请参加该招聘会",
    ErrorCode.FAIR_ALREADY_REGISTERED: "已报名该招聘会",
    ErrorCode.RECOMMENDATION_FORM_EXISTS: "你已有就业推荐表，请修改现有的推荐表",
    ErrorCode.RECOMMENDATION_FORM_NOT_APPROVED: "就业推荐表经学校审核通过后方可下载",
}


class DomainError(Exception):
    """Raised by resolvers for a failure the user can act on; the mutation turns it into payload errors."""

    def __init__(
        self,
        code: ErrorCode,
        message: str | None = None,
        field: Sequence[str] | str | None = None,
    ) -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, code.value)
        self.field = [field] if isinstance(field, str) else (list(field) if field else None)
        super().__init__(self.message)

    @property
    def extensions(self) -> dict:
        """graphql-core copies this onto the error: a query refusal reaches the client with its stable code."""
        return {"code": self.code.value, "field": self.field}


class DomainErrors(Exception):
    """Several field errors at once (form validation)."""

    def __init__(self, errors: list[DomainError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class ErrorCollector:
    """Collects field errors so a form reports all of them, not only the first."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, code: ErrorCode, field: Sequence[str] | str | None = None, message: str | None = None):
        self.errors.append(DomainError(code, message, field))

    def check(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except DomainError as e:
            self.errors.append(e)
            return None

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)
