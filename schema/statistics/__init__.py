from schema.statistics.queries import Query as Statistics

queries = [Statistics]
mutations = []
