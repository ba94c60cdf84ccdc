from schema.printing.print_agreement import Mutation as PrintAgreement
from schema.printing.queries import Query as PrintList

queries = [PrintList]
mutations = [PrintAgreement]
