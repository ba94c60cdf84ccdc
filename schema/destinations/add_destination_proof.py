from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.destination import proofs
from resolvers.errors import ErrorCode
from schema import access, mutation
from schema.destinations.types import DestinationNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class AddDestinationProofInput:
    id: strawberry.ID
    file: Upload = strawberry.field(description="证明材料：JPEG、PNG 图片或 PDF；超过 300 KB 的图片自动压缩")


@strawberry.type
class AddDestinationProofPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "上传一份去向证明材料，最多 4 份（D2）",
        roles=access.GRADUATE,
        errors=[
            ErrorCode.INVALID_CHARACTERS,
            ErrorCode.INVALID_FORMAT,
            ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT,
            ErrorCode.NOT_FOUND,
            ErrorCode.STALE_STATE,
            ErrorCode.TOO_LONG,
            ErrorCode.FILE_TOO_LARGE,
            ErrorCode.FILE_TYPE_NOT_ALLOWED,
            ErrorCode.INVALID_STATE,
            ErrorCode.TOO_MANY_PROOFS,
        ],
    )
    async def add_destination_proof(self, info: Info, input: AddDestinationProofInput) -> AddDestinationProofPayload:
        async def action():
            destination = await proofs.add(info.context, decode_id(input.id, DestinationNode), input.file)
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, AddDestinationProofPayload, action, input=input)
