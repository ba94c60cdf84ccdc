from schema.positions.apply_to_position import Mutation as ApplyToPosition
from schema.positions.close_position import Mutation as ClosePosition
from schema.positions.create_position import Mutation as CreatePosition
from schema.positions.queries import Query
from schema.positions.reopen_position import Mutation as ReopenPosition
from schema.positions.report_position import Mutation as ReportPosition
from schema.positions.update_position import Mutation as UpdatePosition

queries = [Query]
mutations = [CreatePosition, UpdatePosition, ClosePosition, ReopenPosition, ApplyToPosition, ReportPosition]
