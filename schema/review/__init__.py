from schema.review.agreement_lists import Query as AgreementLists
from schema.review.decide_review import Mutation as DecideReview
from schema.review.queries import Query as ReviewQueue
from schema.review.queue_changed import Subscription as ReviewQueueChanged
from schema.review.resubmit_agreement import Mutation as ResubmitAgreement

queries = [ReviewQueue, AgreementLists]
mutations = [DecideReview, ResubmitAgreement]
subscriptions = [ReviewQueueChanged]
