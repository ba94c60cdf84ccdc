from schema.notifications.mark_read import Mutation as MarkRead
from schema.notifications.queries import Query

queries = [Query]
mutations = [MarkRead]
