from schema.offline.apply_offline_signing import Mutation as ApplyOfflineSigning
from schema.offline.register_paper_agreement import Mutation as RegisterPaperAgreement
from schema.offline.resubmit_offline_agreement import Mutation as ResubmitOfflineAgreement
from schema.offline.send_stamped_agreement_link import Mutation as SendStampedAgreementLink
from schema.offline.upload_stamped_agreement import Mutation as UploadStampedAgreement
from schema.offline.withdraw_offline_agreement import Mutation as WithdrawOfflineAgreement

queries = []
mutations = [ApplyOfflineSigning, RegisterPaperAgreement, WithdrawOfflineAgreement, ResubmitOfflineAgreement,
             UploadStampedAgreement, SendStampedAgreementLink]
