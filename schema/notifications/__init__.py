from schema.notifications.mark_read import Mutation as MarkRead
from schema.notifications.queries import Query
from schema.notifications.subscriptions import Subscription

queries = [Query]
mutations = [MarkRead]
subscriptions = [Subscription]
