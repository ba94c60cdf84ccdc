from schema.people.queries import Query

queries = [Query]
mutations: list[type] = []
