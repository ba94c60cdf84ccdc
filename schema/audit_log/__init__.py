"""The audit log for staff (issue 2 §10)."""

from schema.audit_log.queries import Query

queries = [Query]
mutations: list[type] = []
