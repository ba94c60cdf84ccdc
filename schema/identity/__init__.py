from schema.identity.staff_login import Mutation as StaffLogin

queries: list[type] = []
mutations = [StaffLogin]
