from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.destination import proofs
from resolvers.errors import ErrorCode
from schema import access, mutation
from schema.destinations.types import DestinationNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class DeleteDestinationProofInput:
    id: strawberry.ID
    file_id: strawberry.ID


@strawberry.type
class DeleteDestinationProofPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "删除一份证明材料（提交审核前）",
        roles=access.GRADUATE,
        errors=[
            ErrorCode.INVALID_CHARACTERS,
            ErrorCode.INVALID_FORMAT,
            ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT,
            ErrorCode.NOT_FOUND,
            ErrorCode.STALE_STATE,
            ErrorCode.TOO_LONG,
            ErrorCode.INVALID_STATE,
        ],
    )
    async def delete_destination_proof(
        self, info: Info, input: DeleteDestinationProofInput
    ) -> DeleteDestinationProofPayload:
        async def action():
            destination = await proofs.delete(
                info.context, decode_id(input.id, DestinationNode), decode_id(input.file_id, "StoredFile", "fileId")
            )
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, DeleteDestinationProofPayload, action, input=input)
