"""What clients and the operator's log see of GraphQL errors.

Three kinds: a refusal the user can act on (`DomainError`, carrying its code), a request the client got wrong
(syntax, validation, a variable of the wrong type: graphql-core's own message), and everything else, which is a
bug or an outage. Only the last is logged as an error, with its traceback and the request id; the client gets a
generic Chinese message, the code INTERNAL_ERROR and the request id to quote, never the internal text
(a database message names tables, columns and values).
"""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from resolvers.errors import DEFAULT_MESSAGES, DomainError, DomainErrors, ErrorCode
from server.logs import request_id_var

log = logging.getLogger("wangqian.errors")

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def _is_expected(error: GraphQLError) -> bool:
    return isinstance(error.original_error, (DomainError, DomainErrors))


def is_internal(error: GraphQLError) -> bool:
    """An exception that escaped a resolver (it has a path) or the pipeline itself (it has no document node).

    Errors tied to a node of the document without a path are the client's: a variable or literal that does not
    coerce (a custom scalar's ValueError is wrapped as their original error).
    """
    original = error.original_error
    if original is None or _is_expected(error) or isinstance(original, GraphQLError):
        return False
    return error.path is not None or not error.nodes


def log_errors(errors: list[GraphQLError]) -> None:
    for error in errors:
        if _is_expected(error):
            log.debug("refused: %s", error.message)
        elif is_internal(error):
            log.error("internal error in request %s at %s: %s", request_id_var.get(), error.path or "-",
                      error.message, exc_info=error.original_error)
        else:
            log.info("refused request: %s", error.message)


class ShapeErrors(MaskErrors):
    """Masks internal errors; gives every error a code; hides "Did you mean" where the schema is not public."""

    def __init__(self, *, hide_suggestions: bool) -> None:
        super().__init__()
        self.hide_suggestions = hide_suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._shape(e) for e in errors]

    def _shape(self, error: GraphQLError) -> GraphQLError:
        if is_internal(error):
            return GraphQLError(
                DEFAULT_MESSAGES[ErrorCode.INTERNAL_ERROR],
                nodes=error.nodes,
                path=error.path,
                extensions={"code": ErrorCode.INTERNAL_ERROR.value, "requestId": request_id_var.get()},
            )
        extensions = error.extensions or {}
        message = error.message
        if self.hide_suggestions:
            message = _SUGGESTION.sub("", message)
        if "code" in extensions and message == error.message:
            return error
        # The client's own mistake (syntax, an unknown field, a variable of the wrong type): graphql-core's words,
        # and a code like every other error.
        return GraphQLError(message, nodes=error.nodes, path=error.path, original_error=error.original_error,
                            extensions={"code": ErrorCode.BAD_REQUEST.value, **extensions})
