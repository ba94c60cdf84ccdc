"""Tortoise models. Every model is re-exported here: tortoise loads the app from this module."""

from models.delivery import Delivery, NotificationPreference
from models.notifications import Notification, NotificationCounter
from models.org import Department, Major, Province, School
from models.people import Employer, Graduate, Staff
from models.records import CorrectionRequest
from models.review import Review, ReviewDecision
from models.signing import (
    Agreement,
    AgreementPrint,
    AgreementSequence,
    AgreementUploadLink,
    Application,
    FraudReport,
    InterviewInvitation,
    Position,
    ResumeSection,
    SigningInvitation,
    Termination,
)
from models.system import AuditEntry, LoginThrottle, OutboxEvent, StoredFile
from models.wechat import OfficialAccountFollower, SubscribeCredit

__all__ = [
    "Agreement",
    "AgreementPrint",
    "AgreementSequence",
    "AgreementUploadLink",
    "Application",
    "AuditEntry",
    "CorrectionRequest",
    "Delivery",
    "Department",
    "Employer",
    "FraudReport",
    "Graduate",
    "InterviewInvitation",
    "LoginThrottle",
    "Major",
    "Notification",
    "NotificationCounter",
    "NotificationPreference",
    "OfficialAccountFollower",
    "OutboxEvent",
    "Position",
    "Province",
    "ResumeSection",
    "Review",
    "ReviewDecision",
    "School",
    "SigningInvitation",
    "Staff",
    "StoredFile",
    "SubscribeCredit",
    "Termination",
]
