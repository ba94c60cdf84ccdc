from schema.termination.queries import Query as Terminations
from schema.termination.request_termination import Mutation as RequestTermination
from schema.termination.unlock_graduate import Mutation as UnlockGraduate
from schema.termination.withdraw_termination import Mutation as WithdrawTermination

queries = [Terminations]
mutations = [RequestTermination, WithdrawTermination, UnlockGraduate]
