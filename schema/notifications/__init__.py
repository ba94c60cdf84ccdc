from schema.notifications.mark_read import Mutation as MarkRead
from schema.notifications.queries import Query
from schema.notifications.subscribe_consents import Mutation as RecordSubscribeConsents
from schema.notifications.subscribe_consents import Query as SubscribeConsents

queries = [Query, SubscribeConsents]
mutations = [MarkRead, RecordSubscribeConsents]
