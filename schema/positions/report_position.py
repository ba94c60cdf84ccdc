from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.positions import fraud_reports
from schema import limits, mutation
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
    @strawberry.mutation(description="毕业生举报涉嫌欺诈的职位，由本校处理（X2）")
    async def report_position(self, info: Info, input: ReportPositionInput) -> ReportPositionPayload:
        async def action():
            position_id = decode_id(input.position_id, "Position", field="positionId")
            row = await fraud_reports.report(info.context, position_id, input.reason)
            return {"fraud_report": FraudReportNode.from_row(row)}

        return await mutation.run(info, ReportPositionPayload, action, input=input)
