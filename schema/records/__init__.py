from schema.records.update_archive_forwarding import Mutation as UpdateArchiveForwarding
from schema.records.update_contacts import Mutation as UpdateContacts

queries = []
mutations = [UpdateContacts, UpdateArchiveForwarding]
