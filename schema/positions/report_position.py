from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.positions import fraud_reports
from schema import access, limits, mutation
from schema.errors import Error
from schema.positions.types import FraudReportNode
from schema.relay import decode_id


@strawberry.input
class ReportPositionInput:
    position_id: strawberry.ID
    reason: str = limits.text(limits.LONG_REASON, multiline=True)


@strawberry.type
class ReportPositionPayload:
    errors: list[Error]
    fraud_report: FraudReportNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生举报涉嫌欺诈的职位，由本校处理（X2）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REASON_REQUIRED, ErrorCode.TOO_LONG])
    async def report_position(self, info: Info, input: ReportPositionInput) -> ReportPositionPayload:
        async def action():
            position_id = decode_id(input.position_id, "Position", field="positionId")
            row = await fraud_reports.report(info.context, position_id, input.reason)
            return {"fraud_report": FraudReportNode.from_row(row)}

        return await mutation.run(info, ReportPositionPayload, action, input=input)
