"""The payload error codes the offline and paper agreement mutations declare."""

from resolvers.errors import ErrorCode

CONTENT = [ErrorCode.INVALID_INPUT, ErrorCode.REQUIRED, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_CODE,
           ErrorCode.INVALID_CHARACTERS, ErrorCode.TOO_LONG, ErrorCode.OUT_OF_RANGE, ErrorCode.DEADLINE_OUT_OF_RANGE]
FILE = [ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_TYPE_NOT_ALLOWED]
STATE = [ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE, ErrorCode.STALE_STATE]
ELIGIBILITY = [ErrorCode.HAS_ACTIVE_AGREEMENT, ErrorCode.DIRECTED_TRAINING, ErrorCode.NOT_AWAITING_EMPLOYMENT,
               ErrorCode.ORIGIN_NOT_CONFIRMED]
