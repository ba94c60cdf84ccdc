"""Origin record (生源信息) and correction requests (纠错), O1 and O2."""

from schema.origin.confirm_origin_record import Mutation as ConfirmOriginRecord
from schema.origin.decide_correction import Mutation as DecideCorrection
from schema.origin.queries import Query
from schema.origin.request_correction import Mutation as RequestCorrection
from schema.origin.update_origin_record import Mutation as UpdateOriginRecord
from schema.origin.withdraw_correction import Mutation as WithdrawCorrection

queries = [Query]
mutations = [UpdateOriginRecord, ConfirmOriginRecord, RequestCorrection, WithdrawCorrection, DecideCorrection]
