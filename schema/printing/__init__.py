from schema.printing.print_agreement import Mutation as PrintAgreement
from schema.printing.print_by_scan import Mutation as PrintAgreementByScan
from schema.printing.print_code_scanned import Subscription as PrintCodeScanned
from schema.printing.queries import Query as PrintList

queries = [PrintList]
mutations = [PrintAgreement, PrintAgreementByScan]
subscriptions = [PrintCodeScanned]
