from schema.invitations.accept_signing_invitation import Mutation as AcceptSigningInvitation
from schema.invitations.answer_interview import Mutation as AnswerInterview
from schema.invitations.decline_signing_invitation import Mutation as DeclineSigningInvitation
from schema.invitations.invitation_changed import Subscription as SigningInvitationChanged
from schema.invitations.invite_to_interview import Mutation as InviteToInterview
from schema.invitations.queries import Query
from schema.invitations.record_interview_result import Mutation as RecordInterviewResult
from schema.invitations.send_direct_signing_invitation import Mutation as SendDirectSigningInvitation
from schema.invitations.send_qr_card_signing_invitation import Mutation as SendQrCardSigningInvitation
from schema.invitations.send_signing_invitation import Mutation as SendSigningInvitation
from schema.invitations.withdraw_signing_invitation import Mutation as WithdrawSigningInvitation

queries = [Query]
mutations = [
    InviteToInterview,
    AnswerInterview,
    RecordInterviewResult,
    SendSigningInvitation,
    SendDirectSigningInvitation,
    SendQrCardSigningInvitation,
    DeclineSigningInvitation,
    WithdrawSigningInvitation,
    AcceptSigningInvitation,
]
subscriptions = [SigningInvitationChanged]
