"""`printCodeScanned`: the print page's one subscription, on a websocket opened with its print code alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from resolvers.errors import DomainError, ErrorCode
from resolvers.printing import print_codes
from schema import access


@strawberry.type(description="扫码打印页面收到的协议书")
class PrintCodeScan:
    agreement_number: str = strawberry.field(description="协议编号")
    url: str = strawberry.field(description="协议书 PDF 的限时下载链接（三联），无需登录即可打开")
    url_expires_at: dt.datetime


@strawberry.type
class Subscription:
    @access.subscription("扫码打印页面（P2）等待毕业生扫码：连接时在 connection_init 中只带打印码 "
                         "{\"printCode\": \"...\"}，不带登录凭证；扫码后收到一次协议书下载链接后结束，"
                         "二维码过期未扫则以 PRINT_CODE_EXPIRED 结束。这是未登录连接唯一可订阅的字段",
                         roles=(access.ANONYMOUS,),
                         errors=[ErrorCode.PRINT_CODE_INVALID, ErrorCode.PRINT_CODE_EXPIRED])
    async def print_code_scanned(self, info: Info) -> AsyncGenerator[PrintCodeScan, None]:
        code = info.context.print_code
        if not code:
            raise DomainError(ErrorCode.PRINT_CODE_INVALID)
        async for scan in print_codes.scanned(code):
            yield PrintCodeScan(agreement_number=scan.agreement.number, url=scan.link.url,
                                url_expires_at=scan.link.expires_at)
