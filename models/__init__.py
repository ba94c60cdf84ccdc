"""Tortoise models. Every model is re-exported here: tortoise loads the app from this module."""

from models.delivery import Delivery, NotificationPreference
from models.destinations import Destination
from models.employer_materials import EmployerMaterial, EmployerMaterialCheck
from models.exports import Export
from models.fairs import FairApplication, FairRegistration, JobFair
from models.intentions import JobIntention, JobIntentionCategory, JobIntentionLocation, PositionMatchAnnouncement
from models.national import NationalConfirmation, NationalFeedback, NationalSyncItem
from models.notices import Notice, NoticeRead
from models.notifications import Notification, NotificationCounter
from models.org import Department, Major, Province, School
from models.paper_forms import PaperForm
from models.people import Employer, Graduate, Staff
from models.recommendation_forms import RecommendationForm
from models.records import ArchiveForwarding, CorrectionRequest, FamilyContact
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
    PrintCode,
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
    "ArchiveForwarding",
    "AuditEntry",
    "CorrectionRequest",
    "Delivery",
    "Department",
    "Destination",
    "Employer",
    "EmployerMaterial",
    "EmployerMaterialCheck",
    "Export",
    "FairApplication",
    "FairRegistration",
    "FamilyContact",
    "FraudReport",
    "Graduate",
    "InterviewInvitation",
    "JobFair",
    "JobIntention",
    "JobIntentionCategory",
    "JobIntentionLocation",
    "LoginThrottle",
    "Major",
    "NationalConfirmation",
    "NationalFeedback",
    "NationalSyncItem",
    "Notice",
    "NoticeRead",
    "Notification",
    "NotificationCounter",
    "NotificationPreference",
    "OfficialAccountFollower",
    "OutboxEvent",
    "PaperForm",
    "Position",
    "PositionMatchAnnouncement",
    "PrintCode",
    "Province",
    "RecommendationForm",
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
