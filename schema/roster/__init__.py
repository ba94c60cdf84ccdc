from schema.roster.import_roster import Mutation as ImportRoster
from schema.roster.queries import Query

queries = [Query]
mutations = [ImportRoster]
