from schema.intentions.queries import Query
from schema.intentions.set_job_intentions import Mutation as SetJobIntentions

queries = [Query]
mutations = [SetJobIntentions]
