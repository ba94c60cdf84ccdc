from schema.exports.queries import Query as ExportQuery
from schema.exports.request_export import Mutation as RequestExport

queries = [ExportQuery]
mutations = [RequestExport]
