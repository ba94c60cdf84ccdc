from schema.notifications.deliveries import Mutation as RequeueDeliveries
from schema.notifications.deliveries import Query as DeliveryQuery
from schema.notifications.mark_read import Mutation as MarkRead
from schema.notifications.preferences import Mutation as UpdatePreferences
from schema.notifications.preferences import Query as PreferenceQuery
from schema.notifications.queries import Query
from schema.notifications.subscribe_consents import Mutation as RecordSubscribeConsents
from schema.notifications.subscribe_consents import Query as SubscribeConsents
from schema.notifications.subscriptions import Subscription

queries = [Query, SubscribeConsents, PreferenceQuery, DeliveryQuery]
mutations = [MarkRead, RecordSubscribeConsents, UpdatePreferences, RequeueDeliveries]
subscriptions = [Subscription]
