from schema.org.queries import Query

queries = [Query]
mutations: list[type] = []
