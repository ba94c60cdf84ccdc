from schema.national.answer_national_record_feedback import Mutation as AnswerNationalRecordFeedback
from schema.national.confirm_national_record import Mutation as ConfirmNationalRecord
from schema.national.give_national_record_feedback import Mutation as GiveNationalRecordFeedback
from schema.national.queries import Query

queries = [Query]
mutations = [ConfirmNationalRecord, GiveNationalRecordFeedback, AnswerNationalRecordFeedback]
